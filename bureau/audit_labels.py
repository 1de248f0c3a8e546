"""What the audit pages call the actions and background tasks that changes come from.

The audit context stores machine names ("raise_correction", "households.tasks.
run_quality_checks_task"); an auditor reads these labels instead. A name missing here is
shown humanised ("Raise correction"), so a new action is readable before it is listed.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "register_household": _("Registered a household"),
    "update_household": _("Edited a household"),
    "register_person": _("Registered a person"),
    "update_person": _("Edited a person"),
    "raise_correction": _("Raised a correction"),
    "approve_correction": _("Approved a correction"),
    "reject_correction": _("Rejected a correction"),
    "import_source_file": _("Uploaded a hospital or police file"),
    "resolve_item": _("Decided a reconciliation item"),
    "assign_item": _("Assigned a reconciliation item"),
    "place_item": _("Placed a reconciliation item in a township"),
    "run_quality_checks": _("Ran the data-quality checks"),
    "submit_application": _("Submitted a benefit application"),
    "approve_application": _("Approved a benefit application"),
    "reject_application": _("Rejected a benefit application"),
    "return_application": _("Returned a benefit application"),
    "withdraw_application": _("Withdrew a benefit application"),
    "confirm_application": _("Confirmed a benefit application"),
    "confirm_condition": _("Confirmed a benefit condition"),
    "publish_notice": _("Published a public notice"),
    "raise_objection": _("Recorded an objection to a notice"),
    "record_bank_account": _("Recorded a bank account"),
    "suspend_entitlement": _("Suspended a benefit"),
    "resume_entitlement": _("Resumed a benefit"),
    "terminate_entitlement": _("Ended a benefit"),
    "decide_entitlement_change": _("Decided a proposed benefit change"),
    "propose_entitlement_changes": _("Proposed benefit changes from the register"),
    "create_batch": _("Created a payout batch"),
    "rebuild_batch": _("Rebuilt a payout batch"),
    "freeze_batch": _("Froze a payout batch"),
    "approve_batch": _("Approved a payout batch"),
    "close_batch": _("Closed a payout batch"),
    "cancel_batch": _("Cancelled a payout batch"),
    "create_follow_up_batch": _("Created a follow-up payout batch"),
    "request_bank_file": _("Asked for a bank file"),
    "build_bank_file": _("Built a bank file"),
    "export_bank_file": _("Exported a bank file"),
    "apply_bank_result": _("Recorded the bank's payment results"),
    "reconcile_batch": _("Reconciled a payout batch"),
    "resolve_flag": _("Resolved a flag"),
    "create_campaign": _("Created a check-up campaign"),
    "open_campaign": _("Opened a check-up campaign"),
    "close_campaign": _("Closed a check-up campaign"),
    "add_site": _("Added a check-up site"),
}

TASKS = {
    "seed_demo": _("Loading the demo data"),
    "quality_checks": _("Data-quality checks"),
    "households.tasks.run_quality_checks_task": _("Data-quality checks"),
    "bureau.tasks.email_notifications_task": _("Sending notification e-mails"),
    "bureau.tasks.check_import_task": _("Checking an import (dry run)"),
    "bureau.tasks.commit_import_task": _("Saving an import"),
    "bureau.tasks.run_export_task": _("Building an export"),
    "bureau.tasks.expire_exports_task": _("Deleting expired exports"),
    "bureau.tasks.recover_stale_imports_task": _("Recovering stalled imports"),
    "bureau.tasks.send_clock_reminders_task": _("Deadline reminders"),
    "incentives.tasks.propose_entitlement_changes_task": _(
        "Benefit changes from the register"
    ),
    "incentives.tasks.build_bank_file_task": _("Building a bank file"),
    "reports.tasks.nightly_ranking_task": _("Nightly scores and ranking"),
    "reports.tasks.refresh_statistics_task": _("Refreshing the statistics"),
    "reports.tasks.score_township_task": _("Scoring a township"),
    "reports.tasks.finish_run_task": _("Finishing a ranking run"),
    "reports.tasks.dispatch_townships": _("Nightly scores and ranking"),
}

SOURCES = {
    "households.demo.build_register": _("Loading the demo data"),
}


def _humanised(name: str) -> str:
    last = str(name).rsplit(".", 1)[-1].removesuffix("_task")
    return capfirst(last.replace("_", " "))


def action_label(name: str) -> str:
    return str(ACTIONS.get(name) or _humanised(name))


def task_label(name: str) -> str:
    return str(TASKS.get(name) or _humanised(name))


def source_label(name: str) -> str:
    return str(SOURCES.get(name) or TASKS.get(name) or _humanised(name))
