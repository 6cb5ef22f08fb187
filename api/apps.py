from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The registry as open data: read-only JSON of what is public on the site, its OpenAPI schema, CSV exports."""

    name = "api"
    verbose_name = _("Open data API")
