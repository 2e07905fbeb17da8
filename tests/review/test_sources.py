"""Finding the line that declares a resource, from its type and logical name."""

from __future__ import annotations

from pathlib import Path

from fraudctl.review.sources import SourceIndex, find_source_root

PROGRAM = """\
import pulumi
import pulumi_aws as aws
from lib import Store

prefix = "x"
aws.s3.Bucket(f"{prefix}-logs")
aws.s3.Bucket(f"{prefix}-logs-archive")
aws.s3.Bucket(computed_name())
Store("store")
aws.iam.Role(resource_name="explicit-role")
"""


def index(tmp_path: Path) -> SourceIndex:
    (tmp_path / ".git").mkdir()
    program = tmp_path / "app"
    program.mkdir()
    (program / "__main__.py").write_text(PROGRAM)
    (program / "broken.py").write_text("def (:\n")  # unparsable files are skipped, not fatal
    return SourceIndex(program, program / "__main__.py", find_source_root(program))


def test_the_most_specific_pattern_wins(tmp_path: Path) -> None:
    sources = index(tmp_path)
    assert sources.locate("aws:s3/bucket:Bucket", "x-logs").line == 6
    assert sources.locate("aws:s3/bucket:Bucket", "x-logs-archive").line == 7
    assert sources.locate("aws:s3/bucket:Bucket", "anything-else").line == 8  # the only call it could come from
    assert sources.locate("my:index:Store", "store").line == 9
    assert sources.locate("aws:iam/role:Role", "explicit-role").line == 10


def test_paths_are_relative_to_the_repository_and_fall_back_to_the_entry(tmp_path: Path) -> None:
    sources = index(tmp_path)
    assert sources.locate("aws:s3/bucket:Bucket", "x-logs").path == "app/__main__.py"
    assert sources.locate("aws:sqs/queue:Queue", "q").line == 1
    assert sources.locate("pulumi:pulumi:Stack", "proj-dev").path == "app/__main__.py"
