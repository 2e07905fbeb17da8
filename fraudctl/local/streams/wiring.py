"""One event source mapping, wired to moto: its stream, its function, and its on-failure queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fraudctl.local.errors import LocalModeError
from fraudctl.local.lambda_ import Invocation
from fraudctl.local.logs import LogSink
from fraudctl.local.streams import on_failure
from fraudctl.local.streams.batches import Discarded
from fraudctl.local.streams.poller import PollSettings, StreamPoller
from fraudctl.local.topology import StreamMapping, Topology

Invoke = Callable[[str, Any], Invocation]


def stream_poller(
    mapping: StreamMapping,
    topology: Topology,
    client: Callable[[str], Any],
    invoke: Invoke,
    log: LogSink,
    settings: PollSettings,
    role_client: Callable[[str], Any] | None = None,
) -> StreamPoller:
    """`client` sets the mapping up (as the Lambda service); `role_client`, when given, polls the stream and sends
    failures, as Lambda does with the function's execution role."""
    polling = role_client or client
    table = client("dynamodb").describe_table(TableName=mapping.table_name)["Table"]
    stream_arn = table.get("LatestStreamArn")
    if not stream_arn:
        raise LocalModeError(
            f"table {mapping.table_name} has no stream, yet mapping to {mapping.function_name} reads it"
        )
    queue = mapping.on_failure_queue_name
    queue_url = client("sqs").get_queue_url(QueueName=queue)["QueueUrl"] if queue else None
    sqs = polling("sqs")
    function_arn = topology.function(mapping.function_name).arn

    def discard(discarded: Discarded) -> None:
        where = f"sent to {queue}" if queue_url else "dropped (the mapping has no on-failure destination)"
        log.write(f"stream {mapping.table_name}: {len(discarded.records)} records {discarded.condition}, {where}")
        if queue_url:
            on_failure.send(sqs, queue_url, on_failure.invocation_record(discarded, function_arn, stream_arn))

    return StreamPoller(
        mapping,
        polling("dynamodbstreams"),
        stream_arn,
        topology.region,
        invoke=lambda batch: invoke(mapping.function_name, {"Records": [record.record for record in batch]}),
        discard=discard,
        log=log,
        settings=settings,
    )
