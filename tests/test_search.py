"""The site search as a reader uses it: one box, public articles, documents and organizations, in the page's language.

Runs on SQLite (FTS5) and on PostgreSQL (tsvector + GIN); the expectations are the same on both.
"""
import io
from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from news.models import Article, Directive, Organization, SearchEntry
from news.search import SearchTerms, postgresql_tests, search
from tests.factories import HANOI
from tests.pages import elements, texts

ANNIVERSARY_VI = "Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối các cơ quan Trung ương"
ANNIVERSARY_EN = "17th Anniversary of the Founding of the Party Committee of Central Agencies"


def search_url(language="vi"):
    with translation.override(language):
        return reverse("news:search")


def get(client, query, language="vi", **params):
    response = client.get(search_url(language), {"q": query, **params})
    assert response.status_code == 200
    return response


def results(response):
    """[(kind, title, href)] of the result list, in order: each item's kind and its first link (the title)."""
    found, kind = [], None
    for element in elements(response.content):
        classes = element.attrs.get("class", "").split()
        if element.tag == "li" and "search-result" in classes:
            kind = next(cls.removeprefix("search-result-") for cls in classes if cls != "search-result")
        elif element.tag == "a" and kind:
            found.append((kind, element.text, element.attrs["href"]))
            kind = None
    return found


def titles(response):
    return [title for _kind, title, _href in results(response)]


def message(response):
    found = texts(response.content, "p", class_="message")
    return found[0] if found else None


# --- The demo: one article, its documents and organizations ---------------------------------------------------


@pytest.mark.parametrize("query", ["dang bo khoi", "ĐẢNG BỘ KHỐI", "Đảng bộ Khối", "đang bo khôi"])
def test_case_and_diacritics_do_not_matter(client, demo, query):
    response = get(client, query)
    assert ("article", ANNIVERSARY_VI, demo.get_absolute_url()) in results(response)


def test_the_article_leads_its_organizations_on_a_tie(client, demo):
    # The article and the Đảng bộ Khối organizations all carry the words in their titles; the dated article first.
    found = results(get(client, "Đảng bộ Khối"))
    assert found[0] == ("article", ANNIVERSARY_VI, demo.get_absolute_url())
    assert {"Đảng bộ Khối các cơ quan Trung ương", "Đảng bộ Khối Kinh tế"} <= set(titles(get(client, "dang bo khoi")))


@pytest.mark.parametrize("query", ["47-QĐ/TW", "47-qd/tw", "47 QD TW"])
def test_directive_found_by_its_number(client, demo, query):
    directive = Directive.objects.get(number="47-QĐ/TW")
    found = results(get(client, query))
    # The document itself first (its title is the number), then the article that cites it.
    assert found[0] == ("directive", "Quyết định 47-QĐ/TW", directive.get_absolute_url())
    assert ("article", ANNIVERSARY_VI, demo.get_absolute_url()) in found


def test_organization_found_by_name_without_diacritics(client, demo):
    ministry = Organization.objects.get(slug="bo-ke-hoach-va-dau-tu")
    found = results(get(client, "bo ke hoach va dau tu"))
    assert found[0] == ("organization", "Bộ Kế hoạch và Đầu tư", ministry.get_absolute_url())


def test_english_search_finds_english_text(client, demo):
    response = get(client, "anniversary founding", language="en")
    with translation.override("en"):
        url = demo.get_absolute_url()
    assert results(response)[0] == ("article", ANNIVERSARY_EN, url)
    assert "Politburo" in titles(get(client, "politburo", language="en"))
    assert ANNIVERSARY_VI not in response.content.decode()


def test_results_show_kind_date_and_highlighted_snippet(client, demo):
    html = get(client, "đảng bộ khối").content.decode()
    assert texts(html, "span", class_="search-kind")[:2] == ["Tin bài", "Tổ chức"]
    assert texts(html, "time")[0] == "15:43 15/04/2024"
    assert "<mark>Đảng</mark> <mark>bộ</mark> <mark>Khối</mark>" in html  # in the title and the snippet
    snippet = texts(html, "p", class_="search-snippet")[0]
    assert "thành lập Đảng bộ Khối các cơ quan Trung ương" in snippet
    directive = texts(get(client, "47-QĐ/TW").content, "li", class_="search-result-directive")[0]
    assert "11/04/2007" in directive and "Thành lập Đảng bộ Khối các cơ quan Trung ương" in directive


def test_demo_index_survives_reloads_and_rebuilds(client, demo, django_capture_on_commit_callbacks):
    before = titles(get(client, "dang bo khoi"))
    # vi and en: the article, the documents, the organizations (whatever the demo's fixtures hold of them)
    expected = 2 * (1 + Directive.objects.count() + Organization.objects.count())
    assert expected >= 2 * (1 + 7 + 13)
    assert SearchEntry.objects.count() == expected
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", "--no-user", verbosity=0)
    assert SearchEntry.objects.count() == expected
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert SearchEntry.objects.count() == expected
    assert titles(get(client, "dang bo khoi")) == before
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM news_searchentry_fts")
            assert cursor.fetchone()[0] == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plans")
@pytest.mark.parametrize(
    "test, index",
    [
        ("found", "news_search_folded_gin"),
        ("exact", "news_search_exact_gin"),
        ("exact_title", "news_search_exact_title_gin"),
        ("title", "news_search_folded_title_gin"),
    ],
)
def test_postgresql_answers_each_test_from_its_gin_index(db, test, index):
    # Sequential and plain index scans off: the GIN index is used exactly when its expression is the query's.
    lookup = postgresql_tests(SearchTerms("Đảng bộ Khối"))[test]
    sql, params = SearchEntry.objects.filter(lookup).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Bitmap Index Scan on {index}" in plan


# --- Ranking --------------------------------------------------------------------------------------------------


def test_exact_diacritics_rank_above_stripped(client, make_article):
    # The unaccented title is newer: only the diacritics put the other one first.
    stripped = make_article(title_vi="Dang bo Khoi to chuc hoi thao", published_at=datetime(2025, 3, 1, tzinfo=HANOI))
    exact = make_article(title_vi="Đảng bộ Khối tổ chức hội nghị", published_at=datetime(2025, 1, 1, tzinfo=HANOI))
    assert titles(get(client, "Đảng bộ Khối")) == [exact.title_vi, stripped.title_vi]
    assert titles(get(client, "ĐẢNG BỘ KHỐI")) == [exact.title_vi, stripped.title_vi]
    # Typed without diacritics, the query is written exactly as the unaccented title.
    assert titles(get(client, "dang bo khoi")) == [stripped.title_vi, exact.title_vi]


def test_title_ranks_above_body(client, make_article):
    in_body = make_article(
        title_vi="Tin hoạt động tháng Ba",
        body_vi="<p>Hội nghị của Đảng bộ Khối đã diễn ra.</p>",
        published_at=datetime(2025, 3, 1, tzinfo=HANOI),
    )
    in_title = make_article(title_vi="Đảng bộ Khối họp", published_at=datetime(2025, 1, 1, tzinfo=HANOI))
    assert titles(get(client, "Đảng bộ Khối")) == [in_title.title_vi, in_body.title_vi]
    assert titles(get(client, "dang bo khoi")) == [in_title.title_vi, in_body.title_vi]


def test_newer_ranks_above_older_on_ties(client, make_article):
    older = make_article(title_vi="Đảng bộ Khối họp lần một", published_at=datetime(2024, 5, 1, tzinfo=HANOI))
    newer = make_article(title_vi="Đảng bộ Khối họp lần hai", published_at=datetime(2025, 5, 1, tzinfo=HANOI))
    assert titles(get(client, "đảng bộ khối họp")) == [newer.title_vi, older.title_vi]


def test_the_last_word_may_be_unfinished(client, make_article):
    article = make_article(title_vi="Đảng bộ Khối họp")
    assert titles(get(client, "dang bo kho")) == [article.title_vi]


def test_snippet_is_plain_escaped_text(client, make_article):
    make_article(
        title_vi="Báo cáo <quý> I",
        body_vi='<p>Chỉ số 5 &lt; 6 &amp; <strong>Đảng bộ</strong> <a href="/x">Khối</a></p><p>Hết.</p>',
    )
    html = get(client, "đảng bộ khối").content.decode()
    assert "Báo cáo &lt;quý&gt; I" in html
    snippet = html[html.index('class="summary search-snippet"'):]
    snippet = snippet[: snippet.index("</p>")]
    assert "5 &lt; 6 &amp; <mark>Đảng</mark> <mark>bộ</mark> <mark>Khối</mark> Hết." in snippet
    assert "<strong>" not in snippet and "href" not in snippet


def organizations_found(response):
    return [title for kind, title, _href in results(response) if kind == "organization"]


DISSOLVED_BLOCS = {
    "Ban Cán sự Đảng Ngoài nước", "Đảng bộ Khối Dân vận", "Đảng bộ Khối Đối ngoại", "Đảng bộ Khối I",
    "Đảng bộ Khối Khoa giáo", "Đảng bộ Khối Kinh tế", "Đảng bộ Khối Nội chính", "Đảng bộ Khối Tư tưởng",
}


@pytest.mark.parametrize("query", ["dang bo khoi", "Đảng bộ Khối", "ĐẢNG BỘ KHỐI"])
def test_the_current_committee_ranks_before_the_blocs_it_replaced(client, demo, query):
    found = organizations_found(get(client, query))
    assert found[0] == "Đảng bộ Khối các cơ quan Trung ương"
    assert set(found[1:]) == DISSOLVED_BLOCS - {"Ban Cán sự Đảng Ngoài nước"}  # the 7 blocs; not the overseas one
    # Still found, and still after the article (dated) that leads the results.
    assert results(get(client, query))[0][0] == "article"


def test_exact_diacritics_still_rank_above_being_current(client, db):
    from news.models import Organization

    dissolved = Organization.objects.create(name_vi="Đảng bộ Khối Thử", dissolved_on=date(2007, 4, 11))
    current = Organization.objects.create(name_vi="Dang bo Khoi moi")
    assert titles(get(client, "Đảng bộ Khối")) == [dissolved.name_vi, current.name_vi]
    assert titles(get(client, "dang bo khoi")) == [current.name_vi, dissolved.name_vi]
    assert titles(get(client, "khoi thu")) == [dissolved.name_vi]  # found, even alone


def test_an_organization_dissolved_on_a_later_date_is_current_until_then(db):
    from news.models import Organization

    today = timezone.localdate()
    staying = Organization.objects.create(name_vi="Ban Hợp nhất B")
    merging = Organization.objects.create(name_vi="Ban Hợp nhất A", dissolved_on=today + timedelta(days=30))
    order = [entry.object_id for entry in search(SearchTerms("ban hop nhat"), "vi")]
    assert order == [merging.pk, staying.pk]  # both current: the newer object first, as on any tie
    later = timezone.now() + timedelta(days=31)
    assert [entry.object_id for entry in search(SearchTerms("ban hop nhat"), "vi", now=later)] == [staying.pk, merging.pk]


# --- Letters as converted documents and keyboards write them ------------------------------------------------


def test_eth_in_text_is_found_as_đ(client, make_article):
    # "Ð" (U+00D0), the Icelandic eth, where a converted document meant "Đ".
    converted = make_article(title_vi="ÐẢNG BỘ KHỐI tổ chức hội nghị", published_at=datetime(2025, 1, 1, tzinfo=HANOI))
    stripped = make_article(title_vi="Dang bo Khoi to chuc hoi thao", published_at=datetime(2025, 3, 1, tzinfo=HANOI))
    assert titles(get(client, "dang bo khoi")) == [stripped.title_vi, converted.title_vi]
    # Typed with "Đ", the eth text has exactly its diacritics: it ranks first, and its words are marked.
    response = get(client, "Đảng bộ Khối")
    assert titles(response) == [converted.title_vi, stripped.title_vi]
    assert "<mark>ÐẢNG</mark> <mark>BỘ</mark> <mark>KHỐI</mark>" in response.content.decode()


def test_eth_in_the_query_finds_đ(client, make_article):
    article = make_article(title_vi="Đảng bộ Khối tổ chức hội nghị")
    for query in ("Ðảng bộ Khối", "ðảng bộ khối", "ÐANG BO KHOI"):
        assert titles(get(client, query)) == [article.title_vi], query


def test_decomposed_input_finds_and_marks_the_same(client, make_article):
    import unicodedata

    article = make_article(title_vi="Đảng bộ Khối tổ chức hội nghị")
    decomposed = unicodedata.normalize("NFD", "Đảng bộ Khối")
    assert decomposed != "Đảng bộ Khối"
    typed, precomposed = get(client, decomposed), get(client, "Đảng bộ Khối")
    assert results(typed) == results(precomposed) == [("article", article.title_vi, article.get_absolute_url())]
    assert "<mark>Đảng</mark> <mark>bộ</mark> <mark>Khối</mark>" in typed.content.decode()


def test_text_stored_decomposed_is_found_and_marked_word_by_word(client, make_article):
    import unicodedata

    make_article(title_vi=unicodedata.normalize("NFD", "Hội nghị Đảng bộ Khối"))
    response = get(client, "Đảng bộ Khối")
    assert titles(response) == ["Hội nghị Đảng bộ Khối"]  # shown precomposed: the same text to a reader
    assert "<mark>Đảng</mark> <mark>bộ</mark> <mark>Khối</mark>" in response.content.decode()
    assert titles(get(client, "dang bo khoi")) == ["Hội nghị Đảng bộ Khối"]


# --- Only what the public may see -----------------------------------------------------------------------------


def test_drafts_and_future_articles_are_not_found(client, make_article):
    make_article(title_vi="Đảng bộ Khối bản nháp", status=Article.Status.DRAFT, published_at=None)
    scheduled = make_article(title_vi="Đảng bộ Khối lịch đăng", published_at=timezone.now() + timedelta(days=1))
    public = make_article(title_vi="Đảng bộ Khối đã đăng")
    assert titles(get(client, "dang bo khoi")) == [public.title_vi]
    # Scheduled articles are indexed ahead and go live by themselves when their time comes (no cron).
    later = timezone.now() + timedelta(days=2)
    assert [entry.title for entry in search(SearchTerms("dang bo khoi"), "vi", now=later)][0] == scheduled.title_vi


def test_unpublishing_removes_the_article(client, make_article):
    article = make_article(title_vi="Đảng bộ Khối họp")
    assert titles(get(client, "dang bo khoi")) == [article.title_vi]
    article.status = Article.Status.DRAFT
    article.save()
    assert titles(get(client, "dang bo khoi")) == []
    assert not SearchEntry.objects.filter(kind="article", object_id=article.pk).exists()


def test_english_page_does_not_find_a_vietnamese_only_article(client, make_article):
    article = make_article(title_vi="Hội nghị Đảng bộ Khối", body_vi="<p>Chỉ có tiếng Việt.</p>")
    assert titles(get(client, "hoi nghi dang bo khoi")) == [article.title_vi]
    assert titles(get(client, "hoi nghi dang bo khoi", language="en")) == []
    # English title without an English body is not public in English either.
    article.title_en = "Conference of the Bloc Party Committee"
    article.save()
    assert titles(get(client, "conference", language="en")) == []
    article.body_en = "<p>English text.</p>"
    article.save()
    assert titles(get(client, "conference", language="en")) == ["Conference of the Bloc Party Committee"]


def test_editing_a_title_updates_the_results(client, make_article):
    article = make_article(title_vi="Đảng bộ Khối họp")
    article.title_vi = "Hội nghị tổng kết công tác"
    article.save()
    assert titles(get(client, "dang bo khoi")) == []
    assert titles(get(client, "tong ket")) == ["Hội nghị tổng kết công tác"]


def test_deleting_removes_the_result(client, make_article):
    article = make_article(title_vi="Đảng bộ Khối họp")
    article.delete()
    assert titles(get(client, "dang bo khoi")) == []
    assert not SearchEntry.objects.exists()


def test_directives_and_organizations_follow_their_edits(client, db):
    directive = Directive.objects.create(
        number="12-NQ/TW", document_type=Directive.DocumentType.RESOLUTION, issued_on=date(2012, 1, 16),
        summary_vi="Một số vấn đề cấp bách về xây dựng Đảng",
    )
    organization = Organization.objects.create(
        name_vi="Ban Tổ chức Trung ương", name_en="Central Organization Commission"
    )
    assert titles(get(client, "12-nq/tw")) == ["Nghị quyết 12-NQ/TW"]
    assert titles(get(client, "cap bach")) == ["Nghị quyết 12-NQ/TW"]
    assert titles(get(client, "ban to chuc")) == ["Ban Tổ chức Trung ương"]
    assert titles(get(client, "organization commission", language="en")) == ["Central Organization Commission"]
    organization.name_vi = "Ban Tổ chức Trung ương Đảng"
    organization.save()
    assert titles(get(client, "ban to chuc")) == ["Ban Tổ chức Trung ương Đảng"]
    directive.delete()
    organization.delete()
    assert titles(get(client, "12-nq/tw")) == titles(get(client, "ban to chuc")) == []


# --- Queries the search cannot run ----------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "x" * 201, "!!!", "—/…", "\x00"])
def test_unusable_queries_get_a_message(client, db, query):
    response = get(client, query)
    assert message(response)
    assert results(response) == []


def test_messages_say_what_is_wrong(client, db):
    assert message(get(client, "", language="en")) == "Type one or more words to search for."
    assert message(get(client, "x" * 201, language="en")) == "The search is too long: use at most 200 characters."
    assert message(get(client, "?!", language="en")) == "Search for words or numbers: punctuation alone finds nothing."
    assert message(get(client, "x" * 200)) is None  # the limit itself is fine: nothing found, no error
    assert texts(get(client, "x" * 200, language="en").content, "p", class_="search-count") == [
        "0 results for “" + "x" * 200 + "”"
    ]


def test_the_page_without_a_query_shows_the_form(client, db):
    response = client.get(search_url("en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert message(response) is None
    assert texts(html, "h1") == ["Search"]
    assert texts(html, "title")[0].startswith("Search | ")
    field = elements(html, "input", id="search-q")[0]  # the page's own box (the header has one too)
    assert field.attrs["type"] == "search"
    assert texts(html, "label", **{"for": field.attrs["id"]})
    assert texts(html, "button", type="submit") == ["Search", "Search"]  # header box, page box
    assert elements(html, "form", role="search")[0].attrs["action"] == search_url("en")


def test_the_query_stays_in_the_box_and_the_title_escaped(client, db):
    query = '"><script>alert(1)</script>'
    html = get(client, query, language="en").content.decode()
    assert "<script>alert(1)" not in html
    assert elements(html, "input", id="search-q")[0].attrs["value"] == query
    assert texts(html, "title")[0].startswith(f"Search: {query} | ")


def test_the_language_switch_keeps_the_query(client, db):
    html = get(client, "đảng bộ").content.decode()
    with translation.override("en"):
        english = reverse("news:search")
    assert elements(html, "a", hreflang="en")[0].attrs["href"] == f"{english}?q=%C4%91%E1%BA%A3ng+b%E1%BB%99"


# --- Pages and cost -------------------------------------------------------------------------------------------


def test_results_are_paginated_twenty_per_page(client, make_article):
    base = datetime(2025, 1, 1, tzinfo=HANOI)
    for day in range(30):
        make_article(title_vi=f"Đảng bộ Khối tin số {day}", published_at=base + timedelta(days=day))
    first, second = get(client, "dang bo khoi"), get(client, "dang bo khoi", page=2)
    assert len(results(first)) == 20 and len(results(second)) == 10
    assert titles(first)[0] == "Đảng bộ Khối tin số 29" and titles(second)[-1] == "Đảng bộ Khối tin số 0"
    from urllib.parse import parse_qs

    next_href = elements(first.content, "a", rel="next")[0].attrs["href"]
    assert parse_qs(next_href.lstrip("?")) == {"q": ["dang bo khoi"], "page": ["2"]}
    assert titles(get(client, "dang bo khoi", page="nonsense")) == titles(first)


def test_query_count_does_not_grow_with_results(client, make_article, django_assert_max_num_queries):
    Directive.objects.create(number="1-QĐ/TW", document_type="quyet-dinh", issued_on=date(2020, 1, 1),
                             summary_vi="Đảng bộ Khối")
    Organization.objects.create(name_vi="Đảng bộ Khối Thử nghiệm")
    make_article(title_vi="Đảng bộ Khối tin đầu")
    with CaptureQueriesContext(connection) as one:
        assert len(results(get(client, "dang bo khoi"))) == 3
    for number in range(29):
        make_article(title_vi=f"Đảng bộ Khối tin số {number}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(results(get(client, "dang bo khoi"))) == 20
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(results(get(client, "dang bo khoi", page=2))) == 12
    # count, page, one per kind shown, menu and footer, and when the next scheduled article goes live and the next
    # draft's comment period opens or closes (page cache)
    assert len(one.captured_queries) <= 9
