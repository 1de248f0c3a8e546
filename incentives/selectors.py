"""Reading benefits. Every read other code needs starts here, scoped to a user."""

from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet

from bureau.scoping import townships_for, within_townships
from incentives.amounts import RateTable
from incentives.models import (
    Application,
    BankAccount,
    BankResultFlag,
    Entitlement,
    EntitlementChange,
    PayoutBatch,
    PayoutLine,
    Scheme,
)
from incentives.periods import Month


def _sees_all(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("bureau.view_all_townships")
    )


def visible_schemes(user) -> QuerySet[Scheme]:
    """The catalogue (no resident data): every scheme for a signed-in user."""
    if not getattr(user, "is_authenticated", False):
        return Scheme.objects.none()
    return Scheme.objects.all()


def visible_applications(user) -> QuerySet[Application]:
    """Applications of villages in the townships `user` may see."""
    return within_townships(Application.objects.all(), user, via="village__township")


def visible_entitlements(user) -> QuerySet[Entitlement]:
    return within_townships(Entitlement.objects.all(), user, via="village__township")


def visible_entitlement_changes(user) -> QuerySet[EntitlementChange]:
    return within_townships(
        EntitlementChange.objects.all(), user, via="entitlement__village__township"
    )


def visible_bank_accounts(user) -> QuerySet[BankAccount]:
    return within_townships(
        BankAccount.objects.all(), user, via="person__household__village__township"
    )


def visible_payout_lines(user) -> QuerySet[PayoutLine]:
    return within_townships(PayoutLine.objects.all(), user, via="village__township")


def visible_payout_batches(user) -> QuerySet[PayoutBatch]:
    """Every batch for bureau-wide roles; for township staff, batches paying their people."""
    batches = PayoutBatch.objects.all()
    if _sees_all(user):
        return batches
    ours = PayoutLine.objects.filter(
        batch=OuterRef("pk"), village__township__in=townships_for(user).values("code")
    )
    return batches.filter(Exists(ours))


def visible_result_flags(user) -> QuerySet[BankResultFlag]:
    """Flags of lines the user may see; flags on no line only for bureau-wide roles."""
    return within_townships(
        BankResultFlag.objects.all(), user, via="line__village__township"
    )


def standard_amount(scheme: Scheme, category: str, *, on: date) -> Decimal:
    """What the scheme pays per period (month or year) in a category on a day."""
    table = RateTable.for_scheme(scheme)
    start = Month.of(on)
    months = 1 if scheme.pay_every == Scheme.PayEvery.MONTH else 12
    total = sum(
        (
            table.monthly(category, Month.from_index(start.index + i))
            for i in range(months)
        ),
        Decimal(0),
    )
    return total.quantize(Decimal("0.01"))


def public_notice_rows(user, *, scheme: Scheme | None = None, on: date) -> list[dict]:
    """The 公示 list: name, village, the generic scheme label and the amount; nothing else.

    No ID number, no category (特扶 shows as 计划生育特别扶助, never 失独 or 伤残).
    """
    applications = visible_applications(user).filter(
        status=Application.Status.IN_NOTICE
    )
    if scheme is not None:
        applications = applications.filter(scheme=scheme)
    rows = []
    amounts: dict[tuple[int, str], Decimal] = {}
    for application in applications.select_related(
        "person", "village", "scheme"
    ).order_by("village__code", "person__name_sort", "pk"):
        key = (application.scheme_id, application.category)
        if key not in amounts:
            amounts[key] = standard_amount(
                application.scheme, application.category, on=on
            )
        rows.append(
            {
                "name": application.person.name,
                "village": application.village.name,
                "scheme": application.scheme.public_label,
                "amount": amounts[key],
                "notice_ends_on": application.notice_ends_on,
            }
        )
    return rows


def reviews_on_time(townships, start: date, end: date) -> dict[str, tuple[int, int]]:
    """Per township code: (review steps done by their due day, review steps done)."""
    from incentives.models import ReviewStep

    counts: dict[str, list[int]] = {}
    steps = ReviewStep.objects.filter(
        action=ReviewStep.Action.APPROVE,
        at__date__gte=start,
        at__date__lt=end,
        application__village__township__in=list(townships),
    ).values_list("application__village__township_id", "at", "due_on")
    for township, at, due in steps:
        entry = counts.setdefault(township, [0, 0])
        entry[1] += 1
        if due is None or at.date() <= due:
            entry[0] += 1
    return {code: (done, total) for code, (done, total) in counts.items()}
