"""Stands in for a Lambda event source mapping on a DynamoDB stream: polling, filtering, batches, on-failure.

Face: `stream_poller` wires one mapping to moto's stream and its function as a `StreamPoller`, tuned by
`PollSettings`; `check_pattern` validates a mapping's filter when the program is read.
"""

from fraudctl.local.streams.event_filter import check_pattern
from fraudctl.local.streams.poller import PollSettings, StreamPoller
from fraudctl.local.streams.wiring import stream_poller

__all__ = ["PollSettings", "StreamPoller", "check_pattern", "stream_poller"]
