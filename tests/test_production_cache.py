"""The cache: Django's RedisCache when REDIS_URL is set (shared by every process), local memory otherwise."""
import json
import uuid

import pytest
import redis

from tests.processes import django_process

# It starts a process of the project (tests/processes.py).
pytestmark = pytest.mark.slow

REDIS_URL = "redis://127.0.0.1:6379/0"

_ROUND_TRIP = """
import json, os, django
django.setup()
from django.core.cache import caches
cache = caches["default"]
key, value = os.environ["ROUND_TRIP_KEY"], os.environ["ROUND_TRIP_VALUE"]
cache.set(key, value, timeout=60)
print(json.dumps({"class": type(cache).__name__, "value": cache.get(key), "stored_as": cache.make_key(key)}))
"""


@pytest.fixture
def redis_server():
    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        server.ping()
    except redis.exceptions.RedisError as error:
        pytest.skip(f"no Redis answers at {REDIS_URL} ({error}): start redis-server to run this test")
    yield server
    server.close()


def test_redis_url_puts_the_cache_in_redis(redis_server):
    key, value = f"test-deploy-{uuid.uuid4().hex}", "Bộ Kế hoạch và Đầu tư"
    env = {"DJANGO_SETTINGS_MODULE": "orgsite.settings", "REDIS_URL": REDIS_URL,
           "ROUND_TRIP_KEY": key, "ROUND_TRIP_VALUE": value}
    process = django_process(_ROUND_TRIP, env)
    try:
        assert process.returncode == 0, process.stderr
        answer = json.loads(process.stdout)
        assert answer["class"] == "RedisCache"
        assert answer["value"] == value
        # It is in Redis itself, where every other worker and host reads it, under the site's prefix.
        assert answer["stored_as"].startswith("orgsite:")
        assert redis_server.exists(answer["stored_as"])
        assert 0 < redis_server.ttl(answer["stored_as"]) <= 60
    finally:
        redis_server.delete(f"orgsite:1:{key}")
