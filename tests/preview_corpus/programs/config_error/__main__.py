import pulumi

config = pulumi.Config()
pulumi.export("size", config.require_int("instanceCount"))
