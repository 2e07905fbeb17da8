"""One module per fraudctl subcommand: each registers its parser and handles its arguments."""

# The exit codes every subcommand shares, as `pulumi preview --policy-pack` uses them.
EXIT_OK = 0  # done; no mandatory finding
EXIT_VIOLATIONS = 1  # done, but a mandatory policy failed (or, for `local`, the system reported a failure)
EXIT_ERROR = 2  # could not run: bad input, a program or pack that failed, a port in use
