"""fraudctl: the fraud-detection project's command line (offline preview, policies, local mode, reports)."""
