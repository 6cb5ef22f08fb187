"""Staff editing in Django admin, one module per model family."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import articles, directives, media, organizations, taxonomy, users  # noqa: F401  (registers the admins)

admin.site.site_header = _("Portal administration")  # until the portal's identity names it (below)
admin.site.site_title = _("Portal administration")
admin.site.index_title = _("Content management")


def _with_portal_header(each_context):
    """The admin's header names the portal from data ("<owner's name> portal", portal/identity.py), once a request."""
    from portal.identity import for_request

    def each_context_with_header(request):
        context = each_context(request)
        context["site_header"] = for_request(request).admin_header
        return context

    return each_context_with_header


admin.site.each_context = _with_portal_header(admin.site.each_context)

from .audit import install as install_audit  # noqa: E402  (the site's own pages, after the model admins)

install_audit(admin.site)

from .search import limit_every_search  # noqa: E402  (users, groups, axes: searched within limits too)

limit_every_search(admin.site)
