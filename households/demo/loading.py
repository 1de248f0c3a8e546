"""Loading the demo register into the database through the register import."""

import random
from datetime import date, timedelta

from households.demo import tables as data
from households.demo.rows import AS_OF, DEFAULT_SEED, generate_register_rows

LOADER_USERNAME = "demo-loader"
AGREEMENT_SERVICES = (
    "流动人口计划生育与基本公共卫生服务互认：孕前优生检查、免费避孕药具、妇幼健康随访"
)


def demo_loader():
    """The account the demo register is imported as: staff serving every township.

    It must be active (scoping ignores inactive users) but has no usable password, so
    nobody can log in as it; its name says what it is in the audit trail.
    """
    from bureau.models import Township, User
    from bureau.roles import Role

    loader, created = User.objects.get_or_create(
        username=LOADER_USERNAME,
        defaults={"role": Role.STAFF, "full_name": "演示数据导入（系统）"},
    )
    if created:
        loader.set_unusable_password()
        loader.save()
    missing = Township.objects.exclude(staff=loader)
    if missing.exists():
        loader.townships.add(*missing)
    return loader


def build_register(*, persons: int, seed: int = DEFAULT_SEED) -> int:
    """Import a generated register of `persons` rows for the district's villages.

    The rows go through the register import (every rule, bulk write, audit triggers)
    as `demo_loader()`, all or nothing; then migrant records for those who moved in or
    away, and service agreements with the counties they come from. Rerunning with the
    same arguments changes nothing (the import skips unchanged rows). Returns the number
    of persons created. Raises ValueError with the import's first problems if any row
    is refused (the villages changed, say).
    """
    from django.conf import settings

    from bureau.audit import audit_context
    from bureau.models import Village
    from households.importing import import_register_rows

    villages = list(
        Village.objects.current().order_by("code").values_list("code", "name")
    )
    if not villages:
        raise ValueError("The district has no villages yet; load the org units first.")
    loader = demo_loader()
    rows = generate_register_rows(
        persons=persons,
        seed=seed,
        villages=villages,
        district_code=settings.BUREAU_DISTRICT_CODE,
    )
    result = import_register_rows(by=loader, rows=rows)
    if result.blocking_errors:
        problems = "; ".join(
            f"row {e.row} {e.column}: {e.message}" for e in result.blocking_errors[:5]
        )
        raise ValueError(f"The demo register was refused: {problems}")
    with audit_context(user=loader.pk, source="households.demo.build_register"):
        add_migrant_records(seed=seed)
        add_county_agreements()
    return result.rows_created


def add_migrant_records(*, seed: int = DEFAULT_SEED) -> int:
    """One open inflow or outflow record for each migrant who has none; returns how many."""
    from households.models import MigrantRecord, Person

    counties = {code: name for code, name, _, _ in data.MIGRANT_COUNTIES}
    migrants = (
        Person.objects.filter(
            residence_status__in=("moved_in", "moved_away"),
            migrant_records__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", "residence_status", "id_prefix", "id_number_hash", "phones")
    )
    created = 0
    batch: list[MigrantRecord] = []
    for pk, status, prefix, id_hash, phones in migrants.iterator(chunk_size=2000):
        rng = random.Random(f"{seed}:migrant:{id_hash}")  # noqa: S311 - demo data, not secrets
        inflow = status == "moved_in"
        county = (
            prefix if inflow and prefix in counties else rng.choice(data.DESTINATIONS)
        )
        if inflow and county not in counties:
            county = rng.choice(list(counties))
        batch.append(
            MigrantRecord(
                person_id=pk,
                direction="inflow" if inflow else "outflow",
                county_code=county,
                county_name=counties[county],
                since=AS_OF - timedelta(days=rng.randrange(60, 8 * 365)),
                workplace=rng.choice(data.WORKPLACES),
                contact=(phones or [""])[0],
            )
        )
        if len(batch) >= 2000:
            created += len(MigrantRecord.objects.bulk_create(batch))
            batch = []
    if batch:
        created += len(MigrantRecord.objects.bulk_create(batch))
    return created


def add_county_agreements() -> int:
    """Service agreements with the counties the demo's migrants come from or go to."""
    from households.models import CountyAgreement

    created = 0
    for index, (code, name, _, _) in enumerate(data.MIGRANT_COUNTIES):
        _, made = CountyAgreement.objects.get_or_create(
            county_code=code,
            defaults={
                "county_name": name,
                "signed_on": date(2016 + index % 8, 1 + index % 12, 1 + index * 3 % 28),
                "services": AGREEMENT_SERVICES,
                "contact": f"{name}卫生健康局流动人口服务科",
            },
        )
        created += made
    return created
