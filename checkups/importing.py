"""Clinics' attendance lists as an import kind of bureau.imports ("checkups.attendance").

    manage.py import checkups.attendance 到检名单.xlsx --as USER [--dry-run] [--valid-only]

Each row names a person by ID number and the day of the check. The person must be
invited by an open campaign of one of the uploader's townships, with the consent the
check needs in force. A committed row becomes an unsigned visit (source "import"): like
any visit it counts only once the examiner and a different verifier have signed it.
Row errors: an ID number that is malformed or not in the register, a person no open
campaign invites, a date that cannot be read or falls outside the campaign, the same
person twice in the file, a visit already recorded, no consent in force.
"""

import re
from datetime import date
from typing import BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from bureau.imports import (
    Importer,
    ImportResult,
    Progress,
    RowError,
    Rows,
    no_progress,
    register_importer,
)
from bureau.spreadsheets import Column, write_xlsx
from checkups.models import Invitation, Site, Visit
from checkups.models.campaigns import Status as CampaignStatus
from checkups.selectors import visible_invitations
from checkups.services.visits import purposes_for, record_visit
from households.idnumbers import normalize_id_number
from households.selectors import id_number_hash, visible_persons
from households.services.consent import has_consent

KIND = "checkups.attendance"
COLUMNS = [
    Column("id_number", ("身份证号", "身份证号码", "id_number"), required=True),
    Column("name", ("姓名", "name")),
    Column("visited_on", ("检查日期", "到检日期", "visited_on", "date"), required=True),
    Column("site", ("检查点", "site")),
]
_DATE = re.compile(r"^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$")


def parse_day(text: str) -> date | None:
    """2026-04-10, 2026/4/10, 2026.04.10, 20260410 or 2026年4月10日; None otherwise."""
    text = (text or "").strip().split(" ")[0].split("T")[0]
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


class _Checked:
    """A readable row: the invitation and person it is about, the day and the site."""

    def __init__(self, row: int, invitation: Invitation, person, day: date, site):
        self.row, self.invitation, self.person = row, invitation, person
        self.day, self.site = day, site


class AttendanceImporter(Importer):
    kind = KIND
    label = "查体到检名单"
    permission = "checkups.add_visit"
    columns = COLUMNS
    template_filename = "查体到检名单模板.xlsx"
    title = gettext_lazy("Check-up attendance imports")
    action_label = gettext_lazy("Import an attendance list")
    file_label = gettext_lazy("Attendance list")
    instructions = gettext_lazy(
        "A clinic's list of who came: ID number, name, date of the check and site. "
        "Each person must be invited by an open campaign of your townships. The rows "
        "become visits that the examiner and a verifier then sign."
    )

    def commit_summary(self, result: ImportResult) -> str:
        return gettext("%(created)d visits recorded, waiting for two signatures.") % {
            "created": result.rows_created
        }

    def run(
        self,
        rows: Rows,
        *,
        by,
        valid_only: bool,
        dry_run: bool,
        progress: Progress = no_progress,
    ) -> ImportResult:
        rows = list(rows)
        progress(len(rows))
        result = ImportResult(rows_total=len(rows), dry_run=dry_run)
        checked = self._check(rows, by=by, errors=result.errors)
        result.rows_invalid = len({e.row for e in result.blocking_errors})
        if dry_run or (result.blocking_errors and not valid_only):
            return result
        try:
            with transaction.atomic():
                for item in checked:
                    record_visit(
                        by=by,
                        invitation=item.invitation,
                        person=item.person,
                        visited_on=item.day,
                        site=item.site,
                        identity_method=Visit.IdentityMethod.CARD_SEEN,
                        sign=False,
                        source="import",
                    )
        except (ValidationError, PermissionDenied) as exc:
            message = "; ".join(getattr(exc, "messages", None) or [str(exc)])
            result.errors.append(RowError(row=0, column="", message=message))
            return result
        result.rows_created = len(checked)
        result.committed = True
        return result

    def _check(self, rows, *, by, errors: list[RowError]) -> list[_Checked]:
        def error(row: int, column: str, message: str) -> None:
            errors.append(
                RowError(row=row, column=self.column_label(column), message=message)
            )

        hashes = {
            number: id_number_hash(normalize_id_number(cells.get("id_number", "")))
            for number, cells in rows
        }
        persons = {
            p.id_number_hash: p
            for p in visible_persons(by).filter(id_number_hash__in=set(hashes.values()))
        }
        invitations = _open_invitations(by, [p.pk for p in persons.values()])
        seen: dict[int, int] = {}
        checked = []
        for number, cells in rows:
            raw = normalize_id_number(cells.get("id_number", ""))
            if len(raw) != 18:
                error(number, "id_number", gettext("not an 18-character ID number"))
                continue
            person = persons.get(hashes[number])
            if person is None:
                error(
                    number,
                    "id_number",
                    gettext("no person with this ID number in your townships"),
                )
                continue
            if person.pk in seen:
                error(
                    number,
                    "id_number",
                    gettext("the same person is already in row %(row)d")
                    % {"row": seen[person.pk]},
                )
                continue
            seen[person.pk] = number
            name = (cells.get("name") or "").strip()
            if name and name != person.name:
                error(
                    number,
                    "name",
                    gettext("the register has another name for this ID number"),
                )
                continue
            found = self._one(
                number, person, cells, invitations.get(person.pk, []), error
            )
            if found is not None:
                checked.append(found)
        return checked

    def _one(self, number, person, cells, invited, error) -> _Checked | None:
        if not invited:
            error(
                number,
                "id_number",
                gettext("no open campaign of yours invites this person"),
            )
            return None
        day = parse_day(cells.get("visited_on", ""))
        if day is None:
            error(
                number,
                "visited_on",
                gettext("the date cannot be read (use 2026-04-10)"),
            )
            return None
        if day > timezone.localdate():
            error(number, "visited_on", gettext("the date is in the future"))
            return None
        matching = [
            i for i in invited if i.campaign.starts_on <= day <= i.campaign.ends_on
        ]
        if not matching:
            error(
                number,
                "visited_on",
                gettext("no campaign inviting this person runs on that date"),
            )
            return None
        invitation = matching[0]
        if invitation.visits.filter(person=person).exists():
            error(
                number,
                "id_number",
                gettext("a visit of this person is already recorded"),
            )
            return None
        for purpose in purposes_for(invitation.campaign):
            if not has_consent(person, purpose):
                error(
                    number, "id_number", gettext("the person's consent is not in force")
                )
                return None
        site = None
        site_name = (cells.get("site") or "").strip()
        if site_name:
            site = Site.objects.filter(
                campaign=invitation.campaign, name=site_name
            ).first()
            if site is None:
                error(number, "site", gettext("the campaign has no site of this name"))
                return None
        return _Checked(number, invitation, person, day, site)

    def write_template(self, target: BinaryIO) -> None:
        write_xlsx(target, headers=[c.headers[0] for c in COLUMNS], rows=[])


def _open_invitations(by, person_ids: list[int]) -> dict[int, list[Invitation]]:
    """Invitations of open campaigns for each person (their own, or their couple's)."""
    from django.db.models import Q

    found: dict[int, list[Invitation]] = {}
    rows = (
        visible_invitations(by)
        .filter(campaign__status=CampaignStatus.OPEN)
        .filter(
            Q(person_id__in=person_ids)
            | Q(couple__woman_id__in=person_ids)
            | Q(couple__man_id__in=person_ids)
        )
        .select_related("campaign", "couple")
    )
    for invitation in rows:
        if invitation.couple_id:
            keys = [invitation.couple.woman_id, invitation.couple.man_id]
        else:
            keys = [invitation.person_id]
        for key in keys:
            if key in person_ids:
                found.setdefault(key, []).append(invitation)
    return found


register_importer(AttendanceImporter())
