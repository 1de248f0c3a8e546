import pytest
from django.urls import reverse

from tests.bureau.factories import UserFactory

MODELS = [
    "directive",
    "receipt",
    "ledgerentry",
    "rankingrun",
    "publication",
    "yellowcard",
    "monthlyfigure",
]


@pytest.mark.parametrize("model", MODELS)
def test_operators_can_read_every_reports_table_but_not_add(client, issued, model):
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))

    listing = client.get(reverse(f"admin:reports_{model}_changelist"))
    adding = client.get(reverse(f"admin:reports_{model}_add"))

    assert listing.status_code == 200
    assert adding.status_code == 403
