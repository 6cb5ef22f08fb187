"""Filters of the API's article list: by section, tag, organization or document (ids), and by publication date.

The document registry's filters are the HTML list's own (news/filters.py, DirectiveFilterSet); these are the
API's alone, as no HTML page lists articles filtered this way. Ids rather than slugs: a slug differs by language.
"""
from datetime import datetime, time, timedelta
from datetime import timezone as dt_timezone

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from news.models import Article

# The largest id the databases store (a 64-bit integer): a larger number names nothing, and would not fit.
MAX_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.DATE)
class DayFilter(django_filters.DateFilter):
    """A day written as ISO 8601 (2024-04-15) whatever the language: a machine's date, not a reader's."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(*args, **kwargs)


def day_start(day):
    """The first moment of ``day`` in Vietnam, or None for a day at the edge of the calendar (no bound then)."""
    try:
        return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone()).astimezone(dt_timezone.utc)
    except OverflowError:
        return None


class ArticleFilterSet(django_filters.FilterSet):
    section = IdFilter(field_name="section_id", label=_("Section (its id)"))
    tag = IdFilter(field_name="tags", label=_("Tag (its id)"))
    organization = IdFilter(field_name="organizations", label=_("Related organization (its id)"))
    document = IdFilter(method="filter_document", label=_("Document cited or linked (its id)"))
    published_from = DayFilter(method="filter_from", label=_("Published on or after this day (Vietnam's date)"))
    published_to = DayFilter(method="filter_to", label=_("Published on or before this day (Vietnam's date)"))

    class Meta:
        model = Article
        fields = []

    def filter_document(self, queryset, name, value):
        # Cited in the text or linked by hand: a union of the two link tables, as the document's page reads them.
        linked = Article.cited_directives.through.objects.filter(directive=value).values("article_id").union(
            Article.directives.through.objects.filter(directive=value).values("article_id")
        )
        return queryset.filter(pk__in=linked)

    def filter_from(self, queryset, name, value):
        start = day_start(value)
        return queryset if start is None else queryset.filter(published_at__gte=start)

    def filter_to(self, queryset, name, value):
        try:
            end = day_start(value + timedelta(days=1))
        except OverflowError:  # the calendar's last day: nothing comes after it
            end = None
        return queryset if end is None else queryset.filter(published_at__lt=end)
