"""The document registry's filters: one definition for the public list (/van-ban/), the API and the CSV export.

The query parameters are the list's (``q``, ``type``, ``body``, ``year``, ``term``, ``validity``, ``area``,
``relation``, ``of``): bookmarked lists, the relation panel's "all N documents" links and the portal's links to
the registry keep working, and a filtered list's "Download CSV" exports what the reader sees. Choices that come
from the data (issuing bodies, years, terms, subject areas) are read when a request builds the filter set, one
query each; the class holds them as callables so the API schema (drf-spectacular) documents their types without
a query, and the static ones (types, validity, relation) as enums.
"""
from datetime import MAXYEAR, MINYEAR

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_language

from news.models import Directive, DocumentRelation, Organization, SubjectArea
from news.models.relations import SIDES
from news.references import normalize_number

EVERYTHING = ("", _("All"))


def issuing_bodies():
    bodies = Organization.objects.filter(issued_directives__isnull=False).distinct().order_by("name")
    return [(org.slug, org.name) for org in bodies]


def years_of_issue():
    years = Directive.objects.filter(issued_on__isnull=False).dates("issued_on", "year", order="DESC")
    return [(day.year, day.year) for day in years]


def terms():
    found = Directive.objects.exclude(term="").order_by().values_list("term", flat=True).distinct()
    return [(term, term) for term in sorted(found, key=roman_value)]


def subject_areas():
    return [(area.slug, area.name) for area in SubjectArea.objects.all()]


def roman_value(numeral):
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for letter, following in zip(numeral, numeral[1:] + " "):
        value = values.get(letter, 0)
        total += -value if values.get(following, 0) > value else value
    return total


# Read once per filter set (not at each iteration of the choices: a form iterates them to validate and to render).
DATA_CHOICES = {"body": issuing_bodies, "year": years_of_issue, "term": terms, "area": subject_areas}
RELATION_CHOICES = [(key, label) for key, (_kind, _is_source, label) in SIDES.items()]


class AnyWellFormed:
    """A select of what the registry holds today (bodies, years, terms, areas) that takes any well-formed value:
    one it does not hold (a bookmarked list of a body since renamed, a year without documents) matches nothing,
    as a search finds nothing, rather than being an error. Its type is still checked (a year is a number)."""

    def valid_value(self, value):
        return True


class HeldValueField(AnyWellFormed, django_filters.fields.ChoiceField):
    pass


class HeldYearField(AnyWellFormed, forms.TypedChoiceField):
    pass


class HeldValueFilter(django_filters.ChoiceFilter):
    field_class = HeldValueField


class HeldYearFilter(django_filters.TypedChoiceFilter):
    field_class = HeldYearField


class DirectiveFilterSet(django_filters.FilterSet):
    """The registry's filters; all optional, all in the query string so a filtered list can be bookmarked.

    A value it does not understand (a year that is not a number, an unknown type or validity) matches nothing:
    the list says so (the form's errors), the API answers 400 with them (DjangoFilterBackend). A well-formed value
    of what the registry may hold but does not (HeldValueField) simply matches nothing.
    """

    q = django_filters.CharFilter(label=_("Number or words of the summary"), max_length=200, method="filter_words")
    type = django_filters.ChoiceFilter(
        label=_("Document type"), field_name="document_type", choices=Directive.DocumentType.choices,
        empty_label=EVERYTHING[1],
    )
    body = HeldValueFilter(
        label=_("Issuing body"), field_name="issuing_body__slug", choices=issuing_bodies, empty_label=EVERYTHING[1],
        method="filter_exact",
    )
    year = HeldYearFilter(
        label=_("Year of issue"), choices=years_of_issue, coerce=int, empty_value=None, method="filter_year"
    )
    term = HeldValueFilter(
        label=_("Term"), field_name="term", choices=terms, empty_label=EVERYTHING[1], method="filter_exact"
    )
    validity = django_filters.ChoiceFilter(
        label=_("Validity status"), choices=Directive.Validity.choices, empty_label=EVERYTHING[1],
        method="filter_validity",
    )
    area = HeldValueFilter(
        label=_("Subject area"), field_name="subject_areas__slug", choices=subject_areas, empty_label=EVERYTHING[1],
        method="filter_exact",
    )
    # Applied together (filter_queryset): "of" names the document, "relation" how the listed ones stand to it.
    relation = django_filters.ChoiceFilter(
        label=_("Relation"), choices=RELATION_CHOICES, empty_label=EVERYTHING[1], method="filter_together"
    )
    of = django_filters.CharFilter(label=_("To the document (number)"), max_length=200, method="filter_together")

    class Meta:
        model = Directive
        fields = []  # every filter is declared above, with the list's parameter names

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in DATA_CHOICES.items():
            self.filters[name].extra["choices"] = choices()
            vars(self.filters[name]).pop("_field", None)  # a form field built before (by a schema) has the callable
        # A plain TypedChoiceField: its "All" is one of its choices.
        self.filters["year"].extra["choices"] = [EVERYTHING, *self.filters["year"].extra["choices"]]

    def filter_queryset(self, queryset):
        if not self.form.is_valid():
            return queryset.none()
        queryset = super().filter_queryset(queryset)
        relation, of = self.form.cleaned_data["relation"], self.form.cleaned_data["of"].strip()
        if relation or of:
            queryset = queryset.filter(related_to(relation, of))
        return queryset

    # The value's type, read by the API schema (drf-spectacular) from these hints rather than guessed from the
    # model field each one looks up (which would title the issuing body's parameter with the slug's name).
    def filter_exact(self, queryset, name, value: str):
        return queryset.filter(**{name: value})

    def filter_words(self, queryset, name, value: str):
        words = value.strip()
        return queryset.filter(
            Q(number__icontains=normalize_number(words)) | Q(**{f"summary_{get_language()}__icontains": words})
        )

    def filter_year(self, queryset, name, value: int):
        if not MINYEAR <= value <= MAXYEAR:  # no date has it (and the database's year bounds would fail)
            return queryset.none()
        return queryset.filter(issued_on__year=value)

    def filter_validity(self, queryset, name, value: str):
        return queryset.validity_is(value)

    def filter_together(self, queryset, name, value: str):
        return queryset

    def related_documents(self):
        """The documents the "of" filter names (for the list to say whom it is about), or None without it."""
        of = self.form.cleaned_data.get("of", "").strip() if self.is_valid() else ""
        if not of:
            return None
        return list(named_by(of)[:10])

    def relation_label(self):
        """How the listed documents stand to the "of" document ("Guides or details"), or ""."""
        relation = self.form.cleaned_data.get("relation") if self.is_valid() else ""
        return SIDES[relation][2] if relation else ""


def related_to(side, of):
    """Documents that stand in relation ``side`` (a SIDES key, or any) to the document(s) ``of`` names.

    ``of`` is a document's address (the panel's links) or a number, which may name several documents.
    """
    relations = DocumentRelation.objects.all()
    if side:
        kind, listed_is_source, _label = SIDES[side]
        relations = relations.filter(kind=kind)
    if of:
        others = named_by(of)
    if not side:  # any relation, either way
        both = Q()
        for own, other in (("source", "target"), ("target", "source")):
            link = relations.filter(**{own: OuterRef("pk")})
            both |= Exists(link.filter(**{f"{other}__in": others}) if of else link)
        return both
    own, other = ("source", "target") if listed_is_source else ("target", "source")
    link = relations.filter(**{own: OuterRef("pk")})
    return Exists(link.filter(**{f"{other}__in": others}) if of else link)


def named_by(of):
    """The documents a reader names by address (the panel's links) or by number (several, across terms)."""
    return Directive.objects.filter(Q(slug=of) | Q(number=normalize_number(of)) & ~Q(number=""))
