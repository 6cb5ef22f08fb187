"""The credit of a photo as readers see it: "Ảnh: …" under the article's lead picture ("Photo: …" in English),
after the caption, on the page and in its print view; nothing when the image has no credit; escaped like any text.
A new credit shows on the page at once (the kept part of the page goes with the image's changes)."""
import json
import re

import pytest
from django.utils import translation

from news.models import Image, Rendition
from tests.factories import image_upload
from tests.pages import elements, texts


@pytest.fixture
def photo(db, media_root):
    return Image.objects.create(
        file=image_upload("hoi-nghi.png", "PNG", (1600, 900)), caption_vi="Toàn cảnh hội nghị",
        caption_en="The conference hall", alt_vi="Hội trường", alt_en="The hall", credit="Nguyễn Văn An",
    )


def page(client, article, lang="vi"):
    with translation.override(lang):
        url = article.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_credit_is_under_the_photo_after_its_caption_in_both_languages(client, make_article, photo):
    article = make_article(image=photo, title_en="Conference", body_en="<p>Body.</p>", lead_en="Lead.")
    vietnamese = page(client, article)
    assert texts(vietnamese, "figcaption") == ["Toàn cảnh hội nghị Ảnh: Nguyễn Văn An"]
    assert texts(vietnamese, "span", class_="photo-credit") == ["Ảnh: Nguyễn Văn An"]
    english = page(client, article, "en")
    assert texts(english, "figcaption") == ["The conference hall Photo: Nguyễn Văn An"]
    assert texts(english, "span", class_="photo-credit") == ["Photo: Nguyễn Văn An"]
    # Under the picture, inside its figure: the caption and credit follow the <picture> in the same figure.
    start = vietnamese.index('class="article-photo"')
    assert start < vietnamese.index("<picture", start) < vietnamese.index("Ảnh: Nguyễn Văn An", start) \
        < vietnamese.index("</figure>", start)


def test_a_photo_without_credit_shows_no_credit_and_without_caption_no_empty_figcaption(client, make_article, photo):
    photo.credit = ""
    photo.save()
    article = make_article(image=photo)
    html = page(client, article)
    assert texts(html, "figcaption") == ["Toàn cảnh hội nghị"] and "Ảnh:" not in html
    assert not elements(html, "span", class_="photo-credit")
    photo.caption_vi = ""
    photo.save()
    html = page(client, article)
    assert not elements(html, "figcaption") and elements(html, "figure", class_="article-photo")


def test_a_credit_without_caption_is_the_figcaption_alone(client, make_article, photo):
    photo.caption_vi = ""
    photo.save()
    assert texts(page(client, make_article(image=photo)), "figcaption") == ["Ảnh: Nguyễn Văn An"]


def test_the_credit_is_escaped(client, make_article, photo):
    photo.credit = '<script>alert("x")</script> & Co'
    photo.save()
    html = page(client, make_article(image=photo))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html
    assert texts(html, "span", class_="photo-credit") == ['Ảnh: <script>alert("x")</script> & Co']


def test_the_print_view_shows_the_credit_too(client, make_article, photo):
    article = make_article(image=photo)
    print_url = [a.attrs["href"] for a in elements(page(client, article), "a") if a.attrs.get("rel") == "nofollow"][0]
    html = client.get(print_url).content.decode()
    assert texts(html, "figcaption") == ["Toàn cảnh hội nghị Ảnh: Nguyễn Văn An"]


def test_a_new_credit_shows_on_the_page_at_once(client, make_article, photo, django_capture_on_commit_callbacks):
    article = make_article(image=photo)
    assert "Ảnh: Nguyễn Văn An" in page(client, article)  # rendered and kept
    with django_capture_on_commit_callbacks(execute=True):
        photo.credit = "Trần Thị Bình / TTXVN"
        photo.save()
    html = page(client, article)
    assert texts(html, "span", class_="photo-credit") == ["Ảnh: Trần Thị Bình / TTXVN"]


def test_shared_previews_and_search_engines_get_the_crops_around_the_focal_point(client, make_article, photo):
    article = make_article(image=photo)
    html = page(client, article)
    og = {e.attrs["property"]: e.attrs["content"] for e in elements(html, "meta") if "property" in e.attrs}
    wide = Rendition.objects.get(image=photo, width=1200)
    assert og["og:image"] == f"http://testserver{wide.file.url}"
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "675")
    [data] = [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
              if '"NewsArticle"' in block]
    sizes = [(r.width, r.height) for url in data["image"]
             for r in Rendition.objects.filter(image=photo) if url.endswith(r.file.url)]
    assert sizes == [(1200, 675), (1024, 768), (720, 720)]  # 16:9, 4:3, 1:1, as search engines ask
