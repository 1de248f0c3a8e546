"""Forms of the check-up pages. They parse input; the services decide."""

from checkups.forms.campaigns import CampaignForm, InvitationStatusForm
from checkups.forms.couples import CounsellingForm, CoupleForm, RiskAssessmentForm
from checkups.forms.visits import ReferralOutcomeForm, VerifyForm, VisitForm

__all__ = [
    "CampaignForm",
    "CounsellingForm",
    "CoupleForm",
    "InvitationStatusForm",
    "ReferralOutcomeForm",
    "RiskAssessmentForm",
    "VerifyForm",
    "VisitForm",
]
