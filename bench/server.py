"""Starting the site (or the bare app) under gunicorn with the repo's gunicorn.conf.py."""
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
GUNICORN_INFO = re.compile(rb"^\[[^]]+\] \[\d+\] \[INFO\] ")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn with the repo's gunicorn.conf.py on a free loopback port; a context manager.

    By default it serves bench.settings (the site plus /bench/ok/) with the caller's environment and
    ``redis_url`` (the load test). ``env`` replaces that environment (run.py passes the production one of
    bench/production.py); ``app`` and ``chdir`` serve another WSGI application with the same configuration (the
    bare startproject app: gunicorn's APP_MODULE argument overrides the file's ``wsgi_app``).
    """

    def __init__(self, redis_url=None, host="localhost", *, env=None, app=None, chdir=None, ready_path="/bench/ok/",
                 name="site"):
        self.port = free_port()
        self.host = host
        self.name = name
        self.ready_path = ready_path
        self.log = tempfile.NamedTemporaryFile(prefix=f"bench-gunicorn-{name}-", suffix=".log", delete=False)
        self.access_log = tempfile.NamedTemporaryFile(prefix=f"bench-gunicorn-{name}-access-", suffix=".log",
                                                      delete=False)
        if env is None:
            env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings",
                   "REDIS_URL": redis_url or DEFAULT_REDIS_URL}
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.command = [str(Path(sys.executable).with_name("gunicorn"))]
        if (ROOT / "gunicorn.conf.py").exists():
            self.command += ["--config", str(ROOT / "gunicorn.conf.py")]
            self.described = "the repo's gunicorn.conf.py"
        else:  # before gunicorn.conf.py existed: the same shape, stated here
            self.command += ["--bind", f"127.0.0.1:{self.port}", "--workers", "5", "--worker-class", "gthread",
                             "--threads", "4"]
            self.described = "flags of bench/server.py (no gunicorn.conf.py found)"
        if chdir:
            self.command += ["--chdir", str(chdir)]
        self.command += [app or "orgsite.wsgi:application"]
        self.cwd = chdir or ROOT

    def __enter__(self):
        # gunicorn.conf.py logs access to stdout and errors to stderr: kept apart, the access log is removed after.
        self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdout=self.access_log,
                                        stderr=self.log)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ({self.name}) exited; see {self.log.name}")
            try:
                if self.get(self.ready_path, timeout=10)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn ({self.name}) did not answer 200 at {self.ready_path} within 90 s; "
                           f"see {self.log.name}")

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.access_log.close()
        os.unlink(self.access_log.name)

    def log_lines(self):
        """Lines on stderr so far other than gunicorn's INFO lines: the app's warnings and tracebacks, errors."""
        with open(self.log.name, "rb") as log:
            return sum(1 for line in log if not GUNICORN_INFO.match(line))

    def worker_boots(self):
        """Workers started so far (5 at start, one more each time max_requests replaces one)."""
        with open(self.log.name, "rb") as log:
            return log.read().count(b"Booting worker")

    def headers(self):
        return {"Host": self.host, "X-Forwarded-Proto": "https"}

    def get(self, path, timeout=30):
        return self.fetch(path, timeout)[::2]

    def fetch(self, path, timeout=30):
        """(status, headers as a dict, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", path, headers=self.headers())
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"
