"""A pet whose prefix comes from a string: a property dependency; the stack parents both."""

import pulumi

OPTS = pulumi.ResourceOptions(version="4.16.7")


class RandomString(pulumi.CustomResource):
    def __init__(self, name: str) -> None:
        super().__init__("random:index/randomString:RandomString", name, {"length": 8, "result": None}, OPTS)


class RandomPet(pulumi.CustomResource):
    def __init__(self, name: str, prefix: pulumi.Input[str]) -> None:
        super().__init__("random:index/randomPet:RandomPet", name, {"prefix": prefix}, OPTS)


text = RandomString("str")
RandomPet("pet", prefix=text.result)  # type: ignore[attr-defined]
