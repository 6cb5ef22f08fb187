"""Who else is here, in a real browser, in the Vietnamese admin: a writer and an editor open the same draft, each
sees the other named (the writer without reloading the page), the editor saves first, and the writer's save is
refused with a message naming the editor and what they changed, the writer's text kept.
"""
import re

import pytest
from django.utils import timezone

from desk.models import Presence
from news.models import Article, Section
from tests.browser.journeys import TIMEOUT_MS, sign_in

expect = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not importable: pip install -r requirements-dev.txt",
    exc_type=ImportError,
).expect


def since(user, article):
    """"từ 14:05": when ``user`` opened ``article``, as the line shows it."""
    opened = Presence.objects.get(user=user, article=article).opened_at
    return timezone.localtime(opened).strftime("%H:%M")


def test_two_people_on_one_draft_see_each_other_and_the_second_save_says_what_changed(
    page, browser, site, make_staff
):
    writer = make_staff("writer", "minh", first_name="Minh")
    editor = make_staff("editor", "lan", first_name="Lan")
    article = Article.objects.create(
        title_vi="Hội nghị giao ban quý IV", body_vi="<p>Nội dung bản nháp.</p>", author=writer,
        section=Section.objects.get(slug_vi="hoat-dong-dang-doan-the"), status=Article.Status.DRAFT,
    )
    url = f"/admin/news/article/{article.pk}/change/"
    line = "#desk-presence .desk-presence-line"

    # The writer opens the draft, alone, and starts changing the title.
    sign_in(page, writer.username)
    page.goto(url)
    expect(page.locator("#desk-presence")).to_be_attached()
    expect(page.locator(line)).to_have_count(0)
    page.locator("#id_title_vi").fill("Hội nghị giao ban quý IV năm 2026")

    # The editor opens it too and sees the writer named, since the minute he opened it.
    context = browser.new_context(base_url=site.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(TIMEOUT_MS)
    other = context.new_page()
    sign_in(other, editor.username)
    other.goto(url)
    expect(other.locator(line)).to_have_text(
        f"Cũng đang mở tin bài này: Minh (Phóng viên) từ {since(writer, article)}"
    )

    # The writer's page learns of the editor at its next beat, without a reload: the title he typed is still there.
    page.evaluate("window.deskPresence.beat()")
    expect(page.locator(line)).to_have_text(
        f"Cũng đang mở tin bài này: Lan (Biên tập viên) từ {since(editor, article)}"
    )
    expect(page.locator("#desk-presence")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#id_title_vi")).to_have_value("Hội nghị giao ban quý IV năm 2026")

    # The editor saves a change of the title first.
    other.locator("#id_title_vi").fill("Giao ban quý IV: kết quả và nhiệm vụ")
    other.locator("input[name=_continue]").click()
    expect(other.locator(".messagelist .success")).to_be_visible()

    # The writer saves: refused, naming the editor and what she changed; his title is kept in the form.
    page.locator("input[name=_save]").click()
    error = page.locator(".errornote, .errorlist").filter(has_text="sau khi bạn mở nó")
    expect(error).to_contain_text(
        re.compile(r"Lan đã lưu tin bài này lúc \d\d:\d\d \d\d/\d\d/\d{4}, sau khi bạn mở nó")
    )
    expect(error).to_contain_text(
        "Họ đã sửa: Tiêu đề [vi]: “Hội nghị giao ban quý IV” → “Giao ban quý IV: kết quả và nhiệm vụ”."
    )
    expect(page.locator("#id_title_vi")).to_have_value("Hội nghị giao ban quý IV năm 2026")
    assert Article.objects.get(pk=article.pk).title_vi == "Giao ban quý IV: kết quả và nhiệm vụ"

    # Both are still there after their saves (the page left behind said goodbye, the new one is kept).
    other.evaluate("window.deskPresence.beat()")
    expect(other.locator(line)).to_contain_text("Minh (Phóng viên)")
    page.evaluate("window.deskPresence.beat()")
    expect(page.locator(line)).to_contain_text("Lan (Biên tập viên)")

    # The editor goes on to the desk's start page: her page says goodbye, and the writer's beats stop naming her
    # (beating every half second until the goodbye has arrived, instead of the page's 20 s).
    other.goto("/admin/")
    page.wait_for_function(
        "() => { window.deskPresence.beat(); return !document.querySelector('#desk-presence .desk-presence-line'); }",
        polling=500,
    )
    assert list(Presence.objects.values_list("user__username", flat=True)) == ["minh"]
    context.close()
