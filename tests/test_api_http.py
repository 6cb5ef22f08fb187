"""The open-data API over HTTP: cached copies that an edit drops at once, 304s, throttling per address, CORS for
reading only, no writing, a fixed number of queries whatever the data, and docs that work under our CSP."""
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import (
    Article,
    Directive,
    DocumentRelation,
    Image,
    Organization,
    OrganizationStatistics,
    Section,
    SubjectArea,
    Tag,
)
from tests.pages import elements
from tests.factories import image_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_host")]  # the page cache as one host


def fetch(client, path, status=200, **headers):
    response = client.get(path, **headers)
    assert response.status_code == status, (path, response.status_code, response.content[:300])
    return response


# --- Cached, and an edit shows at once -----------------------------------------------------------------------------


def test_a_repeat_request_is_a_cached_copy_and_a_conditional_one_gets_304(client, demo, django_assert_num_queries):
    for path in ("/api/v1/articles/?lang=en", "/api/v1/articles/1/", "/api/v1/documents/?type=quyet-dinh",
                 "/api/v1/organizations/4/?lang=en", "/api/v1/sections/", "/api/v1/tags/"):
        first = fetch(client, path)
        assert first["X-Page-Cache"] == "miss" and first["ETag"] and first["Last-Modified"]
        with django_assert_num_queries(0):
            again = fetch(client, path)
        assert again["X-Page-Cache"] == "hit" and again.content == first.content
        assert again["Content-Language"] == first["Content-Language"]
        fetch(client, path, 304, HTTP_IF_NONE_MATCH=first["ETag"])
        fetch(client, path, 304, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        fetch(client, path, 200, HTTP_IF_NONE_MATCH='"something-else"')


def test_parameters_an_endpoint_does_not_read_share_its_copy(client, demo):
    fetch(client, "/api/v1/articles/1/?lang=en")
    assert fetch(client, "/api/v1/articles/1/?lang=en&utm_source=feed")["X-Page-Cache"] == "hit"
    assert fetch(client, "/api/v1/articles/1/")["X-Page-Cache"] == "miss"  # another language, another copy


@pytest.fixture
def saved(committed, clock):
    """``saved(change)``: run ``change`` as a request would (its commit hooks at its end), a second after what was
    read before and a second before what is read after (a copy begun in the second of an edit is never fresh)."""

    def run(change):
        clock.shift(1)
        committed(change)
        clock.shift(1)

    return run


def set_fields(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


def test_edits_show_at_once_in_every_record_and_list_that_shows_them(client, demo, saved, clock):
    article = Article.objects.get(pk=1)
    decision = Directive.objects.get(number="47-QĐ/TW")
    committee = Organization.objects.get(slug="dang-bo-khoi-cac-co-quan-trung-uong")
    watched = ["/api/v1/articles/", "/api/v1/articles/1/", f"/api/v1/documents/{decision.pk}/", "/api/v1/documents/",
               "/api/v1/organizations/", f"/api/v1/organizations/{committee.pk}/", "/api/v1/sections/",
               "/api/v1/sections/1/", "/api/v1/tags/"]

    def shown():
        return {path: fetch(client, path).content.decode() for path in watched}

    def after(change, *texts):
        before = shown()
        assert [path for path in watched if fetch(client, path)["X-Page-Cache"] != "hit"] == []
        saved(change)
        now = shown()
        for path, text in texts:
            assert text not in before[path] and text in now[path], (path, text)
        return now

    after(lambda: set_fields(article, title_vi="Tiêu đề mới của bài"),
          ("/api/v1/articles/", "Tiêu đề mới của bài"), ("/api/v1/articles/1/", "Tiêu đề mới của bài"),
          (f"/api/v1/documents/{decision.pk}/", "Tiêu đề mới của bài"))
    after(lambda: set_fields(decision, summary_vi="Trích yếu mới"),
          (f"/api/v1/documents/{decision.pk}/", "Trích yếu mới"), ("/api/v1/documents/", "Trích yếu mới"))
    after(lambda: OrganizationStatistics.objects.create(organization=committee, as_of=date(2024, 12, 31),
                                                        members=80123),
          (f"/api/v1/organizations/{committee.pk}/", "80123"), ("/api/v1/organizations/", "80123"))
    after(lambda: set_fields(committee, name_vi="Đảng ủy Khối mới"),
          ("/api/v1/articles/1/", "Đảng ủy Khối mới"), ("/api/v1/articles/", "Đảng ủy Khối mới"),
          ("/api/v1/organizations/", "Đảng ủy Khối mới"))
    after(lambda: set_fields(Section.objects.get(pk=1), name_vi="Chuyên mục mới"),
          ("/api/v1/sections/", "Chuyên mục mới"), ("/api/v1/sections/1/", "Chuyên mục mới"),
          ("/api/v1/articles/1/", "Chuyên mục mới"))
    tag = None

    def add_tag():
        nonlocal tag
        tag = Tag.objects.create(name_vi="Kỷ niệm thành lập", name_en="Anniversary")
        article.tags.add(tag)

    after(add_tag, ("/api/v1/tags/", "Kỷ niệm thành lập"), ("/api/v1/articles/1/", "Kỷ niệm thành lập"),
          ("/api/v1/articles/", "Kỷ niệm thành lập"))
    after(lambda: set_fields(tag, name_vi="Ngày thành lập"), ("/api/v1/tags/", "Ngày thành lập"),
          ("/api/v1/articles/1/", "Ngày thành lập"))
    after(lambda: set_fields(article.image, alt_vi="Mô tả ảnh mới"), ("/api/v1/articles/1/", "Mô tả ảnh mới"))
    after(lambda: article.attachments.create(title_vi="Tệp đính kèm mới", file="news/attachments/a.pdf", size=9),
          ("/api/v1/articles/1/", "Tệp đính kèm mới"), ("/api/v1/articles/", "Tệp đính kèm mới"))
    other = Directive.objects.exclude(pk=decision.pk).first()
    after(lambda: DocumentRelation.objects.create(source=other, kind="implements", target=decision),
          (f"/api/v1/documents/{decision.pk}/", "implemented-by"))
    saved(lambda: set_fields(article, status=Article.Status.ARCHIVED))
    assert fetch(client, "/api/v1/articles/").json()["results"] == []
    fetch(client, "/api/v1/articles/1/", 404)
    assert fetch(client, f"/api/v1/documents/{decision.pk}/").json()["citing_articles"] == []


def test_a_scheduled_article_appears_when_its_time_comes(client, make_article, clock):
    make_article(title_vi="Tin lên lịch", published_at=timezone.now() + timedelta(minutes=5))
    assert fetch(client, "/api/v1/articles/").json()["count"] == 0
    clock.shift(timedelta(minutes=5))
    assert [item["title"] for item in fetch(client, "/api/v1/articles/").json()["results"]] == ["Tin lên lịch"]


# --- Throttling per address ----------------------------------------------------------------------------------------


def test_too_many_requests_from_one_address_are_refused_for_a_while(client, demo, settings, clock):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    # Stored copies are answered before any view, at no cost: the throttle counts the requests that reach one.
    settings.PAGE_CACHE_ENABLED = False
    for path in ("/api/v1/articles/", "/api/v1/documents/", "/api/v1/tags/"):
        fetch(client, path, REMOTE_ADDR="203.0.113.7")
    refused = fetch(client, "/api/v1/organizations/", 429, REMOTE_ADDR="203.0.113.7")
    assert 0 < int(refused["Retry-After"]) <= 60
    wait = refused["Retry-After"]
    assert refused.json()["detail"] == f"Quá nhiều yêu cầu từ địa chỉ của bạn: hãy thử lại sau {wait} giây."
    fetch(client, "/api/v1/organizations/", 200, REMOTE_ADDR="198.51.100.9")  # another reader is not refused
    clock.shift(61)
    fetch(client, "/api/v1/organizations/", 200, REMOTE_ADDR="203.0.113.7")


def test_the_address_is_the_readers_own_behind_our_proxy(client, demo, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "2/minute"},
                               "NUM_PROXIES": 1}
    settings.PAGE_CACHE_ENABLED = False
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(2):
        fetch(client, "/api/v1/tags/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    fetch(client, "/api/v1/tags/", 429, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    # Another reader behind the same proxy; a forged first address does not make the same reader another.
    fetch(client, "/api/v1/tags/", HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy)
    fetch(client, "/api/v1/tags/", 429, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", **proxy)


# --- CORS: any site may read, none may write -----------------------------------------------------------------------


def test_other_sites_scripts_may_read_even_a_copy_stored_for_a_request_without_origin(client, demo):
    fetch(client, "/api/v1/articles/1/")  # stored from a request that named no origin
    hit = fetch(client, "/api/v1/articles/1/", HTTP_ORIGIN="https://data.example.org")
    assert hit["X-Page-Cache"] == "hit" and hit["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in hit


def test_no_method_but_reading_is_allowed(client, demo):
    preflight = client.options("/api/v1/articles/", HTTP_ORIGIN="https://data.example.org",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    allowed = {method.strip() for method in preflight["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}  # the browser refuses the POST after this answer
    for method in ("post", "put", "patch", "delete"):
        for path in ("/api/v1/articles/", "/api/v1/articles/1/", "/api/v1/organizations/4/"):
            response = getattr(client, method)(path, {"title": "x"}, content_type="application/json")
            assert response.status_code == 405, (method, path)
            assert "POST" not in response["Allow"]
    assert Article.objects.get(pk=1).title_vi != "x"
    head = client.head("/api/v1/articles/1/", HTTP_ORIGIN="https://data.example.org")
    assert head.status_code == 200 and head["Access-Control-Allow-Origin"] == "*" and not head.content


def test_an_unknown_address_under_the_api_is_a_json_404(client, db):
    assert fetch(client, "/api/v2/articles/", 404).json()["detail"]
    assert fetch(client, "/api/v1/articles/-1/", 404).json()["detail"]
    assert fetch(client, "/api/v1/articles", 301)["Location"] == "/api/v1/articles/"


# --- A fixed number of queries whatever the data -------------------------------------------------------------------


def build(count):
    """``count`` of each kind, all linked to one another; the first article and organization, and a law, link to
    all the others (their records grow with ``count`` too)."""
    section = Section.objects.create(name_vi="Thời sự", name_en="Current affairs")
    area = SubjectArea.objects.create(name_vi="Đầu tư", name_en="Investment")
    image = Image.objects.create(file=image_upload(), alt_vi="Ảnh", alt_en="Picture")
    # The document every other one amends in part.
    hub = {"directive": Directive.objects.create(number="1/2020/QH14", document_type="luat", issued_on=date(2020, 1, 1),
                                                 effective_on=date(2020, 7, 1))}
    start = timezone.now() - timedelta(days=count + 1)
    for number in range(count):
        tag = Tag.objects.create(name_vi=f"Nhãn {number}", name_en=f"Tag {number}")
        organization = Organization.objects.create(name_vi=f"Đảng bộ {number}", name_en=f"Committee {number}",
                                                   parent=hub.get("organization"))
        OrganizationStatistics.objects.create(organization=organization, as_of=date(2020, 12, 31), members=number)
        directive = Directive.objects.create(number=f"{number}-CT/TW", document_type="chi-thi",
                                             issued_on=date(2021, 1, 1), issuing_body=organization)
        directive.subject_areas.add(area)
        article = Article.objects.create(
            title_vi=f"Tin số {number}", title_en=f"News {number}", section=section, image=image,
            body_vi=f"<p>Thực hiện Chỉ thị số {number}-CT/TW ngày 01/01/2021.</p>", body_en="<p>Body.</p>",
            status=Article.Status.PUBLISHED, published_at=start + timedelta(days=number),
        )
        article.attachments.create(title_vi=f"Tệp {number}", file="news/attachments/x.pdf", size=10)
        hub.setdefault("organization", organization)
        hub.setdefault("directive", directive)
        hub.setdefault("article", article)
        for linked in {article, hub["article"]}:
            linked.tags.add(tag)
            linked.organizations.add(organization)
            linked.directives.add(directive, hub["directive"])
        DocumentRelation.objects.create(source=directive, kind="amends", target=hub["directive"], parts="Điều 2")
    return hub


def endpoints(hub):
    return [
        f"/api/v1/{resource}/?page_size=100{language}" for resource in ("articles", "documents", "organizations",
                                                                        "sections", "tags")
        for language in ("", "&lang=en")
    ] + [
        f"/api/v1/articles/{hub['article'].pk}/", f"/api/v1/articles/{hub['article'].pk}/?lang=en",
        f"/api/v1/documents/{hub['directive'].pk}/", f"/api/v1/documents/{hub['directive'].pk}/?lang=en",
        f"/api/v1/organizations/{hub['organization'].pk}/",
        f"/api/v1/sections/{Section.objects.get().pk}/", f"/api/v1/tags/{Tag.objects.first().pk}/",
        f"/api/v1/documents/?type=chi-thi&area={SubjectArea.objects.get().slug}",
        f"/api/v1/articles/?document={hub['directive'].pk}",
    ]


def query_counts(client, hub):
    """{(endpoint's place in the list, path): queries}: the paths differ by the ids of each build."""
    counts = {}
    for number, path in enumerate(endpoints(hub)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[number] = (path, len(queries))
    return counts


def test_query_counts_do_not_grow_with_the_data(client, clock):
    # On the test's clock, as tests/test_query_counts.py says: the memo of the next go-live is then always fresh.
    small = query_counts(client, build(1))
    for model in (Article, DocumentRelation, Directive, OrganizationStatistics, Tag, Section, SubjectArea, Image):
        model.objects.all().delete()
    Organization.objects.exclude(parent=None).delete()
    Organization.objects.all().delete()
    large = query_counts(client, build(30))
    assert [count for _path, count in large.values()] == [count for _path, count in small.values()], (small, large)
    assert max(count for _path, count in small.values()) <= 16, small


# --- Schema and docs -----------------------------------------------------------------------------------------------


def test_the_schema_describes_every_resource_and_the_language(client, db):
    schema = fetch(client, "/api/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    for resource in ("articles", "documents", "organizations", "sections", "tags"):
        for path in (f"/api/v1/{resource}/", f"/api/v1/{resource}/{{id}}/"):
            parameters = {parameter["name"]: parameter for parameter in schema["paths"][path]["get"]["parameters"]}
            assert parameters["lang"]["schema"]["enum"] == ["en", "vi"]
            assert parameters["lang"]["schema"]["default"] == "vi"
    documents = {parameter["name"] for parameter in schema["paths"]["/api/v1/documents/"]["get"]["parameters"]}
    assert {"q", "type", "body", "year", "term", "validity", "area", "relation", "of"} <= documents
    assert not [path for path in schema["paths"] if "export" in path or "docs" in path]


def test_the_docs_page_runs_only_this_sites_scripts_and_styles(client, db):
    page = fetch(client, "/api/docs/")
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    html = page.content.decode()
    assert elements(html, "html")[0].attrs["lang"] == "vi"  # the schema's descriptions, as the API's default
    assert elements(fetch(client, "/api/docs/?lang=en").content.decode(), "html")[0].attrs["lang"] == "en"
    scripts = elements(html, "script")
    assert scripts and all(script.attrs.get("src", "").startswith("/") for script in scripts)  # no inline, no CDN
    assert "<style" not in html and " style=" not in html
    for source in [script.attrs["src"] for script in scripts] + [
            sheet.attrs["href"] for sheet in elements(html, "link", rel="stylesheet")]:
        if source.startswith(settings.STATIC_URL):  # Swagger UI from the sidecar package, our stylesheet
            assert finders.find(source.removeprefix(settings.STATIC_URL).split("?")[0]), source
            continue
        # The split view's start-up script, at its own address: JavaScript that points Swagger UI at the schema.
        # (Our stylesheet's icons replace Swagger UI's data: URLs, which img-src 'self' refuses.)
        served = fetch(client, source)
        assert "javascript" in served["Content-Type"] and "/api/schema/" in served.content.decode()
    ours = Path(finders.find("api/docs.css"))
    icons = re.findall(r'url\("([^"]+)"\)', ours.read_text())
    assert icons and all((ours.parent / icon).is_file() for icon in icons)


def test_the_schema_comes_in_the_format_asked_for_whichever_was_asked_first(client, db):
    assert fetch(client, "/api/schema/")["Content-Type"].startswith("application/vnd.oai.openapi")
    assert fetch(client, "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["openapi"]


def test_pages_of_a_list_and_their_sizes(client, demo):
    first = fetch(client, "/api/v1/organizations/?page_size=5").json()
    assert len(first["results"]) == 5 and first["next"].endswith("/api/v1/organizations/?page=2&page_size=5")
    assert len(fetch(client, "/api/v1/organizations/?page_size=100").json()["results"]) == first["count"]
    # A size out of bounds is refused rather than quietly changed: a client would take 100 items for all of them.
    for size in ("101", "0", "ten"):
        assert "page_size" in fetch(client, f"/api/v1/organizations/?page_size={size}", 400).json()
    assert fetch(client, "/api/v1/organizations/?page=99", 404).json()["detail"]
