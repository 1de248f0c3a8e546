"""Cases, their parties, leads, sanctions ledger and yearly targets."""

from casework.models.cases import Case as Case
from casework.models.cases import CaseCounter as CaseCounter
from casework.models.cases import CaseEvent as CaseEvent
from casework.models.leads import Lead as Lead
from casework.models.leads import ReporterReward as ReporterReward
from casework.models.parties import CaseParty as CaseParty
from casework.models.parties import Practitioner as Practitioner
from casework.models.parties import Provider as Provider
from casework.models.sanctions import Decision as Decision
from casework.models.sanctions import FinePayment as FinePayment
from casework.models.sanctions import Penalty as Penalty
from casework.models.sanctions import SeizedItem as SeizedItem
from casework.models.targets import CaseTarget as CaseTarget
