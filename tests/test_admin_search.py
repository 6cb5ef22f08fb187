"""Long searches in the admin's lists: a clear message with the limit, never a server error.

About 1,000 words used to be a 500 on SQLite ("Expression tree is too large"); a single word of 60,000
characters too ("LIKE or GLOB pattern too complex"). These tests run on the suite's engine: SQLite by default,
PostgreSQL with DATABASE_URL (as .ci/run does when a server answers); the last one is PostgreSQL's own.
"""
import pytest
from django.contrib import admin
from django.db import connection
from django.urls import reverse

from news.admin.search import MAX_CHARACTERS, MAX_WORDS, LongSearchMixin
from news.models import Directive, Organization, Section, Tag
from tests.pages import elements, texts

TITLE = "Hội nghị triển khai nhiệm vụ năm 2025"
# A page of 1,000 words pasted into the search box; the article's lead is its first 60 words.
LONG_SEARCH = " ".join(f"từ{i}" for i in range(1000))
LEAD = " ".join(LONG_SEARCH.split()[:60])


def messages_of(response):
    return texts(response.content, "li", class_="warning")


def result_titles(response):
    return [cell.text for cell in elements(response.content, "th", class_="field-title")]


def test_a_1000_word_search_lists_what_its_beginning_finds_and_says_the_limit(staff_client, make_article):
    make_article(title_vi=TITLE, lead_vi=LEAD)
    make_article(title_vi="Một bài khác hẳn", lead_vi=" ".join(LEAD.split()[:40]))
    response = staff_client.get("/admin/news/article/", {"q": LONG_SEARCH})
    assert response.status_code == 200
    [message] = messages_of(response)
    assert f"{MAX_WORDS}" in message and f"{MAX_CHARACTERS}" in message
    # Its first words are all in the lead: the article is found; the other one, with fewer of them, is not.
    assert result_titles(response) == [TITLE]
    # The box keeps what was typed, to shorten by hand.
    [box] = elements(response.content, "input", id="searchbar")
    assert box.attrs["value"] == LONG_SEARCH


def test_the_message_is_in_the_admins_language(staff_client, make_article):
    make_article(title_vi=TITLE)
    english = staff_client.get("/en/admin/news/article/", {"q": LONG_SEARCH})
    assert english.status_code == 200
    [message] = messages_of(english)
    assert message.startswith("This search is too long")


def test_a_search_within_the_limit_is_searched_whole_without_a_message(staff_client, make_article):
    # MAX_WORDS words, the last of which is in no article: nothing found, and no warning.
    make_article(title_vi=TITLE)
    words = TITLE.split() + ["khôngcó"] * (MAX_WORDS - len(TITLE.split()))
    assert len(words) == MAX_WORDS and len(" ".join(words)) <= MAX_CHARACTERS
    response = staff_client.get("/admin/news/article/", {"q": " ".join(words)})
    assert response.status_code == 200
    assert messages_of(response) == []
    assert result_titles(response) == []


def test_one_word_over_the_limit_is_left_out_and_said(staff_client, make_article):
    make_article(title_vi=TITLE)
    words = TITLE.split() * 7
    words = words[:MAX_WORDS] + ["khôngcó"]  # the word that would have found nothing is the one left out
    response = staff_client.get("/admin/news/article/", {"q": " ".join(words)})
    assert len(messages_of(response)) == 1
    assert result_titles(response) == [TITLE]


@pytest.mark.parametrize("length", [MAX_CHARACTERS + 1, 60_000])
def test_one_enormous_word_is_cut_not_a_server_error(staff_client, make_article, length):
    make_article(title_vi=TITLE, lead_vi="a" * MAX_CHARACTERS)
    make_article(title_vi="Một bài khác hẳn", lead_vi="a" * (MAX_CHARACTERS - 1))
    response = staff_client.get("/admin/news/article/", {"q": "a" * length})
    assert response.status_code == 200
    assert len(messages_of(response)) == 1
    assert result_titles(response) == [TITLE]


def test_a_quoted_phrase_counts_as_one_word_and_stays_a_phrase(staff_client, make_article):
    make_article(title_vi=TITLE)
    make_article(title_vi="Nhiệm vụ hội nghị")  # both words, not the phrase
    phrase = '"hội nghị triển khai"'
    response = staff_client.get("/admin/news/article/", {"q": " ".join([phrase] * (MAX_WORDS + 1))})
    assert len(messages_of(response)) == 1
    assert result_titles(response) == [TITLE]


# Every list with a search box, as registered: the site's own admins and those of Django's users and groups
# and of django-axes (a new admin with search_fields is tried here too).
LISTS = sorted(
    model._meta.label_lower.replace(".", "/") for model, model_admin in admin.site._registry.items()
    if model_admin.search_fields
)


def test_the_lists_tried_include_every_known_search_box():
    assert set(LISTS) >= {
        "news/article", "news/directive", "news/organization", "news/section", "news/tag", "news/image",
        "auth/user", "auth/group", "axes/accessattempt", "axes/accesslog", "axes/accessfailurelog",
    }


@pytest.mark.parametrize("path", LISTS)
def test_every_searchable_list_answers_a_1000_word_search(staff_client, path):
    response = staff_client.get(f"/admin/{path}/", {"q": LONG_SEARCH})
    assert response.status_code == 200
    assert len(messages_of(response)) == 1


def test_every_admin_with_a_search_box_has_the_limit():
    """Admins registered with search_fields get the mixin, in their bases or from limit_every_search()."""
    assert all(isinstance(model_admin, LongSearchMixin)
               for model_admin in admin.site._registry.values() if model_admin.search_fields)


def test_autocomplete_boxes_shorten_silently(staff_client, make_article):
    """The article form's section box searches the same way; a JSON answer, and no warning left for later."""
    section = Section.objects.get()
    response = staff_client.get(reverse("admin:autocomplete"), {
        "term": " ".join([section.name_vi] * 200), "app_label": "news", "model_name": "article",
        "field_name": "section",
    })
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == [str(section)]
    assert messages_of(staff_client.get("/admin/news/article/")) == []


def test_with_facets_the_warning_is_shown_once(staff_client, make_article):
    """The facet counts search again for each filter, while the page renders: no warning left for later."""
    make_article(title_vi=TITLE)
    response = staff_client.get("/admin/news/article/", {"q": LONG_SEARCH, "_facets": "1"})
    assert response.status_code == 200
    assert len(messages_of(response)) == 1
    assert messages_of(staff_client.get("/admin/news/article/")) == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's own check: run with DATABASE_URL=postgres://... (as .ci/run does when a server answers)",
)
def test_postgresql_finds_vietnamese_with_the_longest_search_allowed(staff_client, make_article):
    """PostgreSQL compares case-insensitively beyond ASCII ("ĐẢNG" finds "Đảng"), at the limit and past it."""
    make_article(title_vi="Đảng bộ Khối tổ chức hội nghị")
    Directive.objects.create(number="05-CT/TW", summary_vi="Về việc Đảng bộ đẩy mạnh học tập")
    Organization.objects.create(name_vi="Đảng bộ Khối các cơ quan Trung ương")
    Tag.objects.create(name_vi="Đảng bộ Khối")
    for words, warned in ((MAX_WORDS, 0), (1000, 1)):
        search = " ".join(["ĐẢNG", "BỘ"] * (words // 2))
        for path in ("news/article", "news/directive", "news/organization", "news/tag"):
            response = staff_client.get(f"/admin/{path}/", {"q": search})
            assert response.status_code == 200 and len(messages_of(response)) == warned
            assert len(elements(response.content, "input", name="_selected_action")) == 1, path


# --- The admin finds what the public search finds (news/admin/search.py, folded_search) ---------------------------

def test_no_diacritics_needed_in_titles_leads_and_bodies_of_any_state(staff_client, make_article):
    make_article(title_vi="Đảng bộ Khối tổ chức hội nghị")
    make_article(title_vi="Bản nháp", status="draft", published_at=None,
                 body_vi="<p>Đại hội Đảng bộ Khối lần thứ V</p>")
    make_article(title_vi="Chờ duyệt", status="review", published_at=None, lead_vi="Ban Chấp hành Đảng bộ Khối")
    make_article(title_vi="Bài khác", body_vi="<p>Đảng ủy Khối</p>", lead_vi="Tin thể thao.")  # not "bộ"
    for search in ("dang bo khoi", "ĐẢNG BỘ KHỐI", "Đảng bộ Khối", "khoi bo dang"):
        response = staff_client.get("/admin/news/article/", {"q": search})
        assert sorted(result_titles(response)) == ["Bản nháp", "Chờ duyệt", "Đảng bộ Khối tổ chức hội nghị"], search


def test_the_bodies_markup_is_not_searched_only_its_text(staff_client, make_article):
    make_article(title_vi="Có chữ đậm", lead_vi="", body_vi='<p><strong>Tọa đàm</strong> <a href="/tin-tuc/">xem</a></p>')
    make_article(title_vi="Nói về thẻ strong", lead_vi="", body_vi="<p>Thẻ strong làm chữ đậm.</p>")
    assert result_titles(staff_client.get("/admin/news/article/", {"q": "strong"})) == ["Nói về thẻ strong"]
    assert result_titles(staff_client.get("/admin/news/article/", {"q": "href"})) == []
    # The text inside the tags is searched as before.
    assert result_titles(staff_client.get("/admin/news/article/", {"q": "toa dam"})) == ["Có chữ đậm"]


def test_the_english_text_is_searched_too(staff_client, make_article):
    make_article(title_vi="Hội nghị", title_en="Conference", body_en="<p>The Party Committee of the Bloc</p>")
    assert result_titles(staff_client.get("/admin/news/article/", {"q": "party committee"})) == ["Hội nghị"]


def test_document_numbers_however_written(staff_client, make_article):
    # The text writes an en dash; staff type the registry's hyphen, or the words without diacritics.
    make_article(title_vi="Thực hiện Chỉ thị", body_vi="<p>Theo Chỉ thị số 05–CT/TW của Bộ Chính trị.</p>")
    make_article(title_vi="Quyết định", status="draft", published_at=None, body_vi="<p>Quyết định 47/QĐ-TTg.</p>")
    make_article(title_vi="Nghị quyết", body_vi="<p>Nghị quyết Hội nghị Trung ương 4 khóa XII về xây dựng Đảng.</p>")
    for search, expected in (("05-CT/TW", ["Thực hiện Chỉ thị"]), ("47/qd-ttg", ["Quyết định"]),
                             ("47/QĐ-TTg", ["Quyết định"]), ("trung uong 4 khoa xii", ["Nghị quyết"])):
        assert result_titles(staff_client.get("/admin/news/article/", {"q": search})) == expected, search


def test_a_writer_finds_only_their_own(client, make_staff, make_article):
    writer = make_staff("writer")
    make_article(title_vi="Đảng bộ Khối của tôi", status="draft", published_at=None, author=writer)
    make_article(title_vi="Đảng bộ Khối của người khác", status="draft", published_at=None)
    client.force_login(writer)
    assert result_titles(client.get("/admin/news/article/", {"q": "dang bo khoi"})) == ["Đảng bộ Khối của tôi"]


def test_the_public_search_and_the_admin_agree_on_published_articles(staff_client, make_article):
    """Every published article the site search finds for a query, the admin finds too."""
    from news.search import SearchTerms, search

    make_article(title_vi="Đảng bộ Khối tổ chức hội nghị", body_vi="<p>Tổng kết công tác năm 2024.</p>")
    make_article(title_vi="Hội nghị cán bộ", body_vi="<p>Đảng bộ Khối các cơ quan Trung ương.</p>")
    make_article(title_vi="Không liên quan", body_vi="<p>Thể thao.</p>")
    for query in ("dang bo khoi", "tong ket 2024", "hoi nghi", "can bo"):
        public = sorted(entry.title for entry in search(SearchTerms(query), "vi"))
        assert public, query
        assert sorted(result_titles(staff_client.get("/admin/news/article/", {"q": query}))) == public, query


def test_the_article_search_keeps_a_fixed_number_of_queries(staff_client, make_article, django_assert_num_queries):
    from django.test.utils import CaptureQueriesContext

    make_article(title_vi="Đảng bộ Khối 0")
    staff_client.get("/admin/news/article/", {"q": "dang bo"})
    with CaptureQueriesContext(connection) as one:
        staff_client.get("/admin/news/article/", {"q": "dang bo"})
    for number in range(1, 30):
        make_article(title_vi=f"Đảng bộ Khối {number}", body_vi=f"<p>Chỉ thị số {number}-CT/TW.</p>")
    with django_assert_num_queries(len(one)):
        response = staff_client.get("/admin/news/article/", {"q": "dang bo"})
    assert len(result_titles(response)) == 30
