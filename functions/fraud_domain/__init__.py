"""The fraud-detection domain: transactions, intake validation, the rule engine and daily reports.

Pure Python (plus pydantic for the intake model): no boto3, no environment variables, no I/O. The handlers and
adapters around it do the talking to AWS.
"""
