"""The printable documents of a case, on the core print templates (bureau.printing).

Each document prints for one case read through the case selector, so another
township's case answers 404. None of them carries the sealed reporter: a notice to a
petitioner leaves the addressee line for the handler to fill in by hand.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau import printing, scoping
from casework import clocks as limits
from casework import selectors
from casework.models import Case, CaseParty, Decision
from casework.views._common import case_of
from casework.workflow import Kind


@dataclass(frozen=True)
class Document:
    slug: str
    kind: str
    title: str
    prefix: str  # the word of its document number: 罚决〔2026〕7号

    @property
    def template(self) -> str:
        return f"print/casework/{self.slug.replace('-', '_')}.html"


DOCUMENTS = (
    Document("filing-approval", Kind.LIANGFEI, _("Filing approval form"), "立审"),
    Document(
        "pre-decision-notice",
        Kind.LIANGFEI,
        _("Notice of intended administrative penalty"),
        "罚告",
    ),
    Document(
        "penalty-decision", Kind.LIANGFEI, _("Administrative penalty decision"), "罚决"
    ),
    Document(
        "petition-acceptance",
        Kind.PETITION,
        _("Notice of acceptance of a petition"),
        "信受",
    ),
    Document("petition-opinion", Kind.PETITION, _("Opinion on a petition"), "信意"),
)
BY_SLUG = {document.slug: document for document in DOCUMENTS}


def documents_for(case: Case) -> list[dict]:
    """The documents a case of this kind prints, as links for its page."""
    return [
        {
            "title": document.title,
            "url": reverse("casework:case-print", args=[case.pk])
            + f"?doc={document.slug}",
        }
        for document in DOCUMENTS
        if document.kind == case.kind
    ]


def _clock_due(case: Case, limit) -> object:
    clock = selectors.case_clocks(case).filter(kind=limit.kind).last()
    return clock.due_on if clock else None


def _context(case: Case) -> dict:
    return {
        "case": case,
        "handlers": list(case.handlers.order_by("full_name", "username")),
        "today": timezone.localdate(),
        "hearing_due": _clock_due(case, limits.HEARING_REQUEST),
        "conclusion_due": _clock_due(case, limits.CONCLUSION),
        "lead": getattr(case, "lead", None),
        "parties": [
            link.party
            for link in selectors.case_parties(case)
            if link.role == CaseParty.Role.RESPONDENT
        ],
        "decision": Decision.objects.filter(case=case).first(),
        "penalties": list(selectors.case_penalties(case)),
        "items": list(case.seized_items.order_by("seized_on", "pk")),
    }


@permission_required("casework.view_case", raise_exception=True)
@scoping.scoped
def case_print(request, pk: int):
    """The case's documents ready to print on A4: `?doc=<slug>` one, otherwise all of its kind."""
    case = case_of(request, pk)
    wanted = request.GET.get("doc", "")
    specs = [
        spec
        for spec in DOCUMENTS
        if spec.kind == case.kind and (not wanted or spec.slug == wanted)
    ]
    if not specs:
        raise Http404("This kind of case has no such document.")
    context = _context(case)
    pages = [
        printing.PrintDocument(
            template=spec.template,
            title=str(spec.title),
            number=printing.document_number(spec.prefix, case.year, case.serial),
            context=context,
        )
        for spec in specs
    ]
    title = str(specs[0].title) if len(specs) == 1 else str(_("Documents"))
    return printing.print_response(
        request,
        pages,
        title=f"{title} · {case.number}",
        back_url=reverse("casework:case-detail", args=[case.pk]),
    )
