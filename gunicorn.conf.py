"""gunicorn settings for orgsite (gunicorn reads ./gunicorn.conf.py by itself; README, "Running in production").

Each value comes from an environment variable, with a default that suits one host behind a reverse proxy.
"""
import gc
import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores():
    # The cores this process may run on (a container's or a taskset's limit), not the machine's.
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


wsgi_app = "orgsite.wsgi:application"

# Loopback by default: the reverse proxy on the same host forwards to it. A load balancer on another host
# needs e.g. 0.0.0.0:8000 (and FORWARDED_ALLOW_IPS set to its address). Several addresses: comma-separated.
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]

# Processes for CPU (the usual 2 x cores + 1), threads so that a worker waiting on PostgreSQL or Redis, or on
# a slow client, does not hold a whole process. Each thread keeps its own database connection (CONN_MAX_AGE):
# workers x threads x hosts must stay below PostgreSQL's max_connections.
workers = _int("GUNICORN_WORKERS", 2 * _cores() + 1)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)

# A request still running after this many seconds is killed (and its worker restarted); on restart or
# shutdown, workers get as long to finish what they serve.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
# Idle keep-alive connections from the proxy are kept this long (gunicorn's default, 2 s, is meant for
# browsers talking to gunicorn directly).
keepalive = 5

# Replace each worker after about this many requests, so a slow leak never grows; the jitter keeps the
# workers from restarting all at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
# The application is loaded once, in the master, before the workers are forked: a worker that max_requests
# replaces starts in milliseconds instead of importing Django and the site again (most of a second of CPU each;
# at 1,000 requests per worker that was a third of the cached page's throughput in bench/). Nothing connects at
# import: database and Redis connections open on first use, in each worker. A new release needs a restart of
# the service, not a HUP (which re-forks the loaded code). GUNICORN_PRELOAD=off loads in each worker as before.
preload_app = os.environ.get("GUNICORN_PRELOAD", "on").strip().lower() not in ("off", "0", "false", "no")
max_requests_jitter = max_requests // 10

# Only the proxy at these addresses may say that the request came over https (X-Forwarded-Proto), the one
# header Django is told to trust too (TRUST_X_FORWARDED_PROTO). gunicorn's own default reads the same variable.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# Access log to stdout, errors to stderr (systemd's journal or the container's log takes both). %(M)s is the
# time taken in milliseconds; behind a proxy the client's address is in X-Forwarded-For.
accesslog = "-"
errorlog = "-"
loglevel = "info"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms xff="%({x-forwarded-for}i)s"'

# The workers' heartbeat files in memory: on a disk-backed /tmp a slow disk can stall them into a timeout.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# gunicorn's control socket (gunicornc) sits at one path per user ($XDG_RUNTIME_DIR or ~/.gunicorn): a second
# gunicorn on the host (another site, the tests, the benchmark) would take it over. Signals do the same work:
# HUP reloads, TTIN/TTOU add or remove a worker, TERM stops gracefully.
control_socket_disable = True


def pre_fork(server, worker):
    """In the master, before each worker is forked: the loaded site's objects (Django, the URLconf, templates,
    translations) move out of the garbage collector's sight, so a worker's collections scan only what its
    requests allocate, and forked pages stay shared (the collector no longer writes to them)."""
    if preload_app:
        gc.freeze()
