"""The public pages' cache: readers get stored pages, never stale ones; staff and previews never get them."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

import pagecache
from news.models import Article, Directive, Organization, Section, Tag
from tests.factories import EN_URL, VI_URL

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_host")]  # the page cache as one host


@pytest.fixture
def saved(committed):
    """``saved(Model, pk, field=value, ...)``: load the stored object, change it and save it, committed."""

    def run(model, pk, **fields):
        def change():
            obj = model.objects.get(pk=pk)
            for name, value in fields.items():
                setattr(obj, name, value)
            obj.save()

        committed(change)

    return run


def url_of(obj, language="vi"):
    with translation.override(language):
        return obj.get_absolute_url()


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response


def served_from_cache(client, url, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = fetch(client, url)
    return response["X-Page-Cache"] == "hit"


@pytest.fixture
def other_article(make_article):
    """An article of another section, which edits of the demo article must leave cached."""
    elsewhere = Section.objects.create(name_vi="Kinh tế", name_en="Economy")
    return make_article(title_vi="Tin kinh tế tháng mười", section=elsewhere, published_at=timezone.now())


# --- Served from the cache, and only to readers ------------------------------------------------------------------

def test_second_visit_is_served_from_the_cache_without_a_query(client, demo, django_assert_num_queries):
    for url in (VI_URL, EN_URL, "/", "/en/", reverse("news:directive_list"), "/rss/", "/sitemap.xml"):
        first = fetch(client, url)
        assert first["X-Page-Cache"] == "miss"
        assert served_from_cache(client, url, django_assert_num_queries), url
        with django_assert_num_queries(0):
            assert fetch(client, url).content == first.content


def test_languages_and_queries_are_stored_apart(client, demo):
    vietnamese, english = fetch(client, VI_URL), fetch(client, EN_URL)
    assert "Kỷ niệm 17 năm" in vietnamese.content.decode()
    assert "17th anniversary" in english.content.decode().lower()
    search = "/tim-kiem/"
    assert "Kỷ niệm 17 năm" in fetch(client, f"{search}?q=dang+bo+khoi").content.decode()
    assert "Kỷ niệm 17 năm" not in fetch(client, f"{search}?q=ngoai+nuoc+zzz").content.decode()


def test_staff_are_never_served_nor_stored(staff_client, demo, make_article):
    from django.test import Client

    reader = Client()
    draft = make_article(title_vi="Bản nháp chưa duyệt", status=Article.Status.DRAFT)
    page = staff_client.get(VI_URL)
    assert page.status_code == 200 and "X-Page-Cache" not in page
    assert "private" in page["Cache-Control"]
    assert "X-Page-Cache" not in staff_client.get(VI_URL)  # rendered for staff each time
    assert fetch(reader, VI_URL)["X-Page-Cache"] == "miss"  # the staff visits stored nothing
    assert fetch(reader, VI_URL)["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in staff_client.get(VI_URL)  # nor do readers' pages reach staff
    preview = staff_client.get(f"/admin/news/article/{draft.pk}/preview/")
    assert preview.status_code == 200 and "Bản nháp chưa duyệt" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"] or "no-cache" in preview["Cache-Control"]
    assert "Bản nháp chưa duyệt" not in fetch(reader, "/").content.decode()


def test_a_repeat_visit_gets_304(client, demo):
    first = fetch(client, VI_URL)
    assert first["ETag"] and first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]  # the browser asks again each time, cheaply
    assert client.get(VI_URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(VI_URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    demo.title_vi = "Kỷ niệm 17 năm (cập nhật)"
    demo.save()
    changed = client.get(VI_URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "(cập nhật)" in changed.content.decode()


# --- Never stale ---------------------------------------------------------------------------------------------------

def test_editing_an_article_refreshes_every_page_that_shows_it(
    client, demo, other_article, saved, django_assert_num_queries
):
    tag = Tag.objects.create(name_vi="Kỷ niệm", name_en="Anniversary")
    demo.tags.add(tag)
    directive = demo.cited_directives.first()
    assert directive is not None, "the demo article cites documents"
    showing = [
        VI_URL,
        "/",
        url_of(demo.section),
        url_of(tag),
        "/rss/",
        "/sitemap-articles.xml",
        url_of(directive),
        "/tim-kiem/?q=nam+ngay+thanh+lap",
    ]
    not_about_it = Organization.objects.exclude(articles=demo).exclude(issued_directives__articles=demo).first()
    unrelated = [url_of(other_article), url_of(not_about_it)]
    before = {url: fetch(client, url).content for url in showing + unrelated}

    saved(Article, demo.pk, title_vi="Kỷ niệm 17 năm thành lập (bản sửa)")
    for url in showing:
        page = fetch(client, url)
        assert page["X-Page-Cache"] == "miss", url
        assert page.content != before[url], url
        if "sitemap" not in url:  # the sitemap shows the address and the time of the change, not the title
            assert "(bản sửa)" in page.content.decode(), url
    for url in unrelated:
        assert served_from_cache(client, url, django_assert_num_queries), url


def test_unpublishing_and_deleting_take_the_article_off_every_page(client, demo, saved):
    section_url = url_of(demo.section)
    for url in ("/", section_url, "/rss/", "/sitemap-articles.xml"):
        assert VI_URL in fetch(client, url).content.decode() or "17 năm" in fetch(client, url).content.decode()

    saved(Article, demo.pk, status=Article.Status.ARCHIVED)
    assert client.get(VI_URL).status_code == 404
    for url in ("/", section_url, "/rss/", "/sitemap-articles.xml"):
        assert "Kỷ niệm 17 năm" not in fetch(client, url).content.decode(), url


def test_publishing_shows_the_new_article_at_once(client, demo, make_article, committed):
    fetch(client, "/")
    fetch(client, url_of(demo.section))
    committed(lambda: make_article(title_vi="Tin mới vừa đăng", section=demo.section, published_at=timezone.now()))
    assert "Tin mới vừa đăng" in fetch(client, "/").content.decode()
    assert "Tin mới vừa đăng" in fetch(client, url_of(demo.section)).content.decode()


def test_deleting_an_article_drops_its_tag_pages(client, make_article, committed):
    article = make_article(title_vi="Tin sẽ bị xoá", published_at=timezone.now())
    tag = Tag.objects.create(name_vi="Thẻ thử", name_en="Trial tag")
    article.tags.add(tag)
    assert "Tin sẽ bị xoá" in fetch(client, url_of(tag)).content.decode()
    committed(lambda: Article.objects.filter(pk=article.pk).first().delete())
    assert "Tin sẽ bị xoá" not in fetch(client, url_of(tag)).content.decode()


def test_a_scheduled_article_appears_when_its_time_comes(client, section, make_article, clock):
    make_article(title_vi="Tin đã đăng", published_at=timezone.now() - timedelta(days=1))
    go_live = timezone.now() + timedelta(seconds=1.5)
    make_article(title_vi="Tin hẹn giờ", published_at=go_live)
    clock.shift(0.1)  # a reader comes after the articles were saved (a page rendered at their stamp is not kept)
    assert "Tin hẹn giờ" not in fetch(client, "/").content.decode()
    assert fetch(client, "/")["X-Page-Cache"] == "hit"
    clock.travel(go_live - timedelta(milliseconds=1))
    assert fetch(client, "/")["X-Page-Cache"] == "hit"  # kept until the very moment it goes live
    clock.travel(go_live)
    page = fetch(client, "/")
    assert page["X-Page-Cache"] == "miss" and "Tin hẹn giờ" in page.content.decode()


def test_registry_edits_refresh_their_pages_and_leave_the_news(
    client, demo, other_article, saved, django_assert_num_queries
):
    directive = demo.cited_directives.first()
    issuer = directive.issuing_body
    assert demo.organizations.filter(pk=issuer.pk).exists()  # the article lists it among its organizations
    pages = [url_of(directive), reverse("news:directive_list"), url_of(issuer), reverse("news:organization_list"),
             VI_URL]
    elsewhere = url_of(Organization.objects.get(slug="dang-bo-khoi-i"))
    for url in pages + [url_of(other_article), elsewhere]:
        fetch(client, url)

    saved(Organization, issuer.pk, name_vi="Ban Chấp hành (tên mới)")
    for url in pages:
        assert "(tên mới)" in fetch(client, url).content.decode(), url
    assert served_from_cache(client, url_of(other_article), django_assert_num_queries)  # news not about it

    saved(Directive, directive.pk, summary_vi="Trích yếu đã sửa")
    assert "Trích yếu đã sửa" in fetch(client, url_of(directive)).content.decode()
    assert served_from_cache(client, elsewhere, django_assert_num_queries)


def test_renaming_a_section_changes_the_menu_everywhere(client, demo, other_article, saved):
    demo.section.in_menu = True
    demo.section.save()
    urls = [VI_URL, "/", url_of(other_article), reverse("news:organization_list")]
    for url in urls:
        fetch(client, url)

    saved(Section, demo.section.pk, name_vi="Hoạt động Đảng (menu mới)")
    for url in urls:
        assert "(menu mới)" in fetch(client, url).content.decode(), url


def test_an_edit_through_the_admin_is_seen_by_the_next_reader(client, staff_client, make_article):
    from django.test import Client

    from tests.pages import change_form_data

    article = make_article(published_at=timezone.now() - timedelta(hours=1))
    reader = Client()
    assert "Hội nghị triển khai" in fetch(reader, url_of(article)).content.decode()
    # "Lưu và đăng các thay đổi": a plain save of a live article waits as a draft of changes (test_pending_changes).
    data = change_form_data(staff_client, article, title_vi="Hội nghị triển khai (đã sửa qua quản trị)",
                            _move="published")
    response = staff_client.post(f"/admin/news/article/{article.pk}/change/", data)
    assert response.status_code == 302
    assert "(đã sửa qua quản trị)" in fetch(reader, url_of(Article.objects.get(pk=article.pk))).content.decode()


# --- The mechanism ---------------------------------------------------------------------------------------------

def test_a_page_rendered_before_a_commit_is_not_served_after_it(rf, db):
    """A reader's render that read the old data while an edit committed must not be kept as the new page."""
    state = {"title": "cũ"}

    @pagecache.cache_public_page
    def view(request):
        from django.http import HttpResponse

        pagecache.depends_on(request, "article:1")
        body = state["title"]
        if body == "cũ":
            # An edit commits while this render is still running (it already read the old title).
            state["title"] = "mới"
            pagecache.invalidate("article:1")
        return HttpResponse(body)

    def get():
        request = rf.get("/tin-tuc/x/")
        return view(request)

    assert get().content.decode() == "cũ"
    second = get()
    assert second["X-Page-Cache"] == "miss" and second.content.decode() == "mới"
    assert get()["X-Page-Cache"] == "hit"


def test_the_commit_hook_drops_a_page_stored_between_save_and_commit(
    client, demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as hooks:
        article = Article.objects.get(pk=demo.pk)
        article.title_vi = "Kỷ niệm (đang lưu)"
        article.save()
        fetch(client, VI_URL)  # another reader stores a page in the meantime
        assert fetch(client, VI_URL)["X-Page-Cache"] == "hit"
    for hook in hooks:
        hook()
    assert fetch(client, VI_URL)["X-Page-Cache"] == "miss"


def test_clock_skew_margin_only_costs_a_render(client, demo, settings):
    """With the production margin, a page rendered just after an edit is rendered again, never served stale."""
    settings.PAGE_CACHE_CLOCK_SKEW = 60
    fetch(client, VI_URL)
    demo.title_vi = "Kỷ niệm (lệch giờ)"
    demo.save()
    assert "(lệch giờ)" in fetch(client, VI_URL).content.decode()
    assert fetch(client, VI_URL)["X-Page-Cache"] == "miss"


def test_renaming_a_tag_refreshes_its_articles_and_leaves_others(
    client, make_article, other_article, saved, django_assert_num_queries
):
    tagged = make_article(title_vi="Tin có thẻ", published_at=timezone.now())
    tag = Tag.objects.create(name_vi="Chuyển đổi số", name_en="Digital transformation")
    tagged.tags.add(tag)
    for url in (url_of(tagged), url_of(tag), url_of(other_article)):
        fetch(client, url)

    saved(Tag, tag.pk, name_vi="Chuyển đổi số quốc gia")
    assert "Chuyển đổi số quốc gia" in fetch(client, url_of(tagged)).content.decode()
    assert "Chuyển đổi số quốc gia" in fetch(client, url_of(Tag.objects.get(pk=tag.pk))).content.decode()
    assert served_from_cache(client, url_of(other_article), django_assert_num_queries)


def test_pages_and_edits_work_while_the_cache_server_is_down(client, settings, make_article, caplog):
    """Redis unreachable (nothing listens on port 1): readers still get pages, staff can still save."""
    pytest.importorskip("redis")
    settings.CACHES = {
        "default": {
            "BACKEND": "orgsite.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    article = make_article(title_vi="Tin khi bộ đệm hỏng", published_at=timezone.now())
    page = client.get(url_of(article))
    assert page.status_code == 200 and "Tin khi bộ đệm hỏng" in page.content.decode()
    article.title_vi = "Tin khi bộ đệm hỏng (đã sửa)"
    article.save()
    assert "(đã sửa)" in client.get(url_of(article)).content.decode()
    assert "Page cache unreachable" in caplog.text


def test_an_edit_waits_out_the_lease_so_the_next_reader_gets_the_new_page(
    client, make_article, settings, saved, clock
):
    settings.PAGE_CACHE_LEASE = 0.3
    article = make_article(published_at=timezone.now() - timedelta(hours=1))
    url = url_of(article)
    fetch(client, url)
    assert fetch(client, url)["X-Page-Cache"] == "hit"
    # Within its lease a process serves its copy without asking: a stamp alone is not seen at once...
    pagecache.invalidate(f"article:{article.pk}")
    assert fetch(client, url)["X-Page-Cache"] == "hit"
    # ...which is why a committed edit returns only once every lease taken before it has run out.
    assert clock.waits == []
    started = clock.monotonic()

    saved(Article, article.pk, title_vi="Hội nghị (sửa trong thời hạn)")
    assert clock.waits and all(wait == pytest.approx(0.3) for wait in clock.waits), clock.waits
    assert clock.monotonic() - started >= 0.3
    page = fetch(client, url)
    assert page["X-Page-Cache"] == "miss" and "(sửa trong thời hạn)" in page.content.decode()


def test_a_flushed_cache_never_lets_an_old_copy_pass_for_fresh(client, make_article):
    """Stamps gone (Redis flushed or restarted): a process's own copy of a page is rendered again, not trusted."""
    from django.core.cache import cache

    article = make_article(published_at=timezone.now() - timedelta(hours=1))
    fetch(client, url_of(article))
    assert fetch(client, url_of(article))["X-Page-Cache"] == "hit"
    cache.clear()  # the process's recent copy stays, but the stamps that vouched for it are gone
    Article.objects.filter(pk=article.pk).update(title_vi="Sửa lúc bộ đệm trống")  # no signal, no stamp
    page = fetch(client, url_of(article))
    assert page["X-Page-Cache"] == "miss" and "Sửa lúc bộ đệm trống" in page.content.decode()


def test_a_page_rendered_across_a_go_live_is_not_kept_past_it(rf, make_article, clock):
    from django.http import HttpResponse

    go_live = timezone.now() + timedelta(seconds=0.4)
    make_article(title_vi="Tin hẹn giờ", published_at=go_live)
    clock.shift(0.1)  # the render starts after the save (a page rendered at its stamp would not be kept anyway)

    @pagecache.cache_public_page
    def slow_view(request):
        clock.shift(0.6)  # began before the article went live, stored after
        return HttpResponse("trang chưa có tin hẹn giờ")

    assert slow_view(rf.get("/cham/"))["X-Page-Cache"] == "miss"
    assert slow_view(rf.get("/cham/"))["X-Page-Cache"] == "miss"


def test_a_page_that_sets_a_cookie_for_its_reader_is_not_stored(rf, db):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    @pagecache.cache_public_page
    def form_view(request):
        return HttpResponse(f"<form><input name=csrfmiddlewaretoken value={get_token(request)}></form>")

    form_view(rf.get("/gop-y/"))
    assert form_view(rf.get("/gop-y/"))["X-Page-Cache"] == "miss"


def test_many_invalidations_in_one_request_wait_out_the_lease_once(settings, clock):
    settings.PAGE_CACHE_LEASE = 0.2
    started = clock.monotonic()
    with pagecache.one_wait():
        for number in range(6):
            pagecache.invalidate(f"article:{number}", wait=True)
            assert clock.waits == []  # none waits on its own
    assert clock.waits == [pytest.approx(0.2)]  # one wait, at the end, of the whole lease
    assert clock.monotonic() - started == pytest.approx(0.2)
