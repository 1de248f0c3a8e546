"""Serializer fields that only accept what the user may see.

    village = VisibleVillageField()
    household = VisibleRelatedField(selector=selectors.visible_households)

The queryset comes from the `visible_*` selector applied to the requesting user, so
another township's key is refused as "does not exist" (its existence is not shown).
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from rest_framework import serializers

from bureau.scoping import visible_townships, visible_villages

Selector = Callable[[Any], QuerySet]


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A key of a row the selector shows the requesting user."""

    selector: Selector | None = None

    def __init__(self, *, selector: Selector | None = None, **kwargs: Any) -> None:
        if selector is not None:
            self.selector = selector
        super().__init__(**kwargs)
        if self.queryset is None and self.selector is not None:
            # What the selector shows nobody: an empty queryset of the model, so the
            # API schema knows the key's type (requests always use get_queryset()).
            self.queryset = self.selector(AnonymousUser()).none()

    def get_queryset(self) -> QuerySet:
        # A class-level selector is a staticmethod, an argument an instance attribute:
        # neither is bound, so both are called with the user alone.
        if self.selector is None:
            raise TypeError(f"{type(self).__name__} needs a selector.")
        return self.selector(self.context["request"].user)


class VisibleVillageField(VisibleRelatedField):
    """A village code, accepted only if the village is in one of the user's townships."""

    selector = staticmethod(visible_villages)


class VisibleTownshipField(VisibleRelatedField):
    """A township code the user may see."""

    selector = staticmethod(visible_townships)
