"""Printable documents: notices, decisions and records printed from HTML with print CSS.

A view fetches its rows through its own `visible_*` selector (so another township's
document answers 404 like any page), turns each into a `PrintDocument` naming the
template of its body, and returns `print_response(request, documents, title=...)`.
The page (`templates/print/base.html`, `static/css/print.css`) is A4 with office margins;
every document carries the bureau's name and its document number and starts on a new
sheet, so a batch of notices is one print job.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers


@dataclass(frozen=True)
class PrintDocument:
    """One document: its body template (given `doc` = context), title and number."""

    template: str
    title: str
    number: str
    context: dict[str, Any] = field(default_factory=dict)


def document_number(prefix: str, year: int, serial: int | str) -> str:
    """An official document number in the usual form: 示卫〔2026〕12号."""
    return f"{prefix}〔{year}〕{serial}号"


def print_response(
    request: HttpRequest,
    documents: Sequence[PrintDocument],
    *,
    title: str,
    back_url: str = "",
) -> HttpResponse:
    """The documents as one printable page, one per A4 sheet; never cached."""
    response = render(
        request,
        "print/base.html",
        {
            "documents": list(documents),
            "title": title,
            "back_url": back_url,
            "bureau_name": settings.BUREAU_NAME,
            "printed_at": timezone.now(),
        },
    )
    add_never_cache_headers(response)
    return response
