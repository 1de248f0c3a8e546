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
