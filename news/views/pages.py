"""Site-wide pages that are not content: robots.txt and the error pages.

Error pages under the admin (``/admin/``, ``/en/admin/``) are the admin's own: its header, breadcrumbs and
side bar, in its language, with a sentence for staff and a way back (templates/admin/403.html, 404.html).
Everywhere else they are the public site's (templates/403.html, 404.html, 500.html).
"""
from urllib.parse import quote

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import csrf, defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from orgsite.csp import admin_prefixes


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
    ]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Disallow: {reverse('admin:index')}")
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}")
    return HttpResponse("\n".join(dict.fromkeys(lines)) + "\n", content_type="text/plain; charset=utf-8")


def server_error(request):
    """The 500 page in the language of the URL, rendered without touching the database (it may be the cause)."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        body = loader.get_template("500.html").render({"LANGUAGE_CODE": language, "request": request})
    return HttpResponseServerError(body)


@requires_csrf_token
def permission_denied(request, exception):
    """403: in the admin, what the staff member may not do, their roles and who to ask; elsewhere the public page."""
    if not _in_admin(request):
        return defaults.permission_denied(request, exception)
    user = _user(request)
    context = {
        "title": _("You may not do this"),
        # Our own refusals carry a sentence for staff ("You may not move this article from ... to ...");
        # the admin's own (no add permission...) carry none, and are said from the address.
        "reason": str(exception) if exception and str(exception) else _refused_action(request),
        "roles": list(user.groups.order_by("name").values_list("name", flat=True)) if user.is_authenticated else [],
    }
    return HttpResponseForbidden(_render_admin(request, "admin/403.html", context))


@requires_csrf_token
def page_not_found(request, exception):
    """404: in the admin, a page of the admin that says so and leads back; elsewhere the public page."""
    if not _in_admin(request):
        return defaults.page_not_found(request, exception)
    context = {"title": _("Page not found"), "request_path": quote(request.path)}
    return HttpResponseNotFound(_render_admin(request, "admin/404.html", context))



def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form refused for its security token. In the admin (a form left open while its author
    signed in again elsewhere, say) the admin's 403 page says what happened and what to do; elsewhere Django's."""
    if not _in_admin(request):
        return csrf.csrf_failure(request, reason)
    context = {
        "title": _("This form has expired"),
        "reason": _(
            "Nothing was saved: the form was sent with an out-of-date security token (it was opened before you "
            "signed in again, or your browser did not send its cookies). Go back, copy anything you typed, "
            "reload the page and send it again."
        ),
        "roles": [],
        "expired_form": True,
    }
    return HttpResponseForbidden(_render_admin(request, "admin/403.html", context))

def _in_admin(request):
    return request.path_info.startswith(admin_prefixes())


def _user(request):
    # An error raised before the authentication middleware ran has no user: treat it as nobody signed in.
    if not hasattr(request, "user"):
        request.user = AnonymousUser()
    return request.user


def _render_admin(request, template, context):
    _user(request)
    referer = request.META.get("HTTP_REFERER", "")
    back = referer if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and referer != request.build_absolute_uri() else ""
    return loader.render_to_string(
        template, {**admin.site.each_context(request), "back_url": back, **context}, request
    )


# What an admin address does, from its URL name ("news_directive_add"), as staff would say it.
_ACTIONS = {
    "add": lambda opts: _("Your role does not allow you to add %(things)s.") % {"things": opts.verbose_name_plural},
    "change": lambda opts: _("Your role does not allow you to change this %(thing)s.") % {"thing": opts.verbose_name},
    "delete": lambda opts: _("Your role does not allow you to delete this %(thing)s.") % {"thing": opts.verbose_name},
}


def _refused_action(request):
    match = getattr(request, "resolver_match", None)
    name = (match.url_name or "") if match else ""
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix) and name[len(prefix):] in _ACTIONS:
            return _ACTIONS[name[len(prefix):]](model._meta)
    return _("Your role does not allow you to open this page.")
