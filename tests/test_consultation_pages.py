"""Drafts for comment as a reader finds them: the lists, a draft's page and its files, the report, the links between a
draft and the document it became, the menu, the site map and the sitemap, and the demo's drafts."""
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from consultation.models import Comment, Draft, DraftFile
from news.models import Directive, Organization
from tests.factories import HANOI
from tests.pages import elements, texts

pytestmark = pytest.mark.django_db

PUBLISHED = Draft.Status.PUBLISHED
# A small real PDF: what validate_attachment_file recognises by content.
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def unit(db):
    return Organization.objects.create(name_vi="Vụ Pháp chế", name_en="Legal Department")


@pytest.fixture
def draft(make_consultation_draft, unit):
    """A public draft in both languages, open for comment until 17:00 in ten days' time (Hanoi)."""
    closes = datetime.combine(timezone.localdate() + timedelta(days=10), datetime.min.time().replace(hour=17))
    return make_consultation_draft(
        status=PUBLISHED, title_vi="Dự thảo Thông tư về đấu thầu qua mạng", title_en="Draft Circular on e-procurement",
        summary_vi="Đoạn đầu của tóm tắt.\n\nĐoạn thứ hai <b>không phải HTML</b>.",
        summary_en="First paragraph.\n\nSecond paragraph.", drafting_unit=unit,
        closes_at=timezone.make_aware(closes, HANOI), contact_name="Phòng Pháp chế",
        contact_email="gop-y@example.gov.vn", contact_phone="024 3845 0000",
    )


def url_of(draft, language="vi"):
    with translation.override(language):
        return draft.get_absolute_url()


def add_file(draft, kind, name, content=PDF, **fields):
    return DraftFile.objects.create(draft=draft, kind=kind, file=SimpleUploadedFile(name, content), **fields)


@pytest.fixture
def page(client):
    def get(path, status=200):
        response = client.get(path)
        assert response.status_code == status, path
        return response.content.decode()

    return get


def local(moment):
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


# --- The list ---------------------------------------------------------------------------------------------------

def test_the_list_shows_open_drafts_first_with_days_left_then_upcoming_then_closed(page, draft, make_consultation_draft):
    now = timezone.now()
    sooner = make_consultation_draft(status=PUBLISHED, title_vi="Dự thảo sắp hết hạn", closes_at=now + timedelta(days=2, hours=1))
    upcoming = make_consultation_draft(
        status=PUBLISHED, title_vi="Dự thảo sắp lấy ý kiến", opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=40)
    )
    make_consultation_draft(
        status=PUBLISHED, title_vi="Dự thảo đã lấy ý kiến", opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30)
    )
    make_consultation_draft(title_vi="Dự thảo chưa duyệt")  # in draft state
    make_consultation_draft(status=Draft.Status.REVIEW, title_vi="Dự thảo chờ duyệt")
    make_consultation_draft(status=PUBLISHED, title_vi="Dự thảo hẹn giờ", published_at=now + timedelta(hours=2))

    html = page("/du-thao/")
    assert texts(html, "h1") == ["Dự thảo lấy ý kiến"]
    assert texts(html, "h2") == ["Đang lấy ý kiến", "Sắp lấy ý kiến", "Đã hết thời gian lấy ý kiến"]
    assert texts(html, "h3") == [
        "Dự thảo sắp hết hạn", "Dự thảo Thông tư về đấu thầu qua mạng", "Dự thảo sắp lấy ý kiến", "Dự thảo đã lấy ý kiến",
    ]
    when = texts(html, "p", class_="draft-when")
    assert when[0].startswith("Còn 3 ngày") and when[1].startswith("Còn 11 ngày")
    assert f"Hạn góp ý {local(draft.closes_at)}" in " ".join(when[1].split())
    assert " ".join(when[2].split()) == f"Chưa mở Bắt đầu lấy ý kiến {local(upcoming.opens_at)}"
    assert when[3].startswith("Đã kết thúc")
    assert texts(html, "p", class_="draft-item-meta")[1] == "Thông tư · Vụ Pháp chế"
    assert elements(html, "a", href=url_of(draft))


def test_the_english_list_shows_drafts_written_in_english(page, draft, make_consultation_draft):
    make_consultation_draft(status=PUBLISHED, title_vi="Chỉ có tiếng Việt")
    html = page("/en/drafts/")
    assert texts(html, "h3") == ["Draft Circular on e-procurement"]
    assert texts(html, "p", class_="draft-when")[0].startswith("11 days left")
    assert elements(html, "a", href="/en/drafts/" + draft.slug + "/")


def test_on_its_last_day_a_draft_says_it_closes_today_at_its_time(page, draft, clock):
    clock.travel(timezone.localtime(draft.closes_at).replace(hour=8, minute=30))
    assert texts(page("/du-thao/"), "strong", class_="draft-badge")[0] == "Hết hạn góp ý hôm nay lúc 17:00"
    assert texts(page("/en/drafts/"), "strong", class_="draft-badge")[0] == "Closes today at 17:00"
    # The evening before, it is one day left.
    clock.travel(timezone.localtime(draft.closes_at) + timedelta(days=1))
    assert texts(page("/du-thao/"), "h2") == ["Đang lấy ý kiến", "Đã hết thời gian lấy ý kiến"]
    assert "Hiện không có dự thảo nào đang lấy ý kiến." in texts(page("/du-thao/"), "p")


def test_closed_drafts_are_paginated_newest_first_and_later_pages_show_only_them(page, draft, make_consultation_draft):
    now = timezone.now()
    for number in range(21):
        make_consultation_draft(
            status=PUBLISHED, title_vi=f"Dự thảo cũ số {number}", opens_at=now - timedelta(days=100 + number),
            closes_at=now - timedelta(days=50 + number),
        )
    first = page("/du-thao/")
    titles = texts(first, "h3")
    assert titles[0] == draft.title_vi and titles[1] == "Dự thảo cũ số 0" and len(titles) == 21
    second = page("/du-thao/?page=2")
    assert texts(second, "h3") == ["Dự thảo cũ số 20"]
    assert texts(second, "h2") == ["Đã hết thời gian lấy ý kiến"]
    assert elements(second, "a", rel="prev")


# --- One draft ---------------------------------------------------------------------------------------------------

def test_a_drafts_page_says_what_a_reader_needs_to_comment(page, draft, unit, make_consultation_comment):
    add_file(draft, DraftFile.Kind.SUBMISSION, "to-trinh.pdf", title_vi="Tờ trình số 12")
    add_file(draft, DraftFile.Kind.DRAFT_TEXT, "du-thao.pdf", PDF * 100)
    add_file(draft, DraftFile.Kind.IMPACT, "danh-gia.pdf")
    make_consultation_comment(draft, name="Trần Thị Bình", email="binh@example.vn")
    make_consultation_comment(draft, moderation=Comment.Moderation.APPROVED, disposition=Comment.Disposition.ACCEPTED)
    make_consultation_comment(draft, moderation=Comment.Moderation.REJECTED, body="Quảng cáo")

    html = page(url_of(draft))
    assert texts(html, "h1") == ["Dự thảo Thông tư về đấu thầu qua mạng"]
    period = " ".join(texts(html, "div", class_="draft-period")[0].split())
    assert period.startswith(f"Đang lấy ý kiến: Còn 11 ngày (đến {local(draft.closes_at)})")
    [comment] = elements(html, "a", class_="button-link")
    assert comment.text == "Gửi góp ý" and comment.attrs["href"] == reverse("consultation:comment", args=[draft.slug])
    cells = dict(zip(texts(html, "th", scope="row"), texts(html, "td")))
    assert cells["Loại văn bản"] == "Thông tư" and cells["Đơn vị chủ trì soạn thảo"] == "Vụ Pháp chế"
    assert cells["Bắt đầu lấy ý kiến"] == local(draft.opens_at) and cells["Hạn góp ý"] == local(draft.closes_at)
    assert elements(html, "a", href=unit.get_absolute_url())
    # The summary is plain text: its paragraphs kept, anything like markup shown as typed.
    assert texts(html, "p")[texts(html, "p").index("Đoạn đầu của tóm tắt."):][:2] == [
        "Đoạn đầu của tóm tắt.", "Đoạn thứ hai <b>không phải HTML</b>.",
    ]
    # The files, grouped by kind in the dossier's order, with their type and size.
    assert texts(html, "h3") == ["Dự thảo văn bản", "Tờ trình", "Báo cáo đánh giá tác động"]
    links = [" ".join(item.split()) for item in texts(html, "ul", class_="file-list")]
    assert links == ["Dự thảo văn bản (PDF, 4,7 KB)", "Tờ trình số 12 (PDF, 48 byte)", "Báo cáo đánh giá tác động (PDF, 48 byte)"]
    # How many comments arrived and were handled (spam not counted), never who sent them.
    assert " ".join(texts(html, "p", class_="draft-counts")[0].split()) == "Đã nhận 2 ý kiến, đã xử lý 1 ý kiến."
    assert "Trần Thị Bình" not in html and "binh@example.vn" not in html and "Quảng cáo" not in html
    contact = " ".join(texts(html, "p", class_="draft-contact")[0].split())
    assert contact == "Phòng Pháp chế Thư điện tử: gop-y@example.gov.vn Điện thoại: 024 3845 0000"
    assert elements(html, "a", href="tel:02438450000")


def test_the_headings_follow_each_other_in_order(page, draft):
    add_file(draft, DraftFile.Kind.DRAFT_TEXT, "du-thao.pdf")
    for html in (page(url_of(draft)), page("/du-thao/"), page(url_of(draft, "en"))):
        levels = [int(element.tag[1]) for element in elements(html) if element.tag in {"h1", "h2", "h3", "h4"}]
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:])), levels


def test_an_upcoming_draft_says_when_it_opens_and_offers_no_form(page, make_consultation_draft):
    opens = timezone.now() + timedelta(days=2)
    upcoming = make_consultation_draft(status=PUBLISHED, opens_at=opens, closes_at=opens + timedelta(days=30))
    html = page(url_of(upcoming))
    period = " ".join(texts(html, "div", class_="draft-period")[0].split())
    assert period == f"Chưa đến thời gian lấy ý kiến: bắt đầu nhận góp ý lúc {local(opens)}"
    assert not elements(html, "a", class_="button-link") and "Ý kiến góp ý" not in texts(html, "h2")


def test_a_closed_draft_shows_the_report_only_once_staff_publish_it(page, client, draft, clock):
    draft.report_vi = '<p>Tiếp thu <strong>3</strong> ý kiến.</p><script>alert(1)</script>'
    draft.report_file = ContentFile(PDF, name="bao-cao.pdf")
    draft.save()
    report = reverse("consultation:draft_report_file", args=[draft.slug])
    clock.travel(draft.closes_at)
    html = page(url_of(draft))
    assert " ".join(texts(html, "div", class_="draft-period")[0].split()).startswith("Đã hết thời gian lấy ý kiến")
    assert not elements(html, "a", class_="button-link")
    assert "Tiếp thu" not in html and client.get(report).status_code == 404  # not published by staff

    draft.publish_report = True
    draft.save()
    html = page(url_of(draft))
    assert "Báo cáo tiếp thu, giải trình ý kiến góp ý" in texts(html, "h2")
    [text] = elements(html, "div", class_="draft-report-text")
    assert text.text == "Tiếp thu 3 ý kiến." and "<strong>3</strong>" in html and "<script>" not in html
    assert elements(html, "a", href=report)
    response = client.get(report)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == f'attachment; filename="{draft.slug}-bao-cao.pdf"'


def test_the_report_stays_hidden_while_the_period_is_open(page, client, draft):
    draft.report_vi, draft.publish_report = "<p>Báo cáo sớm.</p>", True
    draft.report_file = ContentFile(PDF, name="bao-cao.pdf")
    draft.save()
    assert "Báo cáo sớm" not in page(url_of(draft))
    assert client.get(reverse("consultation:draft_report_file", args=[draft.slug])).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "editor", "superuser"])
@pytest.mark.parametrize(
    "state",
    [
        {"status": Draft.Status.DRAFT},
        {"status": Draft.Status.REVIEW},
        {"status": Draft.Status.ARCHIVED, "published_at": timezone.now() - timedelta(days=3)},
        {"status": PUBLISHED, "published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "review", "archived", "scheduled"],
)
def test_a_draft_readers_may_not_see_is_not_found_for_anyone(act_as, make_consultation_draft, role, state):
    hidden = make_consultation_draft(**state)
    item = add_file(hidden, DraftFile.Kind.DRAFT_TEXT, "du-thao.pdf")
    client = act_as(role)
    assert client.get(url_of(hidden)).status_code == 404
    assert client.get(reverse("consultation:draft_file", args=[hidden.slug, item.pk])).status_code == 404
    assert hidden.title_vi not in client.get("/du-thao/").content.decode()


def test_a_draft_not_written_in_english_has_no_english_page(page, client, make_consultation_draft):
    vietnamese = make_consultation_draft(status=PUBLISHED)
    item = add_file(vietnamese, DraftFile.Kind.DRAFT_TEXT, "du-thao.pdf")
    html = page(url_of(vietnamese))
    assert not elements(html, "link", rel="alternate", hreflang="en")
    assert client.get(url_of(vietnamese, "en")).status_code == 404
    with translation.override("en"):
        english_file = reverse("consultation:draft_file", args=[vietnamese.slug, item.pk])
    assert client.get(english_file).status_code == 404


def test_the_page_links_to_itself_in_the_other_language(page, draft):
    html = page(url_of(draft))
    [english] = elements(html, "link", rel="alternate", hreflang="en")
    assert english.attrs["href"] == f"http://testserver/en/drafts/{draft.slug}/"
    assert elements(page(url_of(draft, "en")), "a", hreflang="vi", href=url_of(draft))


def test_a_file_is_downloaded_under_its_name_while_its_draft_is_public(client, draft, make_consultation_draft):
    item = add_file(draft, DraftFile.Kind.DRAFT_TEXT, "Dự thảo Thông tư.pdf")
    address = reverse("consultation:draft_file", args=[draft.slug, item.pk])
    assert elements(client.get(url_of(draft)).content.decode(), "a", href=address)
    response = client.get(address)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;") and "Th%C3%B4ng%20t%C6%B0.pdf" in response["Content-Disposition"]
    other = make_consultation_draft(status=PUBLISHED, title_vi="Dự thảo khác")
    assert client.get(reverse("consultation:draft_file", args=[other.slug, item.pk])).status_code == 404
    draft.status = Draft.Status.ARCHIVED
    draft.save()
    assert client.get(address).status_code == 404


# --- Links to and from the document it became; menu, site map, sitemap ---------------------------------------------

def test_a_draft_and_the_document_it_became_link_to_each_other(page, draft, make_consultation_draft):
    directive = Directive.objects.create(number="12/2026/TT-BKHĐT", document_type="thong-tu", summary_vi="Đấu thầu qua mạng")
    draft.directive = directive
    draft.save()
    make_consultation_draft(title_vi="Bản chưa công bố", directive=directive)  # not public: not linked
    html = page(url_of(draft))
    cells = dict(zip(texts(html, "th", scope="row"), texts(html, "td")))
    assert cells["Văn bản đã ban hành"] == directive.citation
    assert elements(html, "a", href=directive.get_absolute_url())
    document = page(directive.get_absolute_url())
    cells = dict(zip(texts(document, "th", scope="row"), texts(document, "td")))
    assert cells["Dự thảo đã lấy ý kiến"] == draft.title_vi
    assert elements(document, "a", href=url_of(draft))


def test_the_menu_and_the_site_map_lead_to_the_drafts(page):
    for home, site_map, drafts, label in (
        ("/", "/so-do-trang/", "/du-thao/", "Dự thảo lấy ý kiến"),
        ("/en/", "/en/site-map/", "/en/drafts/", "Drafts for comment"),
    ):
        menu = elements(page(home), "nav", class_="main-menu")
        assert menu and label in menu[0].text
        assert [a.text for a in elements(page(home), "a", href=drafts)] == [label]
        assert [a.text for a in elements(page(site_map), "a", href=drafts)] == [label, label]  # the menu's and its own


def test_the_sitemap_lists_public_drafts_in_their_languages(client, draft, make_consultation_draft):
    vietnamese = make_consultation_draft(status=PUBLISHED, title_vi="Chỉ tiếng Việt")
    hidden = make_consultation_draft(status=Draft.Status.REVIEW, title_vi="Chờ duyệt")
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-drafts.xml" in index
    root = ET.fromstring(client.get("/sitemap-drafts.xml").content)
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = {loc.text.replace("http://testserver", "") for loc in root.iter(f"{namespace}loc")}
    assert urls == {url_of(draft), url_of(draft, "en"), url_of(vietnamese)}
    assert hidden.slug not in client.get("/sitemap-drafts.xml").content.decode()


# --- The demo ----------------------------------------------------------------------------------------------------

def test_the_demo_has_a_draft_open_for_comment_and_a_closed_one_with_its_report(page, client, demo):
    from news.attachments import validate_attachment_file

    open_now = Draft.objects.published().open_for_comment().get()
    closed = Draft.objects.published().closed().get()
    assert open_now.drafting_unit.slug == "bo-ke-hoach-va-dau-tu" and closed.report_is_public()
    # Opened three days ago at 08:00 and closing in 27 days at 17:00 (Hanoi), whenever the demo is loaded.
    assert timezone.localtime(open_now.opens_at).date() == timezone.localdate() - timedelta(days=3)
    assert timezone.localtime(open_now.closes_at).date() == timezone.localdate() + timedelta(days=27)
    assert {item.kind for item in open_now.files.all()} == {DraftFile.Kind.DRAFT_TEXT, DraftFile.Kind.SUBMISSION}
    for item in [*open_now.files.all(), *closed.files.all()]:
        with item.file.open("rb") as handle:
            validate_attachment_file(handle)  # real files, recognised by content
        assert item.size == item.file.size
    with closed.report_file.open("rb") as handle:
        validate_attachment_file(handle)
    for language in ("vi", "en"):
        listed = texts(page(reverse("consultation:draft_list") if language == "vi" else "/en/drafts/"), "h3")
        with translation.override(language):
            assert listed == [open_now.title, closed.title]
        html = page(url_of(open_now, language))
        assert elements(html, "a", class_="button-link")
        if language == "vi":
            assert texts(html, "p", class_="draft-counts") == ["Chưa nhận được ý kiến góp ý nào."]
            assert texts(page(url_of(closed)), "p", class_="draft-counts") == ["Đã nhận 3 ý kiến, đã xử lý 3 ý kiến."]
        assert texts(page(url_of(closed, language)), "div", class_="draft-report-text")
    file_url = reverse("consultation:draft_file", args=[open_now.slug, open_now.files.first().pk])
    assert client.get(file_url).status_code == 200
