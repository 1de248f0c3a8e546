"""Every write of the check-ups app: one function per use case, acting user `by=`."""

from checkups.services.campaigns import (
    add_site,
    close_campaign,
    create_campaign,
    may_close_campaign,
    may_run_campaign,
    open_campaign,
)
from checkups.services.invitations import (
    may_change_invitation,
    remind_invitations,
    set_invitation_status,
)

__all__ = [
    "add_site",
    "close_campaign",
    "create_campaign",
    "may_change_invitation",
    "may_close_campaign",
    "may_run_campaign",
    "open_campaign",
    "remind_invitations",
    "set_invitation_status",
]
