"""Reconciliation with files shared by the health and police departments.

`import_source_file` checks a hospital birth-registry or police events file, matches it
against the register and queues each difference; `resolve_item` and `assign_item`
(households.services.reconciliation, re-exported here) decide the queue. Nothing here
changes the register: a fix goes through a correction.
"""

from households.reconciliation.formats import HOSPITAL_COLUMNS as HOSPITAL_COLUMNS
from households.reconciliation.formats import POLICE_COLUMNS as POLICE_COLUMNS
from households.reconciliation.importing import SourceFileRefused as SourceFileRefused
from households.reconciliation.importing import (
    import_source_file as import_source_file,
)
from households.services.reconciliation import Action as Action
from households.services.reconciliation import assign_item as assign_item
from households.services.reconciliation import available_actions as available_actions
from households.services.reconciliation import may_change as may_change
from households.services.reconciliation import may_place as may_place
from households.services.reconciliation import place_item as place_item
from households.services.reconciliation import possible_owners as possible_owners
from households.services.reconciliation import resolve_item as resolve_item
