"""Tests of the stream event source mapping emulation."""
