"""Readers under load while an editor publishes and edits: no 5xx, and no stale page afterwards.

    DATABASE_URL=... REDIS_URL=redis://127.0.0.1:6379/15 .venv/bin/python bench/loadtest.py [--readers 50] [--seconds 30]

gunicorn serves the site (the repo's gunicorn.conf.py, Redis as the shared cache); ``--readers`` threads read
article, home and section pages for ``--seconds`` while a writer, through the ORM, publishes new sample
articles and renames existing ones ("[Dữ liệu mẫu] (bản sửa N) ..."). Then every edited article's page is
fetched: it must show its new title. The edits stay in the database (they are sample data: --clear removes them).
"""
import argparse
import collections
import http.client
import os
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")

import django  # noqa: E402

django.setup()

from django.db import close_old_connections  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from django.utils.html import escape  # noqa: E402

from bench.run import bench_host  # noqa: E402
from bench.server import Gunicorn  # noqa: E402
from news.models import Article, Section  # noqa: E402
from news.sample_data import MARK, sample_articles  # noqa: E402
from news.sample_data.text import TITLE_PREFIX  # noqa: E402


def reader(server, paths, stop, statuses, seed):
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    while not stop.is_set():
        try:
            connection.request("GET", rng.choice(paths()), headers=server.headers())
            response = connection.getresponse()
            response.read()
            statuses[response.status] += 1
        except (OSError, http.client.HTTPException) as error:
            statuses[type(error).__name__] += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.close()


def writer(stop, edited, published, pause):
    """Rename published sample articles and publish new ones, one change every ``pause`` seconds."""
    rng = random.Random(7)
    candidates = list(sample_articles().filter(status=Article.Status.PUBLISHED).order_by("-published_at")
                      .values_list("pk", flat=True)[:2000])
    sections = list(Section.objects.all())
    version = 0
    while not stop.is_set():
        version += 1
        with translation.override("vi"):
            if version % 3:
                article = Article.objects.get(pk=rng.choice(candidates))
                base = article.title_vi.removeprefix(TITLE_PREFIX["vi"]).split(") ", 1)[-1]
                article.title_vi = f"{TITLE_PREFIX['vi']}(bản sửa {version}) {base}"
                article.save()
                edited[article.pk] = article.title_vi
            else:
                title = f"{TITLE_PREFIX['vi']}(bài mới {version}) Tin nóng trong lúc kiểm thử tải"
                article = Article.objects.create(
                    title_vi=title, slug_vi=f"du-lieu-mau-bai-moi-kiem-thu-tai-{time.time_ns()}", source_label=MARK,
                    lead_vi="Bài viết mẫu đăng trong lúc kiểm thử tải.", body_vi="<p>Nội dung mẫu.</p>",
                    status=Article.Status.PUBLISHED, published_at=timezone.now(), section=rng.choice(sections),
                )
                published[article.pk] = title
        time.sleep(pause)
    close_old_connections()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between two writes")
    options = parser.parse_args()

    with translation.override("vi"):
        recent = [a.get_absolute_url() for a in Article.objects.published("vi").select_related("section")
                  .newest_first()[:300]]
        sections = [s.get_absolute_url() for s in Section.objects.all()]
    edited, published = {}, {}
    fixed = ["/", *sections, *[f"{s}?page=2" for s in sections], *recent]

    # Pages of edited articles join the readers' list as they change: a stale copy would be cached right there.
    touched = []

    def paths():
        return fixed + touched

    with Gunicorn(os.environ["REDIS_URL"], bench_host()) as server:
        print(f"Load test: {options.readers} readers for {options.seconds} s against gunicorn ({server.described}), "
              f"cache Redis at {os.environ['REDIS_URL'].rsplit('@', 1)[-1]}; a writer changes an article every "
              f"{options.pause} s")
        stop = threading.Event()
        statuses = collections.Counter()
        threads = [threading.Thread(target=reader, args=(server, paths, stop, statuses, seed))
                   for seed in range(options.readers)]
        write = threading.Thread(target=writer, args=(stop, edited, published, options.pause))
        for thread in [*threads, write]:
            thread.start()
        deadline = time.monotonic() + options.seconds
        while time.monotonic() < deadline:
            time.sleep(0.5)
            with translation.override("vi"):
                for article in Article.objects.filter(pk__in=list(edited)).select_related("section"):
                    url = article.get_absolute_url()
                    if url not in touched:
                        touched.append(url)
        stop.set()
        for thread in [*threads, write]:
            thread.join()
        total = sum(statuses.values())
        print(f"  {total:,} responses in {options.seconds} s ({total / options.seconds:,.0f}/s): "
              + ", ".join(f"{status}: {count:,}" for status, count in sorted(statuses.items(), key=str)))
        errors = sum(count for status, count in statuses.items() if not isinstance(status, int) or status >= 500)
        print(f"  5xx or failed: {errors}")

        stale = []
        with translation.override("vi"):
            changed = {**edited, **published}
            for article in Article.objects.filter(pk__in=list(changed)).select_related("section"):
                status, body = server.get(article.get_absolute_url())
                if status != 200 or escape(changed[article.pk]) not in body.decode():
                    stale.append((article.pk, status))
        print(f"  edited {len(edited)} and published {len(published)} articles; stale or missing afterwards: "
              f"{len(stale)}{' ' + str(stale[:10]) if stale else ''}")
        return 1 if errors or stale else 0


if __name__ == "__main__":
    sys.exit(main())
