"""Pages of account security: second factor, recovery codes, sessions, token, password.

None of them shows resident data; the administrators' account list needs `change_user`.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau import scoping
from bureau.models.security import RecoveryCodeDevice
from bureau.security import selectors, services
from bureau.security.forms import AccountSearchForm, CodeForm, EnrolmentForm
from bureau.security.policy import second_factor_required

ACCOUNTS_PAGE_SIZE = 50


def _next_url(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def _with_next(url_name: str, request) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': _next_url(request)})}"


@scoping.public
def verify(request):
    """Second step of the login: a code from the authenticator app or a recovery code."""
    user = request.user
    if not services.has_authenticator(user):
        return redirect(_with_next("security:enrol", request))
    if user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.verify_second_factor(
            request=request, code=form.cleaned_data["code"]
        )
        if result.ok:
            if isinstance(result.device, RecoveryCodeDevice):
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(count)d are left. Each works once: "
                        "make new ones on the account page if you are running out."
                    )
                    % {"count": services.remaining_recovery_codes(user)},
                )
            return redirect(_next_url(request))
        if result.wait_until:
            form.add_error(
                "code", _("Too many wrong codes. Wait a little, then try again.")
            )
        else:
            form.add_error("code", _("That code is not right, or it was already used."))
    return render(
        request,
        "bureau/security/verify.html",
        {"form": form, "next": _next_url(request), "second_factor_pending": True},
    )


@scoping.public
def enrol(request):
    """Set up the authenticator app: scan the QR code, confirm with one code."""
    user = request.user
    if services.has_authenticator(user) and not user.is_verified():
        return redirect(_with_next("security:verify", request))
    device = services.pending_device(user=user)
    if request.method == "POST" and device is not None:
        form = EnrolmentForm(request.POST)
        if form.is_valid():
            recovery = services.confirm_enrolment(
                request=request, device=device, code=form.cleaned_data["code"]
            )
            if recovery is not None:
                return _show_recovery_codes(request, recovery, first_time=True)
            form.add_error(
                "code",
                _(
                    "That code is not right. Check that the phone's clock is correct "
                    "and type the code the app shows now."
                ),
            )
    else:
        device = services.start_enrolment(user=user)
        form = EnrolmentForm()
    return render(
        request,
        "bureau/security/enrol.html",
        {
            "form": form,
            "qr_svg": services.qr_code_svg(device),
            "secret": services.secret_of(device),
            "next": _next_url(request),
            "required": second_factor_required(user),
            "second_factor_pending": not user.is_verified(),
        },
    )


def _show_recovery_codes(request, recovery: list[str], *, first_time: bool):
    response = render(
        request,
        "bureau/security/recovery_codes.html",
        {"codes": recovery, "first_time": first_time, "next": _next_url(request)},
    )
    response["Cache-Control"] = "no-store"
    return response


@scoping.public
def overview(request):
    """The user's own account: second factor, recovery codes, sessions, API token."""
    user = request.user
    return render(
        request,
        "bureau/security/overview.html",
        {
            "has_authenticator": services.has_authenticator(user),
            "required": second_factor_required(user),
            "recovery_left": services.remaining_recovery_codes(user),
            "sessions": selectors.sessions_of(user),
            "current_key": request.session.session_key,
        },
    )


@require_POST
@scoping.public
def recovery_codes(request):
    if not services.has_authenticator(request.user):
        return redirect("security:enrol")
    return _show_recovery_codes(
        request,
        services.regenerate_recovery_codes(request=request),
        first_time=False,
    )


@require_POST
@scoping.public
def api_token(request):
    key = services.issue_api_token(request=request)
    response = render(request, "bureau/security/api_token.html", {"key": key})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@scoping.public
def session_end(request, pk: int):
    """End one session: the user's own, or anyone's for an administrator (else 404)."""
    session = get_object_or_404(selectors.visible_sessions(request.user), pk=pk)
    own_current = session.session_key == request.session.session_key
    services.end_session(request=request, session=session, by=request.user)
    if own_current:
        return redirect("login")
    messages.success(request, _("The session was ended."))
    return redirect(_next_url(request, default="security:overview"))


@scoping.public
def password_change(request):
    """Change one's own password (required first when an administrator chose it)."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_own_password(request=request, form=form)
        messages.success(
            request,
            _("Your password was changed. Your other sessions have been logged out."),
        )
        return redirect(_next_url(request))
    return render(
        request,
        "registration/password_change_form.html",
        {"form": form, "next": _next_url(request)},
    )


@permission_required("bureau.change_user", raise_exception=True)
@scoping.public
def accounts(request):
    """Administrators: every account's second factor and open sessions."""
    form = AccountSearchForm(request.GET)
    rows = selectors.visible_accounts(request.user)
    if form.is_valid():
        rows = selectors.accounts_matching(rows, form.cleaned_data["q"])
    page = Paginator(rows, ACCOUNTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "bureau/security/accounts.html", {"page": page, "form": form}
    )


@require_POST
@permission_required("bureau.change_user", raise_exception=True)
@scoping.public
def account_reset(request, pk: int):
    target = get_object_or_404(selectors.visible_accounts(request.user), pk=pk)
    services.reset_second_factor(request=request, target=target, by=request.user)
    messages.success(
        request,
        _("%(name)s sets up a new second factor at the next login.") % {"name": target},
    )
    return redirect("security:accounts")


@require_POST
@permission_required("bureau.change_user", raise_exception=True)
@scoping.public
def account_end_sessions(request, pk: int):
    target = get_object_or_404(selectors.visible_accounts(request.user), pk=pk)
    keep = request.session.session_key if target.pk == request.user.pk else None
    ended = services.end_all_sessions(
        request=request, target=target, by=request.user, keep=keep
    )
    messages.success(
        request,
        _("%(count)d sessions of %(name)s were ended.")
        % {"count": ended, "name": target},
    )
    return redirect("security:accounts")
