"""Serializer fields that only accept what the user may see."""

from rest_framework import serializers

from bureau.scoping import visible_villages


class VisibleVillageField(serializers.PrimaryKeyRelatedField):
    """A village code, accepted only if the village is in one of the user's townships."""

    def get_queryset(self):
        return visible_villages(self.context["request"].user)
