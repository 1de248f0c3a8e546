"""Forms of the register's pages. They parse input; the services apply the rules."""

from households.forms.base import BootstrapMixin as BootstrapMixin
from households.forms.events import CorrectionDecisionForm as CorrectionDecisionForm
from households.forms.events import CorrectionForm as CorrectionForm
from households.forms.events import DeathForm as DeathForm
from households.forms.events import MoveForm as MoveForm
from households.forms.events import MoveHouseholdForm as MoveHouseholdForm
from households.forms.events import RevealIdForm as RevealIdForm
from households.forms.register import HouseholdCreateForm as HouseholdCreateForm
from households.forms.register import HouseholdEditForm as HouseholdEditForm
from households.forms.register import PersonCreateForm as PersonCreateForm
from households.forms.register import PersonEditForm as PersonEditForm
from households.forms.register import PersonSearchForm as PersonSearchForm
