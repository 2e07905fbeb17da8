"""The order of the review's sections, shared by the Markdown and HTML renderers."""

from __future__ import annotations

from .document import Document, Figure, Section
from .model import ReviewModel
from .picture import exposure_svg
from .sections_independent import independent_section
from .sections_operations import acceptance_section, inventory_section, monitoring_section
from .sections_pci import pci_section
from .sections_stack import coverage_section, data_section, exposure_section, iam_section
from .sections_summary import findings_section, policies_section, summary_section

_CAPTION = (
    "What the internet reaches, what stands in front, what runs behind it and where data is kept, with its "
    "encryption at rest; arrows are the paths the stack allows (invoke permissions, IAM grants)."
)


def build_document(model: ReviewModel) -> Document:
    source = model.source
    return Document(
        title=f"Security review: {source.project} / {source.stack}",
        sections=(
            Section("at-a-glance", "Exposure at a glance", (Figure(exposure_svg(model), _CAPTION),)),
            summary_section(model),
            findings_section(model),
            policies_section(model),
            coverage_section(model),
            pci_section(model),
            independent_section(model),
            iam_section(model),
            data_section(model),
            exposure_section(model),
            monitoring_section(model),
            inventory_section(model),
            acceptance_section(model),
        ),
    )
