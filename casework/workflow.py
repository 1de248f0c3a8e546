"""The state machines of the three kinds of case, as data.

Each kind lists its states and, per state, the states it may move to. The services
(`casework.services.transitions`) refuse any other move with a message naming the
current state and the allowed ones. Time limits started or met on entering a state are
in `casework.clocks`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    LIANGFEI = "liangfei", _("两非 case (sex selection)")
    MISCONDUCT = "misconduct", _("Staff misconduct")
    PETITION = "petition", _("Petition")


# The kind's word in a case number: 2026-两非-0007.
NUMBER_CODES = {
    Kind.LIANGFEI: "两非",
    Kind.MISCONDUCT: "违纪",
    Kind.PETITION: "信访",
}


class Status(models.TextChoices):
    # 两非 (domain-china.md §4.3)
    LEAD_RECEIVED = "lead_received", _("Lead received")
    LEAD_VERIFICATION = "lead_verification", _("Verification")
    CLOSED_NO_BASIS = "closed_no_basis", _("Closed, no basis")
    REFERRED_OUT = "referred_out", _("Referred to another body")
    FILED = "filed", _("Filed")
    INVESTIGATING = "investigating", _("Investigating")
    PRE_DECISION_NOTICE = "pre_decision_notice", _("Pre-decision notice")
    HEARING_REQUESTED = "hearing_requested", _("Hearing requested")
    DECIDED = "decided", _("Decided")
    SERVED = "served", _("Served")
    EXECUTING = "executing", _("Executing")
    REFERRED_POLICE = "referred_police", _("Referred to police")
    MERGED = "merged", _("Merged into another case")
    SUSPENDED = "suspended", _("Suspended")
    # Petitions (domain-china.md §5)
    REGISTERED = "registered", _("Registered")
    ACCEPTANCE_NOTIFIED = "acceptance_notified", _("Acceptance notified")
    TRANSFERRED_OUT = "transferred_out", _("Transferred")
    HANDLING = "handling", _("Handling")
    EXTENDED = "extended", _("Extended")
    OPINION_ISSUED = "opinion_issued", _("Opinion issued")
    REVIEW_REQUESTED = "review_requested", _("Review requested")
    REVIEW_DONE = "review_done", _("Review done")
    REEXAM_REQUESTED = "reexam_requested", _("Re-examination requested")
    REEXAM_DONE = "reexam_done", _("Re-examination done")
    # Staff misconduct
    ALLEGATION = "allegation", _("Allegation")
    INQUIRY = "inquiry", _("Inquiry")
    FINDING = "finding", _("Finding")
    INTERNAL_MEASURE = "internal_measure", _("Internal measure")
    DISCIPLINE_REFERRAL = (
        "discipline_referral",
        _("Referred to the discipline commission"),
    )
    # Every kind
    CLOSED = "closed", _("Closed")


S = Status

INITIAL = {
    Kind.LIANGFEI: S.LEAD_RECEIVED,
    Kind.MISCONDUCT: S.ALLEGATION,
    Kind.PETITION: S.REGISTERED,
}

TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    Kind.LIANGFEI: {
        S.LEAD_RECEIVED: (S.LEAD_VERIFICATION, S.MERGED),
        S.LEAD_VERIFICATION: (S.FILED, S.CLOSED_NO_BASIS, S.REFERRED_OUT, S.MERGED),
        S.FILED: (S.INVESTIGATING, S.REFERRED_POLICE, S.MERGED, S.SUSPENDED),
        S.INVESTIGATING: (
            S.PRE_DECISION_NOTICE,
            S.REFERRED_POLICE,
            S.MERGED,
            S.SUSPENDED,
        ),
        S.PRE_DECISION_NOTICE: (S.HEARING_REQUESTED, S.DECIDED),
        S.HEARING_REQUESTED: (S.DECIDED,),
        S.DECIDED: (S.SERVED, S.REFERRED_POLICE),
        S.SERVED: (S.EXECUTING, S.CLOSED),
        S.EXECUTING: (S.CLOSED,),
        S.SUSPENDED: (S.INVESTIGATING, S.CLOSED),
        S.REFERRED_POLICE: (S.CLOSED,),
        S.REFERRED_OUT: (),
        S.CLOSED_NO_BASIS: (),
        S.MERGED: (),
        S.CLOSED: (),
    },
    Kind.PETITION: {
        S.REGISTERED: (S.ACCEPTANCE_NOTIFIED, S.TRANSFERRED_OUT),
        S.ACCEPTANCE_NOTIFIED: (S.HANDLING,),
        S.TRANSFERRED_OUT: (S.CLOSED,),
        S.HANDLING: (S.EXTENDED, S.OPINION_ISSUED),
        S.EXTENDED: (S.OPINION_ISSUED,),
        S.OPINION_ISSUED: (S.REVIEW_REQUESTED, S.CLOSED),
        S.REVIEW_REQUESTED: (S.REVIEW_DONE,),
        S.REVIEW_DONE: (S.REEXAM_REQUESTED, S.CLOSED),
        S.REEXAM_REQUESTED: (S.REEXAM_DONE,),
        S.REEXAM_DONE: (S.CLOSED,),
        S.CLOSED: (),
    },
    Kind.MISCONDUCT: {
        S.ALLEGATION: (S.INQUIRY, S.CLOSED),
        S.INQUIRY: (S.FINDING,),
        S.FINDING: (S.INTERNAL_MEASURE, S.DISCIPLINE_REFERRAL, S.CLOSED),
        S.INTERNAL_MEASURE: (S.CLOSED,),
        S.DISCIPLINE_REFERRAL: (S.CLOSED,),
        S.CLOSED: (),
    },
}

# Moves that must say why (the note is kept on the timeline).
NOTE_REQUIRED = {
    S.CLOSED,
    S.CLOSED_NO_BASIS,
    S.REFERRED_OUT,
    S.REFERRED_POLICE,
    S.MERGED,
    S.SUSPENDED,
    S.TRANSFERRED_OUT,
    S.EXTENDED,
}

# A 两非 case is filed only with two named enforcement officers (行政处罚法 art. 42).
MIN_HANDLERS = {(Kind.LIANGFEI, S.FILED): 2}


class Outcome(models.TextChoices):
    """Opinion of a petition (信访工作条例 art. 32)."""

    SUPPORT = "support", _("Support")
    EXPLAIN = "explain", _("Explain")
    NOT_SUPPORT = "not_support", _("Not support")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied (满意)")
    BASICALLY = "basically", _("Basically satisfied (基本满意)")
    DISSATISFIED = "dissatisfied", _("Dissatisfied (不满意)")


class CloseReason(models.TextChoices):
    """Why a petition is closed (domain-china.md §5)."""

    RESOLVED = "resolved", _("Resolved")
    EXPLAINED = "explained", _("Explained")
    NOT_SUPPORTED = "not_supported", _("Not supported")
    DIVERTED = "diverted", _("Diverted to a legal procedure")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DUPLICATE = "duplicate", _("Duplicate")
    TRANSFERRED = "transferred", _("Transferred to the competent body")


def states_of(kind: str) -> tuple[str, ...]:
    return tuple(TRANSITIONS[kind])


def allowed_from(kind: str, status: str) -> tuple[str, ...]:
    return TRANSITIONS[kind].get(status, ())


def is_open(kind: str, status: str) -> bool:
    return bool(allowed_from(kind, status))
