"""Security review of the stack: Markdown, self-contained HTML, JSON and SARIF 2.1.0 from the stack and its verdicts.

Two sources, one model::

    model = review_offline(Path("."), "dev", Path("policies"))              # program under mocks + the pack
    model = review_from_files(Path("."), events, export, Path("policies"))  # a real preview's files
    files = write_review(model, Path("reports/security-review"))

Gathering (``gather``, ``build`` and one module per section) never renders; the renderers only read the model.
"""

from .build import build_review
from .errors import ReviewInputError
from .gather import review_from_files, review_offline
from .model import ReviewModel
from .render_sarif import sarif_document, sarif_level
from .write import ReviewFiles, write_review

__all__ = [
    "ReviewFiles",
    "ReviewInputError",
    "ReviewModel",
    "build_review",
    "review_from_files",
    "review_offline",
    "sarif_document",
    "sarif_level",
    "write_review",
]
