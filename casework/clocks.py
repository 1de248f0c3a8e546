"""The statutory time limits of each kind of case, on the core deadline clocks.

行政处罚法 art. 85: its "二日 三日 五日 七日" are working days; 15, 60, 90 days and the
petition limits (信访工作条例 arts. 23, 35, 36: "日" unless it says 工作日) are calendar
days, ending on the next working day when the last day is a rest day.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from bureau.models import DeadlineClock
from casework.workflow import Kind, Status

WORKING = DeadlineClock.Unit.WORKING
CALENDAR = DeadlineClock.Unit.CALENDAR


@dataclass(frozen=True)
class Limit:
    kind: str  # the clock's kind on the case, e.g. "liangfei-decision"
    label: str
    days: int
    unit: str
    warn_before: int


FILING_DECISION = Limit("liangfei-filing", _("立案决定 (7个工作日)"), 7, WORKING, 2)
DECISION = Limit("liangfei-decision", _("作出处罚决定 (立案后90日)"), 90, CALENDAR, 15)
HEARING_REQUEST = Limit("liangfei-hearing", _("听证申请期 (5个工作日)"), 5, WORKING, 1)
SERVICE = Limit("liangfei-service", _("送达 (7个工作日)"), 7, WORKING, 2)
PAYMENT = Limit("liangfei-payment", _("缴纳罚款 (15日)"), 15, CALENDAR, 5)
ACCEPTANCE = Limit("petition-acceptance", _("书面告知受理 (15日)"), 15, CALENDAR, 5)
CONCLUSION = Limit("petition-conclusion", _("办结 (60日)"), 60, CALENDAR, 10)
REVIEW = Limit("petition-review", _("复查答复 (30日)"), 30, CALENDAR, 5)
REEXAM = Limit("petition-reexam", _("复核决定 (30日)"), 30, CALENDAR, 5)
EXTENSION_DAYS = 30

# Entering a state starts these limits ...
STARTS: dict[tuple[str, str], tuple[Limit, ...]] = {
    (Kind.LIANGFEI, Status.LEAD_VERIFICATION): (FILING_DECISION,),
    (Kind.LIANGFEI, Status.FILED): (DECISION,),
    (Kind.LIANGFEI, Status.PRE_DECISION_NOTICE): (HEARING_REQUEST,),
    (Kind.LIANGFEI, Status.DECIDED): (SERVICE,),
    (Kind.LIANGFEI, Status.SERVED): (PAYMENT,),
    (Kind.PETITION, Status.REGISTERED): (ACCEPTANCE,),
    (Kind.PETITION, Status.ACCEPTANCE_NOTIFIED): (CONCLUSION,),
    (Kind.PETITION, Status.REVIEW_REQUESTED): (REVIEW,),
    (Kind.PETITION, Status.REEXAM_REQUESTED): (REEXAM,),
}

# Entering these states meets the limit whatever the case was in before.
MET_ON_ENTRY: dict[tuple[str, str], tuple[Limit, ...]] = {
    (Kind.LIANGFEI, Status.FILED): (FILING_DECISION,),
    (Kind.LIANGFEI, Status.CLOSED_NO_BASIS): (FILING_DECISION,),
    (Kind.LIANGFEI, Status.REFERRED_OUT): (FILING_DECISION,),
    (Kind.LIANGFEI, Status.DECIDED): (DECISION, HEARING_REQUEST),
    (Kind.LIANGFEI, Status.HEARING_REQUESTED): (HEARING_REQUEST,),
    (Kind.LIANGFEI, Status.SERVED): (SERVICE,),
    (Kind.LIANGFEI, Status.CLOSED): (PAYMENT, DECISION),
    (Kind.LIANGFEI, Status.REFERRED_POLICE): (DECISION,),
    (Kind.LIANGFEI, Status.MERGED): (FILING_DECISION, DECISION),
    (Kind.PETITION, Status.ACCEPTANCE_NOTIFIED): (ACCEPTANCE,),
    (Kind.PETITION, Status.TRANSFERRED_OUT): (ACCEPTANCE,),
    (Kind.PETITION, Status.OPINION_ISSUED): (CONCLUSION,),
    (Kind.PETITION, Status.REVIEW_DONE): (REVIEW,),
    (Kind.PETITION, Status.REEXAM_DONE): (REEXAM,),
}

# A suspended 两非 case stops its 90-day clock until it resumes.
PAUSED_IN = {(Kind.LIANGFEI, Status.SUSPENDED): (DECISION,)}
