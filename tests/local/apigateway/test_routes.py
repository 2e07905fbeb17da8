"""Which route of the stage a path names."""

from __future__ import annotations

import pytest

from fraudctl.local.apigateway.routes import RouteTable
from fraudctl.local.topology import ApiRoute

ROUTES = (
    ApiRoute("/transactions", "r1", "POST", "fn", 29000, True),
    ApiRoute("/transactions/{id}", "r2", "GET", "fn", 29000, True),
    ApiRoute("/files/{path+}", "r3", "ANY", "fn", 29000, False),
)
TABLE = RouteTable("dev", ROUTES)


@pytest.mark.parametrize(
    ("method", "path", "resource", "parameters", "event_path"),
    [
        ("POST", "/dev/transactions", "/transactions", {}, "/transactions"),
        ("GET", "/dev/transactions/a%2Fb", "/transactions/{id}", {"id": "a/b"}, "/transactions/a/b"),
        ("DELETE", "/dev/files/x/y.txt", "/files/{path+}", {"path": "x/y.txt"}, "/files/x/y.txt"),
    ],
)
def test_a_path_binds_its_route_and_parameters(method, path, resource, parameters, event_path):
    match = TABLE.match(method, path)
    assert match is not None
    assert (match.route.resource_path, match.path_parameters, match.path) == (resource, parameters, event_path)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/dev/transactions"),
        ("GET", "/dev/transactions/"),
        ("GET", "/prod/transactions/1"),
        ("GET", "/transactions/1"),
        ("GET", "/dev/files/"),
    ],
)
def test_anything_else_matches_no_route(method, path):
    assert TABLE.match(method, path) is None
