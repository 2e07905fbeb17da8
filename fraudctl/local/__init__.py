"""Local mode: the system the Pulumi program declares, served on this machine (see docs/local-mode.md).

`LocalSystem.start(project_dir, stack, port=0)` for tests and scripts; `fraudctl local` for people.
"""

from fraudctl.local.api_client import ApiClient, ApiResponse
from fraudctl.local.errors import LocalModeError, PortInUseError
from fraudctl.local.options import LocalOptions
from fraudctl.local.system import FunctionFailed, LocalSystem

__all__ = [
    "ApiClient",
    "ApiResponse",
    "FunctionFailed",
    "LocalModeError",
    "LocalOptions",
    "LocalSystem",
    "PortInUseError",
]
