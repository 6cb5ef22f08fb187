"""A reader comments on a draft in Chromium: opens the comment page of a published draft open for comment, fills
the form by its labels, solves the CAPTCHA (its answer read from the store, as the site checks it), sends it and sees
the confirmation; the comment waits for moderation. A forged CSRF token is refused and saves nothing; a flood past
the limit per address is refused with the message, the text kept."""
from datetime import timedelta

import pytest
from django.utils import timezone

from consultation.models import Comment, Draft
from tests.browser.journeys import fill_comment_form

expect = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not importable: pip install -r requirements-dev.txt",
    exc_type=ImportError,
).expect

SLUG = "du-thao-thong-tu-huong-dan-dau-thau-qua-mang"
URL = f"/du-thao/{SLUG}/gop-y/"


@pytest.fixture
def open_draft(site, make_consultation_draft):
    now = timezone.now()
    return make_consultation_draft(
        status=Draft.Status.PUBLISHED, slug=SLUG, opens_at=now - timedelta(days=2), closes_at=now + timedelta(days=28),
        contact_name="Vụ Pháp chế", contact_email="phapche@example.gov.vn",
    )


def test_a_reader_comments_and_a_flood_and_a_forged_token_are_refused(page, site, open_draft, settings):
    settings.CONSULTATION_COMMENTS_PER_ADDRESS = 2
    page.goto(URL)
    expect(page.locator("h1")).to_have_text("Góp ý cho “Dự thảo Thông tư hướng dẫn đấu thầu”")
    expect(page.locator("#comment-privacy")).to_contain_text("Nghị định 13/2023/NĐ-CP")
    fill_comment_form(page, "Đề nghị quy định rõ thời hạn\nnộp hồ sơ dự thầu qua mạng.")
    page.get_by_role("button", name="Gửi góp ý", exact=True).click()

    expect(page.locator("h1")).to_have_text("Cảm ơn bạn: góp ý đã được tiếp nhận")
    expect(page.locator(".comment-sent")).to_contain_text("chờ kiểm duyệt")
    expect(page).to_have_url(f"{site.url}/du-thao/{SLUG}/gop-y/da-gui/")
    comment = Comment.objects.get(draft=open_draft)  # the demo's drafts have comments of their own
    assert comment.moderation == Comment.Moderation.PENDING
    assert comment.body == "Đề nghị quy định rõ thời hạn\nnộp hồ sơ dự thầu qua mạng."
    assert (comment.name, comment.article_ref) == ("Lê Thị Cúc", "Điều 12")

    # A forged CSRF token: the site's refusal, and nothing saved.
    page.goto(URL)
    fill_comment_form(page, "Góp ý với mã giả mạo")
    page.locator("input[name=csrfmiddlewaretoken]").evaluate("input => { input.value = 'x'.repeat(64); }")
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        page.get_by_role("button", name="Gửi góp ý", exact=True).click()
    assert sent.value.status == 403
    expect(page.locator("body")).to_contain_text("CSRF")
    assert open_draft.comments.count() == 1

    # The second comment from this address is received; the third is refused, with the text kept.
    page.goto(URL)
    fill_comment_form(page, "Góp ý thứ hai")
    page.get_by_role("button", name="Gửi góp ý", exact=True).click()
    expect(page.locator("h1")).to_have_text("Cảm ơn bạn: góp ý đã được tiếp nhận")
    page.goto(URL)
    fill_comment_form(page, "Góp ý thứ ba, quá giới hạn")
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        page.get_by_role("button", name="Gửi góp ý", exact=True).click()
    assert sent.value.status == 429
    expect(page.get_by_role("alert")).to_contain_text("Đã có quá nhiều góp ý cho dự thảo này được gửi từ mạng của bạn")
    expect(page.get_by_label("Nội dung góp ý")).to_have_value("Góp ý thứ ba, quá giới hạn")
    assert open_draft.comments.count() == 2
    assert set(open_draft.comments.values_list("moderation", flat=True)) == {Comment.Moderation.PENDING}


AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def serious(result):
    return [f"{violation['id']}: {violation['help']} at {[node['target'] for node in violation['nodes'][:3]]}"
            for violation in result["violations"] if violation["impact"] in {"serious", "critical"}]


def test_the_form_is_accessible_empty_and_with_errors_and_the_honeypot_out_of_reach(axe, page, open_draft):
    page.goto(URL)
    assert serious(axe(page, AXE_OPTIONS)) == []
    honeypot = page.locator("#id_website")
    expect(honeypot).not_to_be_in_viewport()
    # Tabbing through the whole form never lands in the honeypot.
    page.get_by_label("Họ và tên").focus()
    for _field in range(20):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") != "website"

    # Sent empty: the errors are listed at the top, each a link to its field, and marked on the fields.
    page.get_by_role("button", name="Gửi góp ý", exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Góp ý của bạn chưa được gửi")
    expect(summary.get_by_role("link", name="Họ và tên: Vui lòng nhập họ và tên.")).to_be_visible()
    expect(page.get_by_label("Họ và tên")).to_have_attribute("aria-invalid", "true")
    assert serious(axe(page, AXE_OPTIONS)) == []
    assert open_draft.comments.count() == 0
