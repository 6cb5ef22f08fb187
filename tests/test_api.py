"""The open-data API: what a client reads of the demo in each language, and that nothing but the public is in it."""
import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from consultation.models import Comment, Draft
from news.models import (
    Article,
    ArticleTransition,
    Directive,
    DocumentRelation,
    Organization,
    PendingChange,
    Section,
    Tag,
)

pytestmark = pytest.mark.django_db

ANNIVERSARY_VI = "Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối các cơ quan Trung ương"
ANNIVERSARY_EN = "17th Anniversary of the Founding of the Party Committee of Central Agencies"
COMMITTEE = "dang-bo-khoi-cac-co-quan-trung-uong"  # Đảng bộ Khối các cơ quan Trung ương, the demo's organization 4


def read(client, path, status=200, **params):
    response = client.get(path, params)
    assert response.status_code == status, (path, params, response.status_code, response.content[:300])
    return response.json()


def everything(client, language):
    """Every list and record the API serves in ``language``, as text: what a crawler of the API would collect."""
    collected = []
    for resource in ("articles", "documents", "organizations", "sections", "tags"):
        listed = read(client, f"/api/v1/{resource}/", lang=language, page_size=100)
        collected.append(listed)
        for item in listed["results"]:
            collected.append(read(client, f"/api/v1/{resource}/{item['id']}/", lang=language))
    return json.dumps(collected, ensure_ascii=False)


# --- The demo, as the "done when" says ---------------------------------------------------------------------


def test_the_anniversary_article_in_vietnamese_and_in_english(client, demo):
    vi = read(client, "/api/v1/articles/1/")
    assert vi["language"] == "vi" and vi["title"] == ANNIVERSARY_VI
    assert vi["lead"].startswith("Ngày 11/4/2007, Bộ Chính trị ban hành Quyết định số 47-QĐ/TW")
    # The lead and body as its page shows them: the documents they cite are links to those documents' pages.
    assert 'href="/van-ban/quyet-dinh-47-qd-tw-2007-04-11/"' in vi["lead_html"]
    assert 'href="/van-ban/nghi-quyet-12-nq-tw-2012-01-16/"' in vi["body"]
    assert vi["url"].endswith("/tin-tuc/hoat-dong-dang-doan-the/ky-niem-17-nam-ngay-thanh-lap-dang-bo-khoi-cac-co-quan"
                              "-trung-uong/")
    assert vi["section"]["name"] == "Hoạt động Đảng, đoàn thể"
    assert vi["image"]["alt"] and vi["image"]["url"].startswith("http://testserver/media/")
    assert client.get(vi["image"]["url"].removeprefix("http://testserver")).status_code in (200, 404)

    en = read(client, "/api/v1/articles/1/", lang="en")
    assert en["language"] == "en" and en["title"] == ANNIVERSARY_EN
    assert en["lead"].startswith("On 11 April 2007, the Politburo issued Decision No. 47-QĐ/TW")
    assert 'href="/en/documents/quyet-dinh-47-qd-tw-2007-04-11/"' in en["lead_html"]
    assert 'href="/en/documents/nghi-quyet-12-nq-tw-2012-01-16/"' in en["body"]
    assert en["url"].endswith("/en/news/party-and-mass-organization-activities/17th-anniversary-of-the-founding-of-"
                              "the-party-committee-of-central-agencies/")
    assert en["section"]["name"] == "Party and Mass Organization Activities"
    assert en["section"]["api_url"] == "http://testserver/api/v1/sections/1/?lang=en"
    assert {org["name"] for org in en["organizations"]} >= {"Party Committee of Central Agencies", "Politburo"}

    # Its page in each language is the one the API names.
    for record in (vi, en):
        page = client.get(record["url"].removeprefix("http://testserver"))
        assert page.status_code == 200 and record["title"] in page.content.decode()


def test_the_anniversary_articles_documents_in_both_languages(client, demo):
    article = read(client, "/api/v1/articles/1/")
    cited = {document["citation"]: document for document in article["documents"]}
    assert "Quyết định 47-QĐ/TW" in cited and len(cited) == 7  # the seven documents the article names
    decision = read(client, cited["Quyết định 47-QĐ/TW"]["api_url"].removeprefix("http://testserver"))
    assert decision["document_type_label"] == "Quyết định"
    assert decision["issuing_body"]["name"] == "Bộ Chính trị"
    assert decision["validity"] == "unknown" and decision["validity_label"] == "Chưa cập nhật"
    assert [citing["title"] for citing in decision["citing_articles"]] == [ANNIVERSARY_VI]

    english = read(client, f"/api/v1/documents/{decision['id']}/", lang="en")
    assert english["citation"] == "Decision 47-QĐ/TW" and english["document_type_label"] == "Decision"
    assert english["summary"] == "Establishing the Party Committee of Central Agencies"
    assert english["validity_label"] == "Not recorded"
    assert english["issuing_body"]["name"] == "Politburo"
    assert [citing["title"] for citing in english["citing_articles"]] == [ANNIVERSARY_EN]
    # The articles citing it, all of them, are the article list filtered by the document.
    listed = read(client, english["citing_articles_url"].removeprefix("http://testserver"))
    assert [item["title"] for item in listed["results"]] == [ANNIVERSARY_EN]


def test_the_committees_figures_in_both_languages(client, demo):
    committee = Organization.objects.get(slug=COMMITTEE)
    for language, name, kind in (("vi", "Đảng bộ Khối các cơ quan Trung ương", "Đảng bộ"),
                                 ("en", "Party Committee of Central Agencies", "Party committee")):
        record = read(client, f"/api/v1/organizations/{committee.pk}/", lang=language)
        assert record["language"] == language and record["name"] == name and record["kind_label"] == kind
        assert record["statistics"] == [{
            "as_of": "2023-12-31", "members": 78432, "subordinate_committees": 61, "cells_total": 5529,
            "grassroots_cells": 474, "subordinate_cells": 5055,
        }]
        assert record["established_by"]["number"] == "47-QĐ/TW"
        listed = read(client, "/api/v1/organizations/", lang=language, page_size=100)
        assert next(item for item in listed["results"] if item["id"] == committee.pk)["statistics"] == \
            record["statistics"]


def test_every_figure_of_an_organization_is_listed_newest_first(client, demo):
    committee = Organization.objects.get(slug=COMMITTEE)
    committee.statistics.create(as_of=date(2022, 12, 31), members=77000)
    committee.statistics.create(as_of=date(2024, 12, 31), members=79000)
    record = read(client, f"/api/v1/organizations/{committee.pk}/")
    assert [(row["as_of"], row["members"]) for row in record["statistics"]] == [
        ("2024-12-31", 79000), ("2023-12-31", 78432), ("2022-12-31", 77000)]


# --- Languages -----------------------------------------------------------------------------------------------------


def test_every_response_says_its_language(client, demo):
    for path in ("/api/v1/articles/", "/api/v1/articles/1/", "/api/v1/documents/", "/api/v1/organizations/4/",
                 "/api/v1/sections/", "/api/v1/tags/"):
        for language in ("vi", "en"):
            response = client.get(path, {"lang": language})
            assert response["Content-Language"] == language
            assert response.json()["language"] == language
        assert client.get(path)["Content-Language"] == "vi"  # Vietnamese unless asked otherwise


def test_an_unknown_language_is_refused_with_the_ones_there_are(client, demo):
    refused = read(client, "/api/v1/articles/", status=400, lang="fr")
    assert "vi, en" in refused["lang"][0]
    read(client, "/api/v1/articles/1/", status=400, lang="")


def test_an_article_not_written_in_english_is_only_in_vietnamese(client, make_article):
    article = make_article(title_vi="Chỉ có tiếng Việt")
    assert [item["id"] for item in read(client, "/api/v1/articles/")["results"]] == [article.pk]
    assert read(client, "/api/v1/articles/", lang="en")["results"] == []
    read(client, f"/api/v1/articles/{article.pk}/", status=404, lang="en")
    article.title_en, article.body_en = "Also in English", "<p>Body.</p>"
    article.save()
    assert read(client, f"/api/v1/articles/{article.pk}/", lang="en")["title"] == "Also in English"
    # An English article's lead is its own: none written, none given (never the Vietnamese one).
    assert read(client, f"/api/v1/articles/{article.pk}/", lang="en")["lead"] == ""


def test_choices_are_labelled_in_the_language_of_the_response(client, db):
    Directive.objects.create(number="15/2023/NĐ-CP", document_type="nghi-dinh", issued_on=date(2023, 4, 1),
                             effective_on=date(2023, 6, 1))
    organization = Organization.objects.create(name_vi="Bộ Tư pháp", kind="ministry")
    vi = read(client, "/api/v1/documents/")["results"][0]
    en = read(client, "/api/v1/documents/", lang="en")["results"][0]
    assert (vi["document_type"], vi["document_type_label"], vi["validity"], vi["validity_label"]) == (
        "nghi-dinh", "Nghị định", "in_force", "Còn hiệu lực")
    assert (en["document_type"], en["document_type_label"], en["validity_label"]) == (
        "nghi-dinh", "Decree", "In force")
    assert read(client, f"/api/v1/organizations/{organization.pk}/")["kind_label"] == "Bộ, cơ quan ngang bộ"
    assert read(client, f"/api/v1/organizations/{organization.pk}/", lang="en")["kind_label"] == \
        "Ministry or ministerial agency"


# --- Documents: relations, validity, filters -----------------------------------------------------------------------


def test_a_documents_relations_read_from_each_side(client, db):
    old = Directive.objects.create(number="10/2015/NĐ-CP", document_type="nghi-dinh", issued_on=date(2015, 1, 1),
                                   effective_on=date(2015, 3, 1))
    new = Directive.objects.create(number="20/2020/NĐ-CP", document_type="nghi-dinh", issued_on=date(2020, 1, 1),
                                   effective_on=date(2020, 3, 1))
    DocumentRelation.objects.create(source=new, kind="replaces", target=old)
    DocumentRelation.objects.create(source=new, kind="based_on", target_number="5/2010/QH12",
                                    target_issued_on=date(2010, 6, 1), target_type="luat")

    replaced = read(client, f"/api/v1/documents/{old.pk}/")
    assert replaced["validity"] == "expired" and replaced["validity_ended_on"] == "2020-03-01"
    assert replaced["validity_ended_by"]["id"] == new.pk
    [group] = replaced["relations"]
    assert (group["relation"], group["label"], group["count"]) == ("replaced-by", "Bị thay thế bởi", 1)
    assert group["documents"][0]["document"]["id"] == new.pk
    # "All of them" is the documents list filtered as the page's link is, by the same FilterSet.
    listed = read(client, group["all_url"].removeprefix("http://testserver"))
    assert [item["id"] for item in listed["results"]] == [new.pk]

    replacing = read(client, f"/api/v1/documents/{new.pk}/", lang="en")
    groups = {group["relation"]: group for group in replacing["relations"]}
    assert groups["replaces"]["label"] == "Replaces" and groups["replaces"]["documents"][0]["document"]["id"] == old.pk
    # A document the registry does not have yet: named by its number and date, no record to link to.
    [placeholder] = groups["based-on"]["documents"]
    assert placeholder["document"] is None
    assert (placeholder["citation"], placeholder["issued_on"]) == ("Law 5/2010/QH12", "2010-06-01")


def test_the_documents_list_takes_the_registry_pages_filters(client, demo):
    decisions = read(client, "/api/v1/documents/", type="quyet-dinh")
    assert {item["document_type"] for item in decisions["results"]} == {"quyet-dinh"}
    page = client.get("/van-ban/", {"type": "quyet-dinh"}).content.decode()
    for item in decisions["results"]:
        assert item["url"].removeprefix("http://testserver") in page
    assert read(client, "/api/v1/documents/", term="XIII")["count"] == Directive.objects.filter(term="XIII").count()
    # A value the filter does not understand: a 400 naming it, never an empty list that looks like an answer.
    assert "type" in read(client, "/api/v1/documents/", status=400, type="no-such-type")


def test_articles_are_filtered_by_section_tag_document_and_day(client, make_article, section):
    other = Section.objects.create(name_vi="Kinh tế", name_en="Economy")
    tag = Tag.objects.create(name_vi="Đầu tư", name_en="Investment")
    decree = Directive.objects.create(number="1/2024/NĐ-CP", document_type="nghi-dinh", issued_on=date(2024, 1, 1))
    first = make_article(title_vi="Tin một", published_at=timezone.make_aware(timezone.datetime(2025, 1, 6, 23, 30)))
    second = make_article(title_vi="Tin hai", section=other,
                          published_at=timezone.make_aware(timezone.datetime(2025, 1, 7, 0, 30)))
    second.tags.add(tag)
    first.directives.add(decree)

    def ids(**params):
        return [item["id"] for item in read(client, "/api/v1/articles/", **params)["results"]]

    assert ids() == [second.pk, first.pk]
    assert ids(section=other.pk) == [second.pk]
    assert ids(tag=tag.pk) == [second.pk]
    assert ids(document=decree.pk) == [first.pk]
    # Days are Vietnam's: 23:30 on the 6th and 00:30 on the 7th, Hanoi time, fall on either side.
    assert ids(published_from="2025-01-07") == [second.pk]
    assert ids(published_to="2025-01-06") == [first.pk]
    assert ids(published_from="0001-01-01", published_to="9999-12-31") == [second.pk, first.pk]
    assert "published_from" in read(client, "/api/v1/articles/", status=400, published_from="06/01/2025")
    assert "section" in read(client, "/api/v1/articles/", status=400, section="0")


# --- Nothing that is not public ------------------------------------------------------------------------------------


@pytest.fixture
def hidden(make_article, make_staff, section):
    """Everything the public must not see, beside one published article: articles in every other state, staff
    names and notes, waiting changes, references not in the registry, a draft for comment and its comment."""
    now = timezone.now()
    author = make_staff("writer", "nguoi-viet-bi-mat")
    live = make_article(title_vi="Tin công khai", title_en="Public news", body_en="<p>Public.</p>", author=author,
                        published_at=now - timedelta(days=1))
    live.unresolved_references = ["99-QĐ/BIMAT"]
    live.save()
    PendingChange.objects.create(article=live, values={"title_vi": "Tiêu đề đang chờ duyệt BÍ MẬT"},
                                 note="Ghi chú BÍ MẬT")
    ArticleTransition.objects.create(article=live, from_status="review", to_status="published", by=author,
                                     note="Ghi chú duyệt BÍ MẬT")
    others = [
        make_article(title_vi="Bản nháp BÍ MẬT", status=Article.Status.DRAFT, published_at=None),
        make_article(title_vi="Chờ duyệt BÍ MẬT", status=Article.Status.REVIEW, published_at=None),
        make_article(title_vi="Lên lịch BÍ MẬT", published_at=now + timedelta(days=1)),
        make_article(title_vi="Hết hạn BÍ MẬT", published_at=now - timedelta(days=3), unpublish_at=now - timedelta(1)),
        make_article(title_vi="Đã gỡ BÍ MẬT", status=Article.Status.ARCHIVED),
    ]
    for article in others:
        article.attachments.create(title_vi="Tệp BÍ MẬT", file="news/attachments/secret.pdf", size=10)
    decree = Directive.objects.create(number="7/2025/NĐ-CP", document_type="nghi-dinh", issued_on=date(2025, 1, 1))
    for article in [live, *others]:
        article.directives.add(decree)
    # The public article's body links to a draft: its text stays, the link goes.
    live.body_vi = f'<p>Xem <a href="/tin-tuc/x/ban-nhap/" data-link="article:{others[0].pk}">bài sắp tới</a>.</p>'
    live.save()
    draft = Draft.objects.create(
        title_vi="Dự thảo BÍ MẬT", summary_vi="Tóm tắt BÍ MẬT", document_type="nghi-dinh", opens_at=now,
        closes_at=now + timedelta(days=30), contact_email="lienhe-bimat@example.org", directive=decree,
    )
    Comment.objects.create(draft=draft, name="Người góp ý BÍ MẬT", email="gopy-bimat@example.org", phone="0900000000",
                           body="Góp ý BÍ MẬT", consent_at=now)
    return live, others, decree


def test_nothing_but_the_public_is_anywhere_in_the_api(client, hidden):
    live, others, decree = hidden
    for language in ("vi", "en"):
        text = everything(client, language)
        for secret in ("BÍ MẬT", "BIMAT", "bimat", "nguoi-viet-bi-mat", "0900000000"):
            assert secret not in text, (language, secret)
        for field in ('"author"', '"status"', '"unresolved_references"', '"version"', '"updated_by"',
                      '"vi_edition"', '"en_made_from"', '"pending_change"', '"transitions"', '"validity_override"'):
            assert field not in text, (language, field)
    assert "Tin công khai" in everything(client, "vi")
    record = read(client, f"/api/v1/articles/{live.pk}/")
    assert "bài sắp tới" in record["body"] and "data-link" not in record["body"]
    for article in others:
        read(client, f"/api/v1/articles/{article.pk}/", status=404)
    cited_by = read(client, f"/api/v1/documents/{decree.pk}/")["citing_articles"]
    assert [article["id"] for article in cited_by] == [live.pk]
    assert [item["id"] for item in read(client, "/api/v1/articles/", document=decree.pk)["results"]] == [live.pk]


def test_an_article_taken_down_leaves_the_api_at_once(client, hidden, clock):
    live, _others, decree = hidden
    read(client, f"/api/v1/articles/{live.pk}/")
    live.unpublish_at = timezone.now() + timedelta(hours=1)
    live.save()
    clock.shift(timedelta(hours=1))  # its time to come down: no edit, no cron job
    read(client, f"/api/v1/articles/{live.pk}/", status=404)
    assert read(client, "/api/v1/articles/")["results"] == []
    assert read(client, f"/api/v1/documents/{decree.pk}/")["citing_articles"] == []
