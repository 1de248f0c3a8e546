"""Forms of the casework pages. They parse input; casework.services applies the rules."""

from casework.forms.cases import CaseRegisterForm as CaseRegisterForm
from casework.forms.cases import HandlersForm as HandlersForm
from casework.forms.cases import MoveForm as MoveForm
from casework.forms.cases import NoteForm as NoteForm
from casework.forms.cases import RevealForm as RevealForm
from casework.forms.cases import handler_choices as handler_choices
from casework.forms.ledger import DecisionForm as DecisionForm
from casework.forms.ledger import DisposeForm as DisposeForm
from casework.forms.ledger import ExtensionRequestForm as ExtensionRequestForm
from casework.forms.ledger import PartyForm as PartyForm
from casework.forms.ledger import PaymentForm as PaymentForm
from casework.forms.ledger import RewardForm as RewardForm
from casework.forms.ledger import SeizedItemForm as SeizedItemForm
from casework.forms.ledger import ServiceForm as ServiceForm
from casework.forms.statistics import StatisticsForm as StatisticsForm
