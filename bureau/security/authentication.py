"""API tokens: a privileged user's token works only while they have a second factor."""

from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from bureau.security.policy import second_factor_required
from bureau.security.services import has_authenticator


class SecondFactorTokenAuthentication(TokenAuthentication):
    """Token authentication that refuses tokens of users who must, but do not, use 2FA.

    Tokens are issued from a verified session (`services.issue_api_token`); this also
    refuses a token that reached such a user another way, or outlived a reset.
    """

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if second_factor_required(user) and not has_authenticator(user):
            raise AuthenticationFailed(
                _("Set up your second factor and issue a new token.")
            )
        return user, token
