"""Campaigns: plan one, add its sites, open it (which makes the target list), close it.

Opening generates the invitations of the participating townships the user serves in
one INSERT … SELECT from the register; running it again (on an open campaign) adds only
people or couples who joined since, never a second invitation (ON CONFLICT DO NOTHING
on the unique (campaign, person) and (campaign, couple) constraints).
"""

from datetime import date

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.audit import audit_context
from bureau.models import Township
from bureau.scoping import townships_for
from checkups.models import Campaign, Site
from checkups.services._common import (
    invalid,
    locked,
    require_perm,
    require_township,
    years_before,
)
from households.models.consent import Purpose

K = Campaign.Kind
St = Campaign.Status
MIN_AGE, MAX_AGE = 20, 49

# Women 20–49 on the first day, alive, living in the district (residents and those who
# moved in), in a household of a participating village.
_WOMEN = """
INSERT INTO checkups_invitation
    (campaign_id, person_id, couple_id, household_id, village_id, township_id,
     status, status_note, version, created_at)
SELECT %(campaign)s, p.id, NULL, h.id, v.code, v.township_id,
       'invited', '', 1, %(now)s
FROM households_person p
JOIN households_household h ON h.id = p.household_id
JOIN bureau_village v ON v.code = h.village_id
WHERE p.sex = 'F' AND p.is_alive
  AND p.residence_status IN ('resident', 'moved_in')
  AND h.dissolved_on IS NULL
  AND p.birth_date > %(born_after)s AND p.birth_date <= %(born_by)s
  AND v.township_id = ANY(%(townships)s)
ON CONFLICT DO NOTHING
"""

# Registered couples (migrants included), both partners alive, with at least one
# partner's consent in force.
_COUPLES = """
INSERT INTO checkups_invitation
    (campaign_id, person_id, couple_id, household_id, village_id, township_id,
     status, status_note, version, created_at)
SELECT %(campaign)s, NULL, c.id, c.household_id, c.village_id, c.township_id,
       'invited', '', 1, %(now)s
FROM checkups_couple c
WHERE c.status = 'active'
  AND c.township_id = ANY(%(townships)s)
  AND NOT EXISTS (
      SELECT 1 FROM households_person d
      WHERE d.id IN (c.woman_id, c.man_id) AND NOT d.is_alive
  )
  AND EXISTS (
      SELECT 1 FROM households_consent k
      WHERE k.person_id IN (c.woman_id, c.man_id)
        AND k.purpose = %(purpose)s
        AND k.withdrawn_at IS NULL AND k.given_at <= %(now)s
  )
ON CONFLICT DO NOTHING
"""


def may_run_campaign(user, campaign: Campaign) -> bool:
    """Open or refresh: the role runs campaigns and serves a participating township."""
    return (
        user.has_perm("checkups.run_campaign")
        and campaign.townships.filter(
            code__in=townships_for(user).values("code")
        ).exists()
    )


def may_close_campaign(user, campaign: Campaign) -> bool:
    """Close: only someone who serves every participating township (the bureau)."""
    if not user.has_perm("checkups.run_campaign") or campaign.status != St.OPEN:
        return False
    return not campaign.townships.exclude(
        code__in=townships_for(user).values("code")
    ).exists()


def _check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise invalid("ends_on", _("A campaign cannot end before it starts."))


def create_campaign(
    *,
    by,
    kind: str,
    year: int,
    quarter: int,
    starts_on: date,
    ends_on: date,
    townships,
    name: str = "",
) -> Campaign:
    """Plan a campaign of `kind` for a quarter in the participating `townships`."""
    require_perm(by, "checkups.add_campaign")
    if kind not in K.values:
        raise invalid("kind", _("Unknown kind of campaign %s.") % kind)
    if quarter not in Campaign.Quarter.values:
        raise invalid("quarter", _("A quarter is 1, 2, 3 or 4."))
    _check_dates(starts_on, ends_on)
    townships = list(
        Township.objects.filter(pk__in=[getattr(t, "pk", t) for t in townships])
    )
    if not townships:
        raise invalid("townships", _("Choose at least one participating township."))
    for township in townships:
        require_township(by, township)
    with transaction.atomic(), audit_context(user=by.pk, action="create_campaign"):
        campaign = Campaign(
            kind=kind,
            year=year,
            quarter=quarter,
            name=name.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=by,
        )
        try:
            with transaction.atomic():
                campaign.save()
        except IntegrityError as exc:
            raise invalid(
                "quarter",
                _("There is already a campaign of this kind in that quarter."),
            ) from exc
        campaign.townships.set(townships)
    return campaign


def add_site(*, by, campaign: Campaign, name: str, township, address: str = "") -> Site:
    require_perm(by, "checkups.add_site")
    require_township(by, township)
    if not campaign.townships.filter(pk=getattr(township, "pk", township)).exists():
        raise invalid(
            "township", _("The township does not take part in this campaign.")
        )
    if not name.strip():
        raise invalid("name", _("Name the site."))
    with transaction.atomic(), audit_context(user=by.pk, action="add_site"):
        try:
            with transaction.atomic():
                return Site.objects.create(
                    campaign=campaign,
                    name=name.strip(),
                    address=address.strip(),
                    township_id=getattr(township, "pk", township),
                )
        except IntegrityError as exc:
            raise invalid(
                "name", _("This campaign already has a site of that name.")
            ) from exc


def generate_targets(campaign: Campaign, townships: list[str]) -> int:
    """Insert the missing invitations of `townships`; returns how many were added."""
    now = timezone.now()
    params = {"campaign": campaign.pk, "townships": townships, "now": now}
    if campaign.kind == K.REPRODUCTIVE_HEALTH:
        sql = _WOMEN
        params["born_after"] = years_before(campaign.starts_on, MAX_AGE + 1)
        params["born_by"] = years_before(campaign.starts_on, MIN_AGE)
    else:
        sql = _COUPLES
        params["purpose"] = Purpose.PREPREGNANCY_CHECKUP
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _stop_waiting(invitations, note: str) -> int:
    """Waiting invitations leave the list as moved away: no reminder, out of coverage."""
    from checkups.models import Invitation
    from checkups.models.invitations import PENDING

    return invitations.filter(status__in=PENDING).update(
        status=Invitation.Status.MOVED_AWAY,
        status_note=note,
        status_changed_at=timezone.now(),
        version=F("version") + 1,
    )


def mark_moved_away(campaign: Campaign, townships: list[str]) -> int:
    """Invitations still waiting of persons the register now shows as moved away become
    moved away (so they leave the coverage count); returns how many."""
    from checkups.models import Invitation

    return _stop_waiting(
        Invitation.objects.filter(
            campaign=campaign,
            township_id__in=townships,
            person__residence_status="moved_away",
        ),
        _("The register records the person as moved away."),
    )


def stop_for_the_deceased(campaign: Campaign, townships: list[str]) -> int:
    """Invitations still waiting of a person (or a couple's partner) the register now
    records as deceased stop: no reminder goes out, and coverage leaves them out. The
    invitation has no status of its own for this; it leaves the list as moved away, and
    its note says why. Returns how many."""
    from checkups.models import Invitation

    ours = Invitation.objects.filter(campaign=campaign, township_id__in=townships)
    return _stop_waiting(
        ours.filter(
            Q(person__is_alive=False)
            | Q(couple__woman__is_alive=False)
            | Q(couple__man__is_alive=False)
        ),
        _("The register records the person as deceased."),
    )


def open_campaign(*, by, campaign: Campaign) -> int:
    """Open a planned campaign, or refresh an open one: make the target list of the
    participating townships `by` serves, and mark waiting invitations of people who
    have since moved away or died. Returns the number of invitations added."""
    with transaction.atomic(), audit_context(user=by.pk, action="open_campaign"):
        campaign = locked(Campaign, campaign, None)
        if not may_run_campaign(by, campaign):
            raise invalid("campaign", _("You may not open this campaign."))
        if campaign.status == St.CLOSED:
            raise invalid("status", _("This campaign is closed."))
        ours = list(
            campaign.townships.filter(
                code__in=townships_for(by).values("code")
            ).values_list("code", flat=True)
        )
        added = generate_targets(campaign, ours)
        mark_moved_away(campaign, ours)
        stop_for_the_deceased(campaign, ours)
        now = timezone.now()
        if campaign.status == St.PLANNED:
            campaign.status = St.OPEN
            campaign.opened_at = now
        campaign.targets_generated_at = now
        campaign.version += 1
        campaign.save()
    return added


def close_campaign(
    *, by, campaign: Campaign, expected_version: int | None = None
) -> Campaign:
    """Close an open campaign. Invitations keep their status; nobody who did not come
    is marked as anything."""
    with transaction.atomic(), audit_context(user=by.pk, action="close_campaign"):
        campaign = locked(Campaign, campaign, expected_version)
        if campaign.status != St.OPEN:
            raise invalid("status", _("Only an open campaign can be closed."))
        if not may_close_campaign(by, campaign):
            raise invalid(
                "campaign",
                _("Only someone who serves every participating township may close it."),
            )
        campaign.status = St.CLOSED
        campaign.closed_at = timezone.now()
        campaign.version += 1
        campaign.save()
    return campaign
