"""Check-ups through the API (/api/v1/checkups/…): thin viewsets over selectors and services.

Lists and records are scoped like the pages; findings, services, medicine, referrals,
assessments and counselling appear only for users who see health details in the row's
township (township staff who handle check-ups), never for chiefs or auditors.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.exceptions import PermissionDenied as Forbidden
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from bureau.api.viewsets import ScopedViewSet
from bureau.concurrency import ConflictError
from bureau.scoping import townships_for
from checkups import selectors, services
from checkups.api import serializers as shapes
from checkups.apps import HEALTH_DETAILS
from checkups.filters import VisitFilter


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "The record changed since you read it; read it again."


@contextmanager
def service_errors():
    """Service ValidationError → 400 naming the fields, PermissionDenied → 403,
    a stale version → 409."""
    try:
        yield
    except ValidationError as exc:
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
        raise serializers.ValidationError(detail) from exc
    except ConflictError as exc:
        raise Conflict() from exc
    except PermissionDenied as exc:
        raise Forbidden(str(exc) or None) from exc


class CanView(BasePermission):
    """Actions are posted; the service decides what the user may do."""

    def has_permission(self, request, view):
        model = view.get_queryset().model._meta
        return bool(
            request.user
            and request.user.is_authenticated
            and request.user.has_perm(f"{model.app_label}.view_{model.model_name}")
        )


class CheckupViewSet(ScopedViewSet):
    service_actions: tuple[str, ...] = ()

    def get_permissions(self):
        if self.action in self.service_actions:
            return [CanView()]
        return super().get_permissions()

    def get_serializer_context(self):
        user = self.request.user
        details_in = (
            set(townships_for(user).values_list("code", flat=True))
            if user.is_authenticated and user.has_perm(HEALTH_DETAILS)
            else set()
        )
        return {**super().get_serializer_context(), "details_in": details_in}

    def _incoming(self, serializer_class):
        incoming = serializer_class(
            data=self.request.data, context=self.get_serializer_context()
        )
        incoming.is_valid(raise_exception=True)
        return dict(incoming.validated_data)

    def _answer(self, serializer_class, instance, code=status.HTTP_200_OK):
        body = serializer_class(instance, context=self.get_serializer_context()).data
        return Response(body, status=code)


class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CheckupViewSet):
    """Campaigns the user's townships take part in; plan, open (the target list), close."""

    selector = staticmethod(selectors.visible_campaigns)
    serializer_class = shapes.CampaignSerializer
    filterset_fields = ["kind", "year", "quarter", "status"]
    service_actions = ("open", "close", "coverage")

    def refine(self, queryset):
        return queryset.prefetch_related("townships").order_by(
            "-year", "-quarter", "pk"
        )

    @extend_schema(
        request=shapes.CampaignCreateSerializer, responses=shapes.CampaignSerializer
    )
    def create(self, request):
        data = self._incoming(shapes.CampaignCreateSerializer)
        with service_errors():
            campaign = services.create_campaign(by=request.user, **data)
        return self._answer(
            shapes.CampaignSerializer, campaign, status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses=shapes.CampaignSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        """Open the campaign, or add the people who joined since (never twice)."""
        campaign = self.get_object()
        with service_errors():
            added = services.open_campaign(by=request.user, campaign=campaign)
        campaign.refresh_from_db()
        response = self._answer(shapes.CampaignSerializer, campaign)
        response["X-Invitations-Added"] = str(added)
        return response

    @extend_schema(
        request=shapes.VersionSerializer, responses=shapes.CampaignSerializer
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        campaign = self.get_object()
        data = self._incoming(shapes.VersionSerializer)
        with service_errors():
            campaign = services.close_campaign(
                by=request.user, campaign=campaign, expected_version=data.get("version")
            )
        return self._answer(shapes.CampaignSerializer, campaign)

    @extend_schema(responses=shapes.CampaignCoverageSerializer)
    @action(detail=True, methods=["get"])
    def coverage(self, request, pk=None):
        """Attended ÷ invited (moved away and declined left out) per township and village."""
        campaign = self.get_object()
        coverage = selectors.coverage_levels(request.user, campaign)
        body = {
            "total": coverage.total,
            "townships": coverage.townships,
            "villages": coverage.villages,
        }
        return Response(shapes.CampaignCoverageSerializer(body).data)


class InvitationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, CheckupViewSet
):
    selector = staticmethod(selectors.visible_invitations)
    serializer_class = shapes.InvitationSerializer
    filterset_fields = ["campaign", "village", "status"]
    service_actions = ("set_status",)

    def refine(self, queryset):
        return queryset.select_related("person").order_by(
            "campaign_id", "village_id", "pk"
        )

    @extend_schema(
        request=shapes.InvitationStatusSerializer, responses=shapes.InvitationSerializer
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        """Reminded, declined, unreachable or moved away. Declining has no consequence."""
        invitation = self.get_object()
        data = self._incoming(shapes.InvitationStatusSerializer)
        with service_errors():
            invitation = services.set_invitation_status(
                by=request.user,
                invitation=invitation,
                status=data["status"],
                note=data.get("note", ""),
                expected_version=data.get("version"),
            )
        return self._answer(shapes.InvitationSerializer, invitation)


class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CheckupViewSet):
    """Visits; one with only the examiner's signature is incomplete and not counted."""

    selector = staticmethod(selectors.visible_visits)
    serializer_class = shapes.VisitSerializer
    filterset_class = VisitFilter
    service_actions = ("verify",)

    def refine(self, queryset):
        return (
            queryset.select_related("person", "invitation", "examiner", "verifier")
            .prefetch_related("services__item", "referrals")
            .order_by("-visited_on", "-pk")
        )

    @extend_schema(
        request=shapes.VisitCreateSerializer, responses=shapes.VisitSerializer
    )
    def create(self, request):
        """Record a visit; the requesting user signs it as examiner. A couple's
        invitation names the partner examined in `person`."""
        data = self._incoming(shapes.VisitCreateSerializer)
        data["services"] = {row["item"]: row["outcome"] for row in data["services"]}
        with service_errors():
            visit = services.record_visit(by=request.user, **data)
        return self._answer(shapes.VisitSerializer, visit, status.HTTP_201_CREATED)

    @extend_schema(request=shapes.VersionSerializer, responses=shapes.VisitSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """The verifier's signature: another user than the examiner."""
        visit = self.get_object()
        data = self._incoming(shapes.VersionSerializer)
        with service_errors():
            visit = services.sign_as_verifier(
                by=request.user, visit=visit, expected_version=data.get("version")
            )
        return self._answer(
            shapes.VisitSerializer, self.get_queryset().get(pk=visit.pk)
        )


def visible_referral_details(user):
    """Referrals are health data: only those of townships where `user` sees details."""
    rows = selectors.visible_referrals(user)
    if not (user.is_authenticated and user.has_perm(HEALTH_DETAILS)):
        return rows.none()
    return rows


class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CheckupViewSet):
    selector = staticmethod(visible_referral_details)
    serializer_class = shapes.ReferralSerializer
    filterset_fields = ["outcome"]
    service_actions = ("outcome",)

    def refine(self, queryset):
        return queryset.order_by("-referred_on", "-pk")

    @extend_schema(
        request=shapes.ReferralOutcomeSerializer, responses=shapes.ReferralSerializer
    )
    @action(detail=True, methods=["post"], url_path="outcome")
    def outcome(self, request, pk=None):
        referral = self.get_object()
        data = self._incoming(shapes.ReferralOutcomeSerializer)
        with service_errors():
            referral = services.record_referral_outcome(
                by=request.user,
                referral=referral,
                outcome=data["outcome"],
                note=data.get("note", ""),
                expected_version=data.get("version"),
            )
        return self._answer(shapes.ReferralSerializer, referral)


class CoupleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CheckupViewSet):
    """Couples registered for the free pre-pregnancy check (both partners' consent)."""

    selector = staticmethod(selectors.visible_couples)
    serializer_class = shapes.CoupleSerializer
    filterset_fields = ["village", "status"]
    service_actions = ("assess", "counsel", "follow_up")

    def refine(self, queryset):
        return queryset.select_related("woman", "man").order_by("-registered_on", "-pk")

    def _partner(self, couple, pk):
        for partner in couple.partners():
            if partner.pk == pk:
                return partner
        raise serializers.ValidationError({"person": ["Name one of the two partners."]})

    def _details_or_403(self, couple):
        if not selectors.sees_health_details(self.request.user, couple.township_id):
            raise Forbidden()

    @extend_schema(
        request=shapes.CoupleCreateSerializer, responses=shapes.CoupleSerializer
    )
    def create(self, request):
        data = self._incoming(shapes.CoupleCreateSerializer)
        with service_errors():
            couple = services.register_couple(by=request.user, **data)
        return self._answer(shapes.CoupleSerializer, couple, status.HTTP_201_CREATED)

    @extend_schema(
        request=shapes.AssessmentInSerializer, responses=shapes.AssessmentSerializer
    )
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        couple = self.get_object()
        self._details_or_403(couple)
        data = self._incoming(shapes.AssessmentInSerializer)
        data["person"] = self._partner(couple, data["person"])
        with service_errors():
            assessment = services.assess_risk(by=request.user, couple=couple, **data)
        return self._answer(shapes.AssessmentSerializer, assessment)

    @extend_schema(
        request=shapes.CounsellingInSerializer, responses=shapes.CoupleSerializer
    )
    @action(detail=True, methods=["post"])
    def counsel(self, request, pk=None):
        couple = self.get_object()
        self._details_or_403(couple)
        data = self._incoming(shapes.CounsellingInSerializer)
        data["person"] = self._partner(couple, data["person"])
        with service_errors():
            services.record_counselling(by=request.user, couple=couple, **data)
        return self._answer(shapes.CoupleSerializer, couple, status.HTTP_201_CREATED)

    @extend_schema(responses=shapes.FollowUpSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="follow-up")
    def follow_up(self, request):
        """High-risk persons not yet counselled (only with health details)."""
        if not request.user.has_perm(HEALTH_DETAILS):
            raise Forbidden()
        rows = self.paginate_queryset(selectors.follow_up_list(request.user))
        return self.get_paginated_response(
            shapes.FollowUpSerializer(rows, many=True).data
        )
