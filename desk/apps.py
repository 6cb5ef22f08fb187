from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The editors' desk: what waits for whom, notes and notifications, who else has an article open."""

    name = "desk"
    verbose_name = _("Editors' desk")

    def ready(self):
        # Every change of state (news.ArticleTransition) e-mails the people it concerns, once committed.
        from desk import notifications

        notifications.connect()
