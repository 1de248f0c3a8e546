"""A county chosen by name or code, with a lookup list that fills as the user types."""

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from households.counties import County, CountyNotFound, resolve_county, search_counties

OPTIONS_ID = "county-options"


class CountyInput(forms.TextInput):
    """A text box with a datalist; htmx refreshes the list from the lookup as one types.

    Without JavaScript the list holds the counties with a service agreement and the
    server still accepts any county name or code typed.
    """

    def __init__(self, attrs=None):
        base = {
            "list": OPTIONS_ID,
            "autocomplete": "off",
            "hx-get": reverse_lazy("households:county-lookup"),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": f"#{OPTIONS_ID}",
            "hx-swap": "innerHTML",
        }
        super().__init__({**base, **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        options = render_to_string(
            "households/_county_options.html", {"counties": search_counties("")}
        )
        return format_html(
            '{}<datalist id="{}">{}</datalist>', box, OPTIONS_ID, options
        )


class CountyField(forms.CharField):
    """Cleans to a County (code and full name) from a code, a chosen label or a name."""

    widget = CountyInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault(
            "help_text",
            _(
                "Type the county's name (e.g. 历下区) or its 6-digit code and choose it."
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value) -> County:
        text = super().clean(value)
        try:
            return resolve_county(text)
        except CountyNotFound as error:
            raise forms.ValidationError(error.message) from error
