"""Who has an article open in the admin right now (a heartbeat from the change form keeps the row fresh)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Presence(models.Model):
    """One person with one article's change form open: since when, and the last heartbeat heard."""

    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(_("open since"))
    seen_at = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("open article")
        verbose_name_plural = _("open articles")
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="presence_one_per_person")]

    def __str__(self):
        return f"{self.user} @ {self.article_id}"
