"""Articles link the documents they cite; directive pages list the articles that cite them."""
from datetime import date

import pytest

from news.models import Article, Directive
from tests.pages import elements, texts

ARTICLE_URL = "/tin-tuc/hoat-dong-dang-doan-the/ky-niem-17-nam-ngay-thanh-lap-dang-bo-khoi-cac-co-quan-trung-uong/"
CITED = {
    "Chỉ thị số 03-CT/TW": "/van-ban/chi-thi-03-ct-tw-2011-05-14/",
    "Chỉ thị số 05-CT/TW": "/van-ban/chi-thi-05-ct-tw-2016-05-15/",
    "Kết luận số 01-KL/TW": "/van-ban/ket-luan-01-kl-tw-2021-05-18/",
    "Nghị quyết Trung ương 4 khóa XI": "/van-ban/nghi-quyet-12-nq-tw-2012-01-16/",
    "khóa XII": "/van-ban/nghi-quyet-04-nq-tw-2016-10-30/",
    "khóa XIII": "/van-ban/ket-luan-21-kl-tw-2021-10-25/",
    "Quyết định số 47-QĐ/TW": "/van-ban/quyet-dinh-47-qd-tw-2007-04-11/",
}


def test_anniversary_article_links_every_document_it_cites(client, demo):
    page = client.get(ARTICLE_URL).content.decode()
    links = {(a.text, a.attrs["href"]) for a in elements(page, "a", class_="directive-ref")}
    assert links == set(CITED.items())
    assert demo.unresolved_references == [] or Article.objects.get(pk=demo.pk).unresolved_references == []


def test_the_text_is_unchanged_by_the_links(client, demo):
    page = client.get(ARTICLE_URL).content.decode()
    paragraph = next(text for text in texts(page, "p") if text.startswith("Nghị quyết Trung ương 4 khóa XI, khóa XII"))
    assert "Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị khóa XII" in paragraph


@pytest.mark.parametrize("path", sorted(set(CITED.values())))
def test_each_cited_document_lists_the_article(client, demo, path):
    page = client.get(path).content.decode()
    assert elements(page, "a", href=ARTICLE_URL), path


def test_reader_goes_from_article_to_document_and_back(client, demo):
    article = client.get(ARTICLE_URL).content.decode()
    [first] = [a for a in elements(article, "a", class_="directive-ref") if a.text == "Kết luận số 01-KL/TW"][:1]
    document = client.get(first.attrs["href"]).content.decode()
    assert texts(document, "h1") == ["Kết luận 01-KL/TW"]
    [back] = [a for a in elements(document, "a", href=ARTICLE_URL)]
    assert back.text == "Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối các cơ quan Trung ương"


def test_unknown_document_stays_plain_text_and_is_listed_for_staff(make_article):
    article = make_article(body_vi="<p>Thực hiện Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị.</p>")
    article.refresh_from_db()
    assert article.unresolved_references == [{"reference": "35-CT/TW", "reason": "missing"}]
    assert "directive-ref" not in article.body_html()
    assert article.cited_directives.count() == 0


def test_adding_the_missing_document_links_it(make_article, django_capture_on_commit_callbacks):
    article = make_article(body_vi="<p>Thực hiện Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị.</p>")
    with django_capture_on_commit_callbacks(execute=True):
        directive = Directive.objects.create(number="35-CT/TW", document_type="chi-thi", issued_on=date(2024, 6, 14))
    article.refresh_from_db()
    assert article.unresolved_references == []
    assert list(article.cited_directives.all()) == [directive]
    assert f'href="{directive.get_absolute_url()}"' in article.body_html()
    with django_capture_on_commit_callbacks(execute=True):
        directive.delete()
    article.refresh_from_db()
    assert article.unresolved_references == [{"reference": "35-CT/TW", "reason": "missing"}]
    assert "directive-ref" not in article.body_html()


def test_ambiguous_number_links_to_neither(make_article):
    Directive.objects.create(number="05-CT/TW", document_type="chi-thi", issued_on=date(2016, 5, 15), term="XII")
    Directive.objects.create(number="05-CT/TW", document_type="chi-thi", issued_on=date(2021, 9, 1), term="XIII")
    article = make_article(body_vi="<p>Thực hiện Chỉ thị số 05-CT/TW.</p>")
    article.refresh_from_db()
    assert article.cited_directives.count() == 0
    assert article.unresolved_references == [{"reference": "05-CT/TW", "reason": "ambiguous"}]


def test_number_links_to_the_one_whose_date_fits_the_article(make_article):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    older = Directive.objects.create(number="05-CT/TW", document_type="chi-thi", issued_on=date(2016, 5, 15))
    Directive.objects.create(number="05-CT/TW", document_type="chi-thi", issued_on=date(2021, 9, 1))
    article = make_article(
        body_vi="<p>Chỉ thị số 05-CT/TW.</p>", published_at=datetime(2018, 3, 1, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    )
    assert list(article.cited_directives.all()) == [older]


def test_unresolved_references_are_shown_in_admin(admin_client, make_article):
    article = make_article(body_vi="<p>Theo Nghị định số 99/2099/NĐ-CP.</p>")
    changelist = admin_client.get("/admin/news/article/?unresolved=yes").content.decode()
    assert article.title_vi in changelist
    change = admin_client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert "99/2099/NĐ-CP" in change and "chưa có trong cơ sở dữ liệu văn bản" in change.lower()


def test_relink_citations_derives_links_lost_by_a_bulk_update(demo):
    from django.core.management import call_command

    from news.models import Article

    linked, cited = demo.body_linked_vi, set(demo.cited_directives.values_list("pk", flat=True))
    assert linked and cited
    Article.objects.filter(pk=demo.pk).update(body_linked_vi="", lead_linked_vi="")
    Article.cited_directives.through.objects.filter(article=demo).delete()
    call_command("relink_citations", verbosity=0)
    demo.refresh_from_db()
    assert demo.body_linked_vi == linked
    assert set(demo.cited_directives.values_list("pk", flat=True)) == cited


def test_the_english_page_links_the_same_documents_with_their_english_names(client, demo):
    from django.utils import translation

    with translation.override("en"):
        url = demo.get_absolute_url()
    page = client.get(url).content.decode()
    links = {(a.text, a.attrs["href"]) for a in elements(page, "a", class_="directive-ref")}
    english = {href.replace("/van-ban/", "/en/documents/") for href in CITED.values()}
    assert {href for _text, href in links} == english
    assert ("Directive No. 05-CT/TW", "/en/documents/chi-thi-05-ct-tw-2016-05-15/") in links
    assert ("Conclusion No. 01-KL/TW", "/en/documents/ket-luan-01-kl-tw-2021-05-18/") in links
    assert ("Decision No. 47-QĐ/TW", "/en/documents/quyet-dinh-47-qd-tw-2007-04-11/") in links
