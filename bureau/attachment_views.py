"""Attachment downloads: through the township rule, logged, never served as static files.

Uploads happen on the page of the row they belong to: that app's view fetches the row
through its own selector and calls `bureau.attachments.attach_file` with `AttachmentForm`.
"""

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from bureau import attachments, scoping


class AttachmentForm(forms.Form):
    """One file and what it is; the content check happens in `attach_file`."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG, XLSX or DOCX."),
        widget=forms.ClearableFileInput(attrs={"accept": attachments.ACCEPT}),
    )
    description = forms.CharField(
        label=_("Description"), max_length=200, required=False
    )


def attach_from_form(request, *, to, township) -> tuple[AttachmentForm, object | None]:
    """For an app's POST view of the row `to`: check the form and attach its file.

    The app's view has already fetched `to` through its own selector. Returns the form
    (with the refusal, naming the file, on its `file` field) and the new attachment,
    or None when nothing was attached.
    """
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, None
    upload = form.cleaned_data["file"]
    try:
        attachment = attachments.attach_file(
            by=request.user,
            to=to,
            township=township,
            file=upload,
            filename=upload.name,
            description=form.cleaned_data["description"],
        )
    except ValidationError as error:
        form.add_error("file", error)
        return form, None
    return form, attachment


@require_GET
@permission_required(attachments.VIEW_PERMISSION, raise_exception=True)
@scoping.scoped
def attachment_download(request, pk: int):
    """The file as a download; another township's attachment answers 404."""
    return attachments.attachment_response(request=request, user=request.user, pk=pk)
