"""Tests of the API Gateway emulation."""
