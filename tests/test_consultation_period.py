"""A comment period opens and closes by the clock: no edit, no cron job, and no stored page that outlives the
moment (the page cache's period moments, consultation/effects.py). And the pages cost the same number of queries
however many drafts there are."""
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from consultation.models import Draft, DraftFile
from news.models import Directive, Organization
from tests.pages import elements, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_host")]

PUBLISHED = Draft.Status.PUBLISHED
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def url_of(draft, language="vi"):
    with translation.override(language):
        return draft.get_absolute_url()


def stored(client, url):
    """The page as a reader gets it, after checking it is the stored copy (the question is whether it outlives
    the moment)."""
    first = client.get(url)
    assert first.status_code == 200, url
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit", url
    return again.content.decode()


def period_text(html):
    return " ".join(texts(html, "div", class_="draft-period")[0].split())


@pytest.fixture
def closing(make_consultation_draft, clock):
    """A public draft open for comment, closing in 90 seconds, its report written and chosen for publication."""
    draft = make_consultation_draft(
        status=PUBLISHED, title_vi="Dự thảo sắp đóng", title_en="Draft about to close",
        summary_en="What it is about.", closes_at=timezone.now() + timedelta(seconds=90),
        report_vi="<p>Đã tiếp thu 4 ý kiến.</p>", report_en="<p>4 comments taken in.</p>", publish_report=True,
    )
    clock.shift(0.1)  # readers come after the save (a page rendered at its stamp is not kept)
    return draft


def test_a_stored_open_page_says_closed_and_shows_the_report_at_the_closing_time_with_no_edit(client, closing, clock):
    pages = {url_of(closing): "Gửi góp ý", url_of(closing, "en"): "Send a comment"}
    lists = {"/du-thao/": "Đang lấy ý kiến", "/en/drafts/": "Open for comment"}
    for url, text in pages.items():
        html = stored(client, url)
        assert text in texts(html, "a", class_="button-link") and not elements(html, "div", class_="draft-report-text")
    for url, heading in lists.items():
        assert texts(stored(client, url), "h2")[0] == heading
        assert "Dự thảo sắp đóng" in texts(client.get("/du-thao/").content.decode(), "h3")

    clock.travel(closing.closes_at - timedelta(milliseconds=1))
    assert client.get(url_of(closing))["X-Page-Cache"] == "hit"  # still open: the copy holds

    clock.travel(closing.closes_at)
    assert Draft.objects.get(pk=closing.pk).updated_at < closing.closes_at  # nobody touched it
    html = client.get(url_of(closing)).content.decode()
    assert period_text(html).startswith("Đã hết thời gian lấy ý kiến") and not elements(html, "a", class_="button-link")
    assert texts(html, "div", class_="draft-report-text") == ["Đã tiếp thu 4 ý kiến."]
    english = client.get(url_of(closing, "en")).content.decode()
    assert period_text(english).startswith("The comment period has ended")
    assert texts(english, "div", class_="draft-report-text") == ["4 comments taken in."]
    listed = client.get("/du-thao/").content.decode()
    assert texts(listed, "h2") == ["Đang lấy ý kiến", "Đã hết thời gian lấy ý kiến"]
    assert texts(listed, "p", class_="draft-when")[0].startswith("Đã kết thúc")
    assert "Đã công bố báo cáo tiếp thu, giải trình" in texts(listed, "p", class_="draft-when")[0]


def test_a_stored_page_counts_the_days_left_down_and_says_closes_today_with_no_edit(
    client, make_consultation_draft, clock
):
    # Closing at 17:00 Hanoi time three days and a half from now, at the least.
    closes = timezone.localtime(timezone.now() + timedelta(days=3, hours=12)).replace(hour=17, minute=0, second=0,
                                                                                        microsecond=0)
    draft = make_consultation_draft(status=PUBLISHED, closes_at=closes, title_vi="Dự thảo đếm ngày")
    clock.shift(0.1)
    url = url_of(draft)

    def left(html):
        return texts(html, "div", class_="draft-period")[0]

    days = draft.days_left()
    assert f"Còn {days} ngày" in left(stored(client, url))
    clock.travel(closes - timedelta(days=days - 1))  # the count drops by one at this moment
    assert f"Còn {days - 1} ngày" in left(client.get(url).content.decode())
    midnight = timezone.localtime(closes).replace(hour=0, minute=0)
    clock.travel(midnight - timedelta(seconds=1))
    assert "hôm nay" not in left(stored(client, url))
    clock.travel(midnight)  # the closing day begins in Hanoi
    assert "hôm nay lúc 17:00" in left(client.get(url).content.decode())


def test_a_stored_upcoming_page_opens_for_comment_at_its_opening_time(client, make_consultation_draft, clock):
    opens = timezone.now() + timedelta(minutes=5)
    draft = make_consultation_draft(status=PUBLISHED, opens_at=opens, closes_at=opens + timedelta(days=30))
    clock.shift(0.1)
    assert period_text(stored(client, url_of(draft))).startswith("Chưa đến thời gian lấy ý kiến")
    assert texts(stored(client, "/du-thao/"), "h2") == ["Đang lấy ý kiến", "Sắp lấy ý kiến", "Đã hết thời gian lấy ý kiến"]

    clock.travel(opens)
    html = client.get(url_of(draft)).content.decode()
    assert period_text(html).startswith("Đang lấy ý kiến: Còn 30 ngày")
    assert texts(html, "a", class_="button-link") == ["Gửi góp ý"]
    listed = client.get("/du-thao/").content.decode()
    assert texts(listed, "h2") == ["Đang lấy ý kiến", "Đã hết thời gian lấy ý kiến"]
    assert texts(listed, "strong", class_="draft-badge") == ["Còn 30 ngày"]


def test_a_scheduled_draft_appears_at_its_publication_time(client, make_consultation_draft, clock):
    goes_public = timezone.now() + timedelta(minutes=3)
    draft = make_consultation_draft(status=PUBLISHED, title_vi="Dự thảo hẹn giờ", published_at=goes_public)
    clock.shift(0.1)
    assert client.get(url_of(draft)).status_code == 404
    assert "Dự thảo hẹn giờ" not in stored(client, "/du-thao/")
    assert url_of(draft) not in stored(client, "/sitemap-drafts.xml")

    clock.travel(goes_public)
    assert client.get(url_of(draft)).status_code == 200
    assert "Dự thảo hẹn giờ" in texts(client.get("/du-thao/").content.decode(), "h3")
    assert url_of(draft) in client.get("/sitemap-drafts.xml").content.decode()


def test_the_days_left_count_down_without_an_edit(client, make_consultation_draft, clock):
    draft = make_consultation_draft(status=PUBLISHED, closes_at=timezone.now() + timedelta(days=5, hours=2))
    clock.shift(0.1)
    assert period_text(stored(client, url_of(draft))).startswith("Đang lấy ý kiến: Còn 6 ngày")
    clock.shift(timedelta(days=1))
    assert period_text(client.get(url_of(draft)).content.decode()).startswith("Đang lấy ý kiến: Còn 5 ngày")


def test_an_edit_of_the_draft_its_files_or_the_handling_of_comments_drops_its_stored_page(
    client, make_consultation_draft, make_consultation_comment, committed, clock
):
    unit = Organization.objects.create(name_vi="Vụ Pháp chế")
    draft = make_consultation_draft(status=PUBLISHED, drafting_unit=unit)
    clock.shift(0.1)
    stored(client, url_of(draft))
    stored(client, "/du-thao/")

    committed(lambda: DraftFile.objects.create(draft=draft, kind="draft", file=ContentFile(PDF, name="du-thao.pdf")))
    clock.shift(0.1)
    assert texts(client.get(url_of(draft)).content.decode(), "h3") == ["Dự thảo văn bản"]

    stored(client, url_of(draft))
    comment = make_consultation_comment(draft, moderation="approved")
    clock.shift(0.1)
    assert "Đã nhận 1 ý kiến, đã xử lý 0 ý kiến." in client.get(url_of(draft)).content.decode()
    stored(client, url_of(draft))
    comment.disposition = "accepted"
    committed(comment.save)
    clock.shift(0.1)
    assert "Đã nhận 1 ý kiến, đã xử lý 1 ý kiến." in client.get(url_of(draft)).content.decode()

    # The drafting unit's new name, on the draft's page and the list.
    stored(client, url_of(draft))
    unit.name_vi = "Vụ Pháp chế và Cải cách hành chính"
    committed(unit.save)
    clock.shift(0.1)
    assert "Vụ Pháp chế và Cải cách hành chính" in client.get(url_of(draft)).content.decode()
    assert "Vụ Pháp chế và Cải cách hành chính" in client.get("/du-thao/").content.decode()

    # Linked to the document it became: the document's page says so at once.
    directive = Directive.objects.create(number="5/2026/TT-BKHĐT", document_type="thong-tu")
    clock.shift(0.1)
    stored(client, directive.get_absolute_url())
    draft.directive = directive
    committed(draft.save)
    clock.shift(0.1)
    assert elements(client.get(directive.get_absolute_url()).content.decode(), "a", href=url_of(draft))


# --- Query counts --------------------------------------------------------------------------------------------------

def build(count, make_consultation_draft, make_consultation_comment):
    """``count`` drafts in each state readers see (open, upcoming, closed with a report), each with files and
    comments, drafted by units of their own, the closed ones issued as documents."""
    now = timezone.now()
    for number in range(count):
        unit = Organization.objects.create(name_vi=f"Vụ số {number}", name_en=f"Department {number}")
        directive = Directive.objects.create(number=f"{number}/2026/TT-BKHĐT", document_type="thong-tu")
        for state, opens, closes in (
            ("mo", now - timedelta(days=1), now + timedelta(days=30 + number)),
            ("sap", now + timedelta(days=1 + number), now + timedelta(days=60)),
            ("dong", now - timedelta(days=90), now - timedelta(days=30 + number)),
        ):
            draft = make_consultation_draft(
                status=PUBLISHED, title_vi=f"Dự thảo {state} {number}", title_en=f"Draft {state} {number}",
                summary_en="Summary.", slug=f"du-thao-{state}-{number}", opens_at=opens, closes_at=closes,
                drafting_unit=unit, directive=directive if state == "dong" else None,
                report_vi="<p>Báo cáo.</p>", publish_report=True, report_file=ContentFile(PDF, name="bao-cao.pdf"),
            )
            for kind in ("draft", "submission", "impact"):
                DraftFile.objects.create(draft=draft, kind=kind, file=ContentFile(PDF, name=f"{kind}.pdf"))
            for _ in range(2):
                make_consultation_comment(draft, moderation="approved", disposition="accepted")


PAGES = [
    "/du-thao/",
    "/en/drafts/",
    "/du-thao/du-thao-mo-0/",
    "/en/drafts/du-thao-mo-0/",
    "/du-thao/du-thao-dong-0/",
    "/van-ban/thong-tu-0-2026-tt-bkhdt/",  # the document the closed draft became
    "/sitemap-drafts.xml",
]


def query_counts(client, clock):
    """The queries of each page, once the pages every page shares are made: the header and footer, kept between
    renders, and the page cache's memo of the next moment a page changes by the clock (asked again after saves)."""
    clock.shift(0.1)  # readers come after the saves
    client.get("/")
    counts = {}
    for path in PAGES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_drafts(client, make_consultation_draft, make_consultation_comment, clock):
    build(1, make_consultation_draft, make_consultation_comment)
    small = query_counts(client, clock)
    Draft.objects.all().delete()
    Directive.objects.all().delete()
    Organization.objects.all().delete()
    build(10, make_consultation_draft, make_consultation_comment)  # 30 drafts, 90 files, 60 comments
    large = query_counts(client, clock)
    assert large == small
    assert max(small.values()) <= 12, small


def test_at_the_very_moment_the_count_drops_the_next_drop_is_the_next_moment(make_consultation_draft, clock):
    from consultation.effects import next_period_moment

    closes = timezone.now().replace(microsecond=0) + timedelta(days=3)
    make_consultation_draft(status=PUBLISHED, opens_at=timezone.now() - timedelta(days=1), closes_at=closes)
    clock.travel(closes - timedelta(days=3))  # "Còn 3 ngày" begins now: the next change is "Còn 2 ngày"
    midnight = timezone.localtime(closes).replace(hour=0, minute=0, second=0)
    assert next_period_moment() == min(closes - timedelta(days=2), midnight).timestamp()
