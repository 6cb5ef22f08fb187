"""The article page names the organizations it is about ("Tổ chức liên quan"), linking to their pages."""
from datetime import date, datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

import pagecache
from news.models import Organization
from tests.factories import EN_URL, HANOI, VI_URL
from tests.pages import elements, reading_order, texts

# The demo article's twelve organizations as its Vietnamese page lists them: the current ones first, each before
# its own units (alphabetical among themselves, "Đ" after "B"), then the eight dissolved in 2007.
VIETNAMESE = [
    "Ban Chấp hành Trung ương Đảng",
    "Ban Bí thư",
    "Bộ Chính trị",
    "Đảng bộ Khối các cơ quan Trung ương",
    "Ban Cán sự Đảng Ngoài nước",
    "Đảng bộ Khối Dân vận",
    "Đảng bộ Khối Đối ngoại",
    "Đảng bộ Khối I",
    "Đảng bộ Khối Khoa giáo",
    "Đảng bộ Khối Kinh tế",
    "Đảng bộ Khối Nội chính",
    "Đảng bộ Khối Tư tưởng",
]


def related(html):
    """[(name, href, lang, dissolution note or None)] of the page's related organizations, in order."""
    start = html.index('<section class="article-organizations"')
    block = html[start:html.index("</section>", start)]
    found = []
    for item in block.split("<li>")[1:]:
        [link] = elements(item, "a")
        note = texts(item, "span", class_="org-dissolved")
        found.append((link.text, link.attrs["href"], link.attrs.get("lang"), note[0] if note else None))
    return found


def url_of(organization, language):
    with translation.override(language):
        return organization.get_absolute_url()


def test_the_anniversary_article_links_its_twelve_organizations(client, demo):
    html = client.get(VI_URL).content.decode()
    assert "Tổ chức liên quan" in texts(html, "h2")
    found = related(html)
    assert [name for name, _href, _lang, _gone in found] == VIETNAMESE
    by_name = {organization.name_vi: organization for organization in demo.organizations.all()}
    assert [href for _name, href, _lang, _gone in found] == [url_of(by_name[name], "vi") for name in VIETNAMESE]
    # The eight bodies the Đảng bộ Khối replaced are said to be gone, with the date; the others are not.
    notes = [note for _name, _href, _lang, note in found]
    assert notes[:4] == [None] * 4 and all("11/04/2007" in note for note in notes[4:])
    for _name, href, _lang, _gone in found:
        assert client.get(href).status_code == 200


def test_they_come_after_the_body_tags_and_attachments_within_the_article(client, demo):
    html = client.get(VI_URL).content.decode()
    order = reading_order(html)
    heading = order.index("Tổ chức liên quan")
    share = next(index for index, block in enumerate(order) if block.startswith("Facebook"))
    assert order.index("Tag:") < order.index("File đính kèm") < heading < share
    assert order[heading + 1] == VIETNAMESE[0]
    [article] = elements(html, "article")
    assert "Tổ chức liên quan" in article.text and "Khác trong chuyên mục" not in article.text


def test_english_names_where_there_are_some_else_the_vietnamese_marked_as_such(client, demo):
    untranslated = Organization.objects.get(slug="bo-chinh-tri")
    untranslated.name_en = ""
    untranslated.save()
    found = related(client.get(EN_URL).content.decode())
    assert found[0][:3] == ("Party Central Committee", url_of(Organization.objects.get(pk=1), "en"), None)
    assert ("Bộ Chính trị", url_of(untranslated, "en"), "vi") == next(row for row in found if row[0] == "Bộ Chính trị")[:3]
    assert "Party Committee of Central Agencies" in [name for name, *_ in found]
    assert all(lang is None for name, _href, lang, _gone in found if name != "Bộ Chính trị")


def test_an_article_about_no_organization_shows_no_empty_block(client, make_article):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert not elements(html, "section", class_="article-organizations")
    assert "Tổ chức liên quan" not in texts(html, "h2")


def test_the_print_view_leaves_them_out_like_the_other_links_around_the_text(client, demo):
    html = client.get(VI_URL + "in/").content.decode()
    assert "Tổ chức liên quan" not in html
    assert not elements(html, "a", href=url_of(Organization.objects.get(pk=4), "vi"))


def test_a_future_dissolution_shows_from_its_day(client, make_article, clock):
    today = timezone.localdate()
    article = make_article()
    merging = Organization.objects.create(name_vi="Bộ sắp hợp nhất", dissolved_on=date(today.year + 1, 1, 1))
    article.organizations.add(merging)
    assert related(client.get(article.get_absolute_url()).content.decode())[0][3] is None
    # That morning in Hanoi (the stored page has expired by then: PAGE_CACHE_SECONDS), with no edit.
    clock.travel(datetime(today.year + 1, 1, 1, 0, 0, 1, tzinfo=HANOI))
    note = related(client.get(article.get_absolute_url()).content.decode())[0][3]
    assert note and f"01/01/{today.year + 1}" in note


# --- The page cache drops the article when one of its organizations changes ------------------------------------


def test_renaming_or_dissolving_an_organization_refreshes_the_article(
    client, demo, one_host, django_capture_on_commit_callbacks
):
    assert client.get(VI_URL)["X-Page-Cache"] == "miss"
    assert client.get(VI_URL)["X-Page-Cache"] == "hit"
    politburo = Organization.objects.get(slug="bo-chinh-tri")
    with django_capture_on_commit_callbacks(execute=True):
        politburo.name_vi = "Bộ Chính trị (tên mới)"
        politburo.save()
    assert "Bộ Chính trị (tên mới)" in [name for name, *_ in related(client.get(VI_URL).content.decode())]

    with django_capture_on_commit_callbacks(execute=True):
        politburo.dissolved_on = date(2020, 1, 1)
        politburo.save()
    found = related(client.get(VI_URL).content.decode())
    [note] = [note for name, _href, _lang, note in found if name == "Bộ Chính trị (tên mới)"]
    assert "01/01/2020" in note
    names = [name for name, *_ in found]
    assert names[:3] == [VIETNAMESE[0], VIETNAMESE[1], VIETNAMESE[3]]  # no longer among the current ones
    assert names.index("Bộ Chính trị (tên mới)") > names.index("Ban Cán sự Đảng Ngoài nước")


def test_linking_one_more_organization_refreshes_the_article(client, demo, one_host, django_capture_on_commit_callbacks):
    client.get(VI_URL)
    ministry = Organization.objects.get(slug="bo-ke-hoach-va-dau-tu")
    with django_capture_on_commit_callbacks(execute=True):
        demo.organizations.add(ministry)
    assert "Bộ Kế hoạch và Đầu tư" in [name for name, *_ in related(client.get(VI_URL).content.decode())]


# --- Cost ----------------------------------------------------------------------------------------------------


def test_the_article_page_costs_the_same_with_one_organization_or_fifty(client, make_article, clock):
    article = make_article()
    top = Organization.objects.create(name_vi="Cơ quan cấp trên")
    article.organizations.add(top)

    def cost():
        cache.clear()  # rendered, not served from the page cache (as each test starts: conftest.py)
        pagecache.recent.forget()
        with CaptureQueriesContext(connection) as queries:
            html = client.get(article.get_absolute_url()).content.decode()
        return len(queries), len(related(html))

    one = cost()
    for number in range(49):
        unit = Organization.objects.create(
            name_vi=f"Đơn vị {number}", parent=top if number % 2 else None,
            dissolved_on=date(2000, 1, 1) if number % 3 == 0 else None,
        )
        article.organizations.add(unit)
    assert cost() == (one[0], 50)
    assert one[1] == 1
