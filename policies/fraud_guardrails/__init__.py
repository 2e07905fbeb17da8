"""The fraud-detection-guardrails policy pack: one module per AWS service, assembled by pack.py."""
