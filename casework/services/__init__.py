"""Writes to cases: one function per use case, each in a transaction, acting user `by=`."""

from casework.services.cases import open_case as open_case
from casework.services.cases import reveal_reporter as reveal_reporter
from casework.services.cases import set_handlers as set_handlers
from casework.services.transitions import TransitionRefused as TransitionRefused
from casework.services.transitions import move_case as move_case
