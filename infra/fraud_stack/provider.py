"""The one AWS provider every resource uses: it pins the region and applies the required tags in one place."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from fraud_stack.config import StackConfig


def aws_provider(cfg: StackConfig) -> aws.Provider:
    # Default tags on an explicit provider (not a stack transform): they reach AWS through the provider's tagsAll, and
    # a policy pack sees them in the provider's inputs, so "tags on every resource" is checkable before deploy.
    return aws.Provider(
        f"aws-{cfg.region}",
        region=cfg.region,
        default_tags=aws.ProviderDefaultTagsArgs(tags=cfg.tags),
        opts=pulumi.ResourceOptions(),
    )
