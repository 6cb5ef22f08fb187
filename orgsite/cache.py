"""Django's RedisCache, reusing its client object, behind a circuit breaker: a failing Redis is not an outage.

The client: Django builds a new ``redis.Redis`` client (not a connection: those come from the pool) for each
cache call, which costs about 0.2 ms, as much as the round trip itself. A client is thread-safe and cheap to
keep, so one per connection pool is made once.

The breaker: every page asks the cache, so a Redis that refuses connections, times out or hangs would make
every request wait for it. After one failure (refused, timed out, a connection reset; the socket timeouts in
settings bound how long one call may hang) the cache is *open* for ``CACHE_BREAKER_SECONDS``: reads are misses
and writes are skipped, at once, without a connection attempt. Then one call is let through (*half-open*): if it
succeeds the cache is used again, else it stays open for another interval. The breaker is per Redis server and
per process (shared by the threads of a gunicorn worker; Django makes a backend object per thread).

What callers see: ``get`` returns the default, ``get_many`` {}, ``add``, ``delete``, ``touch`` and ``has_key``
False, ``incr`` raises ValueError (as for a missing key), ``set_many`` returns every key it was given (Django's
documented "keys that failed"); ``set`` returns None as always. The page cache relies on ``set_many`` to know
that a stamp was lost (pagecache.core). Nothing raises: Django's own cache users (the ``{% cache %}`` tag,
sessions with a cache engine) keep working without Redis.

Logging ("orgsite.cache"): one warning when the breaker opens and one per failed half-open try (so at most one
per interval), and one when Redis answers again, with how long it was skipped; never a line per request.
``recovered`` is sent then (the page cache stops trusting pages stored before it: news/apps.py connects it).
"""
import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.dispatch import Signal

logger = logging.getLogger("orgsite.cache")

# Sent when a server answers again after failing: location (str), down_since and at (time.time()).
recovered = Signal()

# The clock of the breaker's intervals; tests put theirs in its place (tests/conftest.py, ``clock``).
_monotonic = time.monotonic


def _failures():
    import redis

    # The server is unreachable, slow, or refusing writes: not a mistake in the call (ValueError, DataError).
    return (
        redis.exceptions.ConnectionError,
        redis.exceptions.TimeoutError,
        redis.exceptions.ReadOnlyError,
        redis.exceptions.OutOfMemoryError,
        OSError,
    )


class Breaker:
    """Closed (use the server), open (skip it until ``_open_until``), half-open (one call tries it)."""

    def __init__(self, location):
        self.location = location
        self._lock = threading.Lock()
        self._open_until = None  # _monotonic() until which calls are skipped; None: closed
        self._trying_until = None  # a half-open try is under way until then (a hung try cannot block forever)
        self._down_since = None  # time.time() of the first failure of this outage
        self.skipped = 0  # calls skipped during this outage

    @staticmethod
    def interval():
        return getattr(settings, "CACHE_BREAKER_SECONDS", 5)

    @property
    def is_open(self):
        return self._open_until is not None

    def allow(self):
        """Whether a call may go to the server now."""
        if self._open_until is None:
            return True  # closed: no lock on the common path
        with self._lock:
            if self._open_until is None:
                return True
            now = _monotonic()
            if now < self._open_until or (self._trying_until is not None and now < self._trying_until):
                self.skipped += 1
                return False
            self._trying_until = now + self.interval()  # this call is the half-open try
            return True

    def succeeded(self):
        if self._open_until is None:
            return
        with self._lock:
            if self._open_until is None:
                return
            down_since, skipped = self._down_since, self.skipped
            self._open_until = self._trying_until = self._down_since = None
            self.skipped = 0
        now = time.time()
        logger.warning(
            "Cache server %s answers again after %.1f s; %d calls skipped meanwhile",
            self.location, now - down_since, skipped,
        )
        recovered.send(sender=Breaker, location=self.location, down_since=down_since, at=now)

    def failed(self, error):
        with self._lock:
            opening = self._open_until is None
            trying = self._trying_until is not None
            if not (opening or trying):
                return  # a call already under way when it opened: the opening said it
            self._open_until = _monotonic() + self.interval()
            self._trying_until = None
            if opening:
                self._down_since = time.time()
        logger.warning(
            "Cache server %s %s (%s: %s): skipping it for %s s",
            self.location, "unreachable" if opening else "still unreachable", type(error).__name__, error,
            self.interval(),
        )

    def reset(self):
        with self._lock:
            self._open_until = self._trying_until = self._down_since = None
            self.skipped = 0


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(servers):
    location = ",".join(servers)
    with _breakers_lock:
        breaker = _breakers.get(location)
        if breaker is None:
            breaker = _breakers[location] = Breaker(location)
        return breaker


def reset_breakers():
    """Close every breaker (tests start with a cache that was never down)."""
    with _breakers_lock:
        for breaker in _breakers.values():
            breaker.reset()


class _ReusingClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


_FAILED = object()


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingClient
        self.breaker = breaker_for(self._servers)
        self._failures = _failures()

    def _call(self, method, *args, **kwargs):
        """``method`` (Django's), or _FAILED at once while the breaker is open or when the server fails."""
        breaker = self.breaker
        if not breaker.allow():
            return _FAILED
        try:
            result = method(*args, **kwargs)
        except self._failures as error:
            breaker.failed(error)
            return _FAILED
        except Exception:
            breaker.succeeded()  # it answered (a missing key for incr, say)
            raise
        breaker.succeeded()
        return result

    def get(self, key, default=None, version=None):
        result = self._call(super().get, key, default, version)
        return default if result is _FAILED else result

    def get_many(self, keys, version=None):
        result = self._call(super().get_many, keys, version)
        return {} if result is _FAILED else result

    def has_key(self, key, version=None):
        result = self._call(super().has_key, key, version)
        return False if result is _FAILED else result

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        result = self._call(super().set_many, data, timeout, version)
        return list(data) if result is _FAILED else result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        result = self._call(super().add, key, value, timeout, version)
        return False if result is _FAILED else result

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        result = self._call(super().touch, key, timeout, version)
        return False if result is _FAILED else result

    def delete(self, key, version=None):
        result = self._call(super().delete, key, version)
        return False if result is _FAILED else result

    def delete_many(self, keys, version=None):
        self._call(super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        result = self._call(super().incr, key, delta, version)
        if result is _FAILED:
            raise ValueError(f"Key '{key}' not found: the cache server is not answering")
        return result

    def clear(self):
        result = self._call(super().clear)
        return False if result is _FAILED else result
