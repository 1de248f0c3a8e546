"""Register rows for the scope probe (see tests/scope.py)."""

from households.models import Consent, ReconciliationItem, SourceBatch
from households.services.consent import record_consent
from tests.households.factories import (
    CorrectionFactory,
    HouseholdFactory,
    MigrantRecordFactory,
    PersonFactory,
)
from tests.scope import scope_factory


def _person(village):
    return PersonFactory.create(household=HouseholdFactory.create(village=village))


@scope_factory("households.Household")
def household(*, village, user):
    return HouseholdFactory.create(village=village)


@scope_factory("households.Person")
def person(*, village, user):
    return _person(village)


@scope_factory("households.Correction")
def correction(*, village, user):
    return CorrectionFactory.create(person=_person(village))


@scope_factory("households.MigrantRecord")
def migrant_record(*, village, user):
    return MigrantRecordFactory.create(person=_person(village))


@scope_factory("households.ReconciliationItem")
def reconciliation_item(*, village, user):
    batch = SourceBatch.objects.create(
        source=SourceBatch.Source.values[0],
        filename="police.csv",
        sha256=f"{village.pk:0>64}"[-64:],
        imported_by=user,
    )
    return ReconciliationItem.objects.create(
        batch=batch,
        kind=ReconciliationItem.Kind.values[0],
        township=village.township,
        source_row=2,
        source_facts={},
    )


@scope_factory("households.Consent")
def consent(*, village, user):
    return record_consent(
        by=user,
        person=_person(village),
        purpose=Consent.Purpose.values[0],
        text_version="2026-01",
        method=Consent.Method.IN_PERSON,
    )
