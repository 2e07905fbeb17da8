"""What the internet reaches through API Gateway, route by route, and what stands in front of each stage."""

from __future__ import annotations

from .links import StackGraph
from .model_sections import EntryPoint
from .state import StackResource

REST_API = "aws:apigateway/restApi:RestApi"
STAGE = "aws:apigateway/stage:Stage"
METHOD = "aws:apigateway/method:Method"
API_RESOURCE = "aws:apigateway/resource:Resource"
METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings"
USAGE_PLAN = "aws:apigateway/usagePlan:UsagePlan"
WAF_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"
WEB_ACL = "aws:wafv2/webAcl:WebAcl"
FUNCTION_URL = "aws:lambda/functionUrl:FunctionUrl"


def api_entry_points(graph: StackGraph, region: str) -> list[EntryPoint]:
    entries = []
    for api in graph.state.of_type(REST_API):
        types = api.get("endpointConfiguration.types", "EDGE")
        kinds = {types} if isinstance(types, str) else set(types)
        if kinds == {"PRIVATE"}:
            continue  # reachable only through interface endpoints in a VPC
        routes = tuple(sorted(_route(graph, m) for m in graph.referrers(api, [METHOD], "restApi")))
        for stage in graph.referrers(api, [STAGE], "restApi"):
            entries.append(_stage_entry(graph, api, stage, routes, "/".join(sorted(kinds)), region))
    for url in graph.state.of_type(FUNCTION_URL):
        auth = url.get("authorizationType", "?")
        concerns = ("anyone can call it: authorization NONE",) if auth == "NONE" else ()
        entries.append(
            EntryPoint(
                "Lambda function URL", url.name, str(url.get("functionUrl", "")), (), (f"auth {auth}",), concerns
            )
        )
    return entries


def _stage_entry(
    graph: StackGraph, api: StackResource, stage: StackResource, routes: tuple[str, ...], kind: str, region: str
) -> EntryPoint:
    stage_name = str(stage.get("stageName", stage.name))
    protections = ["HTTPS only (execute-api endpoints serve no plain HTTP)"]
    concerns = []
    acls = [a for assoc in graph.referrers(stage, [WAF_ASSOCIATION], "resourceArn") for a in _acls(graph, assoc)]
    for acl in acls:
        rules = ", ".join(str(r.get("name")) for r in acl.get("rules", []) if isinstance(r, dict))
        default = "allow" if acl.get("defaultAction.allow") is not None else "block"
        protections.append(f"WAF web ACL {acl.get('name', acl.name)}: {rules or 'no rules'} (default {default})")
    if not acls:
        concerns.append("no WAF web ACL")
    for settings in graph.referrers(api, [METHOD_SETTINGS], "restApi"):
        if settings.get("stageName") not in (stage_name, None):
            continue
        rate, burst = settings.get("settings.throttlingRateLimit"), settings.get("settings.throttlingBurstLimit")
        if rate is not None:
            protections.append(
                f"stage throttling {_num(rate)} req/s, burst {_num(burst)} ({settings.get('methodPath')})"
            )
        if settings.get("settings.dataTraceEnabled"):
            concerns.append("data trace logs full requests and responses")
    for plan in graph.referrers(stage, [USAGE_PLAN], "apiStages"):
        rate = plan.get("throttleSettings.rateLimit")
        protections.append(
            f"usage plan {plan.get('name', plan.name)}" + (f": {_num(rate)} req/s per key" if rate else "")
        )
    if stage.get("accessLogSettings.destinationArn"):
        protections.append("access logs")
    if stage.get("xrayTracingEnabled"):
        protections.append("X-Ray tracing")
    open_routes = [r for r in routes if "no authentication" in r]
    concerns += [f"open route: {r.split(' (')[0]}" for r in open_routes]
    api_id = api.id or "<api id>"
    endpoint = str(stage.get("invokeUrl") or f"https://{api_id}.execute-api.{region}.amazonaws.com/{stage_name}")
    return EntryPoint(
        f"API Gateway REST API ({kind})",
        f"{api.name} stage {stage_name}",
        endpoint,
        routes,
        tuple(protections),
        tuple(concerns),
    )


def _acls(graph: StackGraph, association: StackResource) -> list[StackResource]:
    return graph.referenced(association, "webAclArn", WEB_ACL)


def _route(graph: StackGraph, method: StackResource) -> str:
    verb = str(method.get("httpMethod", "?"))
    path = _path(graph, method)
    auth = str(method.get("authorization", "NONE"))
    checks = []
    if auth != "NONE":
        checks.append(f"authorization {auth}")
    if method.get("apiKeyRequired"):
        checks.append("API key required")
    if not checks:
        checks.append("no authentication" if verb != "OPTIONS" else "CORS preflight")
    if method.get("requestValidatorId"):
        checks.append("request validated")
    return f"{verb} {path} ({', '.join(checks)})"


def _path(graph: StackGraph, method: StackResource) -> str:
    parts: list[str] = []
    current = next(iter(graph.referenced(method, "resourceId", API_RESOURCE)), None)
    while current is not None and len(parts) < 50:  # the bound guards against a malformed, cyclic export
        parts.insert(0, str(current.get("pathPart", "?")))
        current = next(iter(graph.referenced(current, "parentId", API_RESOURCE)), None)
    return "/" + "/".join(parts)


def _num(value: object) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
