"""Cases through the API (/api/v1/cases/…): thin viewsets over casework's selectors and services.

Rows come from the `visible_*` selectors (another township's case answers 404), writes
from the services the pages use. A move needs `If-Match` with the case's ETag. No answer
carries the sealed reporter (casework.api.serializers).
"""

from collections.abc import Iterator
from contextlib import contextmanager

import django_filters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as Forbidden
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from bureau.api import versioning
from bureau.api.filters import FilterSet
from bureau.api.versioning import (
    IF_MATCH,
    WRITE_RESPONSES,
    PreconditionFailed,
    etag,
    expected_version,
)
from bureau.api.viewsets import ScopedViewSet
from casework import selectors, services
from casework.api import ledger_serializers as ledger
from casework.api import serializers as shapes
from casework.api import write_serializers as writes
from casework.filters import CaseFilter
from casework.models import Case, Penalty


@contextmanager
def service_errors() -> Iterator[None]:
    """A service's ValidationError → 400 naming the fields; its refusal → 403 with
    its message (e.g. only the head of the bureau approves an extension)."""
    try:
        with versioning.service_errors():
            yield
    except PermissionDenied as exc:
        raise Forbidden(str(exc) or None) from exc


class ActionPermission(BasePermission):
    """A custom action needs the permission the viewset names for it in `action_perms`."""

    def has_permission(self, request, view):
        perm = view.action_perms[view.action]
        return bool(
            request.user
            and request.user.is_authenticated
            and request.user.has_perm(perm)
        )


class CaseworkViewSet(ScopedViewSet):
    action_perms: dict[str, str] = {}
    lookup_value_regex = "[0-9]+"

    def get_permissions(self):
        if self.action in self.action_perms:
            return [ActionPermission()]
        return super().get_permissions()

    def incoming(self, serializer_class) -> dict:
        given = serializer_class(
            data=self.request.data, context=self.get_serializer_context()
        )
        given.is_valid(raise_exception=True)
        return dict(given.validated_data)

    def answer(self, serializer_class, instance, code=status.HTTP_200_OK, **kwargs):
        body = serializer_class(instance, context=self.get_serializer_context()).data
        return Response(body, status=code, **kwargs)


class CaseViewSet(mixins.ListModelMixin, CaseworkViewSet):
    """两非 cases, petitions and staff-misconduct cases of the user's townships."""

    selector = staticmethod(selectors.visible_cases)
    filterset_class = CaseFilter  # the case list's filters, shared with the page
    action_perms = {
        "transition": "casework.transition_case",
        "decision": "casework.add_decision",
        "service": "casework.change_decision",
        "handlers": "casework.change_case",
    }

    def refine(self, queryset):
        rows = queryset.select_related("merged_into").prefetch_related("handlers")
        if self.action != "list":
            rows = rows.select_related("lead", "decision")
        return rows

    def get_serializer_class(self):
        if self.action == "list":
            return shapes.CaseSerializer
        return shapes.CaseDetailSerializer

    def _detail(self, case: Case, code=status.HTTP_200_OK) -> Response:
        case = self.get_queryset().get(pk=case.pk)
        return self.answer(
            shapes.CaseDetailSerializer, case, code=code, headers=etag(case)
        )

    @extend_schema(responses=shapes.CaseDetailSerializer)
    def retrieve(self, request, pk=None):
        """The case with its timeline, its time limits and the moves open to it."""
        return self._detail(self.get_object())

    @extend_schema(
        request=shapes.CaseCreateSerializer,
        responses={201: shapes.CaseDetailSerializer},
    )
    def create(self, request):
        """Register a 两非 lead (it opens a case in "lead received"), a petition or a
        staff-misconduct case, with the next number of its kind and year."""
        data = self.incoming(shapes.CaseCreateSerializer)
        common = {
            "by": request.user,
            "township": data["township"],
            "title": data["title"],
            "summary": data["summary"],
            "handlers": data["handlers"],
        }
        with service_errors():
            if data["kind"] == Case.Kind.LIANGFEI:
                case = services.register_lead(
                    **common,
                    source=data["source"],
                    received_at=data.get("received_at"),
                    petition=data.get("petition"),
                    reference=data["reference"],
                )
            else:
                case = services.open_case(
                    **common, kind=data["kind"], opened_on=data.get("opened_on")
                )
        return self._detail(case, code=status.HTTP_201_CREATED)

    def _write(self, request, serializer_class, work) -> Response:
        """`work(case, data)` on the case locked at the version of `If-Match`, with the
        body read by `serializer_class`; answers the case after it.

        The case is looked up first, so another township's case answers 404 whatever
        the body."""
        case = self.get_object()
        version = expected_version(request)
        data = self.incoming(serializer_class)
        with transaction.atomic():
            current = Case.objects.select_for_update().get(pk=case.pk)
            if current.version != version:
                raise PreconditionFailed(
                    _("The case changed since you read it; read it again."),
                    shapes.CaseDetailSerializer(
                        self.get_queryset().get(pk=case.pk),
                        context=self.get_serializer_context(),
                    ).data,
                )
            with service_errors():
                work(current, data)
        return self._detail(case)

    @extend_schema(
        request=shapes.TransitionSerializer,
        parameters=[IF_MATCH],
        responses={200: shapes.CaseDetailSerializer, **WRITE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the case along its kind's state machine. A move it does not allow
        answers 400 naming the current state and the allowed ones; closing a petition
        names its close reason and the petitioner's satisfaction."""
        return self._write(
            request,
            shapes.TransitionSerializer,
            lambda case, data: services.move_case(by=request.user, case=case, **data),
        )

    @extend_schema(
        request=writes.DecisionCreateSerializer,
        parameters=[IF_MATCH],
        responses={200: shapes.CaseDetailSerializer, **WRITE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        """Record the decision of a 两非 case after its pre-decision notice, with its
        penalties; the case moves to "decided". It waits out the hearing request
        period unless the party waived a hearing."""
        return self._write(
            request,
            writes.DecisionCreateSerializer,
            lambda case, data: services.record_decision(
                by=request.user, case=case, **data
            ),
        )

    @extend_schema(
        request=writes.ServiceCreateSerializer,
        parameters=[IF_MATCH],
        responses={200: shapes.CaseDetailSerializer, **WRITE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def service(self, request, pk=None):
        """Record the day the decision was served; fines fall due 15 days later."""
        return self._write(
            request,
            writes.ServiceCreateSerializer,
            lambda case, data: services.record_service(
                by=request.user, case=case, **data
            ),
        )

    @extend_schema(
        request=writes.HandlersSerializer,
        parameters=[IF_MATCH],
        responses={200: shapes.CaseDetailSerializer, **WRITE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def handlers(self, request, pk=None):
        """Name the officers handling the case (staff serving its township)."""
        return self._write(
            request,
            writes.HandlersSerializer,
            lambda case, data: services.set_handlers(
                by=request.user, case=case, **data
            ),
        )


class CasePartyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, CaseworkViewSet
):
    """Providers and practitioners named in 两非 cases (never the pregnant woman)."""

    selector = staticmethod(selectors.visible_case_parties)
    serializer_class = ledger.CasePartySerializer
    filterset_fields = ["case", "role"]

    def refine(self, queryset):
        return queryset.order_by("case_id", "pk")

    @extend_schema(
        request=ledger.CasePartyCreateSerializer,
        responses={201: ledger.CasePartySerializer},
    )
    def create(self, request):
        """Name a provider or a practitioner of your townships as a party to an open case."""
        data = self.incoming(ledger.CasePartyCreateSerializer)
        with service_errors():
            party = services.add_party(by=request.user, **data)
        party = self.get_queryset().get(pk=party.pk)
        return self.answer(ledger.CasePartySerializer, party, status.HTTP_201_CREATED)


class PenaltyFilter(FilterSet):
    case = django_filters.NumberFilter(field_name="decision__case")

    class Meta:
        model = Penalty
        fields = ["case", "type"]


class PenaltyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CaseworkViewSet):
    """Penalties of decided cases; fines and confiscated income with paid and owed."""

    selector = staticmethod(selectors.visible_penalties)
    serializer_class = ledger.PenaltySerializer
    filterset_class = PenaltyFilter
    action_perms = {"payments": "casework.add_finepayment"}

    def refine(self, queryset):
        return queryset.prefetch_related("payments").order_by("decision_id", "pk")

    @extend_schema(
        request=ledger.PaymentCreateSerializer,
        responses={201: ledger.PenaltySerializer},
    )
    @action(detail=True, methods=["post"])
    def payments(self, request, pk=None):
        """Record money paid towards the fine and its late surcharge (3 % a day from the
        due date, capped at the fine); more than is owed is refused."""
        penalty = self.get_object()
        data = self.incoming(ledger.PaymentCreateSerializer)
        with service_errors():
            services.record_payment(by=request.user, penalty=penalty, **data)
        penalty = self.get_queryset().get(pk=penalty.pk)
        return self.answer(ledger.PenaltySerializer, penalty, status.HTTP_201_CREATED)


class SeizedItemViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, CaseworkViewSet
):
    """The register of equipment and drugs held or confiscated in cases."""

    selector = staticmethod(selectors.visible_seized_items)
    serializer_class = ledger.SeizedItemSerializer
    filterset_fields = ["case", "type", "disposal"]

    action_perms = {"disposal": "casework.change_seizeditem"}

    def refine(self, queryset):
        return queryset.order_by("case_id", "seized_on", "pk")

    def _item(self, item, code=status.HTTP_200_OK) -> Response:
        item = self.get_queryset().get(pk=item.pk)
        return self.answer(ledger.SeizedItemSerializer, item, code)

    @extend_schema(
        request=writes.SeizedItemCreateSerializer,
        responses={201: ledger.SeizedItemSerializer},
    )
    def create(self, request):
        """Register an item held or confiscated in a case being checked or investigated,
        with its seal number and where it is stored."""
        data = self.incoming(writes.SeizedItemCreateSerializer)
        with service_errors():
            item = services.register_seized_item(by=request.user, **data)
        return self._item(item, status.HTTP_201_CREATED)

    @extend_schema(
        request=writes.DisposalSerializer,
        responses={200: ledger.SeizedItemSerializer},
    )
    @action(detail=True, methods=["post"])
    def disposal(self, request, pk=None):
        """Return, destroy, auction or hand over a held item, with the approval noted;
        an item already disposed of answers 400."""
        item = self.get_object()
        data = self.incoming(writes.DisposalSerializer)
        with service_errors():
            services.dispose_item(by=request.user, item=item, **data)
        return self._item(item)
