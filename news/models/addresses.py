"""Addresses pages used to have: after a slug or section change the old address answers with a 301."""
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class OldAddress(models.Model):
    """A path (without the language prefix) that showed an object in a language, before it moved."""

    language = models.CharField(_("language"), max_length=10)
    path = models.CharField(_("old address"), max_length=500)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("moved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        default_permissions = ()  # derived on save; nobody edits them by hand
        constraints = [
            models.UniqueConstraint(fields=["language", "path"], name="oldaddress_one_per_path"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="oldaddress_target")]

    def __str__(self):
        return self.path
