"""Generate bulk sample content (a decade of news) for benchmarks; ``--clear`` removes it again.

    manage.py generate_sample_data --articles 100000 --directives 10000 [--seed 1]

Refuses to run while sample data is present (run ``--clear`` first), so nothing is ever added twice.
Everything is written in one transaction: an interrupted run leaves nothing behind.
"""
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from news import page_cache


class Command(BaseCommand):
    help = (
        "Write clearly marked sample articles, documents, organizations, sections and tags (deterministic by "
        "--seed), with their links, citations and search index. --clear removes only the sample data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, help="Articles to write (default: %(default)s).")
        parser.add_argument("--directives", type=int, default=100, help="Documents to write (default: %(default)s).")
        parser.add_argument("--organizations", type=int, default=40, help="Organizations (default: %(default)s).")
        parser.add_argument("--sections", type=int, default=6,
                            help="Sections in all: existing ones are reused, sample ones added up to this number.")
        parser.add_argument("--tags", type=int, default=300, help="Tags, the sample marker tag included.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data (default: %(default)s).")
        parser.add_argument("--clear", action="store_true", help="Remove the sample data (and only it), then stop.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, clear, database, **options):
        from news.sample_data import analyze, generate, sample_counts

        started = time.monotonic()
        if clear:
            from news.sample_data.clear import clear as clear_sample

            counts = clear_sample(using=database)
            self._done("Sample data removed", counts, started)
            return
        present = {name: count for name, count in sample_counts(database).items() if count}
        if present:
            listed = ", ".join(f"{count} {name}" for name, count in present.items())
            raise CommandError(
                f"Sample data is already in this database ({listed}). Nothing was added. "
                "Run `manage.py generate_sample_data --clear` first to replace it."
            )
        self.last_report = {}
        try:
            counts = generate(
                options["articles"], options["directives"], organizations=options["organizations"],
                sections=options["sections"], tags=options["tags"], seed=options["seed"], using=database,
                progress=self.progress,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        analyze(database)  # outside the transaction: VACUUM cannot run inside one
        self._done("Sample data written", counts, started)

    def progress(self, phase, done, total):
        """One line per 10 % of a phase (or overwritten in place on a terminal)."""
        percent = 100 * done // total if total else 100
        if self.stdout.isatty():
            self.stdout.write(f"\r{phase}: {done:,}/{total:,} ({percent} %)", ending="\n" if done >= total else "")
            self.stdout.flush()
        elif percent // 10 > self.last_report.get(phase, -1) or done >= total:
            self.last_report[phase] = percent // 10
            self.stdout.write(f"{phase}: {done:,}/{total:,} ({percent} %)")

    def _done(self, what, counts, started):
        # Bulk writes send no signals, so no cached page was invalidated: drop them all, in every process.
        page_cache.invalidate_everything()
        listed = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"{what}: {listed} in {time.monotonic() - started:.1f} s."))
