"""CSV files for spreadsheets: the document registry (with the list's filters) and organizations' figures.

Open-data readers use spreadsheets, so the files are made for them as much as for programs:

* headers in the reader's language: Vietnamese, or English with ``?lang=en`` (the link on an /en/ page adds it);
  names, types and summaries in that language too, as the pages show them;
* UTF-8 with a byte order mark, without which Excel reads Vietnamese as mojibake;
* dates as ISO 8601 (2016-05-15), not the pages' 15/05/2016: Excel and LibreOffice read an ISO date as a date
  whatever the computer's locale, where a day-first date is read month-first on an English computer (05/06 turns
  into May 6th, 15/05 stays text), and it sorts as text as well as it does as a date;
* figures as plain integers (no thousands separator), an empty cell where a figure is not recorded;
* a text cell starting with = + - @ (or a tab or carriage return) gets a leading apostrophe: a spreadsheet would
  otherwise run it as a formula (CSV injection), and nothing a ministry publishes starts with one on purpose.

Only what the site shows the public is exported (the registry has no drafts; organizations' contact details
and descriptions are not figures). The registry is streamed: a few queries whatever its size, rows read from
the database in chunks (a server-side cursor on PostgreSQL), never the whole file in memory. A streamed file cannot
be kept by the page cache (it keeps whole pages); instead its ETag is made of the page cache's stamps of what it
shows (news/cache_invalidation.py), so a reader or a harvester that has the file gets a 304 before any row is
read. Organizations' figures are few rows and go the same way.
"""
import csv
import hashlib
import time
from datetime import datetime, time as clock_time

from django.core.cache import cache
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_safe

import pagecache
from news.cache_invalidation import DIRECTIVES, ORGANIZATIONS, tag_for
from news.filters import DirectiveFilterSet
from news.models import Directive, Organization, OrganizationStatistics, SubjectArea
from news.search import sort_key
from pagecache import core

LANGUAGES = ("vi", "en")
ROWS_PER_CHUNK = 500  # rows read from the database at a time, and written to the reader at a time
# Changed with the columns: a file saved before a new column is not the same file, whatever the data.
FORMAT = "1"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

DIRECTIVE_COLUMNS = [
    pgettext_lazy("CSV column", "Number"),
    pgettext_lazy("CSV column", "Document type"),
    pgettext_lazy("CSV column", "Summary"),
    pgettext_lazy("CSV column", "Issuing body"),
    pgettext_lazy("CSV column", "Signer"),
    pgettext_lazy("CSV column", "Issued on"),
    pgettext_lazy("CSV column", "Effective on"),
    pgettext_lazy("CSV column", "Expires on"),
    pgettext_lazy("CSV column", "Term"),
    pgettext_lazy("CSV column", "Plenum"),
    pgettext_lazy("CSV column", "Validity status"),
    pgettext_lazy("CSV column", "Note on validity"),
    pgettext_lazy("CSV column", "Subject areas"),
    pgettext_lazy("CSV column", "Gazette number"),
    pgettext_lazy("CSV column", "Gazette date"),
    pgettext_lazy("CSV column", "Link"),
]
FIGURE_FIELDS = ["members", "subordinate_committees", "cells_total", "grassroots_cells", "subordinate_cells"]
FIGURE_COLUMNS = [
    pgettext_lazy("CSV column", "Organization"),
    pgettext_lazy("CSV column", "Link"),
    pgettext_lazy("CSV column", "As of"),
    pgettext_lazy("CSV column", "Party members"),
    pgettext_lazy("CSV column", "Subordinate Party committees"),
    pgettext_lazy("CSV column", "Party cells in total"),
    pgettext_lazy("CSV column", "Grassroots Party cells"),
    pgettext_lazy("CSV column", "Subordinate Party cells"),
]


def language_of(request):
    """``?lang=en`` for English; Vietnamese otherwise, as at the site's root."""
    wanted = request.GET.get("lang", "")
    return wanted if wanted in LANGUAGES else LANGUAGES[0]


def cell(value):
    """What a spreadsheet shows as it is: ISO dates, integers, text that no spreadsheet runs as a formula."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Line:
    """csv.writer's file: hands back each line instead of keeping it (the response streams them)."""

    def write(self, line):
        return line


def csv_lines(header, rows):
    """The file's text in pieces: the byte order mark and the header, then ROWS_PER_CHUNK lines at a time."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow([str(title) for title in header])
    chunk = []
    for row in rows:
        chunk.append(writer.writerow([cell(value) for value in row]))
        if len(chunk) >= ROWS_PER_CHUNK:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def in_language(language, lines):
    """``lines``, each made with ``language`` active: a streamed body is written after the view has returned."""
    iterator = iter(lines)
    while True:
        with translation.override(language):
            piece = next(iterator, None)
        if piece is None:
            return
        yield piece


# --- The document registry -----------------------------------------------------------------------------------


@require_safe
def directives_csv(request):
    """/api/export/documents.csv?<the list's filters>: every document the filtered list shows, on every page."""
    language = language_of(request)
    with translation.override(language):
        validator = stamp_validator(request, language, [DIRECTIVES, ORGANIZATIONS])
        unchanged = not_modified(request, validator)
        if unchanged is not None:
            return unchanged
        filterset = DirectiveFilterSet(request.GET, queryset=Directive.objects.all())
        if not filterset.is_valid():
            # As the API answers: which filters were not understood, and why.
            errors = "\n".join(f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items())
            return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
        rows = directive_rows(filterset.qs, site_of(request))
        # (Outside the f-string: makemessages does not read calls inside one.)
        name = pgettext("file name", "documents")
        filename = f"{name}-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(language, DIRECTIVE_COLUMNS, rows, filename, validator)


def directive_rows(documents, site):
    """One row per document, in the list's order; three queries (areas, their links, the documents) in all."""
    areas = list(SubjectArea.objects.values_list("pk", "name"))  # in the order the site lists them
    rank = {pk: position for position, (pk, _name) in enumerate(areas)}
    names = dict(areas)
    filed = Directive.subject_areas.through.objects.filter(directive__in=documents.values("pk"))
    areas_of = {}
    for directive_id, area_id in filed.values_list("directive_id", "subjectarea_id"):
        areas_of.setdefault(directive_id, []).append(area_id)
    for area_ids in areas_of.values():
        area_ids.sort(key=rank.__getitem__)
    documents = documents.select_related("issuing_body").with_validity().order_by("-issued_on", "number", "pk")
    for directive in documents.iterator(chunk_size=ROWS_PER_CHUNK):
        yield [
            directive.number,
            directive.get_document_type_display(),
            directive.summary,
            directive.issuing_body.name if directive.issuing_body else "",
            directive.signer,
            directive.issued_on,
            directive.effective_on,
            directive.expires_on,
            directive.term,
            directive.plenum,
            str(directive.validity.label),
            directive.validity_reason if directive.validity_override else "",
            "; ".join(names[pk] for pk in areas_of.get(directive.pk, ())),
            directive.gazette_number,
            directive.gazette_date,
            site + directive.get_absolute_url(),
        ]


# --- Organizations' figures ----------------------------------------------------------------------------------


@require_safe
def organization_figures_csv(request):
    """/api/export/organizations/figures.csv: the figures of every organization that has some."""
    language = language_of(request)
    # A figure saved stamps only its organization: the file depends on every organization's tag, so that an
    # organization's first figures change it too.
    organizations = Organization.objects.values_list("pk", flat=True)
    tags = [ORGANIZATIONS, *(tag_for(Organization, pk) for pk in organizations)]
    with translation.override(language):
        validator = stamp_validator(request, language, tags)
        unchanged = not_modified(request, validator)
        if unchanged is not None:
            return unchanged
        rows = figure_rows(OrganizationStatistics.objects.select_related("organization"), site_of(request))
        filename = pgettext("file name", "organization-figures") + ".csv"
    return csv_response(language, FIGURE_COLUMNS, rows, filename, validator)


@require_safe
def one_organization_figures_csv(request, slug):
    """/api/export/organizations/<slug>/figures.csv: one organization's figures."""
    language = language_of(request)
    organization = get_object_or_404(Organization, slug=slug)
    with translation.override(language):
        validator = stamp_validator(request, language, [tag_for(Organization, organization.pk)])
        unchanged = not_modified(request, validator)
        if unchanged is not None:
            return unchanged
        statistics = organization.statistics.all()
        rows = figure_rows(statistics, site_of(request), organization)
        name = pgettext("file name", "figures")
        filename = f"{name}-{organization.slug}.csv"
    return csv_response(language, FIGURE_COLUMNS, rows, filename, validator)


def figure_rows(statistics, site, organization=None):
    """One row per organization and date: organizations in Vietnamese alphabetical order, newest figures first.

    One query; the rows are few (one per organization and year), so they are sorted here, by name as shown, the
    same on every database."""
    rows = list(statistics)
    for row in rows:
        if organization is not None:
            row.organization = organization
    rows.sort(key=lambda row: (sort_key(row.organization.name), -row.as_of.toordinal()))
    for row in rows:
        yield [row.organization.name, site + row.organization.get_absolute_url(), row.as_of,
               *(getattr(row, name) for name in FIGURE_FIELDS)]


# --- The response and its validators ---------------------------------------------------------------------------


def site_of(request):
    """The site's address, for the links in the file (they are read outside the site)."""
    return request.build_absolute_uri("/")[:-1]


def csv_response(language, header, rows, filename, validator):
    """The file, streamed: rows are read and written ROWS_PER_CHUNK at a time."""
    response = StreamingHttpResponse(
        in_language(language, csv_lines(header, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Language"] = language
    response["Content-Disposition"] = content_disposition_header(True, filename)
    if validator is not None:
        response["ETag"], response["Last-Modified"] = validator[0], http_date(validator[1])
    # As the pages: kept by browsers and proxies, but asked about each time (a 304 when nothing changed).
    patch_cache_control(response, public=True, no_cache=True)
    return response


def not_modified(request, validator):
    """A 304 when the reader's copy is this one (If-None-Match, or If-Modified-Since), else None."""
    if validator is None:
        return None
    return get_conditional_response(request, etag=validator[0], last_modified=validator[1])


def stamp_validator(request, language, tags):
    """(ETag, Last-Modified) of the file this request asks for, or None when the page cache's stamps cannot vouch.

    A file changes only when one of its ``tags`` is stamped (a document, relation, subject area, organization or
    figure saved or deleted: news/cache_invalidation.py), when the day changes (validity is derived from dates),
    or with its columns (FORMAT); it also names the site's address (its links). The site tag is stamped when
    stamps were lost in an outage, and the end of one this process saw counts too, as for pages. A tag never
    stamped (a flushed cache) is stamped now: it may hide a change, so the file gets an ETag no reader holds.
    """
    if core.cache_down():
        return None
    keys = [core.tag_key(tag) for tag in (*tags, pagecache.SITE_TAG)]
    try:
        stamps = cache.get_many(keys)
        if len(stamps) < len(keys):
            for key in keys:
                if key not in stamps:
                    cache.add(key, time.time(), timeout=None)
            stamps = cache.get_many(keys)
    except Exception:  # a cache that fails costs the 304, never the file
        return None
    if len(stamps) < len(keys):
        return None
    today = timezone.localdate()
    query = sorted(f"{name}={value}" for name, values in request.GET.lists() for value in values if name != "lang")
    parts = [FORMAT, request.path, language, today.isoformat(), request.scheme, request.get_host(),
             repr(core.outage.not_before), *(repr(stamps[key]) for key in keys), *query]
    etag = '"%s"' % hashlib.md5("\n".join(parts).encode(), usedforsecurity=False).hexdigest()
    midnight = timezone.make_aware(datetime.combine(today, clock_time.min)).timestamp()
    last_modified = int(max(midnight, core.outage.not_before, *(float(stamps[key]) for key in keys)))
    return etag, last_modified
