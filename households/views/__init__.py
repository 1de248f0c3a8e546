"""The register's browser pages for township staff, chiefs and auditors."""

from households.views.corrections import correction_create as correction_create
from households.views.corrections import correction_decide as correction_decide
from households.views.corrections import correction_detail as correction_detail
from households.views.corrections import correction_list as correction_list
from households.views.events import person_death as person_death
from households.views.events import person_move_away as person_move_away
from households.views.events import person_move_household as person_move_household
from households.views.events import person_move_in as person_move_in
from households.views.households import household_create as household_create
from households.views.households import household_detail as household_detail
from households.views.households import household_edit as household_edit
from households.views.households import household_list as household_list
from households.views.persons import person_create as person_create
from households.views.persons import person_detail as person_detail
from households.views.persons import person_edit as person_edit
from households.views.persons import person_reveal_id as person_reveal_id
from households.views.search import person_search as person_search
