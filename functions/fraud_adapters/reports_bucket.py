"""The fraud-reports bucket: alert objects and daily reports, always SSE-S3 (AES256) and with a content type.

The flagged CSV is written as it is produced: one PutObject when it stays under a part, else a multipart upload
of PART_BYTES parts, so memory holds one part whatever the day's size. A failed upload is aborted, leaving no part
behind (the bucket's lifecycle also aborts incomplete uploads after 7 days).
"""

from __future__ import annotations

from typing import Any

from fraud_domain import json_codec
from fraud_domain.alerts import alert_document, alert_key
from fraud_domain.transaction import Analysis, Transaction

PART_BYTES = 8 * 1024 * 1024  # S3 parts are 5 MiB to 5 GiB, except the last


class ReportsBucket:
    def __init__(self, client: Any, bucket_name: str, part_bytes: int = PART_BYTES) -> None:
        self.client = client
        self.bucket_name = bucket_name
        self.part_bytes = part_bytes

    def _put(self, key: str, body: bytes, content_type: str) -> None:
        # The bucket encrypts by default too; asking explicitly keeps objects encrypted if that default changes.
        self.client.put_object(
            Bucket=self.bucket_name, Key=key, Body=body, ContentType=content_type, ServerSideEncryption="AES256"
        )

    def put_alert(self, transaction: Transaction, analysis: Analysis) -> str:
        key = alert_key(transaction)
        self._put(key, json_codec.dumps(alert_document(transaction, analysis)).encode(), "application/json")
        return key

    def put_json(self, key: str, document: dict[str, Any]) -> None:
        self._put(key, json_codec.dumps(document).encode(), "application/json")

    def streamed(self, key: str, content_type: str) -> StreamedObject:
        return StreamedObject(self, key, content_type)


class StreamedObject:
    """A text object written piece by piece; use as a context manager (an exception aborts the upload)."""

    def __init__(self, bucket: ReportsBucket, key: str, content_type: str) -> None:
        self.bucket = bucket
        self.key = key
        self.content_type = content_type
        self.buffer = bytearray()
        self.upload_id: str | None = None
        self.parts: list[dict[str, Any]] = []

    def write(self, text: str) -> None:
        self.buffer += text.encode()
        if len(self.buffer) >= self.bucket.part_bytes:
            self._upload_part(bytes(self.buffer[: self.bucket.part_bytes]))
            del self.buffer[: self.bucket.part_bytes]

    def _upload_part(self, body: bytes) -> None:
        client, bucket = self.bucket.client, self.bucket.bucket_name
        if self.upload_id is None:
            self.upload_id = client.create_multipart_upload(
                Bucket=bucket, Key=self.key, ContentType=self.content_type, ServerSideEncryption="AES256"
            )["UploadId"]
        number = len(self.parts) + 1
        response = client.upload_part(
            Bucket=bucket, Key=self.key, UploadId=self.upload_id, PartNumber=number, Body=body
        )
        self.parts.append({"ETag": response["ETag"], "PartNumber": number})

    def __enter__(self) -> StreamedObject:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        client, bucket = self.bucket.client, self.bucket.bucket_name
        if kind is not None:
            if self.upload_id is not None:
                client.abort_multipart_upload(Bucket=bucket, Key=self.key, UploadId=self.upload_id)
            return
        if self.upload_id is None:
            self.bucket._put(self.key, bytes(self.buffer), self.content_type)
            return
        if self.buffer:
            self._upload_part(bytes(self.buffer))
        client.complete_multipart_upload(
            Bucket=bucket, Key=self.key, UploadId=self.upload_id, MultipartUpload={"Parts": self.parts}
        )
