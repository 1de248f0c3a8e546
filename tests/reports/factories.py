import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from reports.models import Directive, DirectiveItem
from tests.bureau.factories import UserFactory


class DirectiveFactory(DjangoModelFactory):
    class Meta:
        model = Directive
        django_get_or_create = ["month"]

    month = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    title = factory.Sequence(lambda n: f"月指令{n}")
    created_by = factory.SubFactory(UserFactory, role="chief")


class DirectiveItemFactory(DjangoModelFactory):
    class Meta:
        model = DirectiveItem

    directive = factory.SubFactory(DirectiveFactory)
    position = factory.Sequence(int)
    kind = DirectiveItem.Kind.TASK
    title = factory.Sequence(lambda n: f"任务{n}")
    weight = 5
    rule = DirectiveItem.Rule.TASK
    due_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=5)
    )
