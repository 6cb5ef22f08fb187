"""Publishing at the desk in a real browser, in the Vietnamese admin, as the roles that do it:

- the editor gives a live article a time to come down; readers see it until that minute and not after (the
  clock is the test's, no one acts), and the article list says when it comes down, then that it expired;
- the editor changes a live article's slug; a reader following the old address lands on the new one;
- the writer previews a draft: the page says across its top that it is a preview, not published;
- a reader prints an article: the print view has a button that prints, and on paper an ordinary article page
  keeps the article and drops the header, the menu, the search box and the share links.
"""
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from news.models import Article, OldAddress, Section
from tests.browser.journeys import sign_in
from tests.factories import HANOI, VI_URL, local_parts

expect = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not importable: pip install -r requirements-dev.txt",
    exc_type=ImportError,
).expect

TIMEOUT_MS = 20_000
BANNER = "Bản xem trước — chưa đăng"


def vietnamese(text):
    """What the Vietnamese admin calls ``text`` (a button another part of the desk names)."""
    with translation.override("vi"):
        return gettext(text)


def reader_page(browser, site):
    context = browser.new_context(base_url=site.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def save_live_article(page, saved=True):
    """Save the change form of a live article so that readers get it: the editor's "save and publish the changes"
    when edits to a live article wait apart (draft over live), else the plain save."""
    publish = page.get_by_role("button", name=vietnamese("Save and publish the changes"), exact=True)
    if publish.count():
        publish.first.click()
    else:
        page.locator("input[name=_continue]").click()
    if saved:
        expect(page.locator(".messagelist .success")).to_have_count(1)


@pytest.fixture
def section(site):
    return Section.objects.get(slug_vi="hoat-dong-dang-doan-the")  # the demo's section


@pytest.fixture
def live_article(site):
    """The demo's live article (its public address is tests.factories.VI_URL)."""
    return Article.objects.published("vi").get(slug_vi=VI_URL.rstrip("/").rsplit("/", 1)[1])


def test_the_editor_sets_a_time_to_come_down_and_the_article_expires_by_itself(page, browser, site, make_staff,
                                                                              live_article, clock):
    editor = make_staff("editor", "bientap")
    sign_in(page, editor.username)
    page.goto(f"/admin/news/article/{live_article.pk}/change/")
    comes_down = (timezone.now() + timedelta(hours=3)).astimezone(HANOI).replace(second=0, microsecond=0)
    day, time = local_parts(comes_down)
    expect(page.locator(".field-unpublish_at label")).to_have_text("Thời điểm gỡ xuống:")
    page.locator("#id_unpublish_at_0").fill(day)
    page.locator("#id_unpublish_at_1").fill(time)
    save_live_article(page)
    assert Article.objects.get(pk=live_article.pk).unpublish_at == comes_down

    page.goto("/admin/news/article/")
    row = page.locator("#result_list tr", has_text=live_article.title_vi)
    expect(row.locator("td.field-public_state")).to_have_text(f"có, gỡ xuống lúc {time} {day}")

    reader_context, reader = reader_page(browser, site)
    try:
        assert reader.goto(VI_URL).status == 200
        reader.goto("/")
        expect(reader.get_by_role("link", name=live_article.title_vi).first).to_be_visible()
        clock.travel(comes_down - timedelta(seconds=1))
        assert reader.goto(VI_URL).status == 200
        clock.travel(comes_down)  # that minute: gone, with no one acting
        assert reader.goto(VI_URL).status == 404
        reader.goto("/")
        expect(reader.get_by_role("link", name=live_article.title_vi)).to_have_count(0)
    finally:
        reader_context.close()

    page.goto("/admin/news/article/")
    page.locator("#changelist-filter").get_by_role("link", name="không (đã hết hạn)").click()
    row = page.locator("#result_list tr", has_text=live_article.title_vi)
    expect(row.locator("td.field-public_state")).to_have_text(f"không (hết hạn lúc {time} {day})")


def test_a_time_to_come_down_before_the_publication_is_refused_and_nothing_typed_is_lost(page, make_staff,
                                                                                        live_article):
    sign_in(page, make_staff("editor", "bientap").username)
    page.goto(f"/admin/news/article/{live_article.pk}/change/")
    day, time = local_parts(live_article.published_at - timedelta(days=1))
    page.locator("#id_unpublish_at_0").fill(day)
    page.locator("#id_unpublish_at_1").fill(time)
    page.locator("#id_title_vi").fill("Tiêu đề đang sửa")
    save_live_article(page, saved=False)
    expect(page.locator(".errorlist").first).to_contain_text("Thời điểm gỡ xuống phải sau thời điểm đăng")
    expect(page.locator("#id_title_vi")).to_have_value("Tiêu đề đang sửa")
    assert Article.objects.get(pk=live_article.pk).unpublish_at is None


def test_the_editor_changes_a_slug_and_the_old_address_leads_to_the_new_one(page, browser, site, make_staff,
                                                                           live_article):
    sign_in(page, make_staff("editor", "bientap").username)
    page.goto(f"/admin/news/article/{live_article.pk}/change/")
    page.locator("#id_slug_vi").fill("ky-niem-17-nam-thanh-lap-dang-bo-khoi")
    save_live_article(page)
    new_url = VI_URL.rsplit("/", 2)[0] + "/ky-niem-17-nam-thanh-lap-dang-bo-khoi/"
    assert OldAddress.objects.filter(language="vi", path=VI_URL).exists()

    reader_context, reader = reader_page(browser, site)
    try:
        response = reader.goto(VI_URL)  # a link shared before the change
        assert response.status == 200 and reader.url == site.url + new_url
        expect(reader.locator("h1")).to_have_text(live_article.title_vi)
        assert response.request.redirected_from.url == site.url + VI_URL
    finally:
        reader_context.close()


def test_the_writer_previews_a_draft_under_a_banner_saying_it_is_not_published(page, make_staff, section):
    writer = make_staff("writer", "phongvien")
    draft = Article.objects.create(
        title_vi="Bản nháp tin hội thảo", body_vi="<p>Nội dung nháp.</p>", section=section, author=writer,
    )
    sign_in(page, writer.username)
    page.goto(f"/admin/news/article/{draft.pk}/change/")
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Xem trước (tiếng Việt)").click()
    preview = popup.value
    banner = preview.get_by_role("status")
    expect(banner).to_have_text(BANNER)
    expect(banner).to_be_in_viewport()
    expect(preview.locator("h1")).to_have_text("Bản nháp tin hội thảo")
    preview.mouse.wheel(0, 2000)  # it stays in sight while the page scrolls
    expect(banner).to_be_in_viewport()
    preview.close()


def test_a_reader_prints_an_article_with_the_button_and_on_paper_only_the_article_remains(page, live_article):
    page.goto(VI_URL)
    page.emulate_media(media="print")
    for hidden in (".site-header .main-menu", ".site-search", ".brand", ".topbar", ".article-tools", ".skip-link"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator("h1.article-title")).to_be_visible()
    expect(page.locator(".article-body")).to_be_visible()
    size = page.locator(".article-body p").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    assert size >= 15, size  # 12pt on paper
    page.emulate_media(media="screen")
    expect(page.locator(".main-menu")).to_be_visible()

    page.get_by_role("link", name="In bài", exact=True).click()
    button = page.get_by_role("button", name="In bài viết này")
    expect(button).to_be_visible()
    # No print dialog in a test: count the calls instead.
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    button.click()
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    expect(button).to_be_hidden()
    expect(page.locator("h1")).to_have_text(live_article.title_vi)
