"""The document page and list as readers use them: full text with its contents, search, subject areas, gazette,
the list's form; and pages that stay true when a related document changes."""
from datetime import date

import pytest
from django.utils import translation

from news.models import Directive, DocumentRelation, SearchEntry, SubjectArea
from tests.pages import elements, form_data, texts

FULL_TEXT = (
    "<p>CHÍNH PHỦ</p>"
    "<p><strong>Điều 1. Phạm vi điều chỉnh</strong></p><p>Nghị định này quy định về phòng, chống lãng phí.</p>"
    "<p><strong>Điều 2. Đối tượng áp dụng</strong></p><p>Cơ quan nhà nước, doanh nghiệp nhà nước.</p>"
    "<h3>Điều 3: Trách nhiệm thi hành</h3><p>Các bộ trưởng chịu trách nhiệm thi hành.</p>"
    "<p>“Điều 5. Nội dung được trích dẫn, không phải một điều của văn bản này”</p>"
    '<p onclick="steal()">Điều 4. Hiệu lực thi hành<script>alert(1)</script></p>'
)


def decree(**fields):
    values = {"number": "31/2021/NĐ-CP", "document_type": "nghi-dinh", "issued_on": date(2021, 3, 26)}
    values.update(fields)
    return Directive.objects.create(**values)


def page(client, directive, lang="vi"):
    with translation.override(lang):
        url = directive.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_full_text_is_cleaned_on_save_and_shown_with_a_table_of_contents(client):
    directive = decree(full_text=FULL_TEXT)
    assert "<script" not in directive.full_text and "onclick" not in directive.full_text
    html = page(client, directive, "en")
    assert "Full text" in texts(html, "h2") and "Contents" in texts(html, "h3")
    assert len(elements(html, "nav", class_="text-contents")) == 1
    entries = [(link.attrs["href"], link.text) for link in elements(html, "a") if link.attrs.get("href", "")
               .startswith("#dieu-")]
    assert entries == [
        ("#dieu-1", "Điều 1. Phạm vi điều chỉnh"), ("#dieu-2", "Điều 2. Đối tượng áp dụng"),
        ("#dieu-3", "Điều 3: Trách nhiệm thi hành"), ("#dieu-4", "Điều 4. Hiệu lực thi hành"),
    ]
    # Each entry leads to its article; the text is marked as Vietnamese on the English page.
    for anchor in ("dieu-1", "dieu-2", "dieu-3", "dieu-4"):
        assert len(elements(html, id=anchor)) == 1
    [text] = elements(html, "div", class_="full-text")
    assert text.attrs["lang"] == "vi" and "phòng, chống lãng phí" in text.text
    assert "<script" not in html[html.index('class="full-text"'):]


@pytest.mark.django_db
def test_a_short_text_has_no_table_of_contents(client):
    html = page(client, decree(full_text="<p><strong>Điều 1.</strong> Nội dung.</p><p>Điều 2. Thi hành.</p>"))
    assert not elements(html, "nav", class_="text-contents") and elements(html, "div", class_="full-text")


@pytest.mark.django_db
def test_a_document_without_full_text_shows_no_empty_section(client):
    assert not elements(page(client, decree()), "div", class_="full-text")


@pytest.mark.django_db
def test_the_site_search_finds_words_of_the_full_text_with_or_without_diacritics(client):
    directive = decree(full_text=FULL_TEXT, summary_vi="Quy định chi tiết Luật Thực hành tiết kiệm")
    other = decree(number="99/2021/NĐ-CP", summary_vi="Về phòng, chống lãng phí")  # the words in its summary
    for query in ("lãng phí", "lang phi", "LÃNG PHÍ"):
        html = client.get("/tim-kiem/", {"q": query}).content.decode()
        found = [link.attrs.get("href", "") for link in elements(html, "a")]
        assert directive.get_absolute_url() in found and other.get_absolute_url() in found, query
    entry = SearchEntry.objects.get(kind="directive", object_id=directive.pk, language="en")
    assert "phòng, chống lãng phí" in entry.body and "<p>" not in entry.body  # the English search finds it too
    # A document's later edit of its text is found at once, the old words no more.
    directive.full_text = "<p>Điều 1. Về tiết kiệm năng lượng.</p>"
    directive.save()
    html = client.get("/tim-kiem/", {"q": "nang luong"}).content.decode()
    assert directive.get_absolute_url() in html


@pytest.mark.django_db
def test_subject_areas_show_on_the_page_and_filter_the_list(client):
    investment = SubjectArea.objects.create(name_vi="Đầu tư", name_en="Investment")
    planning = SubjectArea.objects.create(name_vi="Kế hoạch", name_en="Planning")
    assert investment.slug == "dau-tu"
    filed = decree()
    filed.subject_areas.add(investment)
    decree(number="2/2021/NĐ-CP").subject_areas.add(planning)
    html = page(client, filed, "en")
    cells = dict(zip(texts(html, "th", scope="row"), texts(html, "td")))
    assert cells["Subject areas"] == "Investment"
    [link] = [link for link in elements(html, "a") if link.text == "Investment"]
    listing = client.get(link.attrs["href"]).content.decode()
    assert link.attrs["href"] == "/en/documents/?area=dau-tu"
    assert "1 document" in texts(listing, "p", class_="result-count")[0]
    assert "Decree 31/2021/NĐ-CP" in [a.text for a in elements(listing, "a")]
    options = texts(listing, "option")
    assert "Investment" in options and "Planning" in options


@pytest.mark.django_db
def test_expiry_and_gazette_rows_show_when_recorded(client):
    html = page(client, decree(effective_on=date(2021, 5, 10), expires_on=date(2026, 1, 1),
                               gazette_number="Số 525 + 526", gazette_date=date(2021, 4, 12)), "en")
    cells = dict(zip(texts(html, "th", scope="row"), texts(html, "td")))
    assert cells["Expires on"] == "01/01/2026" and cells["Official Gazette"] == "Số 525 + 526, 12/04/2021"
    bare = page(client, decree(number="2/2021/NĐ-CP"), "en")
    assert "Expires on" not in texts(bare, "th") and "Official Gazette" not in texts(bare, "th")


@pytest.mark.django_db
def test_the_filter_form_names_the_page_it_sends_to(client):
    # An empty action is not valid HTML (the W3C checker's one error on our pages); the list's own address is.
    for path, expected in (("/van-ban/", "/van-ban/"), ("/en/documents/?type=luat", "/en/documents/")):
        [form] = elements(client.get(path).content.decode(), "form", class_="filters")
        assert form.attrs["action"] == expected


@pytest.mark.django_db
def test_the_list_form_offers_every_filter_labelled(client):
    html = client.get("/en/documents/").content.decode()
    labels = texts(html, "label")
    for label in ("Validity status", "Subject area", "Relation", "To the document (number)"):
        assert label in labels
    for control in elements(html, "select") + elements(html, "input"):
        assert elements(html, "label", **{"for": control.attrs["id"]}), control
    start = html.index('id="id_relation"')
    relations = texts(html[start:html.index("</select>", start)], "option")
    assert relations[:3] == ["All", "Amends or supplements", "Amended or supplemented by"] and len(relations) == 17


@pytest.mark.django_db
def test_editing_a_related_document_refreshes_the_pages_that_show_it(client, clock, django_capture_on_commit_callbacks):
    old = decree(number="43/2011/NĐ-CP", issued_on=date(2011, 6, 13), effective_on=date(2011, 8, 1))
    new = decree(number="42/2022/NĐ-CP", issued_on=date(2022, 6, 24))
    relation = DocumentRelation.objects.create(source=new, kind="replaces", target=old)
    clock.shift(5)

    def item_for_new(stored=False):
        with translation.override("vi"):
            response = client.get(old.get_absolute_url())
        assert response["X-Page-Cache"] == ("hit" if stored else "miss")  # served from the page cache, or rendered
        return next(item for item in texts(response.content, "li") if item.startswith("Nghị định 42/2022"))

    assert "Chưa cập nhật" in item_for_new()  # its effective date is not recorded yet
    assert "Chưa cập nhật" in item_for_new(stored=True)
    clock.shift(5)
    with django_capture_on_commit_callbacks(execute=True):
        new.number = "42/2022/NĐ-CP-SỬA"
        new.effective_on = date(2022, 8, 15)
        new.save()
    clock.shift(5)
    assert item_for_new().startswith("Nghị định 42/2022/NĐ-CP-SỬA") and "Còn hiệu lực" in item_for_new(True)
    # Taking the relation out is seen on both pages at once.
    page(client, new)
    clock.shift(5)
    with django_capture_on_commit_callbacks(execute=True):
        relation.delete()
    clock.shift(5)
    assert "42/2022" not in page(client, old) and "43/2011" not in page(client, new)


@pytest.mark.django_db
def test_subject_areas_have_their_own_admin(act_as):
    client = act_as("administrator")
    response = client.post("/en/admin/news/subjectarea/add/", {
        "name_vi": "Thống kê", "name_en": "Statistics", "slug": "thong-ke", "position": "3"})
    assert response.status_code == 302
    area = SubjectArea.objects.get(slug="thong-ke")
    form = form_data(act_as("administrator").get(f"/en/admin/news/subjectarea/{area.pk}/change/").content)
    assert form["name_en"] == "Statistics"
    # Writers see the list (they read the registry) but add nothing.
    writer = act_as("writer")
    assert writer.get("/en/admin/news/subjectarea/").status_code == 200
    assert writer.post("/en/admin/news/subjectarea/add/", {"name_vi": "X", "name_en": "X", "slug": "x",
                                                           "position": "0"}).status_code == 403
