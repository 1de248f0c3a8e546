"""Every write of the check-ups app: one function per use case, acting user `by=`."""

from checkups.services.campaigns import (
    add_site,
    close_campaign,
    create_campaign,
    may_close_campaign,
    may_run_campaign,
    open_campaign,
)
from checkups.services.couples import (
    assess_risk,
    end_couple,
    may_change_couple,
    record_counselling,
    register_couple,
)
from checkups.services.invitations import (
    may_change_invitation,
    remind_invitations,
    set_invitation_status,
)
from checkups.services.visits import (
    add_referral,
    may_record_visit,
    may_sign_as_verifier,
    may_verify_visit,
    record_referral_outcome,
    record_visit,
    sign_as_examiner,
    sign_as_verifier,
    update_visit,
)

__all__ = [
    "add_referral",
    "add_site",
    "assess_risk",
    "close_campaign",
    "create_campaign",
    "end_couple",
    "may_change_couple",
    "may_change_invitation",
    "may_close_campaign",
    "may_record_visit",
    "may_run_campaign",
    "may_sign_as_verifier",
    "may_verify_visit",
    "open_campaign",
    "record_counselling",
    "record_referral_outcome",
    "record_visit",
    "register_couple",
    "remind_invitations",
    "set_invitation_status",
    "sign_as_examiner",
    "sign_as_verifier",
    "update_visit",
]
