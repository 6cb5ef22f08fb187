"""Requests per second under gunicorn, each case against Django's floor, in one run (bench/README.md, section 2).

Four servers run side by side, each the repo's gunicorn.conf.py with the production environment of
.env.example (bench/production.py): the bare startproject app (bench/bare.py), the site with Redis, the site
with the page cache off ("rendered"), and the site whose Redis is the bench's dead one (bench/outage.py). Each
round measures every case once, the bare app first, with wrk; the figure of a case is the median of its
rounds and its share is that median over the bare app's. wrk runs on the same two cores as gunicorn.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import http.client
from dataclasses import dataclass, field
from pathlib import Path

from bench.bare import PATH as BARE_PATH
from bench.bare import WSGI_APP as BARE_APP
from bench.bare import bare_project
from bench.outage import FaultyRedis
from bench.production import collected_static, host, production_env
from bench.server import ROOT, Gunicorn

PAGE_CACHE_HEADER = "X-Page-Cache"


@dataclass
class Case:
    key: str
    label: str
    server: str  # bare, site, rendered, outage
    path: str
    expect: str = ""  # "hit": served from the page cache; "render": never from it; "": not a page of the cache
    mode: str = ""  # the dead Redis's mode, for the outage cases
    unique: bool = False  # a new query string each request (set when PAGE_CACHE_ENABLED is unknown)
    runs: list = field(default_factory=list)
    probe: str = ""


def cases(article, searches):
    """Every case of the table, in the order of a round. ``searches``: [(label, path)]."""
    return [
        Case("bare", "bare startproject app, HttpResponse(\"ok\")", "bare", BARE_PATH),
        Case("ok", "bare view behind our middleware (/bench/ok/)", "site", "/bench/ok/"),
        Case("cached", "article, from the page cache", "site", article, expect="hit"),
        Case("rendered", "article, rendered (page cache off)", "rendered", article, expect="render"),
        *[Case(f"search-{key}", f"search, {label}, rendered", "rendered", path, expect="render")
          for key, label, path in searches],
        Case("refused", "article, Redis refusing connections", "outage", article, expect="render", mode="refused"),
        Case("unreachable", "article, Redis unreachable (SYN dropped)", "outage", article, expect="render",
             mode="unreachable"),
        Case("hung", "article, Redis hung (accepts, never answers)", "outage", article, expect="render", mode="hung"),
    ]


def code_knows(setting):
    """Whether the project's code reads ``setting`` (else setting it in the environment does nothing)."""
    for folder in ("orgsite", "news", "portal", "pagecache"):
        for path in (ROOT / folder).rglob("*.py"):
            if setting in path.read_text(encoding="utf-8", errors="replace"):
                return True
    return False


# --- load generation -------------------------------------------------------------------------------------

LUA = r"""
-- written by bench/throughput.py: counts every response that is not a 200, and the page cache's hits
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
non200, hits, tagged, counter, nonce = 0, 0, 0, 0, ""
function init(args)
  nonce = args[1] or ""
end
function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
  local cache = headers["X-Page-Cache"] or headers["x-page-cache"]
  if cache then
    tagged = tagged + 1
    if cache == "hit" then hits = hits + 1 end
  end
end
%(request)s
function done(summary, latency, requests)
  local n, h, t = 0, 0, 0
  for _, thread in ipairs(threads) do
    n = n + thread:get("non200"); h = h + thread:get("hits"); t = t + thread:get("tagged")
  end
  io.write(string.format("BENCH non200=%%d hits=%%d tagged=%%d\n", n, h, t))
end
"""

UNIQUE_REQUEST = r"""
function request()
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "bench-nocache=" .. nonce .. "-" .. id .. "-" .. counter)
end
"""


@dataclass
class Load:
    rate: float
    requests: int
    non200: int
    errors: int  # connect, read, write errors and timeouts
    hits: int
    tagged: int
    p50_ms: float
    p99_ms: float
    log_lines: int = 0


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


class Wrk:
    described = "wrk"

    def __init__(self, threads, connections, timeout):
        self.threads, self.connections, self.timeout = threads, connections, timeout
        self.directory = Path(tempfile.mkdtemp(prefix="bench-wrk-"))

    def params(self):
        return (f"wrk -t{self.threads} -c{self.connections} --timeout {self.timeout}s --latency, a Lua script "
                f"checking every status (200 only) and counting {PAGE_CACHE_HEADER}: hit")

    def script(self, unique):
        name = self.directory / f"{'unique' if unique else 'plain'}.lua"
        if not name.exists():
            request = UNIQUE_REQUEST if unique else ""
            name.write_text(LUA % {"request": request}, encoding="utf-8")
        return name

    def run(self, server, path, seconds, unique=False):
        command = ["wrk", f"-t{self.threads}", f"-c{self.connections}", f"-d{seconds}s", "--timeout",
                   f"{self.timeout}s", "--latency", "-s", str(self.script(unique))]
        for name, value in server.headers().items():
            command += ["-H", f"{name}: {value}"]
        nonce = f"{os.getpid()}x{time.monotonic_ns()}"  # a new one each run: no query string is ever sent twice
        output = subprocess.run([*command, server.url(path), "--", nonce], capture_output=True, text=True,
                                check=True).stdout
        rate = float(re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M).group(1))
        requests = int(re.search(r"(\d+) requests in", output).group(1))
        errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
        counts = dict(re.findall(r"(\w+)=(\d+)", re.search(r"^BENCH (.*)$", output, re.M).group(1)))
        latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
        return Load(rate, requests, int(counts["non200"]), sum(map(int, errors.groups())) if errors else 0,
                    int(counts["hits"]), int(counts["tagged"]),
                    _ms(latency["50"]) if "50" in latency else 0.0, _ms(latency["99"]) if "99" in latency else 0.0)

    def close(self):
        shutil.rmtree(self.directory, ignore_errors=True)


class PythonLoad(Wrk):
    """The same measure with Python threads and keep-alive connections (slower than wrk: the GIL)."""

    described = "Python threads"

    def params(self):
        return (f"Python threads (wrk not installed: apt-get install wrk), {self.connections} connections, "
                f"timeout {self.timeout} s; every status checked (200 only)")

    def run(self, server, path, seconds, unique=False):
        stop = time.monotonic() + seconds
        nonce = time.monotonic_ns()
        lock = threading.Lock()
        totals = {"requests": 0, "non200": 0, "errors": 0, "hits": 0, "tagged": 0}
        times = []

        def reader(slot):
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=self.timeout)
            counter = 0
            while time.monotonic() < stop:
                counter += 1
                target = (f"{path}{'&' if '?' in path else '?'}bench-nocache={nonce}-{slot}-{counter}"
                          if unique else path)
                started = time.perf_counter()
                try:
                    connection.request("GET", target, headers=server.headers())
                    response = connection.getresponse()
                    response.read()
                    cache = response.getheader(PAGE_CACHE_HEADER)
                    with lock:
                        totals["requests"] += 1
                        totals["non200"] += response.status != 200
                        totals["tagged"] += cache is not None
                        totals["hits"] += cache == "hit"
                        times.append((time.perf_counter() - started) * 1000)
                except (OSError, http.client.HTTPException):
                    with lock:
                        totals["errors"] += 1
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=self.timeout)
            connection.close()

        threads = [threading.Thread(target=reader, args=(slot,)) for slot in range(self.connections)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        times.sort()
        return Load(totals["requests"] / elapsed, totals["requests"], totals["non200"], totals["errors"],
                    totals["hits"], totals["tagged"], times[len(times) // 2] if times else 0.0,
                    times[int(len(times) * 0.99)] if times else 0.0)


# --- the run ----------------------------------------------------------------------------------------------

def _probe(server, case, timeout):
    """Check the page once before timing it: a 200, and for the page cache's cases, a hit or no hit as meant."""
    target = case.path
    if case.unique:
        target += f"{'&' if '?' in target else '?'}bench-nocache=probe-{time.monotonic_ns()}"
    try:
        status, headers, body = server.fetch(target, timeout=timeout)
        if case.expect == "hit":
            status, headers, body = server.fetch(target, timeout=timeout)
        elif case.expect == "render" and not case.unique:
            status, headers, body = server.fetch(target, timeout=timeout)  # a second request: still not a hit?
    except TimeoutError:
        return f"no answer within {timeout} s"
    except OSError as error:
        return f"failed: {error}"
    cache = headers.get(PAGE_CACHE_HEADER)
    problem = ""
    if status != 200:
        problem = f"  NOT 200: {status}"
    elif case.expect == "hit" and cache not in (None, "hit"):
        problem = f"  NOT SERVED FROM THE PAGE CACHE ({PAGE_CACHE_HEADER}: {cache})"
    elif case.expect == "render" and cache == "hit":
        problem = f"  SERVED FROM THE PAGE CACHE ({PAGE_CACHE_HEADER}: hit)"
    return f"{status}, {len(body):,} bytes, {PAGE_CACHE_HEADER}: {cache or '(none)'}{problem}"


def _cache_column(case, runs):
    tagged = sum(run.tagged for run in runs)
    if not case.expect:
        return ""
    if not tagged:
        return "no header"
    hits = sum(run.hits for run in runs) / tagged
    flag = ""
    if (case.expect == "hit" and hits < 0.99) or (case.expect == "render" and hits > 0):
        flag = " (!)"
    return f"{hits:.0%} hits{flag}"


def _format_rate(rate):
    return f"{rate:,.0f}" if rate >= 10 else f"{rate:,.1f}"


def run_throughput(article_path, searches, *, rounds=3, duration=5, warmup=2, connections=8, threads=2,
                   timeout=30, only=None, extra_env=None, cold_ms=None, write=print):
    """Measure every case ``rounds`` times; returns the cases with their runs. ``searches``: [(key, label, path)].

    ``cold_ms``: {path: in-process cold median} to show beside the figures (run.py's first part).
    """
    from django.conf import settings

    database_url = os.environ.get("DATABASE_URL") or _database_url(settings.DATABASES["default"])
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    static_root = collected_static(write)
    selected = [case for case in cases(article_path, searches) if not only or case.key in only or case.key == "bare"]
    knows_switch = code_knows("PAGE_CACHE_ENABLED")
    load = Wrk(threads, connections, timeout) if shutil.which("wrk") else PythonLoad(threads, connections, timeout)

    base_env, overrides = production_env(database_url, redis_url, static_root, extra_env)
    base_env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    site_host = host(base_env)
    rendered_env = {**base_env, "PAGE_CACHE_ENABLED": "off"}
    if knows_switch:
        rendered_how = "PAGE_CACHE_ENABLED=off in that server's environment: pages neither served from nor stored in it"
    else:
        # This code has no switch: a new query string each request makes every request a miss, rendered and
        # stored; PAGE_CACHE_SECONDS=1 keeps those thousands of one-off pages from filling Redis.
        rendered_env["PAGE_CACHE_SECONDS"] = "1"
        rendered_how = ("this code has no PAGE_CACHE_ENABLED: a new query string each request (rendered and stored "
                        "each time), PAGE_CACHE_SECONDS=1 on that server so they do not pile up in Redis")
        for case in selected:
            if case.server == "rendered":
                case.unique = True
                case.label = case.label.replace("(page cache off)", "(a new query string each request)")

    write(f"Throughput: {len(selected)} cases, {rounds} alternating rounds (the bare app first in each), "
          f"{warmup} s warm-up + {duration} s measured per case; figure = median of the rounds, share = that "
          f"median / the bare app's median")
    write(f"  load: {load.params()}; loopback; wrk and gunicorn share the machine's {os.cpu_count()} cores")
    write(f"  servers: gunicorn --config gunicorn.conf.py APP ({_gunicorn_summary(base_env)}), the production "
          f"environment of .env.example except:")
    for name, value, why in overrides:
        write(f"    {name}={value}  ({why})")
    write(f"    DJANGO_SETTINGS_MODULE=bench.settings for the site (orgsite.settings plus /bench/ok/); the bare app: "
          f"{BARE_APP} from a fresh `django-admin startproject`, its settings but DEBUG=False, ALLOWED_HOSTS")
    write(f"  requests: Host: {site_host}, X-Forwarded-Proto: https (as from the proxy)")
    write(f"  rendered: {rendered_how}")

    outage = FaultyRedis()
    needed = {case.server for case in selected}
    with bare_project(site_host) as bare_dir, outage:
        specs = {
            "bare": dict(env={k: v for k, v in base_env.items() if k != "DJANGO_SETTINGS_MODULE"}, app=BARE_APP,
                         chdir=bare_dir, ready_path=BARE_PATH),
            "site": dict(env=base_env),
            "rendered": dict(env=rendered_env),
            "outage": dict(env={**base_env, "REDIS_URL": outage.url}),
        }
        if "outage" in needed:
            write(f"  Redis down: the site's REDIS_URL is {outage.url}, a port of the bench's own (bench/outage.py)")
        servers = {}
        try:
            for name in ("bare", "site", "rendered", "outage"):
                if name in needed:
                    servers[name] = Gunicorn(host=site_host, name=name, **specs[name]).__enter__()
            for case in selected:
                if case.mode:
                    outage.set_mode(case.mode)
                    ok, seen = outage.probe()
                    write(f"  Redis {case.mode}: {seen}{'' if ok else '  NOT AS MEANT'}")
                    if not ok:
                        raise RuntimeError(f"the dead Redis does not behave as {case.mode!r}")
                case.probe = _probe(servers[case.server], case, timeout=5 if case.mode else 30)
                write(f"  {case.key}: {case.path}: {case.probe}")
            sys.stdout.flush()
            load_before = os.getloadavg()
            for number in range(1, rounds + 1):
                line = []
                for case in selected:
                    server = servers[case.server]
                    if case.mode:
                        outage.set_mode(case.mode)
                    if warmup:
                        load.run(server, case.path, warmup, case.unique)
                    before = server.log_lines()
                    result = load.run(server, case.path, duration, case.unique)
                    result.log_lines = server.log_lines() - before
                    case.runs.append(result)
                    line.append(f"{case.key} {_format_rate(result.rate)}"
                                + (f" ({result.non200} non-200, {result.errors} errors)"
                                   if result.non200 or result.errors else ""))
                write(f"  round {number}: " + ", ".join(line))
                sys.stdout.flush()
            load_after = os.getloadavg()
            boots = ", ".join(f"{name} {server.worker_boots()}" for name, server in servers.items())
        finally:
            if "outage" in servers:
                outage.set_mode("refused")  # unblock requests waiting on the hung one before stopping
            for server in servers.values():
                server.stop()
            load.close()
    write(f"  load average (1 min) before the rounds {load_before[0]:.1f}, after {load_after[0]:.1f} "
          f"(wrk and the servers themselves count)")
    write(f"  workers started per server, the first ones included (max_requests replaces a worker after about "
          f"1,000 requests): {boots}")
    _table(selected, cold_ms or {}, write)
    return selected


def _gunicorn_summary(env):
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    workers = env.get("GUNICORN_WORKERS") or f"{2 * cores + 1} (2 x cores + 1)"
    return (f"workers {workers}, gthread, threads {env.get('GUNICORN_THREADS') or 4}, max_requests "
            f"{env.get('GUNICORN_MAX_REQUESTS') or 1000}, access log on")


def _database_url(database):
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    return (f"postgres://{database.get('USER') or ''}@{database.get('HOST') or ''}:{database.get('PORT') or 5432}"
            f"/{database['NAME']}")


def _table(selected, cold_ms, write):
    bare = next(case for case in selected if case.key == "bare")
    floor = statistics.median(run.rate for run in bare.runs)
    write("")
    write("| case | requests/s (median) | share of bare app | rounds | p50 / p99 latency | not 200 / errors "
          "| page cache | stderr lines | cold in-process |")
    write("|---|---|---|---|---|---|---|---|---|")
    for case in selected:
        rates = [run.rate for run in case.runs]
        median = statistics.median(rates)
        failures = f"{sum(r.non200 for r in case.runs)} / {sum(r.errors for r in case.runs)}"
        cold = cold_ms.get(case.path) if case.server == "rendered" else None  # the render a request costs here
        completed = [run for run in case.runs if run.requests]
        latency = (f"{statistics.median(run.p50_ms for run in completed):,.1f} / "
                   f"{statistics.median(run.p99_ms for run in completed):,.0f} ms" if completed else "none completed")
        write(f"| {case.label} | {_format_rate(median)} | {median / floor:.1%} | "
              f"{' / '.join(_format_rate(rate) for rate in rates)} | {latency} | {failures} | "
              f"{_cache_column(case, case.runs)} | {sum(run.log_lines for run in case.runs)} | "
              f"{f'{cold:,.0f} ms' if cold is not None else ''} |")
    write("")
    paths = {}
    for case in selected:
        paths.setdefault(case.path, []).append(case.key)
    for path, keys in paths.items():
        write(f"  {', '.join(keys)}: {path}")
