"""Tests of fraudctl.policy_engine (a package, so helper module names cannot clash with other test folders)."""
