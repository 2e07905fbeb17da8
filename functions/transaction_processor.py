"""POST /transactions, GET /transactions/{id} and PUT /transactions/{id}/label behind API Gateway (REST v1, proxy).

Thin: parse the event, call the domain and the table, map every error to a response in one place (the exception
handlers below). Idempotency: Powertools keys a record in the idempotency table on the transactionId and hashes the
canonical request, so a replay returns the stored original (200) and a different body with the same id is a 409.
A label costs one read (the transaction) and at most one write (the label, with the counters it moves).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.serialization.custom_dict import CustomDictSerializer
from aws_lambda_powertools.utilities.parser import ValidationError, parse

from fraud_adapters.api_gateway import (
    MAX_BODY_BYTES,
    PayloadTooLarge,
    base_path,
    error_response,
    json_object_body,
    json_response,
)
from fraud_adapters.clients import dynamodb_client
from fraud_adapters.label_writer import LabelConflict, LabelWriter
from fraud_adapters.transactions_table import TransactionExists, TransactionsTable
from fraud_domain import json_codec
from fraud_domain.attribution import explained_by_card
from fraud_domain.intake import (
    IDENTIFIER_RULE,
    TransactionRequest,
    describe_errors,
    is_same_request,
    is_valid_identifier,
    transaction_from_request,
)
from fraud_domain.label_request import LabelRequest
from fraud_domain.labels import label_attributes, label_change
from fraud_domain.records import from_item, to_item
from fraud_domain.scoring_config import DEFAULT_SCORING
from fraud_domain.transaction import Transaction, iso_utc
from fraud_settings import Settings

# How long "the same transactionId" is remembered by the idempotency table (its TTL). Past it, a resubmission that
# carries its timestamp is still caught by the conditional PutItem; one without a timestamp would be a new item.
IDEMPOTENCY_WINDOW_SECONDS = 7 * 24 * 3600
IN_PROGRESS_RETRY_AFTER_SECONDS = 1

settings = Settings.from_environ()
logger = Logger(service=settings.service_name, level=settings.log_level)
dynamodb = dynamodb_client(settings)
transactions = TransactionsTable(dynamodb, settings.table_name, settings.customer_index_name, settings.day_shard_count)
labels = LabelWriter(dynamodb, settings.table_name, settings.aggregates_table_name)
idempotency_store = DynamoDBPersistenceLayer(table_name=settings.idempotency_table_name, boto3_client=dynamodb)
idempotency = IdempotencyConfig(
    event_key_jmespath="transactionId",
    payload_validation_jmespath="@",  # the whole canonical request: any other difference is a conflict
    raise_on_no_idempotency_key=True,
    expires_after_seconds=IDEMPOTENCY_WINDOW_SECONDS,
)
app = APIGatewayRestResolver()


class InvalidTransactionId(Exception):
    pass


class TransactionNotFound(Exception):
    pass


class TransactionConflict(Exception):
    pass


@dataclass(frozen=True)
class Intake:
    transaction: Transaction
    created: bool  # False when the transaction was already stored: a replay


@idempotent_function(
    data_keyword_argument="request",
    config=idempotency,
    persistence_store=idempotency_store,
    # The stored response is the item; reading it back means this call is a replay, hence created=False.
    output_serializer=CustomDictSerializer(
        to_dict=lambda intake: to_item(intake.transaction),
        from_dict=lambda item: Intake(from_item(item), created=False),
    ),
    key_prefix="transaction-intake",  # stable across function renames, unlike the default prefix
)
def record_transaction(request: dict[str, Any]) -> Intake:
    transaction = transaction_from_request(request, received=datetime.now(UTC))
    try:
        transactions.insert(transaction)
    except TransactionExists as exists:
        if is_same_request(exists.existing, request):
            return Intake(exists.existing, created=False)
        raise TransactionConflict(request["transactionId"]) from exists
    return Intake(transaction, created=True)


@app.post("/transactions")
def create_transaction() -> Response:
    request = parse(event=json_object_body(app.current_event), model=TransactionRequest)
    intake = record_transaction(request=request.fingerprint())
    logger.info(
        "transaction stored" if intake.created else "transaction replayed",
        extra={"transactionId": intake.transaction.transaction_id},
    )
    location = f"{base_path(app.current_event)}/transactions/{intake.transaction.transaction_id}"
    return json_response(201 if intake.created else 200, to_item(intake.transaction), _request_id(), Location=location)


@app.get("/transactions/<transaction_id>")
def get_transaction(transaction_id: str) -> Response:
    if not is_valid_identifier(transaction_id):
        raise InvalidTransactionId(transaction_id)
    transaction = transactions.latest(transaction_id)
    if transaction is None:
        raise TransactionNotFound(transaction_id)
    return json_response(200, to_item(transaction), _request_id())


@app.put("/transactions/<transaction_id>/label")
def put_label(transaction_id: str) -> Response:
    if not is_valid_identifier(transaction_id):
        raise InvalidTransactionId(transaction_id)
    request = parse(event=json_object_body(app.current_event), model=LabelRequest)
    stored = transactions.latest(transaction_id)
    if stored is None:
        raise TransactionNotFound(transaction_id)
    change = label_change(
        stored.label,
        request.fraud,
        request.source,
        arrived_at=iso_utc(datetime.now(UTC)),
        explained_by_card=explained_by_card(stored, DEFAULT_SCORING),  # the analyzer's cut-offs
    )
    if change.changed:
        labels.record(stored, change)
    logger.info(
        "label stored" if change.changed else "label unchanged",
        extra={"transactionId": transaction_id, "fraud": change.label.fraud, "source": str(change.label.source)},
    )
    return json_response(200, label_attributes(change.label), _request_id())


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, log_event=False)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    idempotency.register_lambda_context(context)  # an in-progress record expires with this invocation
    return app.resolve(event, context)


def _request_id() -> str:
    request_id = app.current_event.request_context.request_id
    return request_id or getattr(app.lambda_context, "aws_request_id", "") or "unknown"


def _error(status: int, message: str, errors: list[dict[str, str]] | None = None, **headers: str) -> Response:
    return error_response(status, message, _request_id(), errors, **headers)


@app.exception_handler(PayloadTooLarge)
def _payload_too_large(_: PayloadTooLarge) -> Response:
    return _error(413, f"request body is larger than {MAX_BODY_BYTES} bytes")


@app.exception_handler(json_codec.MalformedJson)
def _malformed_json(error: json_codec.MalformedJson) -> Response:
    return _error(400, f"request body is not a valid JSON object: {error}")


@app.exception_handler(ValidationError)
def _invalid_body(error: ValidationError) -> Response:
    what = "label" if error.title == LabelRequest.__name__ else "transaction"
    return _error(400, f"invalid {what}", describe_errors(error))


@app.exception_handler(InvalidTransactionId)
def _invalid_id(_: InvalidTransactionId) -> Response:
    return _error(400, "invalid transaction id", [{"field": "id", "message": IDENTIFIER_RULE}])


@app.exception_handler(TransactionNotFound)
def _not_found(error: TransactionNotFound) -> Response:
    return _error(404, f"transaction {error} not found")


@app.exception_handler(TransactionConflict)
@app.exception_handler(IdempotencyValidationError)
def _conflict(_: Exception) -> Response:
    return _error(409, "transactionId was already used with a different body")


@app.exception_handler(LabelConflict)
def _label_conflict(_: LabelConflict) -> Response:
    message = "the transaction's label changed while this request was processed; retry"
    return _error(409, message, **{"Retry-After": str(IN_PROGRESS_RETRY_AFTER_SECONDS)})


@app.exception_handler(IdempotencyAlreadyInProgressError)
def _in_progress(_: IdempotencyAlreadyInProgressError) -> Response:
    # A concurrent request with this id has not finished yet: retrying shortly gets its outcome (200 or 409).
    message = "a request with this transactionId is still being processed; retry shortly"
    return _error(409, message, **{"Retry-After": str(IN_PROGRESS_RETRY_AFTER_SECONDS)})


@app.not_found
def _no_route(_: Exception) -> Response:
    return _error(404, "no such route")


@app.exception_handler(Exception)
def _unexpected(_: Exception) -> Response:
    logger.exception("unexpected error")  # the traceback, never the request body
    return _error(500, "internal error")
