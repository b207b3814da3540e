"""Tags by difference, for every resource whose spec names its tag members (``SpecCore`` mixin).

Both services spell the tag calls alike but for case (``ResourceArn``/``Tags`` in iotwireless,
``resourceArn``/``tags`` in partnercentral-channel): ``spec.tags`` says which.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from .. import tags as tagging
from ..clients import client
from ..config import ProviderSettings
from ..errors import ProviderError
from .spec import ResourceSpec


class Tagging:
    """Reads and changes an object's tags by its ARN."""

    spec: ClassVar[ResourceSpec]

    def read_tags(self, settings: ProviderSettings, arn: str) -> dict[str, str]:
        if not self.spec.tags:
            return {}
        api = client(settings, self.spec.service)
        member, key, value = self.spec.tags
        arn_name = "ResourceArn" if member == "Tags" else "resourceArn"
        return tagging.from_wire(
            api.list_tags_for_resource(**{arn_name: arn}).get(member), key, value
        )

    def reconcile_tags(
        self,
        settings: ProviderSettings,
        arn: str | None,
        desired: Mapping[str, str],
        known: Mapping[str, str] | None,
    ) -> None:
        """Send only the tag difference between ``known`` (or the live tags) and ``desired``.

        The tag calls address the object by ARN, which AWS may leave out of every answer: with
        no ARN, nothing to change is fine, and a change is a clear error."""
        if not self.spec.tags:
            return
        member, key, value = self.spec.tags
        if arn is None:
            current = known if known is not None else {}
            if not any(tagging.difference(current, desired)):
                return
            raise ProviderError(
                f"cannot change the tags of this {self.spec.name}: AWS answered without its ARN, "
                "and the tag calls need it. Run `pulumi refresh` (a later answer may carry it) "
                "and `pulumi up` again, or leave its tags as they are"
            )
        api = client(settings, self.spec.service)
        current = known if known is not None else self.read_tags(settings, arn)
        to_set, to_remove = tagging.difference(current, desired)
        arn_name, keys_name = (
            ("ResourceArn", "TagKeys") if member == "Tags" else ("resourceArn", "tagKeys")
        )
        if to_set:
            api.tag_resource(**{arn_name: arn, member: tagging.to_wire(to_set, key, value)})
        if to_remove:
            api.untag_resource(**{arn_name: arn, keys_name: to_remove})
