"""Register case rows for the scope probe (see tests/scope.py)."""

from tests.casework.factories import open_case
from tests.scope import scope_factory


@scope_factory("casework.Case")
def case(*, village, user):
    return open_case(village=village, by=user, handlers=[user])
