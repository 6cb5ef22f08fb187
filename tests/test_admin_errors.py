"""Staff meet no bare error page: what the admin offers each role, and its 403 and 404 pages in its own layout.

A document cited in an article but missing from the registry: only those who may add documents get the link
that starts adding it; writers and editors read that it is missing and who can add it. A refusal or a missing
page under /admin/ (and /en/admin/) keeps the admin's header, breadcrumbs and language, says what happened in
a sentence, and leads back; a refusal on the public site keeps the public layout.
"""
from datetime import date

import pytest
from django.conf import urls as django_urls
from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from news.models import Article, Directive
from orgsite import urls as site_urls
from tests.pages import elements, texts

MISSING = "<p>Thực hiện Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị.</p>"
ADD_URL = "/en/admin/news/directive/add/?number=35-CT%2FTW"


def citations_cell(html):
    [cell] = [div for div in elements(html, "div", class_="readonly") if "35-CT/TW" in div.text]
    return cell


def links_in(html, text):
    """The links whose text is ``text`` (anywhere on the page)."""
    return [a.attrs["href"] for a in elements(html, "a") if a.text == text]


def is_admin_page(html, language):
    """The admin's layout: its header (site name), breadcrumbs home, the page's language."""
    [root] = elements(html, "html")
    header = " ".join(texts(html, "div", id="site-name"))
    crumbs = elements(html, "div", class_="breadcrumbs")
    home = {"vi": "Trang chủ", "en": "Home"}[language]
    prefix = {"vi": "/admin/", "en": "/en/admin/"}[language]
    return (
        root.attrs.get("lang") == language
        and header != ""
        and len(crumbs) == 1
        and links_in(html, home) == [prefix]
    )


@pytest.fixture
def cites_a_missing_document(writers_article):
    article = writers_article("review", body_vi=MISSING)
    article.refresh_from_db()
    assert article.unresolved_references == [{"reference": "35-CT/TW", "reason": "missing"}]
    return article


@pytest.mark.parametrize("role", ["administrator", "superuser"])
def test_who_may_add_documents_gets_the_link_and_it_opens_the_form(act_as, cites_a_missing_document, role):
    client = act_as(role)
    page = client.get(f"/en/admin/news/article/{cites_a_missing_document.pk}/change/").content.decode()
    cell = citations_cell(page)
    assert "not in the registry yet: add it" in cell.text
    assert links_in(page, "35-CT/TW") == [ADD_URL]
    form = client.get(ADD_URL)
    assert form.status_code == 200
    [number] = elements(form.content, "input", name="number")
    assert number.attrs["value"] == "35-CT/TW"


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_writers_and_editors_read_who_can_add_it_and_get_no_link(act_as, cites_a_missing_document, role):
    page = act_as(role).get(f"/en/admin/news/article/{cites_a_missing_document.pk}/change/").content.decode()
    cell = citations_cell(page)
    assert "35-CT/TW (not in the registry yet: ask someone with the Quản trị role to add it)" in cell.text
    assert not [href for href in (a.attrs.get("href", "") for a in elements(page, "a")) if "directive/add" in href]


@pytest.mark.parametrize("role", ["writer", "editor", "administrator"])
def test_an_ambiguous_number_leads_everyone_to_the_documents_with_it(act_as, writers_article, role):
    Directive.objects.create(number="05-CT/TW", document_type="chi-thi", issued_on=date(2016, 5, 15), term="XII")
    Directive.objects.create(number="05-CT/TW", document_type="chi-thi", issued_on=date(2021, 9, 1), term="XIII")
    article = writers_article("review", body_vi="<p>Thực hiện Chỉ thị số 05-CT/TW.</p>")
    client = act_as(role)
    page = client.get(f"/en/admin/news/article/{article.pk}/change/").content.decode()
    assert "several documents have this number" in page
    [href] = links_in(page, "05-CT/TW")
    assert href == "/en/admin/news/directive/?q=05-CT%2FTW"
    listing = client.get(href)
    assert listing.status_code == 200
    assert len(elements(listing.content, "input", name="_selected_action")) in (0, 2)  # writers have no actions
    assert texts(listing.content, "p", class_="paginator")[0].startswith("2 ")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_refusal_in_the_admin_is_an_admin_page_that_says_why_and_leads_back(act_as, cites_a_missing_document,
                                                                                language):
    prefix = "/admin/" if language == "vi" else "/en/admin/"
    article_page = f"http://testserver{prefix}news/article/{cites_a_missing_document.pk}/change/"
    response = act_as("writer").get(f"{prefix}news/directive/add/", HTTP_REFERER=article_page)
    assert response.status_code == 403
    html = response.content.decode()
    assert is_admin_page(html, language)
    assert "403 Forbidden" not in html
    if language == "en":
        assert texts(html, "h1") == ["You may not do this"]
        assert "Your role does not allow you to add documents." in texts(html, "p", class_="errornote")
        assert "Your role: Phóng viên." in texts(html, "p")
    assert links_in(html, {"vi": "Trang chủ", "en": "Home"}[language]) == [prefix]
    [back] = [a for a in elements(html, "a") if a.attrs.get("href") == article_page]  # the way back
    if language == "en":
        assert back.text == "Back to the page you came from"
    assert elements(html, "form", id="logout-form")  # still signed in, with the header's tools


def test_the_workflows_own_reason_is_shown(act_as, writers_article):
    article = writers_article("review")
    response = act_as("writer").post(f"/en/admin/news/article/{article.pk}/transition/published/")
    assert response.status_code == 403
    html = response.content.decode()
    assert is_admin_page(html, "en")
    reason = "You may not move this article from “Pending review” to “Published”."
    assert texts(html, "p", class_="errornote") == [reason]
    Article.objects.get(pk=article.pk, status="review")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_missing_page_in_the_admin_is_an_admin_page(act_as, language):
    prefix = "/admin/" if language == "vi" else "/en/admin/"
    response = act_as("editor").get(f"{prefix}news/article/999999/preview/")
    assert response.status_code == 404
    html = response.content.decode()
    assert is_admin_page(html, language)
    [title] = texts(html, "h1")
    assert title.startswith({"vi": "Không tìm thấy trang", "en": "Page not found"}[language])
    assert elements(html, "a", href=prefix)
    # An unknown admin address, signed in: the admin's catch-all answers 404 the same way.
    unknown = act_as("editor").get(f"{prefix}khong-co-trang-nay/")
    assert unknown.status_code == 404 and is_admin_page(unknown.content.decode(), language)


def test_an_expired_admin_form_is_an_admin_page_too(people, writers_article):
    article = writers_article("review")
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["editor"])
    response = client.post(f"/en/admin/news/article/{article.pk}/transition/published/")
    assert response.status_code == 403
    html = response.content.decode()
    assert is_admin_page(html, "en")
    assert texts(html, "h1") == ["This form has expired"]
    assert texts(html, "p", class_="errornote")[0].startswith("Nothing was saved")


def test_the_public_404_keeps_the_public_layout(client, db):
    response = client.get("/tin-tuc/khong-co/khong-co/")
    assert response.status_code == 404
    html = response.content.decode()
    assert elements(html, "header", class_="site-header") and not elements(html, "div", id="site-name")


def refuse(request):
    raise PermissionDenied


# The site's own addresses and error handlers, plus a public page that refuses everyone (none does yet).
urlpatterns = [*site_urls.urlpatterns, *i18n_patterns(path("cam/", refuse), prefix_default_language=False)]
handler403, handler404, handler500 = (
    getattr(site_urls, name, getattr(django_urls, name)) for name in ("handler403", "handler404", "handler500")
)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_public_refusal_keeps_the_public_layout(client, db, language):
    response = client.get("/cam/" if language == "vi" else "/en/cam/")
    assert response.status_code == 403
    html = response.content.decode()
    [root] = elements(html, "html")
    assert root.attrs["lang"] == language
    assert elements(html, "header", class_="site-header") and elements(html, "nav", class_="main-menu")
    assert not elements(html, "div", id="site-name")
    if language == "en":
        assert texts(html, "h1") == ["Access denied"]
