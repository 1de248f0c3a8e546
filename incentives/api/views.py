"""Benefits through the API (/api/v1/benefits/…): thin viewsets over selectors and services."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from bureau.api.viewsets import ScopedViewSet
from incentives import selectors, services
from incentives.api import serializers as shapes
from incentives.api.idempotency import idempotent
from incentives.eligibility import propose_candidates


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


@contextmanager
def service_errors():
    """Service ValidationError → 400 with the field messages, StateError → 409."""
    try:
        yield
    except ValidationError as exc:
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
        raise serializers.ValidationError(detail) from exc
    except services.StateError as exc:
        raise Conflict(exc.message) from exc


class CanView(BasePermission):
    """Actions are posted, but what they may do is decided by the service per level."""

    def has_permission(self, request, view):
        model = view.get_queryset().model._meta
        return bool(
            request.user
            and request.user.is_authenticated
            and request.user.has_perm(f"{model.app_label}.view_{model.model_name}")
        )


class ActionsMixin:
    action_permission_classes = [CanView]

    def get_permissions(self):
        if self.action in getattr(self, "service_actions", ()):
            return [permission() for permission in self.action_permission_classes]
        return super().get_permissions()


class SchemeViewSet(mixins.ListModelMixin, ScopedViewSet):
    """The scheme catalogue (no resident data), and the candidates a scheme's rule
    proposes among the persons the user serves (`candidates/?scheme=<id>`)."""

    serializer_class = shapes.SchemeSerializer
    filterset_fields = ["kind", "is_active"]

    def get_queryset(self):
        return selectors.visible_schemes(self.request.user).order_by("code")

    @action(detail=False, methods=["get"])
    def candidates(self, request):
        wanted = str(request.query_params.get("scheme", ""))
        scheme = (
            self.get_queryset().filter(pk=int(wanted)).first()
            if wanted.isdigit()
            else None
        )
        if scheme is None:
            raise serializers.ValidationError({"scheme": [_("Choose a scheme.")]})
        found = propose_candidates(
            request.user, scheme=scheme, today=timezone.localdate()
        )
        return Response(
            [
                {
                    "person": c.person.pk,
                    "name": c.person.name,
                    "payee": c.payee.pk,
                    "child": c.child.pk if c.child else None,
                    "category": c.category,
                    "reason": c.reason,
                }
                for c in found
            ]
        )


class ApplicationViewSet(
    ActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    ScopedViewSet,
):
    """Applications in the user's townships, with their review timeline."""

    filterset_fields = ["scheme", "status", "year", "village"]
    service_actions = (
        "approve",
        "send_back",
        "reject",
        "publish",
        "object",
        "confirm",
        "withdraw",
        "condition",
    )

    def get_queryset(self):
        return (
            selectors.visible_applications(self.request.user)
            .select_related("person")
            .prefetch_related("steps__by")
            .order_by("-pk")
        )

    def get_serializer_class(self):
        if self.action == "create":
            return shapes.ApplicationCreateSerializer
        if self.action == "condition":
            return shapes.ConditionSerializer
        if self.action in self.service_actions:
            return shapes.ActionSerializer
        return shapes.ApplicationSerializer

    @idempotent
    def create(self, request, *args, **kwargs):
        incoming = shapes.ApplicationCreateSerializer(
            data=request.data, context={"request": request}
        )
        incoming.is_valid(raise_exception=True)
        with service_errors():
            application = services.submit_application(
                by=request.user, **incoming.validated_data
            )
        return Response(
            shapes.ApplicationSerializer(application).data,
            status=status.HTTP_201_CREATED,
        )

    def _act(self, request, service, **extra):
        application = self.get_object()
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        version = data.pop("version", None)
        comment = data.pop("comment", "")
        with service_errors():
            result = service(
                by=request.user,
                application=application,
                expected_version=version,
                **{
                    key: (comment if value is None else value)
                    for key, value in extra.items()
                },
                **data,
            )
        application.refresh_from_db()
        body = shapes.ApplicationSerializer(application).data
        if result.__class__.__name__ == "Entitlement":
            body = {**body, "entitlement": result.pk}
        return Response(body)

    @action(detail=True, methods=["post"])
    @idempotent
    def approve(self, request, pk=None):
        return self._act(request, services.approve_application, comment=None)

    @action(detail=True, methods=["post"], url_path="return")
    @idempotent
    def send_back(self, request, pk=None):
        return self._act(request, services.return_application, reason=None)

    @action(detail=True, methods=["post"])
    @idempotent
    def reject(self, request, pk=None):
        return self._act(request, services.reject_application, reason=None)

    @action(detail=True, methods=["post"])
    @idempotent
    def withdraw(self, request, pk=None):
        return self._act(request, services.withdraw_application, reason=None)

    @action(detail=True, methods=["post"])
    @idempotent
    def publish(self, request, pk=None):
        return self._act(request, services.publish_notice)

    @action(detail=True, methods=["post"])
    @idempotent
    def object(self, request, pk=None):
        return self._act(request, services.raise_objection, objection=None)

    @action(detail=True, methods=["post"])
    @idempotent
    def confirm(self, request, pk=None):
        return self._act(request, services.confirm_application)

    @action(detail=True, methods=["post"])
    @idempotent
    def condition(self, request, pk=None):
        return self._act(request, services.confirm_condition)


class EntitlementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet
):
    serializer_class = shapes.EntitlementSerializer
    filterset_fields = ["scheme", "status", "village"]

    def get_queryset(self):
        return (
            selectors.visible_entitlements(self.request.user)
            .select_related("person")
            .order_by("-pk")
        )


class EntitlementChangeViewSet(
    ActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet
):
    """Changes the nightly job proposed; a person confirms or dismisses each."""

    filterset_fields = ["kind", "status"]
    service_actions = ("decide",)

    def get_queryset(self):
        return selectors.visible_entitlement_changes(self.request.user).order_by("-pk")

    def get_serializer_class(self):
        return (
            shapes.DecisionSerializer
            if self.action == "decide"
            else shapes.EntitlementChangeSerializer
        )

    @action(detail=True, methods=["post"])
    @idempotent
    def decide(self, request, pk=None):
        change = self.get_object()
        incoming = shapes.DecisionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        with service_errors():
            change = services.decide_entitlement_change(
                by=request.user, change=change, **incoming.validated_data
            )
        return Response(shapes.EntitlementChangeSerializer(change).data)


class PayoutBatchViewSet(
    ActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    ScopedViewSet,
):
    """Payout batches: make, freeze, approve (another user), export, reconcile, close."""

    filterset_fields = ["scheme", "period", "status"]
    service_actions = ("freeze", "approve", "export", "reconcile", "close", "follow_up")

    def get_queryset(self):
        return selectors.visible_payout_batches(self.request.user).order_by("-pk")

    def get_serializer_class(self):
        return (
            shapes.BatchCreateSerializer
            if self.action == "create"
            else shapes.PayoutBatchSerializer
        )

    @idempotent
    def create(self, request, *args, **kwargs):
        incoming = shapes.BatchCreateSerializer(
            data=request.data, context={"request": request}
        )
        incoming.is_valid(raise_exception=True)
        with service_errors():
            batch = services.create_batch(by=request.user, **incoming.validated_data)
        return Response(
            shapes.PayoutBatchSerializer(batch).data, status=status.HTTP_201_CREATED
        )

    def _act(self, request, service):
        batch = self.get_object()
        with service_errors():
            result = service(by=request.user, batch=batch)
        if not hasattr(result, "line_count"):
            result = batch
        result.refresh_from_db()
        return Response(shapes.PayoutBatchSerializer(result).data)

    @action(detail=True, methods=["post"])
    @idempotent
    def freeze(self, request, pk=None):
        return self._act(request, services.freeze_batch)

    @extend_schema(request=shapes.BatchApprovalSerializer)
    @action(detail=True, methods=["post"])
    @idempotent
    def approve(self, request, pk=None):
        """Approve a frozen batch: another user than its maker, with a current
        authenticator code in `otp_code` (a missing or wrong one answers 400)."""
        incoming = shapes.BatchApprovalSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        code = incoming.validated_data["otp_code"]
        return self._act(
            request, lambda **kw: services.approve_batch(otp_code=code, **kw)
        )

    @extend_schema(request=None, responses={202: shapes.BankFileJobSerializer})
    @action(detail=True, methods=["post"])
    @idempotent
    def export(self, request, pk=None):
        """Queue the bank file of an approved batch (202); a worker makes it. Poll
        `bank-file-job` for the result."""
        batch = self.get_object()
        with service_errors():
            job = services.request_bank_file(by=request.user, batch=batch)
        return Response(
            shapes.BankFileJobSerializer(job).data, status=status.HTTP_202_ACCEPTED
        )

    @extend_schema(responses={200: shapes.BankFileJobSerializer, 204: None})
    @action(detail=True, methods=["get"], url_path="bank-file-job")
    def bank_file_job(self, request, pk=None):
        """The latest bank-file request of the batch: queued, being made, ready or
        failed; 204 while none was asked for (404 is for a batch you cannot see)."""
        job = services.latest_bank_file_job(self.get_object())
        if job is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(shapes.BankFileJobSerializer(job).data)

    @action(detail=True, methods=["post"])
    @idempotent
    def reconcile(self, request, pk=None):
        return self._act(request, services.reconcile_batch)

    @action(detail=True, methods=["post"])
    @idempotent
    def close(self, request, pk=None):
        return self._act(request, services.close_batch)

    @action(detail=True, methods=["post"], url_path="follow-up")
    @idempotent
    def follow_up(self, request, pk=None):
        return self._act(request, services.create_follow_up_batch)


class PayoutLineViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet
):
    """Lines of the user's townships; account numbers masked."""

    serializer_class = shapes.PayoutLineSerializer
    filterset_fields = ["batch", "status", "village"]

    def get_queryset(self):
        return selectors.visible_payout_lines(self.request.user).order_by("-pk")
