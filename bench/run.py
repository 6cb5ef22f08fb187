"""Benchmark of the public pages, in-process, then under gunicorn (see bench/README.md).

    DATABASE_URL=postgres://.../orgsite_bench .venv/bin/python bench/run.py [--repeat 20] [--no-throughput]

For each page: SQL queries per request and server time (median, p95), cold (cache cleared before each
request) and warm (cache filled), through django.test.Client and the whole middleware stack.
"""
import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.machine import print_machine  # noqa: E402
from bench.pages import pages  # noqa: E402
from news.models import Article, Directive, Organization  # noqa: E402


def bench_host():
    """A host name the site accepts (production settings refuse others)."""
    for host in settings.ALLOWED_HOSTS:
        if host != "*" and not host.startswith("."):
            return host.strip("[]") if host.startswith("[") else host
    return "localhost"


class Reader:
    """An anonymous reader arriving over https through the proxy (X-Forwarded-Proto), as production sees it."""

    def __init__(self):
        self.client = Client(HTTP_HOST=bench_host(), HTTP_X_FORWARDED_PROTO="https")

    def get(self, path):
        return self.client.get(path, secure=True)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


SLOW_SECONDS = 3


def empty_cache():
    """Cold: nothing stored, neither in the shared cache nor in this process's recent pages."""
    from news import page_cache

    cache.clear()
    page_cache.recent.forget()


def measure(reader, path, repeat, cold):
    """(status, queries of one request, [milliseconds]) for ``repeat`` requests."""
    if cold:
        empty_cache()
    started = time.perf_counter()
    reader.get(path)  # templates, URL resolvers and the like are loaded once per process, not per request
    if time.perf_counter() - started > SLOW_SECONDS:
        repeat = min(repeat, 2)  # a page this slow is far off target anyway; do not spend minutes on it
    if cold:
        empty_cache()
    with CaptureQueriesContext(connection) as queries:
        status = reader.get(path).status_code
    count = len(queries)  # now: the next request empties the connection's query log
    times = []
    for _ in range(repeat):
        if cold:
            empty_cache()
        started = time.perf_counter()
        reader.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return status, count, times


def sitemap_sizes(reader):
    """{sitemap path: number of <url> entries} for every page the sitemap index lists."""
    index = reader.get("/sitemap.xml").content.decode()
    sizes = {}
    for location in re.findall(r"<loc>([^<]+)</loc>", index):
        parts = urlsplit(location.replace("&amp;", "&"))
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        sizes[path] = reader.get(path).content.decode().count("<url>")
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20, help="requests per page and mode (default: %(default)s)")
    parser.add_argument("--no-throughput", action="store_true", help="skip the gunicorn part")
    parser.add_argument("--duration", type=int, default=15, help="seconds per throughput run (default: %(default)s)")
    parser.add_argument("--connections", type=int, default=32, help="load generator connections")
    options = parser.parse_args()

    print("Machine:")
    print_machine()
    print(f"Data: {Article.objects.count():,} articles ({Article.objects.published('vi').count():,} public), "
          f"{Directive.objects.count():,} documents, {Organization.objects.count():,} organizations")
    print(f"In-process (django.test.Client), {options.repeat} requests per page and mode; times in ms")
    print(f"{'page':26} {'status':>6} {'q cold':>6} {'median':>8} {'p95':>8} {'q warm':>6} {'median':>8} {'p95':>8}  path")
    reader = Reader()
    for name, path in pages():
        status, cold_queries, cold = measure(reader, path, options.repeat, cold=True)
        _status, warm_queries, warm = measure(reader, path, options.repeat, cold=False)
        print(f"{name:26} {status:>6} {cold_queries:>6} {statistics.median(cold):>8.1f} {percentile(cold, .95):>8.1f} "
              f"{warm_queries:>6} {statistics.median(warm):>8.1f} {percentile(warm, .95):>8.1f}  {path}")
        sys.stdout.flush()

    sizes = sitemap_sizes(reader)
    largest = max(sizes, key=sizes.get)
    print(f"Sitemap: {len(sizes)} sitemap pages; the largest lists {sizes[largest]:,} URLs ({largest})"
          f"{'' if sizes[largest] <= 10_000 else '  OVER 10,000'}")

    if not options.no_throughput:
        from bench.throughput import run_throughput

        run_throughput(article_path=dict(pages())["article"], host=bench_host(), duration=options.duration,
                       connections=options.connections)


if __name__ == "__main__":
    main()
