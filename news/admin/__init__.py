"""Staff editing in Django admin, one module per model family."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import articles, directives, media, organizations, taxonomy, users  # noqa: F401  (registers the admins)

admin.site.site_header = _("Ministry of Planning and Investment portal")
admin.site.site_title = _("Portal administration")
admin.site.index_title = _("Content management")

from .audit import install as install_audit  # noqa: E402  (the site's own pages, after the model admins)

install_audit(admin.site)

from .search import limit_every_search  # noqa: E402  (users, groups, axes: searched within limits too)

limit_every_search(admin.site)
