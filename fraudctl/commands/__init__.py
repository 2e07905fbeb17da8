"""One module per fraudctl subcommand: each registers its parser and handles its arguments."""
