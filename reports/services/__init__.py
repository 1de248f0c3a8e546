"""Writes of the reports app: directives, sign-off, the ledger, publication, yellow cards.

Every function checks the acting user's permission and township, runs in a transaction,
and refuses a change the month's state no longer allows (a published month is frozen;
a later change is a revision with a reason).
"""

from reports.services._common import LEDGER_CLOCK as LEDGER_CLOCK
from reports.services._common import PLAN_CLOCK as PLAN_CLOCK
from reports.services._common import RECTIFICATION_DAYS as RECTIFICATION_DAYS
from reports.services.directives import add_item as add_item
from reports.services.directives import close_ledger_entry as close_ledger_entry
from reports.services.directives import create_directive as create_directive
from reports.services.directives import issue_directive as issue_directive
from reports.services.directives import (
    remind_unsigned_receipts as remind_unsigned_receipts,
)
from reports.services.directives import sign_receipt as sign_receipt
from reports.services.publishing import decide_yellow_card as decide_yellow_card
from reports.services.publishing import publish_month as publish_month
from reports.services.publishing import (
    receive_rectification_plan as receive_rectification_plan,
)
from reports.services.publishing import revise_month as revise_month
