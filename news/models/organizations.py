"""Organizations the news talks about: Party committees, leadership bodies, ministries and agencies."""
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.search import sort_key, vietnamese_slugify

MAX_TREE_DEPTH = 10  # the directory stops there (and at any loop stored around the model's checks)


class OrganizationQuerySet(models.QuerySet):
    """An organization is dissolved from its dissolution date on (Vietnam's date: a date typed ahead takes
    effect by itself that day); before that, or without a date, it is current."""

    def dissolved(self, on=None):
        return self.filter(dissolved_on__lte=on or timezone.localdate())

    def current(self, on=None):
        return self.filter(models.Q(dissolved_on__isnull=True) | models.Q(dissolved_on__gt=on or timezone.localdate()))


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

    objects = OrganizationQuerySet.as_manager()

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

    def is_dissolved(self, on=None):
        """Whether it no longer exists on ``on`` (default: today): the rule of OrganizationQuerySet.dissolved()."""
        return self.dissolved_on is not None and self.dissolved_on <= (on or timezone.localdate())

    @property
    def dissolved(self):
        """``is_dissolved()`` today, for templates."""
        return self.is_dissolved()

    @staticmethod
    def alphabetical(organizations):
        """``organizations`` by name as shown (in the active language), in Vietnamese alphabetical order, the
        same on every database."""
        return sorted(organizations, key=lambda organization: sort_key(organization.name))

    @staticmethod
    def directory(organizations, succession=(), on=None):
        """The organizations as two trees, (current, dissolved), with no query: the directory's shape.

        ``organizations`` come in the order siblings are listed; ``succession`` holds (successor pk,
        predecessor pk) pairs, the rows of ``predecessors``. A node is a dict: the ``organization``, its
        ``children`` (its units) and ``formerly`` (the dissolved organizations it replaced), both nodes.

        - A current organization hangs under its parent, or at the top of the current tree when it has none
          (or when that parent was dissolved: a current unit is never hidden among dissolved ones).
        - A dissolved organization hangs under each organization that replaced it, in ``formerly``, never
          among the units; one that nothing replaced goes with its parent if that was dissolved too (the units
          that went with it), else to the top of the dissolved tree.
        """
        by_pk = {organization.pk: organization for organization in organizations}
        gone = {organization.pk for organization in organizations if organization.is_dissolved(on)}
        replaced_by = defaultdict(list)
        for successor, predecessor in succession:
            if predecessor in gone and successor in by_pk and successor != predecessor:
                replaced_by[predecessor].append(successor)
        children, formerly = defaultdict(list), defaultdict(list)
        current, dissolved = [], []
        for organization in organizations:
            parent = organization.parent_id
            if organization.pk not in gone:
                (children[parent] if parent in by_pk and parent not in gone else current).append(organization)
            elif replaced_by[organization.pk]:
                for successor in dict.fromkeys(replaced_by[organization.pk]):
                    formerly[successor].append(organization)
            else:
                (children[parent] if parent in gone else dissolved).append(organization)

        def nodes(members, path):
            return [node(member, path) for member in members if member.pk not in path]

        def node(organization, path):
            path = (*path, organization.pk)
            deeper = len(path) < MAX_TREE_DEPTH
            return {
                "organization": organization,
                "children": nodes(children[organization.pk], path) if deeper else [],
                "formerly": nodes(formerly[organization.pk], path) if deeper else [],
            }

        return nodes(current, ()), nodes(dissolved, ())

    @classmethod
    def in_tree_order(cls, organizations, on=None):
        """``organizations`` as one list: the current ones first, each before its own units, then the dissolved.

        Only the given organizations count (an article's few): their units among them follow them, in the
        order given; the others keep that order.
        """
        ordered = []

        def walk(nodes):
            for node in nodes:
                ordered.append(node["organization"])
                walk(node["children"])
                walk(node["formerly"])

        for tree in cls.directory(organizations, on=on):
            walk(tree)
        listed = {organization.pk for organization in ordered}
        return ordered + [organization for organization in organizations if organization.pk not in listed]  # loops


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
