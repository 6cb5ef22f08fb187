"""The comments of a draft exported for the drafting unit (consultation/exports.py, the comment admin's export
views and actions): read back as a spreadsheet reads them, CSV with the csv module and XLSX with openpyxl."""
import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from consultation.models import Comment, Draft
from tests.factories import HANOI

COMMENTS = "/admin/consultation/comment/"
HEADER = ["Thời gian gửi", "Họ và tên", "Thư điện tử", "Điện thoại", "Cơ quan, tổ chức", "Điều", "Góp ý",
          "Kiểm duyệt", "Xử lý", "Trả lời", "Dự thảo"]
SENT = datetime(2026, 3, 5, 14, 7, tzinfo=HANOI)


@pytest.fixture
def draft_with_comments(make_consultation_draft, make_consultation_comment):
    draft = make_consultation_draft(title_vi="Dự thảo Luật Đấu thầu (sửa đổi)", slug="du-thao-luat-dau-thau",
                                    status=Draft.Status.PUBLISHED)
    make_consultation_comment(draft, submitted_at=SENT, name="Nguyễn Thị Hoà", organisation="Hội Doanh nghiệp",
                              article_ref="Điều 12", body="Đề nghị bổ sung khoản 3.\nCảm ơn.",
                              moderation=Comment.Moderation.APPROVED, disposition=Comment.Disposition.ACCEPTED,
                              response="Đã tiếp thu.")
    make_consultation_comment(draft, submitted_at=SENT.replace(hour=15), name="=HYPERLINK(\"http://x\",\"bấm\")",
                              phone="+84912345678", organisation="@SUM(A1:A2)", body="-1+1")
    other = make_consultation_draft(title_vi="Dự thảo khác")
    make_consultation_comment(other, body="Góp ý ở dự thảo khác")
    return draft


@pytest.fixture
def editor(client, people):
    client.force_login(people["editor"])
    return client


def read_csv(response):
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # the byte-order mark: Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sheet, [[cell.value or "" for cell in row] for row in sheet.iter_rows()]


def test_the_csv_of_one_draft_has_the_units_columns_in_vietnamese(editor, draft_with_comments):
    response = editor.get(f"{COMMENTS}export/csv/", {"draft__id__exact": draft_with_comments.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="gop-y-du-thao-luat-dau-thau-')
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert rows[1] == ["14:07 05/03/2026", "Nguyễn Thị Hoà", "an@example.vn", "0912345678", "Hội Doanh nghiệp",
                       "Điều 12", "Đề nghị bổ sung khoản 3.\nCảm ơn.", "Đã duyệt", "Tiếp thu", "Đã tiếp thu.",
                       "Dự thảo Luật Đấu thầu (sửa đổi)"]
    assert len(rows) == 3  # the other draft's comment is not in it


def test_formula_like_cells_are_neutralised_in_csv(editor, draft_with_comments):
    rows = read_csv(editor.get(f"{COMMENTS}export/csv/", {"draft__id__exact": draft_with_comments.pk}))
    second = dict(zip(HEADER, rows[2]))
    assert second["Họ và tên"] == "'=HYPERLINK(\"http://x\",\"bấm\")"
    assert second["Điện thoại"] == "'+84912345678"
    assert second["Cơ quan, tổ chức"] == "'@SUM(A1:A2)"
    assert second["Góp ý"] == "'-1+1"
    assert second["Kiểm duyệt"] == "Chờ duyệt" and second["Xử lý"] == "Chưa xử lý"


def test_the_xlsx_reads_back_with_text_never_formulas(editor, draft_with_comments):
    response = editor.get(f"{COMMENTS}export/xlsx/", {"draft__id__exact": draft_with_comments.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet, rows = read_xlsx(response)
    assert rows[0] == HEADER and len(rows) == 3
    assert rows[1][:3] == ["14:07 05/03/2026", "Nguyễn Thị Hoà", "an@example.vn"]
    assert sheet.title == "Dự thảo Luật Đấu thầu (sửa đổi)"
    name = sheet["B3"]
    # Shown exactly as sent, stored as text (not a formula), marked as text for Excel (quote prefix).
    assert (name.value, name.data_type, name.quotePrefix) == ('=HYPERLINK("http://x","bấm")', "s", True)
    assert (sheet["G3"].value, sheet["G3"].data_type) == ("-1+1", "s")
    assert sheet["A1"].font.bold


def test_control_characters_a_commenter_pasted_do_not_break_the_xlsx(editor, make_consultation_draft,
                                                                     make_consultation_comment):
    # Word puts a vertical tab for a manual line break; openpyxl refuses such characters in a cell (a 500 before).
    draft = make_consultation_draft(status=Draft.Status.PUBLISHED)
    make_consultation_comment(draft, name="Trần\x1bBình", body="Dòng một\x0bdòng hai\x0c")
    response = editor.get(f"{COMMENTS}export/xlsx/", {"draft__id__exact": draft.pk})
    assert response.status_code == 200
    _sheet, rows = read_xlsx(response)
    assert (rows[1][1], rows[1][6]) == ("Trần\ufffdBình", "Dòng một\ufffddòng hai\ufffd")
    rows = read_csv(editor.get(f"{COMMENTS}export/csv/", {"draft__id__exact": draft.pk}))
    assert rows[1][6] == "Dòng một\x0bdòng hai\x0c"  # CSV carries them as they are


def test_the_export_follows_the_lists_filters_and_search(editor, draft_with_comments):
    rows = read_csv(editor.get(f"{COMMENTS}export/csv/", {"moderation__exact": "pending"}))
    assert [row[6] for row in rows[1:]] == ["'-1+1", "Góp ý ở dự thảo khác"]
    rows = read_csv(editor.get(f"{COMMENTS}export/csv/", {"q": "khoản"}))
    assert [row[1] for row in rows[1:]] == ["Nguyễn Thị Hoà"]
    # The list offers the links with its filters as they are.
    page = editor.get(COMMENTS, {"draft__id__exact": draft_with_comments.pk}).content.decode()
    assert f'href="{COMMENTS}export/xlsx/?draft__id__exact={draft_with_comments.pk}"' in page
    assert "Xuất CSV" in page and "Xuất XLSX" in page


def test_unknown_filters_export_nothing(editor, draft_with_comments):
    response = editor.get(f"{COMMENTS}export/csv/", {"no_such_field": "1"})
    assert response.status_code == 302 and response["Location"] == COMMENTS


def test_the_selected_comments_export_by_action(editor, draft_with_comments):
    chosen = Comment.objects.filter(name="Nguyễn Thị Hoà").values_list("pk", flat=True)
    response = editor.post(COMMENTS, {"action": "export_xlsx", "_selected_action": list(chosen)})
    _sheet, rows = read_xlsx(response)
    assert [row[1] for row in rows[1:]] == ["Nguyễn Thị Hoà"]


@pytest.mark.parametrize("role, status", [("writer", 403), ("no_group", 403), ("anonymous", 302)])
def test_only_who_sees_comments_exports_them(client, people, draft_with_comments, role, status):
    if people[role]:
        client.force_login(people[role])
    for kind in ("csv", "xlsx"):
        response = client.get(f"{COMMENTS}export/{kind}/", {"draft__id__exact": draft_with_comments.pk})
        assert response.status_code == status
        assert "Nguyễn Thị Hoà".encode() not in response.content
