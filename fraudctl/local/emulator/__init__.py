"""Stands in for the AWS data services themselves: moto's server embedded on 127.0.0.1, provisioned from the program.

Face: `EmbeddedMoto` (the server and boto3 clients bound to it, with `FAKE_CREDENTIALS`), and `provision`, which
creates the program's tables, buckets and queues in it and says what it did in a `Provisioned`.
"""

from fraudctl.local.emulator.moto_server import FAKE_CREDENTIALS, EmbeddedMoto
from fraudctl.local.emulator.provision import provision
from fraudctl.local.emulator.provisioned import Provisioned

__all__ = ["FAKE_CREDENTIALS", "EmbeddedMoto", "Provisioned", "provision"]
