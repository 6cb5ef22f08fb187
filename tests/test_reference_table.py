"""The references table: every citation of every article, kept on save, looked up when the registry changes.

A document added, renumbered, redated or deleted relinks exactly the articles whose references it may answer,
found by key in the table (whatever field, language or spelling cites it); the admin's "documents missing from
the registry" list and counts come from the same rows.
"""
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from news import citations
from news.models import Article, ArticleReference, Directive
from tests.pages import elements


def rows(article):
    return list(ArticleReference.objects.filter(article=article).order_by("language", "field", "position").values_list(
        "language", "field", "number", "text", "issued_on", "status", "directive"))


def add(on_commit, **fields):
    """A document added to the registry, its relinking run as on commit."""
    fields.setdefault("document_type", "chi-thi")
    with on_commit(execute=True):
        return Directive.objects.create(**fields)


def links(html):
    return [(a.text, a.attrs["href"]) for a in elements(html, "a", class_="directive-ref")]


def english_url(directive):
    with translation.override("en"):
        return directive.get_absolute_url()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_every_citation_of_both_languages_and_fields_is_a_row(make_article):
    decree = Directive.objects.create(number="31/2021/NĐ-CP", document_type="nghi-dinh", issued_on=date(2021, 3, 26))
    article = make_article(
        lead_vi="Thực hiện Chỉ thị số 35-CT/TW ngày 14/6/2024, Bộ tổ chức hội nghị.",
        body_vi="<p>Căn cứ Nghị định số 31/2021/NĐ-CP và Nghị quyết Trung ương 4 khóa XII.</p>",
        title_en="Conference", body_en="<p>Under Decree No. 31/2021/ND-CP dated March 26, 2021 of the Government.</p>",
    )
    assert rows(article) == [
        ("en", "body", "31/2021/NĐ-CP", "Decree No. 31/2021/ND-CP", date(2021, 3, 26), "linked", decree.pk),
        ("vi", "body", "31/2021/NĐ-CP", "Nghị định số 31/2021/NĐ-CP", None, "linked", decree.pk),
        ("vi", "body", "", "Nghị quyết Trung ương 4 khóa XII", None, "missing", None),
        ("vi", "lead", "35-CT/TW", "Chỉ thị số 35-CT/TW", date(2024, 6, 14), "missing", None),
    ]
    plenum = ArticleReference.objects.get(article=article, kind="plenum")
    assert (plenum.plenum, plenum.term, plenum.key, plenum.document_type) == (4, "XII", "plenum 4 XII", "nghi-quyet")
    # The English decree links to the registry's "NĐ" number, on the English page.
    article.refresh_from_db()
    assert links(article.body_linked_en) == [("Decree No. 31/2021/ND-CP", english_url(decree))]


def test_a_document_cited_only_in_the_lead_is_linked_when_added(make_article, on_commit, client):
    article = make_article(lead_vi="Thực hiện Chỉ thị số 35-CT/TW ngày 14/6/2024, Bộ tổ chức hội nghị.")
    directive = add(on_commit, number="35-CT/TW", issued_on=date(2024, 6, 14))
    page = client.get(article.get_absolute_url()).content.decode()
    assert links(page) == [("Chỉ thị số 35-CT/TW", directive.get_absolute_url())]
    assert rows(article)[0][5:] == ("linked", directive.pk)


def test_a_citation_written_with_tu_is_linked_when_its_document_is_added(make_article, on_commit):
    article = make_article(body_vi="<p>Theo Quyết định số 47-QĐ/TƯ của Bộ Chính trị.</p>")
    directive = add(on_commit, number="47-QĐ/TW", document_type="quyet-dinh", issued_on=date(2007, 4, 11))
    article.refresh_from_db()
    assert links(article.body_linked_vi) == [("Quyết định số 47-QĐ/TƯ", directive.get_absolute_url())]
    assert article.unresolved_references == []


def test_an_english_plenum_citation_is_linked_when_its_resolution_is_added(make_article, on_commit):
    article = make_article(title_en="Party building", body_en=(
        "<p>Units reviewed the Resolution of the fourth plenum, 12th tenure, and the Resolution of the 4th Plenum "
        "of the 11th Party Central Committee.</p>"))
    xii = add(on_commit, number="04-NQ/TW", document_type="nghi-quyet", plenum=4, term="XII",
              issued_on=date(2016, 10, 30))
    xi = add(on_commit, document_type="nghi-quyet", plenum=4, term="XI", issued_on=date(2012, 1, 16))
    article.refresh_from_db()
    assert links(article.body_linked_en) == [
        ("Resolution of the fourth plenum, 12th tenure", english_url(xii)),
        ("Resolution of the 4th Plenum of the 11th", english_url(xi)),
    ]
    assert set(article.cited_directives.all()) == {xi, xii}


def test_renumbering_a_namesake_relinks_both_numbers(make_article, on_commit):
    older = add(on_commit, number="05-CT/TW", issued_on=date(2016, 5, 15), term="XII")
    other = add(on_commit, number="05-CT/TW", issued_on=date(2021, 9, 1), term="XIII")
    cites_05 = make_article(body_vi="<p>Thực hiện Chỉ thị số 05-CT/TW.</p>")
    cites_06 = make_article(title_vi="Hội nghị khác", body_vi="<p>Thực hiện Chỉ thị số 06-CT/TW.</p>")
    assert rows(cites_05)[0][5] == "ambiguous" and rows(cites_06)[0][5] == "missing"

    other.number = "06-CT/TW"  # it was entered with the wrong number
    with on_commit(execute=True):
        other.save()
    assert rows(cites_05)[0][5:] == ("linked", older.pk)
    assert rows(cites_06)[0][5:] == ("linked", other.pk)


def test_redating_a_document_relinks_the_articles_giving_its_date(make_article, on_commit):
    directive = add(on_commit, number="35-CT/TW", issued_on=date(2024, 6, 15))
    article = make_article(body_vi="<p>Thực hiện Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị.</p>")
    # The registry has the number, but not of the date the text gives: that document is what is missing.
    assert rows(article)[0][5] == "missing"
    directive.issued_on = date(2024, 6, 14)  # a typo in the registry, corrected
    with on_commit(execute=True):
        directive.save()
    assert rows(article)[0][5:] == ("linked", directive.pk)


def test_deleting_a_document_leaves_its_citations_missing(make_article, on_commit):
    directive = add(on_commit, number="35-CT/TW", issued_on=date(2024, 6, 14))
    article = make_article(lead_vi="Thực hiện Chỉ thị số 35-CT/TW, Bộ tổ chức hội nghị.")
    assert rows(article)[0][5:] == ("linked", directive.pk)
    with on_commit(execute=True):
        directive.delete()
    article.refresh_from_db()
    assert rows(article)[0][5:] == ("missing", None)
    assert article.lead_linked_vi == "" and "directive-ref" not in article.lead_html()


def test_articles_are_found_by_key_not_by_reading_their_texts(make_article, on_commit):
    def relinking_lookups(count):
        Article.objects.all().delete()
        Directive.objects.all().delete()
        for number in range(count):
            make_article(title_vi=f"Tin {number}", body_vi=f"<p>Thực hiện Chỉ thị số {number + 100}-CT/TW.</p>")
        make_article(title_vi="Tin trích dẫn", body_vi="<p>Thực hiện Chỉ thị số 35-CT/TW.</p>")
        directive = Directive.objects.create(number="35-CT/TW", document_type="chi-thi", issued_on=date(2024, 6, 14))
        with CaptureQueriesContext(connection) as queries:
            found = citations.articles_mentioning(directive)
        return found, [q["sql"] for q in queries]

    found_one, sql_one = relinking_lookups(1)
    found_many, sql_many = relinking_lookups(30)
    assert len(found_one) == len(found_many) == 1  # only the article citing it
    assert len(sql_one) == len(sql_many) == 1
    assert "body" not in sql_many[0] and "LIKE" not in sql_many[0].upper()


def test_an_unchanged_citation_keeps_its_row(make_article):
    article = make_article(body_vi="<p>Thực hiện Chỉ thị số 35-CT/TW và Chỉ thị số 36-CT/TW.</p>")
    first = list(ArticleReference.objects.filter(article=article).values_list("pk", "number"))
    article.body_vi = "<p>Thực hiện Chỉ thị số 35-CT/TW và Chỉ thị số 37-CT/TW.</p>"
    article.save()
    second = list(ArticleReference.objects.filter(article=article).values_list("pk", "number"))
    assert second[0] == first[0]  # same row, same id: a backup restored is derived again to the same rows
    assert second[1][1] == "37-CT/TW" and second[1][0] != first[1][0]


def test_relink_citations_fills_the_table_again(make_article):
    article = make_article(lead_vi="Theo Chỉ thị số 35-CT/TW, Bộ tổ chức hội nghị.",
                           body_vi="<p>Theo Nghị định số 99/2099/NĐ-CP.</p>")
    before = rows(article)
    ArticleReference.objects.all().delete()  # as after the upgrade that adds the table
    call_command("relink_citations", stdout=io.StringIO())
    assert rows(article) == before and len(before) == 2


# --- Sample data ----------------------------------------------------------------------------------------------


SMALL = ["--articles", "60", "--directives", "15", "--organizations", "4", "--tags", "10", "--seed", "3"]


def test_sample_articles_get_the_rows_a_save_would_give_them_in_bulk(db):
    with CaptureQueriesContext(connection) as queries:
        call_command("generate_sample_data", *SMALL, stdout=io.StringIO())
    inserts = [q for q in queries if q["sql"].startswith("INSERT") and "news_articlereference" in q["sql"]]
    assert len(inserts) == 1  # one statement for the batch, not one per article

    def table():
        return sorted(ArticleReference.objects.values_list(
            "article_id", "language", "field", "position", "kind", "key", "number", "document_type", "issued_on",
            "term", "plenum", "text", "directive_id", "status"))

    written = table()
    assert len({row[0] for row in written}) >= 10 and {row[1] for row in written} == {"vi", "en"}
    for article in Article.objects.all():
        citations.refresh_citations(article)  # what the save signal does
    assert table() == written

    call_command("generate_sample_data", "--clear", stdout=io.StringIO())
    assert not ArticleReference.objects.exists()


# --- The admin: documents missing from the registry --------------------------------------------------------


@pytest.fixture
def missing_cited_twice(writers_article, make_article):
    """Two articles cite 35-CT/TW (not in the registry), one cites 99/2099/NĐ-CP; one cites nothing missing."""
    first = writers_article("review", title_vi="Bài một", body_vi="<p>Thực hiện Chỉ thị số 35-CT/TW.</p>")
    second = make_article(title_vi="Bài hai", lead_vi="Theo Chỉ thị số 35-CT/TW, các đơn vị báo cáo.",
                          body_vi="<p>Và Nghị định số 99/2099/NĐ-CP.</p>")
    clean = make_article(title_vi="Bài ba", body_vi="<p>Không trích dẫn văn bản nào.</p>")
    return first, second, clean


def changelist_titles(page):
    return sorted(a.text for a in elements(page, "a") if a.text.startswith("Bài "))


def test_the_filter_lists_the_most_cited_missing_documents_with_counts(act_as, missing_cited_twice):
    page = act_as("editor").get("/en/admin/news/article/").content.decode()
    choices = [a.text for a in elements(page, "a") if a.attrs.get("href", "").startswith("?unresolved=")]
    assert choices == ["cites documents not in the registry", "all citations linked", "35-CT/TW (2)",
                       "99/2099/NĐ-CP (1)"]


@pytest.mark.parametrize(
    "query, titles",
    [
        ("unresolved=yes", ["Bài hai", "Bài một"]),
        ("unresolved=no", ["Bài ba"]),
        ("unresolved=35-CT%2FTW", ["Bài hai", "Bài một"]),
        ("unresolved=99%2F2099%2FND-CP", ["Bài hai"]),
    ],
)
def test_the_filter_finds_the_articles(act_as, missing_cited_twice, query, titles):
    page = act_as("editor").get(f"/en/admin/news/article/?{query}").content.decode()
    assert changelist_titles(page) == titles


def test_a_writer_counts_only_the_articles_they_see(act_as, missing_cited_twice):
    page = act_as("writer").get("/en/admin/news/article/").content.decode()
    assert "35-CT/TW (1)" in [a.text for a in elements(page, "a")]


def test_the_article_page_says_how_many_articles_cite_the_missing_document(act_as, missing_cited_twice):
    _first, second, _clean = missing_cited_twice
    page = act_as("administrator").get(f"/en/admin/news/article/{second.pk}/change/").content.decode()
    [cell] = [div for div in elements(page, "div", class_="readonly") if "99/2099/NĐ-CP" in div.text]
    assert "35-CT/TW (not in the registry yet: add it; cited in 2 articles)" in cell.text
    assert "99/2099/NĐ-CP (not in the registry yet: add it)" in cell.text
    [cited_in] = [a for a in elements(page, "a") if a.text == "cited in 2 articles"]
    listed = act_as("administrator").get(cited_in.attrs["href"]).content.decode()
    assert changelist_titles(listed) == ["Bài hai", "Bài một"]


def test_a_missing_plenum_resolution_is_named_and_offered_with_its_plenum(act_as, make_article):
    article = make_article(body_vi="<p>Thực hiện Nghị quyết Trung ương 8 khóa XIII.</p>")
    page = act_as("administrator").get(f"/en/admin/news/article/{article.pk}/change/").content.decode()
    [add_link] = [a for a in elements(page, "a") if a.text == "Resolution of Plenum 8, term XIII"]
    assert add_link.attrs["href"] == "/en/admin/news/directive/add/?document_type=nghi-quyet&plenum=8&term=XIII"
