"""Which of the stage's routes a request path names: `/{stage}/transactions/{id}` -> the `/transactions/{id}` route."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from fraudctl.local.topology import ApiRoute


@dataclass(frozen=True)
class RouteMatch:
    route: ApiRoute
    path: str  # the path without the stage, decoded: what API Gateway puts in `path`
    path_parameters: dict[str, str]


class RouteTable:
    def __init__(self, stage_name: str, routes: tuple[ApiRoute, ...]) -> None:
        self.stage_name = stage_name
        self._routes = routes

    def match(self, method: str, raw_path: str) -> RouteMatch | None:
        """None for an unknown path or method: API Gateway answers both with Missing Authentication Token."""
        segments = raw_path.split("/")
        if len(segments) < 2 or segments[0] != "" or segments[1] != self.stage_name:
            return None
        rest = segments[2:]
        for route in self._routes:
            if route.http_method not in (method, "ANY"):
                continue
            parameters = _bind(route.resource_path, rest)
            if parameters is not None:
                return RouteMatch(route, "/" + "/".join(unquote(s) for s in rest), parameters)
        return None


def _bind(template: str, segments: list[str]) -> dict[str, str] | None:
    parts = [p for p in template.split("/") if p]
    if parts and parts[-1].endswith("+}"):  # greedy {proxy+}: the rest of the path, at least one segment
        head, name = parts[:-1], parts[-1][1:-2]
        if len(segments) <= len(head) or not all(segments[len(head) :]):
            return None
        bound = _bind("/".join(head), segments[: len(head)])
        return None if bound is None else bound | {name: unquote("/".join(segments[len(head) :]))}
    if segments == [""]:
        segments = []  # "/dev/" is the stage's root
    if len(parts) != len(segments):
        return None
    parameters: dict[str, str] = {}
    for part, segment in zip(parts, segments, strict=True):
        if part.startswith("{") and part.endswith("}"):
            if not segment:
                return None  # an empty segment never binds a path parameter
            parameters[part[1:-1]] = unquote(segment)
        elif part != segment:
            return None
    return parameters
