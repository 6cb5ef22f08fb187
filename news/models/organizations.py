"""Organizations the news talks about: Party committees, leadership bodies, ministries and agencies."""
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from news.search import vietnamese_slugify


class Organization(models.Model):
    """A Party or state organization, kept as a tree (parent) with its history and contact details."""

    class Kind(models.TextChoices):
        PARTY_LEADERSHIP = "party_leadership", _("Party leadership body")
        PARTY_COMMITTEE = "party_committee", _("Party committee")
        PARTY_AFFAIRS = "party_affairs", _("Party affairs committee")
        MINISTRY = "ministry", _("Ministry or ministerial agency")
        AGENCY = "agency", _("Agency or unit")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.AGENCY)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    established_by = models.ForeignKey(
        "news.Directive",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="established_organizations",
        verbose_name=_("established by (document)"),
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="successors",
        verbose_name=_("predecessors (merged into it)"),
    )
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dissolved_on__isnull=True)
                | models.Q(established_on__isnull=True)
                | models.Q(dissolved_on__gte=models.F("established_on")),
                name="organization_dissolved_after_established",
                violation_error_message=_("The dissolution date cannot be earlier than the establishment date."),
            ),
        ]

    def __str__(self):
        return self.name or ""

    def clean(self):
        # Walk up the tree: an organization may not be its own ancestor.
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An organization cannot be placed under itself or its own unit.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def save(self, *args, **kwargs):
        if not self.slug and self.name_vi:
            self.slug = vietnamese_slugify(self.name_vi)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:organization", kwargs={"slug": self.slug})

    def latest_statistics(self):
        return self.statistics.order_by("-as_of").first()


class OrganizationStatistics(models.Model):
    """Dated figures of a Party organization ("đến ngày 31/12/2023 ... 78.432 đảng viên") kept as data."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="statistics")
    as_of = models.DateField(_("as of"))
    members = models.PositiveIntegerField(_("Party members"), null=True, blank=True)
    subordinate_committees = models.PositiveIntegerField(_("subordinate Party committees"), null=True, blank=True)
    cells_total = models.PositiveIntegerField(_("Party cells in total"), null=True, blank=True)
    grassroots_cells = models.PositiveIntegerField(_("grassroots Party cells"), null=True, blank=True)
    subordinate_cells = models.PositiveIntegerField(_("subordinate Party cells"), null=True, blank=True)

    class Meta:
        ordering = ["-as_of"]
        verbose_name = _("statistics")
        verbose_name_plural = _("statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "as_of"],
                name="organization_statistics_one_per_date",
                violation_error_message=_("This organization already has figures for that date."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} @ {self.as_of:%d/%m/%Y}"

    def clean(self):
        parts = (self.grassroots_cells, self.subordinate_cells)
        if self.cells_total is not None and None not in parts and sum(parts) != self.cells_total:
            raise ValidationError(
                {
                    "cells_total": _(
                        "Grassroots cells (%(grassroots)s) plus subordinate cells (%(subordinate)s) "
                        "do not add up to the total (%(total)s)."
                    )
                    % {"grassroots": parts[0], "subordinate": parts[1], "total": self.cells_total}
                }
            )
