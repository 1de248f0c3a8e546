"""Attachment downloads: through the township rule, logged, never served as static files.

Uploads happen on the page of the row they belong to: that app's view fetches the row
through its own selector and calls `bureau.attachments.attach_file` with `AttachmentForm`.
"""

from django import forms
from django.contrib.auth.decorators import permission_required
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


@require_GET
@permission_required(attachments.VIEW_PERMISSION, raise_exception=True)
@scoping.scoped
def attachment_download(request, pk: int):
    """The file as a download; another township's attachment answers 404."""
    return attachments.attachment_response(request=request, user=request.user, pk=pk)
