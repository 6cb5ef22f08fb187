"""Derive again every article's document links, cited documents and references table from its text.

Saving an article does this by itself (news/citations.py). Run it after changes that bypass model signals
(``QuerySet.update()``, raw SQL, a restore of some tables only), after migrating the news app back past the
migrations that hold the links, then forwards again, and once after the upgrade that adds the references
table (migration 0011), which starts empty. Safe to run any time; each article in its own transaction, so
readers see every article either as it was or relinked; rows of the table that come out the same are kept.
"""
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, transaction


class Command(BaseCommand):
    help = "Re-derive the document links, citations and references table of every article from its text."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: %(default)s).")

    def handle(self, *args, database, **options):
        from news import page_cache
        from news.citations import refresh_citations
        from news.models import Article

        if database != DEFAULT_DB_ALIAS:
            self.stderr.write("Only the default database is supported: news.citations writes through it.")
            return
        pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        with page_cache.one_wait():  # the pages dropped wait out the cache lease once, at the end
            for done, pk in enumerate(pks, start=1):
                with transaction.atomic():
                    article = Article.objects.filter(pk=pk).first()
                    if article is not None:
                        refresh_citations(article)
                if done % 1000 == 0:
                    self.stdout.write(f"{done:,}/{len(pks):,} articles")
        self.stdout.write(self.style.SUCCESS(f"Citations derived again for {len(pks):,} articles."))
