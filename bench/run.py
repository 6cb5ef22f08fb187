"""Benchmark of the public pages, in-process, then under gunicorn against a bare Django app (bench/README.md).

    DATABASE_URL=postgres://.../orgsite_bench REDIS_URL=redis://127.0.0.1:6379/11 .venv/bin/python bench/run.py

First, for each page: SQL queries per request and server time (median, p95), cold (cache cleared before each
request) and warm (cache filled), through django.test.Client and the whole middleware stack. Then requests per
second under gunicorn with the production environment, each case as a share of a bare `startproject` app
measured alternately in the same run: the article from the page cache, rendered, with Redis down three ways,
and the searches. Ends with one table to paste, and the issue's targets met or not.
"""
import argparse
import datetime
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

if __name__ == "__main__":
    from bench.snapshot import run_at_commit, split_commit_option

    _rev, _rest = split_commit_option(sys.argv[1:])
    if _rev:
        sys.exit(run_at_commit(_rev, _rest))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.machine import print_machine  # noqa: E402
from bench.pages import COMMON_WORD, RARE_WORD, VERY_COMMON_WORD, pages  # noqa: E402
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


# Where the page cache keeps this process's own copies of pages, before and after it became a package: the
# first of these that exists is called. A "cold" request still answered from a copy is flagged by measure().
LOCAL_COPIES = [
    ("pagecache", "reset"),  # forgets everything the process holds (its copies, the breaker's state)
    ("pagecache.core", "reset"),
    ("pagecache.core", "recent.forget"),
    ("news.page_cache", "recent.forget"),
]


def _forget_local_copies():
    """Empty this process's own copies of pages; False if no known place was found."""
    import importlib

    for module_name, attribute in LOCAL_COPIES:
        try:
            target = importlib.import_module(module_name)
        except ImportError:
            continue
        for part in attribute.split("."):
            target = getattr(target, part, None)
        if callable(target):
            target()
            return True
    return False


def empty_cache():
    """Cold: nothing stored, neither in the shared cache nor in this process's recent pages."""
    cache.clear()
    _forget_local_copies()


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
        response = reader.get(path)
    count = len(queries)  # now: the next request empties the connection's query log
    status = response.status_code
    if cold and response.get("X-Page-Cache") == "hit":
        status = f"{status}!hit"  # "cold" was served from a copy this script could not empty: not a cold time
    times = []
    for _ in range(repeat):
        if cold:
            empty_cache()
        started = time.perf_counter()
        response = reader.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            status = f"{response.status_code}!"  # a failing page is not a fast one
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


def tree_state():
    """What ``git status`` says of the tracked files and pagecache/ (to notice edits made during the run)."""
    try:
        return subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def commit():
    """The commit measured, "+changes" when the working tree differs from it (other engineers' edits under way)."""
    if os.environ.get("BENCH_COMMIT"):
        return os.environ["BENCH_COMMIT"]
    try:
        head = subprocess.run(["git", "rev-parse", "--short=10", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
        subject = subprocess.run(["git", "log", "-1", "--format=%s"], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return f"{head}{' +uncommitted changes' if dirty else ''} ({subject[:70]})"


ROOT = Path(__file__).resolve().parent.parent
SEARCHES = [
    ("common", f"topic word ({COMMON_WORD})", COMMON_WORD),
    ("very-common", f"word in most articles ({VERY_COMMON_WORD})", VERY_COMMON_WORD),
    ("rare", f"rare word ({RARE_WORD})", RARE_WORD),
]


def _env_pair(text):
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError("expected NAME=value")
    return name, value


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10, help="in-process: requests per page and mode "
                        "(default: %(default)s)")
    parser.add_argument("--no-throughput", action="store_true", help="only the in-process table (no gunicorn)")
    parser.add_argument("--no-inprocess", action="store_true", help="only the gunicorn part (no cold times)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default: %(default)s)")
    parser.add_argument("--duration", type=int, default=5, help="seconds measured per case and round "
                        "(default: %(default)s)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of load before each measure, not counted "
                        "(default: %(default)s)")
    parser.add_argument("--connections", type=int, default=8, help="load generator connections (default: %(default)s)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default: %(default)s)")
    parser.add_argument("--timeout", type=int, default=30, help="seconds before wrk counts a request as failed "
                        "(default: %(default)s, gunicorn's timeout)")
    parser.add_argument("--cases", help="comma-separated subset of: ok, cached, rendered, search-common, "
                        "search-very-common, search-rare, refused, unreachable, hung (the bare app is always run)")
    parser.add_argument("--commit", metavar="REV", help="measure this commit, from a clean copy made with git archive, "
                        "instead of the working tree (handled before Django starts)")
    parser.add_argument("--env", type=_env_pair, action="append", default=[], metavar="NAME=value",
                        help="set on every gunicorn server on top of .env.example (e.g. GUNICORN_MAX_REQUESTS=0)")
    options = parser.parse_args()

    state = tree_state()
    print(f"Date: {datetime.datetime.now().astimezone():%d/%m/%Y %H:%M %Z}; commit {commit()}")
    print("Machine:")
    print_machine()
    print(f"Data: {Article.objects.count():,} articles ({Article.objects.published('vi').count():,} public), "
          f"{Directive.objects.count():,} documents, {Organization.objects.count():,} organizations")
    sys.stdout.flush()
    chosen = pages()
    cold_ms = {}
    if not options.no_inprocess:
        print(f"In-process (django.test.Client), {options.repeat} requests per page and mode; times in ms")
        print(f"{'page':26} {'status':>6} {'q cold':>6} {'median':>8} {'p95':>8} {'q warm':>6} {'median':>8} "
              f"{'p95':>8}  path")
        reader = Reader()
        for name, path in chosen:
            status, cold_queries, cold = measure(reader, path, options.repeat, cold=True)
            _status, warm_queries, warm = measure(reader, path, options.repeat, cold=False)
            cold_ms[path] = statistics.median(cold)
            print(f"{name:26} {status:>6} {cold_queries:>6} {statistics.median(cold):>8.1f} "
                  f"{percentile(cold, .95):>8.1f} {warm_queries:>6} {statistics.median(warm):>8.1f} "
                  f"{percentile(warm, .95):>8.1f}  {path}")
            sys.stdout.flush()

        sizes = sitemap_sizes(reader)
        largest = max(sizes, key=sizes.get)
        print(f"Sitemap: {len(sizes)} sitemap pages; the largest lists {sizes[largest]:,} URLs ({largest})"
              f"{'' if sizes[largest] <= 10_000 else '  OVER 10,000'}")

    if options.no_throughput:
        return
    from bench.throughput import run_throughput

    paths = dict(chosen)
    searches = [(key, label, paths[f"search {name}"]) for (key, label, _word), name in
                zip(SEARCHES, ("common", "very common", "rare"), strict=True)]
    selected = run_throughput(
        paths["article"], searches, rounds=options.rounds, duration=options.duration, warmup=options.warmup,
        connections=options.connections, threads=options.threads, timeout=options.timeout,
        only=set(options.cases.split(",")) if options.cases else None, extra_env=dict(options.env),
        cold_ms=cold_ms,
    )
    print_targets(selected, cold_ms)
    if state is not None and tree_state() != state:
        print("WARNING: the working tree changed during the run: the servers may have run another version than the "
              "in-process part (use --commit REV to measure one commit)")


def print_targets(selected, cold_ms):
    """The issue's targets that this run measures, met or not (issue 11)."""
    by_key = {case.key: case for case in selected}
    floor = statistics.median(run.rate for run in by_key["bare"].runs)

    def share(key):
        return statistics.median(run.rate for run in by_key[key].runs) / floor if key in by_key else None

    def clean(key):
        case = by_key[key]
        return not any(run.non200 or run.errors for run in case.runs)

    print("Targets (issue 11):")
    if share("cached") is not None:
        print(f"  cached article >= 80 % of the bare app: {share('cached'):.1%} -> "
              f"{'met' if share('cached') >= 0.8 and clean('cached') else 'NOT MET'}")
    if share("rendered") is not None:
        print(f"  rendered article >= 20 % of the bare app: {share('rendered'):.1%} -> "
              f"{'met' if share('rendered') >= 0.2 and clean('rendered') else 'NOT MET'}")
    for key in ("refused", "unreachable", "hung"):
        if share(key) is not None:
            ok = share(key) >= 0.2 and clean(key)
            print(f"  Redis {key}: article >= the rendered target (20 %): {share(key):.1%} -> "
                  f"{'met' if ok else 'NOT MET'}{'' if clean(key) else ' (failed or timed-out requests)'}")
    for key, label, _word in SEARCHES:
        case = by_key.get(f"search-{key}")
        if case is not None and case.path in cold_ms:
            print(f"  search, {label}: cold median {cold_ms[case.path]:,.0f} ms (<= 100 ms) -> "
                  f"{'met' if cold_ms[case.path] <= 100 else 'NOT MET'}")


if __name__ == "__main__":
    main()
