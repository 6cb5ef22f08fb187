"""Rewrite the site search's index from the articles, documents and organizations in the database.

Run it after migrating a database that already has content, after bulk changes that bypass signals
(``QuerySet.update()``, ``bulk_create()``, raw SQL), or whenever the index is in doubt. Safe to run any time:
the rewrite happens in one transaction, so searches see the old index until it commits.
"""
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS


class Command(BaseCommand):
    help = "Rebuild the search index (news.SearchEntry and its full-text index) from scratch."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: %(default)s).")
        parser.add_argument("--batch-size", type=int, default=500, help="Rows written per statement.")

    def handle(self, *args, database, batch_size, **options):
        from news.search_index import rebuild

        written = rebuild(using=database, batch_size=batch_size)
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {written} entries."))
