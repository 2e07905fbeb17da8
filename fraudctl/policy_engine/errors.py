"""The one exception type the policy engine driver raises for problems that are not policy verdicts."""

from __future__ import annotations


class PolicyEngineError(Exception):
    """A policy pack could not be started, configured or run, or its configuration is invalid.

    The CLI turns this into exit code 2 and prints ``str(error)`` as is, so the message must be complete on its own:
    it names the pack or file involved and, for a pack that crashed, carries the tail of the pack's stderr. Policy
    *violations* are never reported through this exception; they are data in ``PolicyAnalysis``.
    """
