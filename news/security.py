"""Security log: who signed in to the admin, which sign-ins failed, which username/address pairs were locked out.

Throttling itself is django-axes (settings: AXES_*); this module only reports, on the "orgsite.security" logger,
what an administrator looking into a break-in attempt needs: user, address, time (the log record's own).
"""
import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("orgsite.security")


def client_address(request):
    # Axes has already worked out the client's address (behind proxies too) when it handled the request.
    if request is None:
        return "-"
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or "-"


@receiver(user_logged_in, dispatch_uid="orgsite_security_logged_in")
def log_sign_in(sender, request, user, **kwargs):
    logger.info("sign-in: user %r from %s", user.get_username(), client_address(request))


@receiver(user_login_failed, dispatch_uid="orgsite_security_login_failed")
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in ``credentials``; only the username is logged.
    logger.warning("failed sign-in: username %r from %s", credentials.get("username", ""), client_address(request))


@receiver(user_locked_out, dispatch_uid="orgsite_security_locked_out")
def log_lockout(sender, request, username, ip_address, **kwargs):
    logger.warning("locked out: username %r from %s after repeated failed sign-ins", username, ip_address)
