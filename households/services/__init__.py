"""Writes to the register. Every change with a business rule goes through here.

Split by concept; import the package (`from households import services`) and
call `services.register_person(...)`.
"""

from households.services.corrections import (
    approve_correction as approve_correction,
)
from households.services.corrections import (
    correction_changes as correction_changes,
)
from households.services.corrections import (
    may_approve_correction as may_approve_correction,
)
from households.services.corrections import (
    may_withdraw_correction as may_withdraw_correction,
)
from households.services.corrections import (
    raise_correction as raise_correction,
)
from households.services.corrections import (
    reject_correction as reject_correction,
)
from households.services.errors import ConflictError as ConflictError
from households.services.family import FamilyError as FamilyError
from households.services.family import register_family as register_family
from households.services.identity import record_id_search as record_id_search
from households.services.identity import reveal_id_number as reveal_id_number
from households.services.register import (
    changed_core_facts as changed_core_facts,
)
from households.services.register import (
    record_move as record_move,
)
from households.services.register import (
    register_household as register_household,
)
from households.services.register import (
    register_person as register_person,
)
from households.services.register import (
    update_household as update_household,
)
from households.services.register import (
    update_person as update_person,
)
