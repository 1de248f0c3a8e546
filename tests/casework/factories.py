"""Cases opened through the casework services, as township staff would."""

import datetime as dt

from bureau.roles import Role
from casework import services
from casework.models import Case
from tests.bureau.factories import UserFactory


def handler_of(township, **values):
    return UserFactory.create(role=Role.STAFF, townships=[township], **values)


def open_case(
    *,
    village,
    by=None,
    kind=Case.Kind.LIANGFEI,
    handlers=None,
    opened_on=dt.date(2026, 9, 1),
    title="线索：某诊所非医学需要胎儿性别鉴定",
    **values,
) -> Case:
    township = village.township
    by = by or handler_of(township)
    if handlers is None:
        handlers = [by, handler_of(township)]
    return services.open_case(
        by=by,
        kind=kind,
        township=township,
        title=title,
        handlers=handlers,
        opened_on=opened_on,
        **values,
    )
