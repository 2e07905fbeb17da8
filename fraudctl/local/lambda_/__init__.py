"""Stands in for AWS Lambda's execution environments: one worker process per function, its handler unchanged.

Face: `FunctionPool` runs a function's workers and takes an `Invocation`, `FunctionError` is what a failed one
raises, `STOPPED` is the pool's answer once stopping, and `lambda_environment` builds a worker's variables.
(The trailing underscore keeps the name from shadowing the `lambda` keyword.)
"""

from fraudctl.local.lambda_.environment import lambda_environment
from fraudctl.local.lambda_.pool import STOPPED, FunctionError, FunctionPool, Invocation

__all__ = ["STOPPED", "FunctionError", "FunctionPool", "Invocation", "lambda_environment"]
