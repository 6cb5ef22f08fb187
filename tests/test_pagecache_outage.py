"""The cache failing is not an outage: a breaker skips a refused or hung Redis, logs it once per interval, tries
again one call at a time, and pages are fresh once Redis is back, even after an edit it could not record."""
import logging

import pytest
from django.utils import timezone

from news.models import Article
from orgsite.cache import Breaker, recovered

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_host")]


def warnings_of(caplog, logger):
    return [record.getMessage() for record in caplog.records if record.name == logger and record.levelno >= logging.WARNING]


@pytest.fixture
def article(make_article):
    return make_article(title_vi="Tin khi bộ đệm hỏng", published_at=timezone.now() - timezone.timedelta(hours=1))


def read(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response


# --- Refused ---------------------------------------------------------------------------------------------------

def test_a_refused_cache_is_skipped_and_logged_once_per_interval(client, article, closed_port, cache_at, clock,
                                                                 caplog, settings, committed):
    cache = cache_at(f"redis://127.0.0.1:{closed_port}/0")
    for _ in range(20):
        assert "Tin khi bộ đệm hỏng" in read(client, article).content.decode()
    assert cache.breaker.is_open and cache.breaker.skipped > 20  # each request asks several times: all skipped
    assert warnings_of(caplog, "orgsite.cache") == [
        f"Cache server redis://127.0.0.1:{closed_port}/0 unreachable (ConnectionError: "
        + warnings_of(caplog, "orgsite.cache")[0].split("(ConnectionError: ", 1)[1]
    ]
    # An edit while it is down is saved, and said once: its stamps could not be written.
    _edit(committed, article, "Đã sửa")
    assert "Đã sửa" in read(client, article).content.decode()
    assert len(warnings_of(caplog, "orgsite.page_cache")) == 1

    clock.shift(settings.CACHE_BREAKER_SECONDS)  # one call tries again, fails, and says so once
    for _ in range(5):
        read(client, article)
    messages = warnings_of(caplog, "orgsite.cache")
    assert len(messages) == 2 and "still unreachable" in messages[1]


# --- Hung --------------------------------------------------------------------------------------------------------

def test_a_hung_cache_costs_one_timeout_then_is_not_asked(client, article, hung_server, cache_at, clock, settings):
    cache_at(f"redis://127.0.0.1:{hung_server.port}/0", timeout=0.1)
    assert "Tin khi bộ đệm hỏng" in read(client, article).content.decode()  # one call waited 0.1 s, then gave up
    asked, connections = hung_server.received, hung_server.connections
    assert asked > 0 and connections >= 1
    for _ in range(20):
        read(client, article)
    assert (hung_server.received, hung_server.connections) == (asked, connections)  # nothing more was asked

    clock.shift(settings.CACHE_BREAKER_SECONDS)
    read(client, article)  # the half-open try: one call, which hangs and times out again
    tried = hung_server.received
    assert tried > asked
    for _ in range(10):
        read(client, article)
    assert hung_server.received == tried


# --- The breaker, step by step -----------------------------------------------------------------------------------

def test_the_breaker_lets_one_call_try_after_each_interval(clock, settings, caplog):
    settings.CACHE_BREAKER_SECONDS = 3
    breaker = Breaker("redis://cache.example:6379/0")
    came_back = []
    recovered.connect(lambda **kwargs: came_back.append(kwargs["location"]), weak=False, dispatch_uid="test-came-back")
    try:
        assert breaker.allow()
        breaker.failed(ConnectionError("refused"))
        assert not any(breaker.allow() for _ in range(100))
        breaker.failed(ConnectionError("a call under way when it opened"))  # said once already: not again
        clock.shift(3)
        assert breaker.allow()  # the one try
        assert not breaker.allow()  # others still skip while it runs
        breaker.failed(TimeoutError("hung"))
        assert not breaker.allow()
        clock.shift(3)
        assert breaker.allow()
        breaker.succeeded()
        assert breaker.allow() and breaker.allow() and not breaker.is_open
    finally:
        recovered.disconnect(dispatch_uid="test-came-back")
    assert came_back == ["redis://cache.example:6379/0"]
    messages = warnings_of(caplog, "orgsite.cache")
    assert len(messages) == 3  # opened, still down at the one try, back: never a line per call
    assert "unreachable" in messages[0] and "still unreachable" in messages[1] and "answers again" in messages[2]


# --- Back: pages are fresh -------------------------------------------------------------------------------------

def _edit(committed, article, title):
    def change():
        obj = Article.objects.get(pk=article.pk)
        obj.title_vi = title
        obj.save()

    committed(change)


def test_an_edit_redis_could_not_record_is_seen_once_it_is_back(client, article, redis_proxy, cache_at, clock,
                                                                 settings, committed):
    cache_at(f"redis://127.0.0.1:{redis_proxy.port}/{redis_proxy.db}")
    read(client, article)
    assert read(client, article)["X-Page-Cache"] == "hit"

    redis_proxy.down()
    _edit(committed, article, "Sửa khi Redis vắng mặt")  # saved; its stamps cannot be written
    during = read(client, article)
    assert "Sửa khi Redis vắng mặt" in during.content.decode()  # without the cache: rendered

    redis_proxy.up()
    clock.shift(settings.CACHE_BREAKER_SECONDS)
    after = read(client, article)
    assert after["X-Page-Cache"] == "miss" and "Sửa khi Redis vắng mặt" in after.content.decode()
    clock.shift(0.1)  # later readers: a page rendered at the very time of a stamp is never kept
    read(client, article)
    again = read(client, article)
    assert again["X-Page-Cache"] == "hit" and "Sửa khi Redis vắng mặt" in again.content.decode()


def test_pages_stored_before_an_outage_are_not_trusted_after_it(client, article, redis_proxy, cache_at, clock,
                                                                settings, committed):
    """A process that saw Redis go away serves nothing stored before it came back, even before the process that
    lost the edit's stamps (another one, say) has stamped every page."""
    from pagecache import core

    cache_at(f"redis://127.0.0.1:{redis_proxy.port}/{redis_proxy.db}")
    read(client, article)
    redis_proxy.down()
    _edit(committed, article, "Sửa ở một tiến trình khác")
    core.outage.lost = False  # the stamps were lost elsewhere: this process has nothing to stamp itself
    redis_proxy.up()
    clock.shift(settings.CACHE_BREAKER_SECONDS)
    after = read(client, article)
    assert after["X-Page-Cache"] == "miss" and "Sửa ở một tiến trình khác" in after.content.decode()


def test_a_process_that_lost_stamps_drops_every_page_when_redis_is_back(client, article, redis_proxy, cache_at,
                                                                        clock, settings, committed):
    """And one that never saw the outage (nothing asked it meanwhile) learns of the edit from those stamps."""
    from pagecache import core

    cache_at(f"redis://127.0.0.1:{redis_proxy.port}/{redis_proxy.db}")
    read(client, article)
    redis_proxy.down()
    _edit(committed, article, "Sửa khi Redis vắng mặt")
    assert core.outage.lost
    redis_proxy.up()
    clock.shift(settings.CACHE_BREAKER_SECONDS)
    assert core.retry_lost_stamps() and not core.outage.lost
    core.outage.not_before = 0.0  # a process that saw nothing of the outage
    core.recent.forget()
    after = read(client, article)
    assert after["X-Page-Cache"] == "miss" and "Sửa khi Redis vắng mặt" in after.content.decode()


# --- Parts while it is down ----------------------------------------------------------------------------------------

def test_while_the_cache_is_down_each_process_keeps_the_parts_a_few_seconds(client, article, closed_port, cache_at,
                                                                         clock, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_PARTS_OUTAGE_SECONDS = 5
    cache_at(f"redis://127.0.0.1:{closed_port}/0")
    with CaptureQueriesContext(connection) as first:
        read(client, article)
    with CaptureQueriesContext(connection) as second:
        read(client, article)
    # The menu, the identity and the article are not read again: a dead cache costs no more than a live one.
    assert len(second) < len(first)
    assert not [query for query in second.captured_queries if '"news_section"' in query["sql"]]

    # An edit saved by another process (no signal reaches this one) shows here within those seconds.
    Article.objects.filter(pk=article.pk).update(title_vi="Sửa ở tiến trình khác")
    assert "Sửa ở tiến trình khác" not in read(client, article).content.decode()
    clock.shift(settings.PAGE_PARTS_OUTAGE_SECONDS)
    assert "Sửa ở tiến trình khác" in read(client, article).content.decode()


def test_while_the_cache_is_down_a_scheduled_article_is_listed_at_its_time(client, article, make_article, closed_port,
                                                                        cache_at, clock, settings, committed):
    settings.PAGE_PARTS_OUTAGE_SECONDS = 5
    cache_at(f"redis://127.0.0.1:{closed_port}/0")
    read(client, article)  # the cache found down: parts and the next go-live kept in this process
    committed(lambda: make_article(title_vi="Tin hẹn giờ khi bộ đệm hỏng",
                                   published_at=timezone.now() + timezone.timedelta(seconds=2)))
    clock.shift(1)
    assert "Tin hẹn giờ khi bộ đệm hỏng" not in read(client, article).content.decode()
    clock.shift(1)
    assert "Tin hẹn giờ khi bộ đệm hỏng" in read(client, article).content.decode()
