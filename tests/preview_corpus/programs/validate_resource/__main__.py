import pulumi


class RandomUuid(pulumi.CustomResource):
    def __init__(self, name: str, keepers: dict | None) -> None:
        props = {"keepers": keepers, "result": None}
        super().__init__("random:index/randomUuid:RandomUuid", name, props, pulumi.ResourceOptions(version="4.16.7"))


if pulumi.get_stack() == "s1":
    RandomUuid("r1", None)
else:
    RandomUuid("r3", {"build": "1"})
