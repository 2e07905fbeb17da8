"""Run Pulumi CrossGuard (Python) policy packs without the Pulumi CLI, over their real gRPC analyzer protocol.

Typical use (the CLI)::

    analysis = run_policy_packs(run, [Path("policies")], config_file)   # PolicyEngineError -> exit 2
    render_policies(analysis)
    write_event_log(Path("events.jsonl"), run, analysis)
    sys.exit(analysis.exit_code)                                         # 1 on a mandatory violation

To overlap pack start-up (importing pulumi in each child) with running the program, enter a ``PolicySession`` first
and call ``session.analyze(run)`` when the run is recorded.
"""

from .config import load_config_file, parse_config, reconcile, reconcile_all
from .errors import PolicyEngineError
from .eventlog import EventLogWriter, write_event_log
from .levels import EnforcementLevel, Severity
from .model import (
    Diagnostic,
    PackInfo,
    PackResult,
    PackTimings,
    PolicyAnalysis,
    PolicyConfig,
    PolicyInfo,
    PolicySummary,
    Timings,
)
from .process import StackSettings
from .render import format_policies, render_policies
from .session import PolicySession, run_policy_packs

__all__ = [
    "Diagnostic",
    "EnforcementLevel",
    "EventLogWriter",
    "PackInfo",
    "PackResult",
    "PackTimings",
    "PolicyAnalysis",
    "PolicyConfig",
    "PolicyEngineError",
    "PolicyInfo",
    "PolicySession",
    "PolicySummary",
    "Severity",
    "StackSettings",
    "Timings",
    "format_policies",
    "load_config_file",
    "parse_config",
    "reconcile",
    "reconcile_all",
    "render_policies",
    "run_policy_packs",
    "write_event_log",
]
