"""Thin adapters between the domain and AWS (DynamoDB, S3). Created once per cold start, injectable in tests."""
