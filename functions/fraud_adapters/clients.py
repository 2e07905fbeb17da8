"""boto3 clients for the functions: region from the settings, endpoint from AWS_ENDPOINT_URL (boto3 reads it)."""

from __future__ import annotations

import boto3
from botocore.config import Config

from fraud_settings import Settings


def _config(pool_size: int) -> Config:
    # Fail fast and retry a little: the API answers within API Gateway's 29 s and the stream retries anyway.
    return Config(
        connect_timeout=3,
        read_timeout=10,
        retries={"mode": "standard", "max_attempts": 3},
        max_pool_connections=pool_size,
    )


def dynamodb_client(settings: Settings, pool_size: int = 10):
    return boto3.client("dynamodb", region_name=settings.region, config=_config(pool_size))


def s3_client(settings: Settings):
    return boto3.client("s3", region_name=settings.region, config=_config(10))
