"""The document registry and the organization directory as a reader uses them."""
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from news.models import Directive, Organization, OrganizationStatistics
from tests.pages import elements, texts


def url(name, **kwargs):
    from django.urls import reverse

    return reverse(f"news:{name}", kwargs=kwargs or None)


@pytest.fixture
def page(client):
    def get(path, status=200):
        response = client.get(path)
        assert response.status_code == status, path
        return response.content.decode()

    return get


def test_directive_page_shows_the_metadata_readers_expect(page, demo):
    html = page("/van-ban/chi-thi-05-ct-tw-2016-05-15/")
    assert texts(html, "h1") == ["Chỉ thị 05-CT/TW"]
    headers = texts(html, "th", scope="row")
    expected = [
        "Số ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Người ký", "Ngày ban hành", "Ngày hiệu lực", "Khóa",
        "Tình trạng hiệu lực", "Trích yếu", "File đính kèm",
    ]
    assert [header for header in headers if header in expected] == expected  # rows for what it has in between
    cells = dict(zip(headers, texts(html, "td")))
    assert cells["Số ký hiệu"] == "05-CT/TW" and cells["Loại văn bản"] == "Chỉ thị"
    assert cells["Cơ quan ban hành"] == "Bộ Chính trị"
    assert cells["Ngày ban hành"] == "15/05/2016" and cells["Khóa"] == "XII"
    assert "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" in cells["Trích yếu"]
    related = next(text for text in texts(html, "section") if text.startswith("Tin bài liên quan"))
    assert "Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối" in related


def test_demo_document_pages_show_their_relations_both_ways(page, demo):
    directive = page("/en/documents/chi-thi-05-ct-tw-2016-05-15/")
    panel = directive[directive.index('class="relation-panel"'):directive.index('id="citing-heading"')]
    assert texts(panel, "h3") == ["Implemented by (1)"]
    [link] = elements(panel, "a")
    assert (link.text, link.attrs["href"]) == ("Conclusion 01-KL/TW", "/en/documents/ket-luan-01-kl-tw-2021-05-18/")
    conclusion = page("/en/documents/ket-luan-01-kl-tw-2021-05-18/")
    panel = conclusion[conclusion.index('class="relation-panel"'):conclusion.index('id="citing-heading"')]
    assert texts(panel, "h3") == ["Implements (1)"] and "Directive 05-CT/TW" in texts(panel, "li")[0]
    # The demo records no effective dates (none confirmed): validity is not recorded rather than guessed.
    assert "Not recorded" in texts(panel, "li")[0]


def test_directive_attached_file_shows_name_type_and_size(page, demo):
    directive = Directive.objects.get(number="47-QĐ/TW")
    directive.file = SimpleUploadedFile("47-qd-tw.pdf", b"%PDF-1.4\n" + b"0" * 3000)
    directive.save()
    html = page(directive.get_absolute_url())
    [link] = elements(html, "a", download=None)
    assert link.attrs["href"].endswith(".pdf") and link.text == "Quyết định 47-QĐ/TW"
    assert "(PDF, 2,9\xa0KB)" in texts(html, "td")[-1] or "(PDF, 2.9\xa0KB)" in texts(html, "td")[-1]


def test_directive_english_page(page, demo):
    with translation.override("en"):
        path = Directive.objects.get(number="01-KL/TW").get_absolute_url()
    assert path == "/en/documents/ket-luan-01-kl-tw-2021-05-18/"
    html = page(path)
    assert texts(html, "h1") == ["Conclusion 01-KL/TW"]
    assert "Issuing body" in texts(html, "th") and "Related articles" in texts(html, "h2")


def test_plenum_resolution_page(page, demo):
    html = page("/van-ban/nghi-quyet-12-nq-tw-2012-01-16/")
    assert "Hội nghị Trung ương 4, khóa XI" in texts(html, "td")


@pytest.mark.parametrize(
    "query, expected, absent",
    [
        ("type=chi-thi", ["Chỉ thị 03-CT/TW", "Chỉ thị 05-CT/TW"], ["Quyết định 47-QĐ/TW"]),
        ("term=XIII", ["Kết luận 01-KL/TW", "Kết luận 21-KL/TW"], ["Chỉ thị 05-CT/TW"]),
        ("year=2016", ["Chỉ thị 05-CT/TW", "Nghị quyết 04-NQ/TW"], ["Chỉ thị 03-CT/TW"]),
        ("body=bo-chinh-tri", ["Quyết định 47-QĐ/TW", "Chỉ thị 03-CT/TW"], ["Nghị quyết 12-NQ/TW"]),
        ("q=47-qđ", ["Quyết định 47-QĐ/TW"], ["Chỉ thị 05-CT/TW"]),
        ("q=phong+cách", ["Chỉ thị 05-CT/TW", "Kết luận 01-KL/TW"], ["Quyết định 47-QĐ/TW"]),
        ("type=chi-thi&term=XII", ["Chỉ thị 05-CT/TW"], ["Chỉ thị 03-CT/TW"]),
    ],
)
def test_directive_list_filters(page, demo, query, expected, absent):
    html = page(f"/van-ban/?{query}")
    listed = [link.text for link in elements(html, "a") if link.attrs.get("href", "").startswith("/van-ban/") and link.text]
    for citation in expected:
        assert citation in listed
    for citation in absent:
        assert citation not in listed


def test_directive_filters_are_labelled_and_kept_in_the_url(page, demo):
    html = page("/van-ban/?type=chi-thi&term=XII")
    for control in elements(html, "select") + elements(html, "input"):
        assert elements(html, "label", **{"for": control.attrs["id"]}), control
    selected = [option.text for option in elements(html, "option", selected=None)]
    assert "Chỉ thị" in selected and "XII" in selected


def test_directive_list_paginates_with_filters(page, demo):
    for number in range(25):
        Directive.objects.create(number=f"{100 + number}-CT/TW", document_type="chi-thi", issued_on=date(2020, 1, 1 + number % 28))
    html = page("/van-ban/?type=chi-thi")
    assert "27 văn bản" in texts(html, "p", class_="result-count")[0]
    [next_link] = elements(html, "a", rel="next")
    assert next_link.attrs["href"] == "?type=chi-thi&page=2"
    assert page("/van-ban/?type=chi-thi&page=2").count("/van-ban/chi-thi-") == 7


def test_bad_filter_gives_a_message_not_an_error(page, demo):
    html = page("/van-ban/?year=abc&type=nonsense")
    assert "không hiểu" in texts(html, "p", role="alert")[0]


def test_organization_page_shows_statistics_and_history(page, demo):
    html = page("/to-chuc/dang-bo-khoi-cac-co-quan-trung-uong/")
    assert texts(html, "h1") == ["Đảng bộ Khối các cơ quan Trung ương"]
    figures = texts(html, "ul", class_="figures")[0]
    for fact in ("61 đảng bộ trực thuộc", "78.432 đảng viên", "5.529 chi bộ", "474 chi bộ cơ sở", "5.055 chi bộ trực thuộc"):
        assert fact in figures
    assert "Số liệu tính đến ngày 31/12/2023" in texts(html, "h2")
    history = texts(html, "dl")[0]
    assert "11/04/2007" in history and "Quyết định 47-QĐ/TW" in history and "Ban Cán sự Đảng Ngoài nước" in history
    assert "Đảng bộ Khối Kinh tế" in history
    assert elements(html, "p", class_="other-name", lang="en")[0].text == "Party Committee of Central Agencies"
    assert "Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối các cơ quan Trung ương" in html


def test_organization_earlier_figures_table(page, demo):
    committee = Organization.objects.get(slug="dang-bo-khoi-cac-co-quan-trung-uong")
    OrganizationStatistics.objects.create(organization=committee, as_of=date(2022, 12, 31), members=77000)
    html = page(committee.get_absolute_url())
    assert "Số liệu tính đến ngày 31/12/2023" in texts(html, "h2")
    assert "31/12/2022" in texts(html, "th") and "77.000" in texts(html, "td")


def test_organization_english_page_numbers_and_names(page, demo):
    html = page("/en/organizations/dang-bo-khoi-cac-co-quan-trung-uong/")
    assert texts(html, "h1") == ["Party Committee of Central Agencies"]
    assert "78,432 Party members" in texts(html, "ul", class_="figures")[0]
    assert elements(html, "p", class_="other-name", lang="vi")[0].text == "Đảng bộ Khối các cơ quan Trung ương"


def test_predecessor_links_back_to_its_successor(page, demo):
    html = page("/to-chuc/ban-can-su-dang-ngoai-nuoc/")
    assert "Đảng bộ Khối các cơ quan Trung ương" in texts(html, "dl")[0]


def test_issuing_body_lists_its_documents(page, demo):
    html = page("/to-chuc/bo-chinh-tri/")
    issued = texts(html, "section")
    assert any("Chỉ thị 05-CT/TW" in block and "Quyết định 47-QĐ/TW" in block for block in issued)


def test_organization_directory_is_a_tree(page, demo):
    html = page("/to-chuc/")
    tree = elements(html, "div", class_="org-tree")[0].text
    assert "Ban Chấp hành Trung ương Đảng" in tree and "Bộ Chính trị" in tree
    nested = [li.text for li in elements(html, "li")]
    top = next(text for text in nested if text.startswith("Ban Chấp hành Trung ương Đảng"))
    assert "Bộ Chính trị" in top and "Đảng bộ Khối các cơ quan Trung ương" in top


def test_unknown_directive_and_organization_are_404(page, demo):
    page("/van-ban/khong-co/", status=404)
    page("/to-chuc/khong-co/", status=404)


def test_a_document_cited_by_many_articles_lists_them_page_by_page(client, make_article):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    directive = Directive.objects.create(number="12-CT/TW", document_type="chi-thi", issued_on=date(2023, 1, 3))
    start = datetime(2024, 1, 1, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    for day in range(25):
        article = make_article(title_vi=f"Quán triệt chỉ thị, bài {day + 1:02d}", published_at=start + timedelta(days=day))
        article.directives.add(directive)
    url = directive.get_absolute_url()
    first = client.get(url).content.decode()
    assert first.count("Quán triệt chỉ thị, bài") == 20
    assert "bài 25" in first and "bài 05" not in first  # newest first
    assert 'href="?page=2" rel="next"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count("Quán triệt chỉ thị, bài") == 5 and "bài 01" in second
