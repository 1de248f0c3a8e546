"""Pieces every register form uses (the core's, re-exported for the register's forms)."""

from bureau.forms import (
    BootstrapMixin,
    DateInput,
    ScopedForm,
    VisibleModelChoiceField,
    VisibleVillageField,
    version_field,
)

__all__ = [
    "BootstrapMixin",
    "DateInput",
    "ScopedForm",
    "VisibleModelChoiceField",
    "VisibleVillageField",
    "version_field",
]
