"""Consent pages: a person's consent records, recording one, withdrawing one."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from bureau import attachments, printing, scoping
from bureau.views_base import add_service_errors, visible_or_404
from households import selectors
from households.models import Consent, Person
from households.models.consent import Method, Purpose
from households.services import consent as consent_services


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=gettext_lazy("Purpose"), choices=Purpose.choices)
    text_version = forms.CharField(
        label=gettext_lazy("Version of the text shown"),
        max_length=50,
        help_text=gettext_lazy("As printed on the form, e.g. 2026-01."),
    )
    method = forms.ChoiceField(
        label=gettext_lazy("Given how"),
        choices=Method.choices,
        widget=forms.RadioSelect,
        initial=Method.PAPER,
    )
    given_at = forms.DateTimeField(
        label=gettext_lazy("Given at"),
        required=False,
        help_text=gettext_lazy("Leave empty for now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    guardian_name = forms.CharField(
        label=gettext_lazy("Guardian (for a child under 14)"),
        max_length=100,
        required=False,
    )
    scope = forms.CharField(
        label=gettext_lazy("Scope"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    scan = forms.FileField(
        label=gettext_lazy("Scan of the signed form"),
        required=False,
        help_text=gettext_lazy("Needed for a paper consent: PDF, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": attachments.ACCEPT}),
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("How the withdrawal was made"),
        max_length=500,
        required=False,
    )


def _person(user, pk: int) -> Person:
    return visible_or_404(
        selectors.visible_persons, user, pk=pk, related=("household__village",)
    )


def _page(request, person: Person, form: ConsentForm | None, status: int = 200):
    consents = consent_services.visible_consents(request.user).filter(person=person)
    return render(
        request,
        "households/consent_list.html",
        {
            "person": person,
            "consents": consents,
            "form": form,
            "withdraw_form": WithdrawForm(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required("households.view_consent", raise_exception=True)
@scoping.scoped
def consent_list(request, pk: int):
    """A person's consents, newest first; staff record a new one on the same page."""
    person = _person(request.user, pk)
    may_record = request.user.has_perm("households.add_consent")
    if request.method == "GET":
        return _page(request, person, ConsentForm() if may_record else None)
    if not may_record:
        return _page(request, person, None, status=403)
    form = ConsentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        scan = data["scan"]
        try:
            consent_services.record_consent(
                by=request.user,
                person=person,
                purpose=data["purpose"],
                text_version=data["text_version"],
                method=data["method"],
                given_at=data["given_at"],
                scope=data["scope"],
                guardian_name=data["guardian_name"],
                scan=scan,
                scan_name=scan.name if scan else "",
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                # A refused scan: attach_file names the file in its message.
                form.add_error("scan", error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("households:consent-list", pk=person.pk)
    return _page(request, person, form, status=400)


@require_POST
@permission_required("households.change_consent", raise_exception=True)
@scoping.scoped
def consent_withdraw(request, pk: int):
    """Withdraw a consent now: processing for its purpose stops from this moment."""
    consent: Consent = visible_or_404(
        consent_services.visible_consents, request.user, pk=pk
    )
    form = WithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    consent_services.withdraw_consent(by=request.user, consent=consent, note=note)
    messages.success(
        request,
        _("The consent to %(purpose)s was withdrawn.")
        % {"purpose": consent.get_purpose_display()},
    )
    return redirect("households:consent-list", pk=consent.person_id)


@permission_required("households.view_consent", raise_exception=True)
@scoping.scoped
def consent_print(request):
    """Consent records (?id=…&id=…) as one print job, one A4 sheet each.

    Every id must be visible to the user: one from another township answers 404 for the
    whole batch rather than printing the others silently.
    """
    try:
        ids = sorted({int(value) for value in request.GET.getlist("id")})
    except ValueError:
        raise Http404 from None
    consents = list(
        consent_services.visible_consents(request.user)
        .filter(pk__in=ids)
        .select_related("person__household__village")
        .order_by("pk")
    )
    if not ids or len(consents) != len(ids):
        raise Http404
    documents = [
        printing.PrintDocument(
            template="households/consent_print.html",
            title=_("Record of consent"),
            number=printing.document_number(
                _("Consent"), consent.given_at.year, f"{consent.pk:06d}"
            ),
            context={"consent": consent},
        )
        for consent in consents
    ]
    person = consents[0].person
    return printing.print_response(
        request,
        documents,
        title=_("Consent records"),
        back_url=reverse("households:consent-list", args=[person.pk]),
    )
