from django.urls import reverse

from tests.incentives.factories import entitled, monthly_scheme


def test_operators_edit_schemes_and_see_accounts_masked(
    client, administrator, staff, village
):
    scheme = monthly_scheme()
    entitlement = entitled(scheme, village=village, by=staff)
    account = entitlement.payee.benefit_accounts.get()
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)

    assert (
        client.get(
            reverse("admin:incentives_scheme_change", args=[scheme.pk])
        ).status_code
        == 200
    )
    page = client.get(reverse("admin:incentives_bankaccount_change", args=[account.pk]))

    assert page.status_code == 200
    assert account.masked_number in page.content.decode()
    assert account.number_encrypted not in page.content.decode()


def test_bank_file_requests_are_listed_read_only(
    client, administrator, chief, staff, village
):
    from incentives import services
    from incentives.models import BankFileJob
    from tests.bureau.factories import UserFactory
    from tests.incentives.factories import approve

    scheme = monthly_scheme()
    entitled(scheme, village=village, by=staff)
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    services.freeze_batch(by=chief, batch=batch)
    approve(batch, by=UserFactory.create(role="chief"))
    job = services.request_bank_file(by=chief, batch=batch)
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)

    listing = client.get(reverse("admin:incentives_bankfilejob_changelist"))
    change = client.post(
        reverse("admin:incentives_bankfilejob_change", args=[job.pk]),
        {"status": "done", "message": "edited"},
    )

    assert listing.status_code == 200
    assert str(batch) in listing.content.decode()
    assert change.status_code == 403
    assert BankFileJob.objects.get(pk=job.pk).status == "queued"
