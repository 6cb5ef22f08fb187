"""The search at scale (news.search.SearchResults): counting stops at RESULTS_CAP, and beyond it a page is ranked
among the newest entries and the older ones that could outrank them, never differently from the full ranking.

The limits are lowered so that a few dozen entries exceed them; the data mixes what decides a rank: titles with
the exact diacritics among old articles, undated organizations (one dissolved), documents, ties on the date, a
scheduled article that must not be found, and both languages. Runs on SQLite (FTS5) and on PostgreSQL.
"""
from datetime import date, datetime, timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import news.search
from news.models import Directive, Organization
from news.search import SearchResults, SearchTerms, search
from tests.factories import HANOI
from tests.pages import texts

CAP = 25


@pytest.fixture(autouse=True)
def small_limits(monkeypatch):
    monkeypatch.setattr(news.search, "RESULTS_CAP", CAP)
    monkeypatch.setattr(news.search, "WINDOW_MIN", 8)
    monkeypatch.setattr(news.search, "WINDOW_PER_RESULT", 2)
    monkeypatch.setattr(news.search, "OUTSIDE_MAX", 40)


@pytest.fixture
def many(make_article):
    """About fifty entries per language finding "doanh nghiệp" ("enterprise"), of every score, most of them recent."""
    base = datetime(2025, 6, 1, 8, 0, tzinfo=HANOI)
    for day in range(32):
        # Two articles a day from day 20 on: ties on the date, at the edge of some windows.
        published_at = base - timedelta(days=day if day < 20 else 20 + (day - 20) // 2)
        title, body = [
            ("Tin hoạt động số {}", "<p>Hỗ trợ doanh nghiệp vượt khó.</p>"),  # exact words in the body
            ("Doanh nghiep va hoi nhap {}", "<p>Chinh sach cho doanh nghiep.</p>"),  # folded words in the title
            ("Doanh nghiep tre so {}", "<p>Hội nghị doanh nghiệp trẻ.</p>"),  # folded title, exact body
            ("Tin kinh tế số {}", "<p>Doanh nghiep va thi truong.</p>"),  # folded words in the body only
            ("Hội nghị giao ban số {}", "<p>Không liên quan.</p>"),  # not found
        ][day % 5]
        if day in (6, 23):
            title = "Doanh nghiệp tiêu biểu số {}"  # few exact titles among the recent ones
        make_article(
            title_vi=title.format(day), body_vi=body, published_at=published_at,
            **({"title_en": f"Enterprise news {day}", "body_en": "<p>Support for enterprises.</p>"} if day % 3 else {}),
        )
    for year in range(2012, 2020):
        make_article(  # old, exact titles: they outrank every recent article but two
            title_vi=f"Doanh nghiệp nhà nước năm {year}", body_vi="<p>Sắp xếp doanh nghiệp nhà nước.</p>",
            title_en=f"State enterprise {year}", body_en="<p>Restructuring.</p>",
            published_at=datetime(year, 3, 1, 9, 0, tzinfo=HANOI),
        )
    make_article(
        title_vi="Doanh nghiệp nhà nước lịch đăng", body_vi="<p>Doanh nghiệp.</p>",
        title_en="Enterprise scheduled", body_en="<p>Enterprise.</p>",
        published_at=timezone.now() + timedelta(days=1),
    )
    for number, year in [("10-NQ/TW", 2017), ("12-NQ/TW", 2017), ("20-CT/TW", 2022)]:
        Directive.objects.create(
            number=number, document_type=Directive.DocumentType.RESOLUTION, issued_on=date(year, 6, 3),
            summary_vi="Phát triển doanh nghiệp tư nhân", summary_en="Developing private enterprises",
        )
    for name in ["Hiệp hội Doanh nghiệp nhỏ và vừa", "Hiệp hội Doanh nghiệp trẻ", "Hiep hoi Doanh nghiep Ha Noi"]:
        Organization.objects.create(name_vi=name, name_en=f"{name} Enterprise Association")
    Organization.objects.create(
        name_vi="Hiệp hội Doanh nghiệp cũ", name_en="Former Enterprise Association", dissolved_on=date(2010, 1, 1)
    )


def ids(entries):
    return [(entry.kind, entry.object_id) for entry in entries]


def every_page(query, language, per_page):
    """[(entries of the page, queries it took)] for each page of a fresh search, as the search view asks them."""
    pages, number, last = [], 1, 1
    while number <= last:
        with CaptureQueriesContext(connection) as queries:
            paginator = Paginator(search(SearchTerms(query), language), per_page)
            entries = list(paginator.page(number).object_list)
        pages.append((entries, len(queries)))
        number, last = number + 1, paginator.num_pages
    return pages


QUERIES = [
    ("doanh nghiệp", "vi"), ("Doanh nghiep", "vi"), ("doanh ngh", "vi"), ("DOANH NGHIỆP", "vi"), ("enterprise", "en"),
]


@pytest.mark.parametrize("query, language", QUERIES)
@pytest.mark.parametrize("per_page", [1, 4, 7, 20])
def test_every_page_is_the_full_rankings_slice(many, query, language, per_page):
    ranked = ids(search(SearchTerms(query), language).ranked)
    assert len(ranked) > CAP
    pages = every_page(query, language, per_page)
    assert len(pages) == -(-CAP // per_page)  # up to the cap, the last page shorter when it does not divide it
    for number, (entries, queries) in enumerate(pages):
        assert ids(entries) == ranked[number * per_page:(number + 1) * per_page][:CAP - number * per_page], number
        assert queries == 3  # the count, the window's start, the page
    # The first pages come from the newest entries and the older ones that could outrank them, not from ranking
    # everything (the later pages, whose window would hold every dated entry, are).
    # In English, 20 results need a window of 40 entries: more than the 32 dated ones, all ranked.
    assert pages[0][0][0].windowed == (language == "vi" or per_page < 20)
    if query in ("doanh nghiệp", "DOANH NGHIỆP", "doanh ngh"):  # the old exact titles, third to tenth: outside
        assert any(
            entry.windowed and entry.published_at and entry.published_at.year < 2020
            for entries, _queries in pages for entry in entries
        )


def test_what_a_capped_ranking_holds(many):
    ranked = list(search(SearchTerms("doanh nghiệp"), "vi").ranked)
    titles = [entry.title for entry in ranked]
    assert "Doanh nghiệp nhà nước lịch đăng" not in titles  # scheduled: indexed, not found yet
    # The exact titles first: the two recent articles, the older ones, the documents' none; organizations (undated)
    # after the articles of their score, the dissolved one last of them.
    assert titles[:10] == [
        "Doanh nghiệp tiêu biểu số 6", "Doanh nghiệp tiêu biểu số 23",
        *[f"Doanh nghiệp nhà nước năm {year}" for year in range(2019, 2011, -1)],
    ]
    exact_organizations = [title for title in titles if title.startswith("Hiệp hội Doanh nghiệp")]
    assert exact_organizations[-1] == "Hiệp hội Doanh nghiệp cũ"
    assert titles.index("Hiệp hội Doanh nghiệp cũ") == 12
    # Slicing the results gives the same entries, with the same score.
    page = search(SearchTerms("doanh nghiệp"), "vi")[:12]
    assert [(entry.title, entry.score, entry.gone) for entry in page] == [
        (entry.title, entry.score, entry.gone) for entry in ranked[:12]
    ]


def test_the_time_of_the_search_counts_whatever_its_time_zone(many):
    # An hour before the newest article (08:00 in Hanoi, 01:00 UTC): it is not found yet, on any page.
    now = datetime(2025, 6, 1, 7, 0, tzinfo=HANOI)
    ranked = ids(search(SearchTerms("doanh nghiệp"), "vi", now=now).ranked)
    pages = [search(SearchTerms("doanh nghiệp"), "vi", now=now)[start:start + 4] for start in range(0, 28, 4)]
    assert [ids(page) for page in pages] == [ranked[start:start + 4] for start in range(0, 28, 4)]
    assert pages[0][0].windowed
    assert "Tin hoạt động số 0" not in [entry.title for page in pages for entry in page]


def test_the_count_stops_at_the_cap(many):
    found = search(SearchTerms("doanh nghiệp"), "vi")
    assert found.count() == CAP and found.capped
    assert len(found) == CAP
    exact = search(SearchTerms("doanh nghiệp nhà nước"), "vi")
    assert exact.count() == 8 and not exact.capped  # the scheduled one is not counted
    assert ids(exact[0:8]) == ids(exact.ranked)


def test_uncapped_pages_take_two_queries(many):
    pages = every_page("doanh nghiệp nhà nước", "vi", 3)
    assert [len(entries) for entries, _queries in pages] == [3, 3, 2]
    assert [queries for _entries, queries in pages] == [2, 2, 2]


def test_a_window_that_cannot_hold_the_page_falls_back_to_the_full_ranking(many, monkeypatch):
    monkeypatch.setattr(news.search, "OUTSIDE_MAX", 0)
    ranked = ids(search(SearchTerms("doanh nghiệp"), "vi").ranked)
    page = search(SearchTerms("doanh nghiệp"), "vi")[0:5]
    assert ids(page) == ranked[:5] and not page[0].windowed


def search_page(client, query, language="vi", **params):
    with translation.override(language):
        url = reverse("news:search")
    response = client.get(url, {"q": query, **params})
    assert response.status_code == 200
    return response


def test_the_page_says_more_than_when_capped(client, many, monkeypatch):
    monkeypatch.setattr("news.views.search.RESULTS_PER_PAGE", 4)
    response = search_page(client, "enterprise", "en")
    assert texts(response.content, "p", class_="search-count") == [f"More than {CAP} results for “enterprise”"]
    assert texts(response.content, "span") and f"Page 1 of {-(-CAP // 4)}" in texts(response.content, "span")
    # The last page is there, with the last results up to the cap.
    last = search_page(client, "enterprise", "en", page=-(-CAP // 4))
    ranked = search(SearchTerms("enterprise"), "en").ranked
    assert len(texts(last.content, "li", class_="search-result")) == CAP % 4
    assert texts(last.content, "li", class_="search-result")[-1].split("\n")[1].strip() == ranked[CAP - 1].title
    exact = search_page(client, "doanh nghiệp nhà nước", "en")
    assert texts(exact.content, "p", class_="search-count") == ["0 results for “doanh nghiệp nhà nước”"]
    counted = search_page(client, "state enterprise", "en")
    assert texts(counted.content, "p", class_="search-count") == ["8 results for “state enterprise”"]


class TenThousandAndMore(SearchResults):
    def count(self):
        self.capped = True
        return 10_000

    def __getitem__(self, key):
        return list(self.ranked[key])


@pytest.mark.parametrize("language, said", [
    ("en", "More than 10,000 results for “enterprise”"),
    ("vi", "Hơn 10.000 kết quả cho “enterprise”"),
])
def test_the_capped_count_is_said_in_the_pages_language(client, many, monkeypatch, language, said):
    monkeypatch.setattr("news.views.search.search", TenThousandAndMore)
    assert texts(search_page(client, "enterprise", language).content, "p", class_="search-count") == [said]
