"""Fixtures shared by the tests: a clean media folder and cache per test, a clock the test moves, the demo, staff
in each role, articles.

Plain helpers and constants (uploads, form data, the demo's addresses) are in tests/factories.py; reading
pages is tests/pages.py. No test module imports another.
"""
import importlib
import time
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from news.models import Article, Section
from tests.factories import HANOI, PASSWORD


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Staff made by the fixtures sign in with a password; hashing it the production way costs 0.1 s a user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded and demo files (private ones too) go to a per-test folder, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with an empty cache: a page stored by one test must not answer in the next."""
    from django.core.cache import cache

    import pagecache
    from orgsite.cache import reset_breakers

    reset_breakers()  # a cache that a test made fail is not skipped in the next
    cache.clear()
    pagecache.reset()


class Clock:
    """Time that moves only when the test moves it (see the ``clock`` fixture)."""

    def __init__(self, monkeypatch):
        import time_machine

        from orgsite import cache as cache_backend
        from pagecache import core as page_cache

        # Frozen on the next whole second: later than anything the test's other fixtures stamped, and
        # timestamps a whole number of microseconds from it convert exactly between datetime and float.
        start = int(time.time()) + 1
        self._monotonic = time.monotonic() + (start - time.time())
        self._travel = time_machine.travel(start, tick=False)
        self._traveller = self._travel.start()
        # time-machine moves time.time() and datetime (so timezone.now()), never time.monotonic() nor sleep():
        # the page cache's lease clock and its waits (its seam), and the cache breaker's intervals, follow this
        # clock instead.
        monkeypatch.setattr(page_cache, "_monotonic", self.monotonic)
        monkeypatch.setattr(page_cache, "_sleep", self._wait)
        monkeypatch.setattr(cache_backend, "_monotonic", self.monotonic)
        self.waits = []  # the page cache's waits, in seconds, in order

    def monotonic(self):
        return self._monotonic

    def shift(self, seconds):
        """Move forward by ``seconds`` (a number or a timedelta): the time of day and the monotonic clock."""
        if isinstance(seconds, timedelta):
            seconds, delta = seconds.total_seconds(), seconds
        else:
            delta = seconds
        if seconds < 0:
            raise ValueError("shift() moves forward; travel() goes back")
        self._traveller.shift(delta)
        self._monotonic += seconds

    def travel(self, moment):
        """Move to ``moment``, an aware datetime. The monotonic clock moves as far forward; never back."""
        delta = moment - datetime.now(moment.tzinfo)  # a timedelta: moved by exactly that, to the microsecond
        self._traveller.shift(delta)
        self._monotonic += max(0.0, delta.total_seconds())

    def _wait(self, seconds):
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")  # as time.sleep() says
        self.waits.append(seconds)
        self.shift(seconds)

    def stop(self):
        self._travel.stop()


@pytest.fixture
def clock(monkeypatch):
    """Time stands still at the test's start; ``clock.shift(seconds)`` and ``clock.travel(moment)`` move it.

    time.time(), datetime and timezone.now() follow it (time-machine), and so do the page cache's lease clock
    (``clock.monotonic()``) and its waits: a wait moves the clock on by its length at once, instead of sleeping,
    and is recorded in ``clock.waits``. Use it instead of time.sleep() or measuring elapsed wall-clock time.
    """
    controlled = Clock(monkeypatch)
    yield controlled
    controlled.stop()


@pytest.fixture(autouse=True)
def vietnamese():
    """Tests start, like the site, in Vietnamese; a request to /en/ must not leak English into the next test."""
    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    """The demo data as `make demo` loads it (media copied into the test's MEDIA_ROOT).

    Commit hooks run as after a real load, so the data derived on commit (the search index) is there too.
    """
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", "--no-user", verbosity=0)
    return Article.objects.get(pk=1)


# The newsroom's roles: the groups of migration 0006 (news/workflow.py reads what they grant).
ROLE_GROUPS = {"writer": "Phóng viên", "editor": "Biên tập viên", "administrator": "Quản trị"}
# Every kind of person the permission tests try, in the order of their tables.
ROLES = ["anonymous", "no_group", "writer", "other_writer", "editor", "administrator", "superuser"]


@pytest.fixture
def make_staff(db, django_user_model):
    """``make_staff(role, username=None, **fields)``: a staff member (password tests.factories.PASSWORD) in a role.

    Roles: "writer", "editor", "administrator" (the groups of migration 0006, no superuser flag), "superuser",
    and "no_group" (staff with no role). "other_writer" is a writer too.
    """
    count = {"n": 0}

    def make(role, username=None, **fields):
        count["n"] += 1
        username = username or f"{role}-{count['n']}"
        user = django_user_model.objects.create_user(
            username, password=PASSWORD, is_staff=True, is_superuser=role == "superuser", **fields
        )
        group = ROLE_GROUPS.get("writer" if role == "other_writer" else role)
        if group:
            user.groups.add(role_group(group))
        return user

    return make


def role_group(name):
    """The role's group, as migration 0006 made it. A live-server (browser) test empties every table when it
    ends: the permissions come back, the groups do not; a missing one is made again from the migration's table
    (``None`` there: every permission of the news and auth apps)."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        codenames = importlib.import_module("news.migrations.0006_newsroom_roles").ROLES[name]
        permissions = Permission.objects.filter(content_type__app_label__in=["news", "auth"])
        if codenames is not None:
            permissions = permissions.filter(content_type__app_label="news", codename__in=codenames)
        group.permissions.set(permissions)
        # The portal's record (portal/migrations/0002): administrators keep it, the newsroom reads it.
        group.permissions.add(*importlib.import_module("portal.migrations.0002_roles").permissions_for(name, Permission))
        # Drafts for comment (consultation/migrations/0002): writers prepare them, editors publish and moderate.
        group.permissions.add(
            *importlib.import_module("consultation.migrations.0002_roles").permissions_for(name, Permission)
        )
    return group


@pytest.fixture
def people(make_staff):
    """One person per role of ROLES, each named after it ("anonymous" is None)."""
    return {role: None if role == "anonymous" else make_staff(role, role) for role in ROLES}


@pytest.fixture
def act_as(client, people):
    """``act_as(role)``: the test client, signed in as that role's person (signed out for "anonymous")."""

    def login(role):
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        return client

    return login


@pytest.fixture
def root(people):
    """A superuser's own client, to read forms as the page shows them (what a forger would copy)."""
    other = Client()
    other.force_login(people["superuser"])
    return other


@pytest.fixture
def staff(make_staff):
    """A superuser staff member, as the admin tests sign in."""
    return make_staff("superuser", "bientap")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def section(db):
    return Section.objects.create(name_vi="Tin tức - Sự kiện", name_en="News and Events")


@pytest.fixture
def make_article(section):
    def make(**fields):
        values = {
            "title_vi": "Hội nghị triển khai nhiệm vụ năm 2025",
            "body_vi": "<p>Nội dung tiếng Việt.</p>",
            "lead_vi": "Sáng nay, Bộ tổ chức hội nghị.",
            "status": Article.Status.PUBLISHED,
            "published_at": datetime(2025, 1, 6, 9, 30, tzinfo=HANOI),
            "section": section,
        }
        values.update(fields)
        return Article.objects.create(**values)

    return make


@pytest.fixture
def writers_article(make_article, people):
    """``writers_article(status, **fields)``: an article written by the "writer" of ``people``, in that state."""

    def make(status="draft", **fields):
        values = {"status": status, "author": people["writer"]}
        if status != Article.Status.PUBLISHED:
            values["published_at"] = None
        values.update(fields)
        return make_article(**values)

    return make


@pytest.fixture
def one_host(settings):
    """The page cache as one process on one clock: a page rendered right after an edit may be served
    (production allows 1 s of skew between hosts), and no lease, whatever REDIS_URL the run has (it gives
    50 ms): the tests about skew or the lease set their own."""
    settings.PAGE_CACHE_CLOCK_SKEW = 0
    settings.PAGE_CACHE_LEASE = 0


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``committed(change)``: run a change the way a request does, its commit hooks (the page cache's second
    invalidation, relinking) run at its end."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


# --- The cache server failing, for real: a closed port, a server that never answers, a proxy we cut ----------------

class HungServer:
    """A TCP server that accepts every connection and never answers: a hung Redis. ``received`` counts the bytes
    clients sent it, so a test sees whether anything was still asked of it."""

    def __init__(self):
        import selectors
        import socket
        import threading

        self._selectors, self._socket = selectors, socket
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.received = 0
        self.connections = 0
        self._wake_read, self._wake_write = socket.socketpair()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        selector = self._selectors.DefaultSelector()
        selector.register(self._listener, self._selectors.EVENT_READ)
        selector.register(self._wake_read, self._selectors.EVENT_READ)
        clients = []
        while True:
            for key, _events in selector.select():
                if key.fileobj is self._wake_read:
                    for client in clients:
                        client.close()
                    return
                if key.fileobj is self._listener:
                    client, _address = self._listener.accept()
                    self.connections += 1
                    clients.append(client)
                    selector.register(client, self._selectors.EVENT_READ)
                    continue
                data = key.fileobj.recv(65536)  # read, never answered
                if data:
                    self.received += len(data)
                else:
                    selector.unregister(key.fileobj)

    def close(self):
        self._wake_write.send(b"x")
        self._thread.join()
        for sock in (self._listener, self._wake_read, self._wake_write):
            sock.close()


class RedisProxy:
    """A TCP proxy to a real Redis that a test takes down (connections cut, new ones refused) and brings back."""

    def __init__(self, host, port):
        import socket
        import threading

        self._socket, self._threading = socket, threading
        self._target = (host, port)
        self._lock = threading.Lock()
        self._open = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._start()

    def _start(self):
        self._accepting = self._threading.Thread(target=self._accept, args=(self._listener,), daemon=True)
        self._accepting.start()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # closed: down
            upstream = self._socket.create_connection(self._target)
            with self._lock:
                self._open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                self._threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            try:
                sock.shutdown(2)
            except OSError:
                pass

    def down(self):
        """Redis unreachable: the connections are cut and the port refuses new ones."""
        try:
            self._listener.shutdown(2)  # wakes the accept() under way (closing alone does not, on Linux)
        except OSError:
            pass
        self._listener.close()
        self._accepting.join()
        with self._lock:
            for sock in self._open:
                try:
                    sock.shutdown(2)
                except OSError:
                    pass
                sock.close()
            self._open.clear()

    def up(self):
        listener = self._socket.socket()
        listener.setsockopt(self._socket.SOL_SOCKET, self._socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        self._start()

    def close(self):
        self.down()


@pytest.fixture
def hung_server():
    server = HungServer()
    yield server
    server.close()


@pytest.fixture
def closed_port():
    """A port nothing listens on: connecting is refused at once."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_proxy():
    """A proxy to the Redis of REDIS_URL (else 127.0.0.1:6379); the test is skipped when none answers."""
    import os
    from urllib.parse import urlsplit

    import redis

    address = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    host, port = address.hostname or "127.0.0.1", address.port or 6379
    try:
        redis.Redis(host=host, port=port, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError as error:
        pytest.skip(f"no Redis answers at {host}:{port} ({error}): start redis-server to run this test")
    proxy = RedisProxy(host, port)
    proxy.db = (address.path or "/0").strip("/") or "0"
    yield proxy
    proxy.close()


@pytest.fixture
def cache_at(settings):
    """``cache_at(location, timeout=0.2)``: the site's cache is orgsite.cache.RedisCache at ``location`` (its
    breaker, short socket timeouts), under a key prefix of its own (no other run's keys are touched)."""
    import uuid

    import pagecache

    def use(location, timeout=0.2):
        settings.CACHES = {
            "default": {
                "BACKEND": "orgsite.cache.RedisCache",
                "LOCATION": location,
                "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
                "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
            }
        }
        pagecache.reset()
        from django.core.cache import cache

        return cache

    return use


# --- Drafts for public comment (issue 13, H-admin): a draft and the comments readers sent on it ---------------------

@pytest.fixture
def make_consultation_draft(db):
    """``make_consultation_draft(**fields)``: a draft for comment, open from yesterday for 30 days, in draft state
    unless told (``status="published"`` also gives it a publication time an hour ago)."""
    from django.utils import timezone

    from consultation.models import Draft

    def make(**fields):
        now = timezone.now()
        values = {
            "title_vi": "Dự thảo Thông tư hướng dẫn đấu thầu", "summary_vi": "Dự thảo quy định về đấu thầu qua mạng.",
            "document_type": "thong-tu", "opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=30),
        }
        values.update(fields)
        if values.get("status") == Draft.Status.PUBLISHED:
            values.setdefault("published_at", now - timedelta(hours=1))
        return Draft.objects.create(**values)

    return make


@pytest.fixture
def make_consultation_comment(db):
    """``make_consultation_comment(draft, **fields)``: a comment as the public form stores it, waiting for
    moderation."""
    from django.utils import timezone

    from consultation.models import Comment

    def make(draft, **fields):
        values = {
            "name": "Nguyễn Văn An", "email": "an@example.vn", "phone": "0912345678", "organisation": "Công ty A",
            "article_ref": "Điều 5", "body": "Đề nghị làm rõ khái niệm nhà thầu.", "consent_at": timezone.now(),
        }
        values.update(fields)
        return Comment.objects.create(draft=draft, **values)

    return make
