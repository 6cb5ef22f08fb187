"""gunicorn with the repository's gunicorn.conf.py serves the site, as `gunicorn -c gunicorn.conf.py orgsite.wsgi`.

It runs against a database holding the demo: the test database itself on PostgreSQL (committed, so the server
process sees it), a new SQLite file otherwise (the suite's SQLite database lives in memory, in this process).
"""
import importlib.util
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import VI_URL
from tests.processes import ROOT, clean_environment, django_process

# manage.py migrates and loads a new database (SQLite), then gunicorn starts, each a process of its own.
pytestmark = pytest.mark.slow

START_TIMEOUT = 30  # seconds for gunicorn to boot and answer


def free_loopback_port():
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]
    except OSError as error:
        pytest.skip(f"cannot listen on the loopback interface here ({error}), so gunicorn cannot either")


@pytest.fixture
def served_database(transactional_db, tmp_path, media_root):
    """(DATABASE_URL, MEDIA_ROOT) of a database with the demo loaded, for a server process."""
    if connection.vendor == "postgresql":
        call_command("load_demo", "--no-user", verbosity=0)
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}", media_root
    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    env = {"DATABASE_URL": url, "MEDIA_ROOT": str(media_root)}
    for command in (["migrate", "--noinput"], ["load_demo", "--no-user"]):
        process = django_process(command, env, timeout=300)
        assert process.returncode == 0, process.stdout + process.stderr
    return url, media_root


@pytest.fixture
def gunicorn(served_database, tmp_path):
    if importlib.util.find_spec("gunicorn") is None:
        pytest.skip("gunicorn is not installed: pip install -r requirements.txt")
    database_url, media_root = served_database
    port = free_loopback_port()
    log = tmp_path / "gunicorn.log"
    env = {
        "DJANGO_SETTINGS_MODULE": "orgsite.settings", "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root),
        "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1", "GUNICORN_THREADS": "2",
        "CONN_MAX_AGE": "60",
    }
    with open(log, "w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "orgsite.wsgi"],
            cwd=ROOT, env=clean_environment(env), stdout=output, stderr=subprocess.STDOUT,
        )

    def stop():
        """A graceful stop, as systemd does it: the requests under way finish and are logged first."""
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=35)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited with {server.returncode}:\n{log.read_text()[-3000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not answer within {START_TIMEOUT} s:\n{log.read_text()[-3000:]}")
                time.sleep(0.2)  # polling a process of its own: its boot takes real time
        yield f"http://127.0.0.1:{port}", log, stop
    finally:
        stop()


def fetch(url, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        return response.status, response.headers, response.read().decode()


def test_gunicorn_serves_the_article_page_with_the_configured_settings(gunicorn):
    base, log, stop = gunicorn
    status, headers, html = fetch(base + VI_URL)
    assert status == 200
    assert "Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối các cơ quan Trung ương" in html
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert f'<link rel="canonical" href="{base}{VI_URL}">' in html

    # The proxy at 127.0.0.1 (FORWARDED_ALLOW_IPS) says the reader came over https: gunicorn believes it.
    _status, _headers, html = fetch(base + VI_URL, **{"X-Forwarded-Proto": "https"})
    assert f'<link rel="canonical" href="{base.replace("http:", "https:")}{VI_URL}">' in html

    # The access log goes to stdout, with the time taken. A worker logs a request after answering it: once
    # stopped gracefully, every request it answered is in the log (no guessing how long that takes).
    stop()
    assert any(f'"GET {VI_URL} HTTP/1.1" 200' in line and "ms xff=" in line for line in log.read_text().splitlines())
