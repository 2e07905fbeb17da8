"""The fraud-detection stack: one ComponentResource per subsystem, wired by infra/__main__.py."""
