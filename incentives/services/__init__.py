"""Every write of the incentives app: one function per use case, acting user `by=`."""

from incentives.services.accounts import record_bank_account, reveal_bank_account
from incentives.services.applications import (
    approve_application,
    attach_evidence,
    confirm_condition,
    reject_application,
    return_application,
    submit_application,
    withdraw_application,
)
from incentives.services.bankfile_jobs import (
    build_bank_file,
    latest_bank_file_job,
    request_bank_file,
)
from incentives.services.bankfiles import (
    download_bank_file,
    export_bank_file,
    render_bank_file,
)
from incentives.services.entitlements import (
    decide_entitlement_change,
    propose_entitlement_changes,
    resume_entitlement,
    suspend_entitlement,
    terminate_entitlement,
)
from incentives.services.errors import StateError
from incentives.services.notices import (
    confirm_application,
    publish_notice,
    raise_objection,
)
from incentives.services.payouts import (
    approve_batch,
    cancel_batch,
    create_batch,
    create_follow_up_batch,
    freeze_batch,
    rebuild_batch,
)
from incentives.services.results import (
    apply_bank_result,
    close_batch,
    import_bank_result_file,
    reconcile_batch,
    resolve_flag,
)

__all__ = [
    "StateError",
    "apply_bank_result",
    "approve_application",
    "approve_batch",
    "attach_evidence",
    "build_bank_file",
    "cancel_batch",
    "close_batch",
    "confirm_application",
    "confirm_condition",
    "create_batch",
    "create_follow_up_batch",
    "decide_entitlement_change",
    "download_bank_file",
    "export_bank_file",
    "freeze_batch",
    "import_bank_result_file",
    "latest_bank_file_job",
    "propose_entitlement_changes",
    "publish_notice",
    "raise_objection",
    "rebuild_batch",
    "reconcile_batch",
    "record_bank_account",
    "reject_application",
    "render_bank_file",
    "request_bank_file",
    "resolve_flag",
    "resume_entitlement",
    "return_application",
    "reveal_bank_account",
    "submit_application",
    "suspend_entitlement",
    "terminate_entitlement",
    "withdraw_application",
]
