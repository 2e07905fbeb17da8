"""A pet named after a string only its provider computes: in a preview the prefix is unknown."""

import pulumi


class RandomString(pulumi.CustomResource):
    def __init__(self, name: str, length: int) -> None:
        props = {"length": length, "result": None}  # result: computed by the provider
        super().__init__(
            "random:index/randomString:RandomString", name, props, pulumi.ResourceOptions(version="4.16.7")
        )


class RandomPet(pulumi.CustomResource):
    def __init__(self, name: str, prefix: pulumi.Input[str]) -> None:
        props = {"prefix": prefix, "id": None}
        super().__init__("random:index/randomPet:RandomPet", name, props, pulumi.ResourceOptions(version="4.16.7"))


text = RandomString("str", length=8)
pet = RandomPet("pet", prefix=text.result)  # type: ignore[attr-defined]
pulumi.export("petPrefix", pet.prefix)  # type: ignore[attr-defined]
pulumi.export("length", 8)
