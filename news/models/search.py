"""The site search's index: one row per public object (article, directive, organization) and language.

Derived data, never edited by hand: news/search_index.py writes it when objects are saved or deleted, and
``manage.py rebuild_search_index`` rewrites it from scratch. Readers' queries go through news.search.search().

Each row holds the text twice more as words (news.search.index_text): lower-cased with diacritics (``exact_*``)
and folded (``folded_*``). The database indexes those four columns:
- PostgreSQL: GIN indexes on ``to_tsvector('simple', ...)`` of them (migration 0003);
- SQLite: the FTS5 table ``news_searchentry_fts`` (rowid = this row's id, same four columns), which
  news/search_index.py writes together with the rows.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("article")
        DIRECTIVE = "directive", _("document")
        ORGANIZATION = "organization", _("organization")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=10)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Articles: publication time (found only from then on). "
        "Documents: issue date. Organizations: empty."
    )
    indexed_at = models.DateTimeField(auto_now=True)
    # Long texts last: SQLite then reads the columns above without walking through the bodies' overflow pages.
    title = models.TextField(help_text="As readers see it.")
    body = models.TextField(blank=True, help_text="Plain text (markup removed), for the result's snippet.")
    exact_title = models.TextField(blank=True, help_text="The title's words, lower-cased (news.search.words).")
    folded_title = models.TextField(blank=True, help_text="The same words, folded (news.search.fold).")
    exact_body = models.TextField(blank=True, help_text="The body's words, lower-cased.")
    folded_body = models.TextField(blank=True, help_text="The body's words, folded.")

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "language"], name="search_entry_one_per_language"),
        ]
        indexes = [
            # A search found in most entries ranks its pages among the newest of the language (news/search.py,
            # SearchResults): where that window starts is read from this index, not from the whole table.
            models.Index(fields=["language", "-published_at"], name="search_entry_newest"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} [{self.language}] {self.title[:60]}"
