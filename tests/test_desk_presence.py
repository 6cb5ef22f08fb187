"""Who else is here: opening an article shows who else has it open and since when, kept fresh by a heartbeat
(desk/presence.py, desk/views.py, templates/desk/_presence.html)."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from desk.models import Presence
from news.models import Article
from tests.pages import elements, texts

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def change_url(article):
    return f"/admin/news/article/{article.pk}/change/"


def beat_url(article):
    return f"/admin/desk/presence/{article.pk}/"


def leave_url(article):
    return f"/admin/desk/presence/{article.pk}/leave/"


def presence_line(page):
    """The "Also open: ..." line of a change form, "" when it shows nobody."""
    return " ".join(texts(page.content, "p", class_="desk-presence-line"))


def rows():
    return sorted(Presence.objects.values_list("article_id", "user__username", "opened_at", "seen_at"))


@pytest.fixture
def newsroom(make_staff, make_article):
    """A writer (Minh) with a draft, an editor (Lan), another writer (Hà), each with their own client."""
    writer = make_staff("writer", "minh", first_name="Minh")
    editor = make_staff("editor", "lan", first_name="Lan")
    other = make_staff("other_writer", "ha", first_name="Hà")
    article = make_article(author=writer, status=Article.Status.DRAFT, published_at=None)
    clients = {}
    for user in (writer, editor, other):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    return article, clients


def test_two_people_see_each_other_and_since_when(newsroom, clock):
    article, clients = newsroom
    clock.travel(datetime(2026, 12, 1, 14, 5, tzinfo=HANOI))
    page = clients["minh"].get(change_url(article))
    assert page.status_code == 200 and presence_line(page) == ""  # alone
    box = elements(page.content, "div", id="desk-presence")[0]
    assert box.attrs["data-heartbeat-url"] == beat_url(article) and box.attrs["aria-live"] == "polite"

    clock.shift(60)
    # Opening the form is enough to be seen: the writer has not beaten since opening it.
    page = clients["lan"].get(change_url(article))
    assert presence_line(page) == "Cũng đang mở tin bài này: Minh (Phóng viên) từ 14:05"

    clock.shift(20)
    answer = clients["minh"].post(beat_url(article))
    assert answer.status_code == 200
    assert answer.json()["text"] == "Cũng đang mở tin bài này: Lan (Biên tập viên) từ 14:06"
    assert [(person["name"], person["roles"]) for person in answer.json()["others"]] == [("Lan", ["Biên tập viên"])]

    # The beats keep "since" where it was; the English admin says it in English.
    clock.shift(20)
    answer = clients["lan"].post(f"/en{beat_url(article)}")
    assert answer.json()["text"] == "Also open: Minh (Phóng viên) since 14:05"


def test_someone_not_heard_from_within_the_window_has_left(newsroom, clock, settings):
    article, clients = newsroom
    clock.travel(datetime(2026, 12, 1, 9, 0, tzinfo=HANOI))
    clients["minh"].get(change_url(article))
    clients["lan"].get(change_url(article))

    clock.shift(settings.DESK_PRESENCE_WINDOW - 1)  # Lan's tab still beats; Minh's fell silent at 9:00
    heard = clients["lan"].post(beat_url(article)).json()["text"]
    assert heard == "Cũng đang mở tin bài này: Minh (Phóng viên) từ 09:00"
    clock.shift(2)
    assert clients["lan"].post(beat_url(article)).json()["text"] == ""
    assert [username for _a, username, *_times in rows()] == ["lan"]  # Minh's row is gone, not just hidden

    # Minh comes back: a new "since".
    clock.shift(60)
    clients["minh"].post(beat_url(article))
    heard = clients["lan"].post(beat_url(article)).json()["text"]
    assert heard == "Cũng đang mở tin bài này: Minh (Phóng viên) từ 09:02"


def test_leaving_the_page_forgets_the_person_unless_a_later_page_of_theirs_beat(newsroom, clock):
    article, clients = newsroom
    clock.travel(datetime(2026, 12, 1, 10, 0, tzinfo=HANOI))
    clients["lan"].get(change_url(article))
    page = clients["minh"].get(change_url(article))
    first_seen = elements(page.content, "div", id="desk-presence")[0].attrs["data-seen"]

    # Minh saves: the next page (the form again) is recorded before the first page's leave arrives.
    clock.shift(5)
    clients["minh"].get(change_url(article))
    assert clients["minh"].post(leave_url(article), {"seen": first_seen}).status_code == 200
    assert "Minh" in clients["lan"].post(beat_url(article)).json()["text"]

    # Minh closes the tab: gone at once.
    assert clients["minh"].post(leave_url(article)).status_code == 200
    assert clients["lan"].post(beat_url(article)).json()["text"] == ""


def test_nobody_asks_about_an_article_they_may_not_see_and_refused_requests_change_nothing(
    newsroom, clock, make_staff, settings
):
    article, clients = newsroom
    clock.travel(datetime(2026, 12, 1, 8, 0, tzinfo=HANOI))
    clients["minh"].get(change_url(article))
    clock.shift(settings.DESK_PRESENCE_WINDOW + 30)  # Minh's row has expired but is still there
    before = rows()
    no_role = Client()
    no_role.force_login(make_staff("no_group", "khach"))

    # Hà, another writer, may not see Minh's draft: "not found", as the admin answers; nothing recorded or cleaned.
    assert clients["ha"].post(beat_url(article)).status_code == 404
    assert clients["ha"].post(leave_url(article)).status_code == 404
    assert no_role.post(beat_url(article)).status_code == 404
    assert Client().post(beat_url(article))["Location"].startswith("/admin/login/")
    assert clients["lan"].get(beat_url(article)).status_code == 405
    assert clients["lan"].post(f"/admin/desk/presence/{article.pk + 99}/").status_code == 404
    bad = clients["minh"].post(leave_url(article), {"seen": "hôm qua"})
    assert bad.status_code == 400 and "múi giờ" in bad.content.decode()
    # A heartbeat without the page's CSRF token is refused like any admin form.
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(article.author)
    assert guarded.post(beat_url(article)).status_code == 403
    assert rows() == before


@pytest.mark.parametrize("crowd", [1, 30])
def test_a_heartbeat_costs_the_same_queries_however_many_people_are_present(
    newsroom, make_staff, make_article, crowd, django_assert_num_queries
):
    article, clients = newsroom
    others = [make_article(title_vi=f"Bài {n}") for n in range(crowd)]
    for n in range(crowd):
        person = make_staff("editor" if n % 2 else "administrator", f"nguoi-{n}", first_name=f"Người {n}")
        for target in (article, others[n]):
            client = Client()
            client.force_login(person)
            assert client.post(beat_url(target)).status_code == 200
    clients["lan"].post(beat_url(article))  # signed in and the session read once, as in a page's later beats
    # The session, the user, their permissions (two), the article, cleaning, the upsert, the others with roles.
    with django_assert_num_queries(8):
        answer = clients["lan"].post(beat_url(article))
    assert len(answer.json()["others"]) == crowd


def test_old_rows_of_any_article_are_cleaned_by_a_beat(newsroom, make_article, make_staff, clock):
    article, clients = newsroom
    elsewhere = make_article(title_vi="Bài khác")
    clock.travel(datetime(2026, 12, 1, 7, 0, tzinfo=HANOI))
    clients["minh"].get(change_url(article))
    clients["lan"].get(change_url(elsewhere))
    clock.shift(timedelta(days=1))
    clients["lan"].post(beat_url(article))
    assert [(article_id, username) for article_id, username, *_times in rows()] == [(article.pk, "lan")]
