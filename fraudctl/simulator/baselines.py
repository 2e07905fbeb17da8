"""Figures to compare with: the handbook's published models, and the reference points quoted for this project.

(AUC, AP, CP@100) on the handbook's test week 2018-08-08..14 and as the mean of its 4 weekly windows.
Source: ../shared/reference/fraud-simulator.md (Le Borgne et al. 2022, chapters 3 and 5); issue 10.
"""

from __future__ import annotations

from dataclasses import dataclass

Figures = tuple[float, float, float]


@dataclass(frozen=True)
class PublishedResult:
    model: str
    test_week: Figures | None
    windows_mean: Figures | None
    source: str


PUBLISHED: tuple[PublishedResult, ...] = (
    PublishedResult("random", (0.500, 0.007, 0.017), None, "handbook"),
    PublishedResult("decision tree, depth 2", (0.763, 0.496, 0.241), (0.792, 0.542, 0.265), "handbook"),
    PublishedResult("logistic regression", (0.871, 0.606, 0.291), (0.868, 0.623, 0.297), "handbook"),
    PublishedResult("random forest", (0.867, 0.658, 0.287), (0.870, 0.678, 0.299), "handbook"),
    PublishedResult("XGBoost", (0.862, 0.639, 0.273), (0.869, 0.687, 0.303), "handbook"),
    PublishedResult("amount > 220", None, (0.595, 0.196, 0.078), "reference, issue 10"),
    PublishedResult("hand-written rules (amount, 30-day median, terminal)", None, (0.868, 0.634, 0.309), "reference"),
    PublishedResult("this analyzer, as quoted", None, (0.596, 0.188, 0.060), "issue 10"),
)

TARGET: Figures = (0.87, 0.69, 0.31)  # issue 10: mean of 4 windows, AUC >= 0.87, AP >= 0.69, CP@100 >= 0.31
