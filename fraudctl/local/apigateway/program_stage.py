"""The program's REST API stage as API Gateway would serve it: routes, keys, throttling, validation, error responses."""

from __future__ import annotations

import json
import re
from typing import Any

from fraudctl.local.errors import LocalModeError, UnsupportedByLocalMode
from fraudctl.local.topology import ApiRoute, ApiStage, GatewayResponse, RequestParameter, Throttle
from fraudctl.program.model import ProgramRun, RecordedResource

APIGW = "aws:apigateway/"
LAMBDA_URI = re.compile(r"^arn:aws:apigateway:[^:]+:lambda:path/[^/]+/functions/(?P<function>.+)/invocations$")
DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000


def api_stage(run: ProgramRun, functions_by_arn: dict[str, str]) -> ApiStage | None:
    apis = _of(run, "restApi:RestApi")
    stages = _of(run, "stage:Stage")
    if not apis or not stages:
        return None
    if len(stages) > 1:
        raise UnsupportedByLocalMode(f"local mode serves one REST API stage; the program declares {len(stages)}")
    stage = stages[0]
    api = next((a for a in apis if a.id == stage.inputs.get("restApi")), None)
    if api is None:
        raise LocalModeError(f"stage {stage.name} belongs to no REST API of the program")
    stage_name = str(stage.inputs["stageName"])
    return ApiStage(
        api_id=api.id,
        api_name=str(api.inputs.get("name") or api.name),
        stage_name=stage_name,
        routes=tuple(_routes(run, api, functions_by_arn)),
        api_keys=_stage_keys(run, api.id, stage_name),
        throttle=_stage_throttle(run, api.id, stage_name),
        gateway_responses=_gateway_responses(run, api.id),
        access_log_format=(stage.inputs.get("accessLogSettings") or {}).get("format"),
    )


def _of(run: ProgramRun, kind: str, api_id: str | None = None, key: str = "restApi") -> list[RecordedResource]:
    found = run.by_type(f"{APIGW}{kind}")
    return [r for r in found if api_id is None or r.inputs.get(key) == api_id]


def _resource_paths(run: ProgramRun, api: RecordedResource) -> dict[str, str]:
    paths = {str(api.outputs.get("rootResourceId")): "/"}
    pending = _of(run, "resource:Resource", api.id)
    while pending:  # parents are declared before children, but do not rely on it
        resolved = [r for r in pending if r.inputs.get("parentId") in paths]
        if not resolved:
            raise LocalModeError(f"API resources {[r.name for r in pending]} hang off no known parent")
        for resource in resolved:
            parent = paths[str(resource.inputs["parentId"])]
            paths[resource.id] = parent.rstrip("/") + "/" + str(resource.inputs["pathPart"])
        pending = [r for r in pending if r not in resolved]
    return paths


def _routes(run: ProgramRun, api: RecordedResource, functions_by_arn: dict[str, str]) -> list[ApiRoute]:
    paths = _resource_paths(run, api)
    integrations = {
        (i.inputs.get("resourceId"), i.inputs.get("httpMethod")): i for i in _of(run, "integration:Integration", api.id)
    }
    validators = {v.id: v.inputs for v in _of(run, "requestValidator:RequestValidator", api.id)}
    models = {m.inputs.get("name"): m.inputs.get("schema") for m in _of(run, "model:Model", api.id)}
    routes = []
    for method in _of(run, "method:Method", api.id):
        verb, resource_id = str(method.inputs["httpMethod"]), str(method.inputs["resourceId"])
        integration = integrations.get((resource_id, verb))
        if integration is None:
            continue  # API Gateway refuses to deploy such a method; nothing to serve
        if integration.inputs.get("type") != "AWS_PROXY":
            raise UnsupportedByLocalMode(f"{integration.name}: only Lambda proxy (AWS_PROXY) integrations are served")
        match = LAMBDA_URI.match(str(integration.inputs.get("uri") or ""))
        function = functions_by_arn.get(match.group("function")) if match else None
        if function is None:
            raise LocalModeError(f"{integration.name}: its uri names no function of the program")
        validator = validators.get(method.inputs.get("requestValidatorId"), {})
        routes.append(
            ApiRoute(
                resource_path=paths[resource_id],
                resource_id=resource_id,
                http_method=verb,
                function_name=function,
                timeout_ms=int(integration.inputs.get("timeoutMilliseconds") or DEFAULT_INTEGRATION_TIMEOUT_MS),
                api_key_required=bool(method.inputs.get("apiKeyRequired")),
                body_schemas=_body_schemas(method, models) if validator.get("validateRequestBody") else {},
                required_parameters=_required(method) if validator.get("validateRequestParameters") else (),
            )
        )
    return routes


def _body_schemas(method: RecordedResource, models: dict[Any, Any]) -> dict[str, dict[str, Any]]:
    schemas = {}
    for content_type, model_name in (method.inputs.get("requestModels") or {}).items():
        if model_name == "Empty":  # API Gateway's built-in model: anything goes
            continue
        if model_name not in models:
            raise LocalModeError(f"{method.name}: request model {model_name!r} is not declared")
        schemas[content_type] = json.loads(models[model_name])
    return schemas


def _required(method: RecordedResource) -> tuple[RequestParameter, ...]:
    required = []
    for key, is_required in (method.inputs.get("requestParameters") or {}).items():
        parts = key.split(".")  # method.request.<location>.<name>
        if is_required and len(parts) >= 4:
            required.append(RequestParameter(location=parts[2], name=".".join(parts[3:])))
    return tuple(required)


def _stage_keys(run: ProgramRun, api_id: str, stage_name: str) -> dict[str, str]:
    plans = {
        p.id
        for p in run.by_type(f"{APIGW}usagePlan:UsagePlan")
        if any(s.get("apiId") == api_id and s.get("stage") == stage_name for s in p.inputs.get("apiStages") or [])
    }
    key_ids = {
        k.inputs.get("keyId")
        for k in run.by_type(f"{APIGW}usagePlanKey:UsagePlanKey")
        if k.inputs.get("usagePlanId") in plans and k.inputs.get("keyType") == "API_KEY"
    }
    # The value is what the mocks answered (API Gateway would generate one): stable, so curl examples keep working.
    return {
        str(k.outputs["value"]): k.id
        for k in run.by_type(f"{APIGW}apiKey:ApiKey")
        if k.id in key_ids and k.inputs.get("enabled", True) and k.outputs.get("value")
    }


def _stage_throttle(run: ProgramRun, api_id: str, stage_name: str) -> Throttle | None:
    for settings in _of(run, "methodSettings:MethodSettings", api_id):
        if settings.inputs.get("stageName") != stage_name or settings.inputs.get("methodPath") != "*/*":
            continue
        values = settings.inputs.get("settings") or {}
        rate, burst = values.get("throttlingRateLimit"), values.get("throttlingBurstLimit")
        if rate is None or burst is None or rate < 0 or burst < 0:
            return None  # -1 (or unset): no stage limit but the account's
        return Throttle(rate_per_s=float(rate), burst=int(burst))
    return None


def _gateway_responses(run: ProgramRun, api_id: str) -> dict[str, GatewayResponse]:
    responses = {}
    for response in _of(run, "response:Response", api_id, key="restApiId"):
        inputs = response.inputs
        headers = {
            name.removeprefix("gatewayresponse.header."): str(value).strip("'")  # values are quoted literals
            for name, value in (inputs.get("responseParameters") or {}).items()
        }
        responses[str(inputs["responseType"])] = GatewayResponse(
            response_type=str(inputs["responseType"]),
            status_code=int(inputs["statusCode"]) if inputs.get("statusCode") else None,
            templates=dict(inputs.get("responseTemplates") or {}),
            headers=headers,
        )
    return responses
