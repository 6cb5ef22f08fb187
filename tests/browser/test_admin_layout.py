"""The admin's layout as staff see it on a 1280×800 window, in Chromium (static/news/admin/layout.css).

The article page: its title, the object tools (previews, history, view on site) and the workflow buttons do not
cover one another. The article list: every column heading is in sight (none pushed out of the table's scroll
area or off the window), and a 60-character title reads on a few lines, not one word a line.
"""
import pytest

from news.models import Article, Section

expect = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not importable: pip install -r requirements-dev.txt",
    exc_type=ImportError,
).expect

PASSWORD = "mat-khau-Dai-2025!"
TITLE_60 = "Hội nghị trực tuyến toàn quốc triển khai kế hoạch đầu tư năm"
WIDTH, HEIGHT = 1280, 800


@pytest.fixture
def signed_in(page, site, django_user_model):
    """The page, signed in to the admin as a superuser (through the sign-in form), with a 60-character title."""
    assert len(TITLE_60) == 60
    django_user_model.objects.create_superuser("quantri", password=PASSWORD)
    demo = Article.objects.get(pk=1)
    Article.objects.create(
        title_vi=TITLE_60, body_vi="<p>Nội dung.</p>", section=Section.objects.get(pk=demo.section_id),
        status=Article.Status.PUBLISHED, published_at=demo.published_at,
    )
    assert page.viewport_size == {"width": WIDTH, "height": HEIGHT}
    page.goto("/admin/login/")
    page.locator("#id_username").fill("quantri")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()
    return page


def overlap(a, b):
    """The area two bounding boxes share (0 when they do not touch)."""
    width = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    height = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    return max(width, 0) * max(height, 0)


def boxes(locator):
    return [locator.nth(index).bounding_box() for index in range(locator.count())]


@pytest.mark.parametrize("prefix", ["/admin/", "/en/admin/"])
def test_the_article_title_and_the_buttons_above_it_do_not_cover_each_other(signed_in, prefix):
    page = signed_in
    page.goto(f"{prefix}news/article/1/change/")
    titles = boxes(page.locator("#content > h1, #content > h2"))
    tools = boxes(page.locator(".object-tools li"))
    moves = boxes(page.locator(".workflow-moves .button"))
    assert len(titles) == 2 and len(tools) >= 3 and len(moves) >= 2  # page heading, article title; the buttons
    for tool in tools:
        for title in titles:
            assert overlap(tool, title) == 0, (tool, title)
        assert tool["x"] + tool["width"] <= WIDTH
    for index, move in enumerate(moves):
        for other in moves[index + 1:] + tools + titles:
            assert overlap(move, other) == 0, (move, other)


@pytest.mark.parametrize("prefix", ["/admin/", "/en/admin/"])
def test_every_column_of_the_article_list_is_in_sight_and_titles_keep_their_words_together(signed_in, prefix):
    page = signed_in
    page.goto(f"{prefix}news/article/")
    results = page.locator("#changelist .results").bounding_box()
    headings = page.locator("#result_list thead th")
    assert headings.count() == 7  # the checkbox and the six columns of ArticleAdmin.list_display
    for box in boxes(headings):
        assert box["width"] > 0 and box["x"] >= results["x"] - 0.5
        assert box["x"] + box["width"] <= min(results["x"] + results["width"], WIDTH) + 0.5, (box, results)
    link = page.locator("#result_list th.field-title a", has_text=TITLE_60)
    # One box per line of the link's text: the title reads on a few lines, each of several words.
    lines = link.evaluate("element => element.getClientRects().length")
    words = len(TITLE_60.split())
    assert lines <= 4 and words / lines >= 3, lines
    assert link.bounding_box()["width"] > 150
