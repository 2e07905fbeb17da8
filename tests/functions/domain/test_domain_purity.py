"""The domain package stays pure: importing all of it loads neither boto3 nor botocore."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

FUNCTIONS = Path(__file__).resolve().parents[3] / "functions"


def test_the_domain_imports_no_aws_sdk():
    modules = [f"fraud_domain.{m.name}" for m in pkgutil.iter_modules([str(FUNCTIONS / "fraud_domain")])]
    assert len(modules) >= 10
    probe = "; ".join(
        [
            "import sys, importlib",
            *[f"importlib.import_module({name!r})" for name in modules],
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore', 's3transfer')))",
        ]
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=FUNCTIONS, capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
