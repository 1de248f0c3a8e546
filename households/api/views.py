"""The register through the API: thin viewsets over the selectors and services."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from bureau.api.schema import ERROR_RESPONSES, PLAIN_LIST
from bureau.api.viewsets import ScopedViewSet
from households import filters, selectors, services
from households.api import serializers as shapes
from households.api.versioning import (
    CONFLICT,
    PreconditionFailed,
    VersionedMixin,
    service_errors,
    versioned_schema,
)
from households.services import ConflictError


@versioned_schema(shapes.HouseholdUpdateSerializer)
class HouseholdViewSet(
    VersionedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Households in the user's townships (户)."""

    filterset_class = filters.HouseholdFilter

    selector = staticmethod(selectors.visible_households)

    def refine(self, queryset):
        return queryset.select_related("village", "head")

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return shapes.HouseholdUpdateSerializer
        return shapes.HouseholdSerializer

    def perform_create(self, serializer):
        with service_errors():
            serializer.instance = services.register_household(
                by=self.request.user, **serializer.validated_data
            )

    def save_changes(self, instance, data, version):
        return services.update_household(
            by=self.request.user, household=instance, expected_version=version, **data
        )


class CanRevealId(BasePermission):
    """Revealing a full number needs the unmask permission (chiefs do not carry it)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and user.has_perm("households.view_person")
            and user.has_perm("bureau.unmask_personal_data")
        )


class CanViewPersons(BasePermission):
    """Looking a person up is a read, though it is posted to keep the number out of URLs."""

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user and user.is_authenticated and user.has_perm("households.view_person")
        )


@versioned_schema(shapes.PersonUpdateSerializer)
class PersonViewSet(
    VersionedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Persons in the user's townships; ID numbers masked, revealed only with a reason."""

    filterset_class = filters.PersonFilter

    selector = staticmethod(selectors.visible_persons)

    def refine(self, queryset):
        return queryset.select_related("household__village")

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return shapes.PersonUpdateSerializer
        if self.action == "create":
            return shapes.PersonCreatedSerializer
        if self.action == "reveal_id":
            return shapes.RevealRequestSerializer
        return shapes.PersonSerializer

    def list(self, request, *args, **kwargs):
        if selectors.looks_like_id_number(request.query_params.get("search", "")):
            # A number in the URL would land in proxy and server logs.
            return Response(
                {"search": [_("Look up an ID number with POST persons/lookup/.")]},
                status=400,
            )
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=shapes.IdLookupSerializer,
        responses={200: shapes.PersonSerializer(many=True), **ERROR_RESPONSES},
        description="Persons with this ID number (masked), at most 20, as a plain "
        "list (not paginated, no filters); the search is logged.",
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="lookup",
        permission_classes=[CanViewPersons],
        **PLAIN_LIST,
    )
    def lookup(self, request):
        query = shapes.IdLookupSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        number = query.validated_data["id_number"]
        found = list(selectors.search_persons(request.user, number)[:20])
        services.record_id_search(by=request.user, found=found, request=request)
        return Response(
            shapes.PersonSerializer(found, many=True).data,
            headers={"Cache-Control": "no-store"},
        )

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    def perform_create(self, serializer):
        with service_errors():
            serializer.instance = services.register_person(
                by=self.request.user, **serializer.validated_data
            )

    def save_changes(self, instance, data, version):
        core = services.changed_core_facts(instance, self.request.data)
        return services.update_person(
            by=self.request.user,
            person=instance,
            expected_version=version,
            **data,
            **core,
        )

    @extend_schema(
        request=shapes.RevealRequestSerializer,
        responses={200: shapes.RevealedIdSerializer, 400: None, 403: None},
        description="Return the full ID number; the reason is logged as an access event.",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="reveal-id",
        permission_classes=[CanRevealId],
    )
    def reveal_id(self, request, pk=None):
        person = self.get_object()
        serializer = shapes.RevealRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            number = services.reveal_id_number(
                by=request.user,
                person=person,
                reason=serializer.validated_data["reason"],
                request=request,
            )
        payload = {
            "id": person.pk,
            "document_type": person.document_type,
            "id_number": number,
        }
        return Response(
            shapes.RevealedIdSerializer(payload).data,
            headers={"Cache-Control": "no-store"},
        )


class MigrantRecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    ScopedViewSet,
):
    """Inflow and outflow records (流动人口); creating one changes the residence status."""

    serializer_class = shapes.MigrantRecordSerializer
    filterset_class = filters.MigrantRecordFilter

    selector = staticmethod(selectors.visible_migrant_records)

    def refine(self, queryset):
        return queryset.select_related("person")

    @extend_schema(
        responses={201: shapes.MigrantRecordSerializer, 400: None, 412: CONFLICT}
    )
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        person = data.pop("person")
        version = data.pop("person_version", None) or person.version
        try:
            with service_errors():
                serializer.instance = services.record_move(
                    by=self.request.user,
                    person=person,
                    expected_version=version,
                    **data,
                )
        except ConflictError as exc:
            current = shapes.PersonSerializer(
                exc.current, context=self.get_serializer_context()
            )
            raise PreconditionFailed(str(exc), current.data) from exc


class CorrectionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    ScopedViewSet,
):
    """Corrections of core facts: raise, then another user approves or rejects."""

    filterset_class = filters.CorrectionFilter

    selector = staticmethod(selectors.visible_corrections)

    def refine(self, queryset):
        return queryset.select_related("person")

    def get_serializer_class(self):
        if self.action == "reject":
            return shapes.RejectSerializer
        return shapes.CorrectionSerializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.raise_correction(
                by=self.request.user,
                person=data["person"],
                changes=data["changes"],
                reason=data["reason"],
                **({"source": data["source"]} if "source" in data else {}),
            )

    def _decide(self, decide, **kwargs):
        try:
            with service_errors():
                correction = decide(
                    by=self.request.user, correction=self.get_object(), **kwargs
                )
        except ConflictError as exc:
            current = shapes.PersonSerializer(
                exc.current, context=self.get_serializer_context()
            )
            raise PreconditionFailed(str(exc), current.data) from exc
        return Response(
            shapes.CorrectionSerializer(
                correction, context=self.get_serializer_context()
            ).data
        )

    @extend_schema(
        request=None,
        responses={
            200: shapes.CorrectionSerializer,
            400: None,
            403: None,
            412: CONFLICT,
        },
        description="Apply the correction; the raiser cannot approve their own (403).",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(services.approve_correction)

    @extend_schema(
        request=shapes.RejectSerializer,
        responses={200: shapes.CorrectionSerializer, 400: None},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        self.get_object()  # another township's correction is a 404 before any 400
        serializer = shapes.RejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._decide(
            services.reject_correction, note=serializer.validated_data["note"]
        )
