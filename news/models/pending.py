"""Changes to a published article that readers do not see yet (draft over live).

Editing a live article in the admin saves the edits here instead of on the article: the public page keeps the
live version until the changes are published through the same review rules as a new article
(news/pending_changes.py applies them).
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingChange(models.Model):
    """The waiting edits of one published article: the form's values, who made them, where they stand."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft of changes")
        REVIEW = "review", _("Changes pending review")

    article = models.OneToOneField(
        "news.Article", on_delete=models.CASCADE, related_name="pending_change", verbose_name=_("article"),
    )
    # The article's fields as the change form saved them (translated fields by their per-language names,
    # relations by primary keys).
    values = models.JSONField(_("changed values"), default=dict)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    based_on_version = models.PositiveIntegerField(_("made from article version"), default=1)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("started by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("last saved by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        default_permissions = ()  # made and published through the article's own admin, under its rules

    def __str__(self):
        return str(self.article)
