from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The portal's own pages (about, access to information, site map) and its identity as data."""

    name = "portal"
    verbose_name = _("Portal pages and identity")

    def ready(self):
        from . import revisions, signals  # noqa: F401  (revisions: which models keep them)

        signals.connect()
