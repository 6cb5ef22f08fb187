"""The comments of a draft as the drafting unit works on them: a CSV or an Excel (XLSX) file.

Both have the same columns, in the order the unit fills in its report (sent at, who, what, how it was handled).
CSV is UTF-8 with a byte-order mark, which is how Excel knows it is UTF-8 (without it "Góp ý" opens as "GÃ³p Ã½").
Whatever a commenter typed may look like a formula to a spreadsheet (CSV/formula injection: "=HYPERLINK(...)",
"+84..." read as a sum, "@SUM(...)"): a CSV cell starting with one of those characters gets an apostrophe in front,
the spreadsheet's way to say "text"; an XLSX cell is written as text with Excel's own quote prefix, so it shows
exactly what was sent and is never evaluated, even when edited.
Who may export is the admin's to check (consultation.workflow.may_see_comments): the files carry personal data.
"""
import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from news.templatetags.portal import portal_datetime

# A cell starting with one of these is read as a formula (or a command, for tab and carriage return in old Excel).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    (gettext_lazy("Sent at"), lambda c: portal_datetime(c.submitted_at)),
    (pgettext_lazy("consultation", "Name"), lambda c: c.name),
    (gettext_lazy("E-mail"), lambda c: c.email),
    (gettext_lazy("Phone"), lambda c: c.phone),
    (gettext_lazy("Organisation"), lambda c: c.organisation),
    (gettext_lazy("Article (Điều)"), lambda c: c.article_ref),
    (pgettext_lazy("consultation", "Comment"), lambda c: c.body),
    (gettext_lazy("Moderation"), lambda c: c.get_moderation_display()),
    (gettext_lazy("Handling"), lambda c: c.get_disposition_display()),
    (gettext_lazy("Answer"), lambda c: c.response),
    (pgettext_lazy("comments export", "Draft"), lambda c: c.draft.title),
]
# Column widths in the XLSX, in characters (the comment and the answer are read there).
WIDTHS = [17, 24, 28, 16, 28, 12, 80, 20, 22, 60, 40]


def is_formula_like(value):
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value):
    """``value`` as a CSV cell no spreadsheet evaluates: an apostrophe before a formula-like start."""
    return "'" + value if is_formula_like(value) else value


def rows(comments):
    """The header and one row of text per comment (draft read with the comments: ``select_related``)."""
    yield [str(title) for title, _value in COLUMNS]
    for comment in comments.select_related("draft"):
        yield [str(value(comment) or "") for _title, value in COLUMNS]


def as_csv(comments):
    """The comments as CSV bytes: UTF-8 with a byte-order mark, lines ending in CRLF as RFC 4180 says."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows(comments):
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(comments, sheet_title=""):
    """The comments as the bytes of an Excel workbook: one sheet, a bold header row kept in view."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    # A sheet's title is at most 31 characters, none of []:*?/\ .
    sheet.title = "".join(ch for ch in (sheet_title or _("Comments")) if ch not in "[]:*?/\\")[:31] or "Sheet"
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(rows(comments), start=1):
        for column, text in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column)
            # Control characters a cell cannot hold (openpyxl's own list; a vertical tab is Word's manual line
            # break, pasted into the form) would fail the whole export: shown as the replacement character instead.
            cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
            if is_formula_like(text):
                # openpyxl stores a string starting with "=" as a formula: keep it text, and tell Excel so.
                cell.data_type = TYPE_STRING
                cell.quotePrefix = True
            if number == 1:
                cell.font = Font(bold=True)
            else:
                cell.alignment = wrap
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def filename(draft, extension):
    """"gop-y-<the draft's address>-<date>.<ext>" (or "gop-y-<date>" for comments on several drafts)."""
    day = timezone.localdate().strftime("%Y-%m-%d")
    stem = f"gop-y-{draft.slug}-{day}" if draft is not None else f"gop-y-{day}"
    return f"{stem[:120]}.{extension}"
