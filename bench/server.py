"""Starting the site under gunicorn with the repo's gunicorn.conf.py, and a small load generator for when wrk is absent."""
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving bench.settings (the site plus /bench/ok/) on a free loopback port; a context manager."""

    def __init__(self, redis_url, host):
        self.port = free_port()
        self.host = host
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "REDIS_URL": redis_url,
                    "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.command = [str(Path(sys.executable).with_name("gunicorn"))]
        if (ROOT / "gunicorn.conf.py").exists():
            self.command += ["--config", str(ROOT / "gunicorn.conf.py")]
            self.described = "the repo's gunicorn.conf.py"
        else:  # before gunicorn.conf.py existed: the same shape, stated here
            self.command += ["--bind", f"127.0.0.1:{self.port}", "--workers", "5", "--worker-class", "gthread",
                             "--threads", "4", "orgsite.wsgi:application"]
            self.described = "flags of bench/server.py (no gunicorn.conf.py found)"

    def __enter__(self):
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log.name}")
            try:
                if self.get("/bench/ok/")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log.name}")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def headers(self):
        return {"Host": self.host, "X-Forwarded-Proto": "https"}

    def get(self, path, timeout=30):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", path, headers=self.headers())
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


def wrk_available():
    return shutil.which("wrk") is not None


def load_wrk(server, path, duration, connections, threads=2):
    """(requests per second, non-2xx count) measured by wrk."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    for name, value in server.headers().items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, server.url(path)], capture_output=True, text=True, check=True).stdout
    rate = float(next(line for line in output.splitlines() if line.startswith("Requests/sec:")).split()[1])
    errors = next((int(line.split()[-1]) for line in output.splitlines() if "Non-2xx" in line), 0)
    return rate, errors


def load_python(server, path, duration, connections):
    """The same measure with Python threads and keep-alive connections (slower than wrk: the GIL)."""
    counts, errors, stop = [0] * connections, [0] * connections, time.monotonic() + duration

    def reader(slot):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        while time.monotonic() < stop:
            try:
                connection.request("GET", path, headers=server.headers())
                response = connection.getresponse()
                response.read()
                counts[slot] += 1
                errors[slot] += response.status >= 400
            except (OSError, http.client.HTTPException):
                errors[slot] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        connection.close()

    threads = [threading.Thread(target=reader, args=(slot,)) for slot in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started), sum(errors)
