"""The order of the review's sections, shared by the Markdown and HTML renderers."""

from __future__ import annotations

from .document import Document
from .model import ReviewModel
from .sections_independent import independent_section
from .sections_operations import acceptance_section, inventory_section, monitoring_section
from .sections_stack import coverage_section, data_section, exposure_section, iam_section
from .sections_summary import findings_section, policies_section, summary_section


def build_document(model: ReviewModel) -> Document:
    source = model.source
    return Document(
        title=f"Security review: {source.project} / {source.stack}",
        sections=(
            summary_section(model),
            findings_section(model),
            policies_section(model),
            coverage_section(model),
            independent_section(model),
            iam_section(model),
            data_section(model),
            exposure_section(model),
            monitoring_section(model),
            inventory_section(model),
            acceptance_section(model),
        ),
    )
