"""Requests per second of the article page (warm) against a bare view, under gunicorn, in the same run."""
import os

from bench.server import DEFAULT_REDIS_URL, Gunicorn, load_python, load_wrk, wrk_available

ROUNDS = 2  # bare, article, bare, article: drift on a shared machine hits both alike


def run_throughput(article_path, host, duration=15, connections=32):
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    tool = "wrk" if wrk_available() else "Python threads (wrk not installed; apt-get install wrk)"
    load = load_wrk if wrk_available() else load_python
    with Gunicorn(redis_url, host) as server:
        print(f"Throughput: gunicorn with {server.described}, DJANGO_SETTINGS_MODULE=bench.settings, "
              f"cache Redis at {redis_url.rsplit('@', 1)[-1]}; load: {tool}, {connections} connections, "
              f"{duration} s per run, loopback (load generator and server share the machine)")
        status, _body = server.get(article_path)
        if status != 200:
            raise RuntimeError(f"{article_path} answered {status} under gunicorn")
        for _ in range(3):
            server.get(article_path)  # fill the page cache (every worker reads the shared Redis)
        rates = {"bare view /bench/ok/": [], f"article {article_path}": []}
        for _ in range(ROUNDS):
            for name, path in (("bare view /bench/ok/", "/bench/ok/"), (f"article {article_path}", article_path)):
                rate, errors = load(server, path, duration, connections)
                rates[name].append(rate)
                print(f"  {name}: {rate:,.0f} requests/s{f'  ({errors} non-2xx)' if errors else ''}")
        bare, article = (sum(values) / len(values) for values in rates.values())
        print(f"  mean: bare {bare:,.0f}/s, article {article:,.0f}/s -> article/bare = {article / bare:.0%} "
              f"(target >= 80%)")
        return bare, article
