from io import StringIO

import pytest
from django.core.management import call_command

from reports.models import Directive, MonthlyFigure, Publication, RankingRun

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_published_months_and_a_provisional_one():
    output = StringIO()
    call_command("seed_demo", "--persons", "60", stdout=output)

    assert Directive.objects.count() == 3
    assert Publication.objects.count() == 2
    assert RankingRun.objects.filter(is_current=True).count() == 3
    assert "earlier months published" in output.getvalue()
    assert MonthlyFigure.objects.filter(indicator__startswith="households.").exists()
    call_command("seed_demo", stdout=StringIO())
    assert RankingRun.objects.count() == 3
