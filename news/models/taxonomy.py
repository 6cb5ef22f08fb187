"""Sections (chuyên mục) and tags: how readers browse the news."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from news.search import vietnamese_slugify


def unique_per_language(model_name, field="slug"):
    """One unique constraint per language column (slug_vi, slug_en); NULL means "no slug in that language"."""
    return [
        models.UniqueConstraint(fields=[f"{field}_{code}"], name=f"{model_name}_{field}_{code}_unique")
        for code, _name in settings.LANGUAGES
    ]


class SlugFromNameMixin:
    """Fill each language's empty slug from that language's name on save."""

    def fill_translated_slugs(self, source="name"):
        from modeltranslation.settings import AVAILABLE_LANGUAGES

        for lang in AVAILABLE_LANGUAGES:
            text = getattr(self, f"{source}_{lang}", None)
            if text and not getattr(self, f"slug_{lang}", None):
                setattr(self, f"slug_{lang}", vietnamese_slugify(text))


class Section(SlugFromNameMixin, models.Model):
    """A chuyên mục of the portal's main menu; every article belongs to one."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("menu position"), default=0, help_text=_("Smaller numbers come first in the main menu.")
    )
    in_menu = models.BooleanField(_("show in main menu"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = unique_per_language("section")
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name or ""

    def save(self, *args, **kwargs):
        self.fill_translated_slugs()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:section", kwargs={"slug": self.slug})


class Tag(SlugFromNameMixin, models.Model):
    """A keyword that groups articles across sections."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140)

    class Meta:
        ordering = ["name"]
        constraints = unique_per_language("tag")
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name or ""

    def save(self, *args, **kwargs):
        self.fill_translated_slugs()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:tag", kwargs={"slug": self.slug})
