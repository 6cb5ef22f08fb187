"""Recognising, resolving and linking directive references (news.references): pure functions, no database."""
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

import pytest

from news.references import (
    Reference,
    choose_directive,
    find_references,
    link_references,
    normalize_number,
    references_in_html,
)

# Verbatim from an article of the Party Committee of the Central Agencies Bloc (one paragraph).
PARAGRAPH = (
    "Nghị quyết Trung ương 4 khóa XI, khóa XII, khóa XIII về xây dựng, chỉnh đốn Đảng và hệ thống chính trị; "
    "Chỉ thị số 03-CT/TW, Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp "
    "tục thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị khóa XII \"Về đẩy mạnh học tập và làm "
    "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh\"; các quy định về trách nhiệm nêu gương của cán bộ, đảng "
    "viên... được cấp ủy các cấp trong toàn Đảng bộ Khối các cơ quan Trung ương triển khai thực hiện nghiêm túc"
)
LEAD = (
    "Ngày 11/4/2007, Bộ Chính trị ban hành Quyết định số 47-QĐ/TW thành lập Đảng bộ Khối các cơ quan Trung ương"
)


def one(text):
    refs = find_references(text)
    assert len(refs) == 1, refs
    return refs[0]


# --- recognition ---------------------------------------------------------------------------------------


def test_real_paragraph_in_order():
    refs = find_references(PARAGRAPH)
    assert [(r.kind, r.number, r.plenum, r.term, r.issued_on) for r in refs] == [
        ("plenum", "", 4, "XI", None),
        ("plenum", "", 4, "XII", None),
        ("plenum", "", 4, "XIII", None),
        ("party_number", "03-CT/TW", None, "", None),
        ("party_number", "05-CT/TW", None, "", None),
        ("party_number", "01-KL/TW", None, "", date(2021, 5, 18)),
        ("party_number", "05-CT/TW", None, "XII", date(2016, 5, 15)),
    ]
    assert [r.text for r in refs] == [
        "Nghị quyết Trung ương 4 khóa XI", "khóa XII", "khóa XIII", "Chỉ thị số 03-CT/TW",
        "Chỉ thị số 05-CT/TW", "Kết luận số 01-KL/TW", "Chỉ thị số 05-CT/TW",
    ]
    assert [r.document_type for r in refs] == ["nghi-quyet"] * 3 + ["chi-thi", "chi-thi", "ket-luan", "chi-thi"]
    assert all(PARAGRAPH[r.start:r.end] == r.text for r in refs)


def test_term_of_a_later_clause_is_not_taken():
    # "khóa XII" follows the second 05-CT/TW, not 01-KL/TW; nor does the plenum list lend its terms onwards.
    refs = {(r.number, r.issued_on): r for r in find_references(PARAGRAPH) if r.number}
    assert refs[("01-KL/TW", date(2021, 5, 18))].term == ""
    assert refs[("03-CT/TW", None)].term == ""


def test_lead_date_before_the_number_is_not_its_date():
    ref = one(LEAD)
    assert (ref.kind, ref.text, ref.number, ref.document_type) == (
        "party_number", "Quyết định số 47-QĐ/TW", "47-QĐ/TW", "quyet-dinh")
    assert ref.issued_on is None


@pytest.mark.parametrize(
    "text, number, document_type",
    [
        ("Quyết định số 47-QĐ/TW", "47-QĐ/TW", "quyet-dinh"),
        ("Quyết định 47-QĐ/TW", "47-QĐ/TW", "quyet-dinh"),
        ("Chỉ thị 05-CT/TW", "05-CT/TW", "chi-thi"),
        ("Kết luận số 21-KL/TW", "21-KL/TW", "ket-luan"),
        ("Nghị quyết số 12-NQ/TW", "12-NQ/TW", "nghi-quyet"),
        ("Quy định số 242-QĐ/TW", "242-QĐ/TW", "quy-dinh"),
        ("Quy định số 08-QĐi/TW", "08-QĐI/TW", "quy-dinh"),
        ("Hướng dẫn số 01-HD/TW", "01-HD/TW", "huong-dan"),
        ("Quy chế số 02-QC/TW", "02-QC/TW", "quy-che"),
        ("Thông báo số 15-TB/TW", "15-TB/TW", "thong-bao"),
        ("Thông báo kết luận số 15-TB/TW", "15-TB/TW", "thong-bao"),
        ("Kế hoạch số 10-KH/TW", "10-KH/TW", "ke-hoach"),
        ("Chỉ thị số 05-CT/TƯ", "05-CT/TW", "chi-thi"),
        ("Kế hoạch số 100-KH/ĐUK", "100-KH/ĐUK", "ke-hoach"),
        ("Nghị quyết số 03-NQ/BCSĐ", "03-NQ/BCSĐ", "nghi-quyet"),
        ("CHỈ THỊ SỐ 05-CT/TW", "05-CT/TW", "chi-thi"),
        ("theo 04-NQ/TW", "04-NQ/TW", ""),
    ],
)
def test_party_numbers(text, number, document_type):
    ref = one(text)
    assert (ref.kind, ref.number, ref.document_type) == ("party_number", number, document_type)


@pytest.mark.parametrize(
    "text, number, document_type",
    [
        ("Nghị định số 42/2022/NĐ-CP", "42/2022/NĐ-CP", "nghi-dinh"),
        ("Luật số 51/2010/QH12", "51/2010/QH12", "luat"),
        ("Thông tư 01/2024/TT-BKHĐT", "01/2024/TT-BKHĐT", "thong-tu"),
        ("Nghị quyết số 176/2025/QH15", "176/2025/QH15", "nghi-quyet"),
        ("Quyết định số 1234/QĐ-TTg", "1234/QĐ-TTG", "quyet-dinh"),
        ("Thông tư liên tịch số 01/2015/TTLT-BTC-BNV", "01/2015/TTLT-BTC-BNV", "thong-tu-lien-tich"),
        ("Công văn số 5678/BKHĐT-TCCB", "5678/BKHĐT-TCCB", "cong-van"),
        ("Lệnh số 12/2020/L-CTN", "12/2020/L-CTN", ""),
        ("theo 42/2022/NĐ-CP.", "42/2022/NĐ-CP", ""),
    ],
)
def test_state_numbers(text, number, document_type):
    ref = one(text)
    assert (ref.kind, ref.number, ref.document_type) == ("state_number", number, document_type)


def test_span_is_type_word_so_and_number():
    text = "Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016, các đơn vị"
    ref = one(text)
    assert (ref.text, ref.start, ref.end) == ("Chỉ thị số 05-CT/TW", 10, 29)
    # A bare "số" belongs to the preceding noun, not to the link.
    assert one("văn bản số 47-QĐ/TW").text == "47-QĐ/TW"


@pytest.mark.parametrize(
    "text",
    [
        "Chỉ thị số 05-CT/TW ngày 15/5/2016",
        "Chỉ thị số 05-CT/TW ngày 15-5-2016",
        "Chỉ thị số 05-CT/TW ngày 15.5.2016",
        "Chỉ thị số 05-CT/TW, ngày 15/05/2016",
        "Chỉ thị số 05-CT/TW (ngày 15/5/2016)",
        "Chỉ thị số 05-CT/TW ngày 15 tháng 5 năm 2016",
    ],
)
def test_date_right_after_the_number(text):
    assert one(text).issued_on == date(2016, 5, 15)


def test_impossible_date_is_no_clue():
    assert one("Chỉ thị số 05-CT/TW ngày 31/2/2016").issued_on is None


@pytest.mark.parametrize(
    "text, term",
    [
        ("Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị khóa XII", "XII"),
        ("Chỉ thị số 05-CT/TW của Bộ Chính trị khoá XII", "XII"),
        ("Nghị quyết số 04-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XII về", "XII"),
        ("Chỉ thị số 05-CT/TW của Bộ Chính trị; Ban Bí thư khóa XIII", ""),  # another clause
        ("Chỉ thị số 05-CT/TW của Bộ Chính trị. Khóa XIII", ""),  # another sentence
        ("Chỉ thị số 05-CT/TW của Bộ Chính trị về việc tiếp tục đẩy mạnh học tập và làm theo tư tưởng khóa XII", ""),
    ],
)
def test_term_in_the_same_clause(text, term):
    assert one(text).term == term


@pytest.mark.parametrize(
    "text, span",
    [
        ("Nghị quyết Trung ương 4 khóa XI về xây dựng Đảng", "Nghị quyết Trung ương 4 khóa XI"),
        ("Nghị quyết TƯ 4, khóa XI đã chỉ rõ", "Nghị quyết TƯ 4, khóa XI"),
        ("Nghị quyết Trung ương 4 (khóa XI) đã chỉ rõ", "Nghị quyết Trung ương 4 (khóa XI)"),
        ("Nghị quyết Hội nghị Trung ương 4 khoá XI", "Nghị quyết Hội nghị Trung ương 4 khoá XI"),
        ("Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XI",
         "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XI"),
        ("Nghị quyết Trung ương lần thứ 4 khóa XI", "Nghị quyết Trung ương lần thứ 4 khóa XI"),
    ],
)
def test_plenum_forms(text, span):
    ref = one(text)
    assert (ref.kind, ref.text, ref.plenum, ref.term, ref.document_type) == ("plenum", span, 4, "XI", "nghi-quyet")


def test_plenum_with_several_terms_gives_one_span_per_term():
    text = "Nghị quyết Trung ương 4 khóa XII và khóa XIII về xây dựng Đảng"
    refs = find_references(text)
    assert [(r.text, r.plenum, r.term) for r in refs] == [
        ("Nghị quyết Trung ương 4 khóa XII", 4, "XII"),
        ("khóa XIII", 4, "XIII"),
    ]
    assert all(text[r.start:r.end] == r.text for r in refs)


def test_plenum_number_in_two_digits():
    assert one("Nghị quyết Trung ương 10 khóa XIII").plenum == 10


def test_nfd_input_gives_offsets_into_nfc():
    nfd = unicodedata.normalize("NFD", LEAD)
    nfc = unicodedata.normalize("NFC", nfd)
    ref = one(nfd)
    assert (ref.number, ref.document_type) == ("47-QĐ/TW", "quyet-dinh")
    assert nfc[ref.start:ref.end] == ref.text == "Quyết định số 47-QĐ/TW"
    nfd_refs = find_references(unicodedata.normalize("NFD", PARAGRAPH))
    assert nfd_refs == find_references(PARAGRAPH)


@pytest.mark.parametrize(
    "text",
    [
        "Tính đến ngày 31/12/2023, Đảng bộ có 78.432 đảng viên sinh hoạt tại 5.529 chi bộ.",
        "Đại hội đại biểu Đảng bộ Khối lần thứ IV, nhiệm kỳ 2020-2025.",
        "Xem https://dangbokhoi.vn/van-ban/47-QĐ/TW và www.chinhphu.vn/vb/42/2022/NĐ-CP nhé",
        "Đảng ủy Khối I và Khối II; các đồng chí Ủy viên Ban Chấp hành Trung ương khóa XIII.",
        "Nghị quyết của Đảng, Chỉ thị của Bộ Chính trị, Quyết định của Ban Bí thư số lượng lớn.",
        "Lúc 14/30, tỷ lệ 24/7, mã 2024-AB, phòng 12/A3.",
        "",
    ],
)
def test_no_false_positives(text):
    assert find_references(text) == []


def test_normalize_number():
    assert normalize_number("  47-qđ/tw ") == "47-QĐ/TW"
    assert normalize_number("05-CT/TƯ") == "05-CT/TW"
    assert normalize_number(unicodedata.normalize("NFD", "05-CT/TƯ")) == "05-CT/TW"
    assert normalize_number("08-QĐi/TW") == normalize_number("08-QĐI/TW")
    assert normalize_number("1234/QĐ-TTg") == "1234/QĐ-TTG"
    assert normalize_number(None) == ""


# --- resolution ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    number: str = ""
    issued_on: date | None = None
    term: str = ""
    plenum: int | None = None
    document_type: str = "chi-thi"


CT05_2016 = Doc("05-CT/TW", date(2016, 5, 15), "XII")
CT05_2021 = Doc("05-CT/TW", date(2021, 6, 1), "XIII")  # hypothetical namesake of the next term
KL01 = Doc("01-KL/TW", date(2021, 5, 18), "XIII", document_type="ket-luan")
REGISTRY = [CT05_2016, CT05_2021, KL01]


def ref(number="05-CT/TW", **fields):
    return Reference("party_number", number, 0, len(number), number=number, **fields)


def test_bare_number_with_namesakes_is_not_guessed():
    assert choose_directive(ref(), REGISTRY, date(2024, 3, 1)) is None


def test_own_date_decides():
    assert choose_directive(ref(issued_on=date(2016, 5, 15)), REGISTRY, date(2024, 3, 1)) is CT05_2016
    assert choose_directive(ref(issued_on=date(2016, 5, 16)), REGISTRY, date(2024, 3, 1)) is None


def test_own_term_decides():
    assert choose_directive(ref(term="XIII"), REGISTRY, date(2024, 3, 1)) is CT05_2021
    assert choose_directive(ref(term="XI"), REGISTRY, date(2024, 3, 1)) is None


def test_another_mention_in_the_article_decides():
    context = find_references("Chỉ thị số 05-CT/TW ngày 15/5/2016 và Chỉ thị số 05-CT/TW")
    assert choose_directive(context[1], REGISTRY, date(2024, 3, 1), context) is CT05_2016
    by_term = find_references("Chỉ thị số 05-CT/TW của Bộ Chính trị khóa XIII; Chỉ thị 05-CT/TW")
    assert choose_directive(by_term[1], REGISTRY, date(2024, 3, 1), by_term) is CT05_2021


def test_context_naming_two_namesakes_is_ambiguous():
    context = [ref(issued_on=date(2016, 5, 15)), ref(issued_on=date(2021, 6, 1))]
    assert choose_directive(ref(), REGISTRY, date(2024, 3, 1), context) is None


def test_context_of_another_number_is_ignored():
    context = [ref("01-KL/TW", issued_on=date(2021, 5, 18))]
    assert choose_directive(ref(), REGISTRY, date(2024, 3, 1), context) is None


def test_only_namesake_issued_before_the_article():
    assert choose_directive(ref(), REGISTRY, date(2018, 1, 1)) is CT05_2016
    assert choose_directive(ref(), REGISTRY, datetime(2018, 1, 1, 9, 30)) is CT05_2016


def test_single_candidate_and_superset_of_candidates():
    assert choose_directive(ref("01-KL/TW"), REGISTRY, date(2024, 3, 1)) is KL01
    assert choose_directive(ref("99-CT/TW"), REGISTRY, date(2024, 3, 1)) is None
    assert choose_directive(ref("01-KL/TW"), REGISTRY, None) is KL01


def test_candidate_issued_after_the_article_is_never_chosen():
    assert choose_directive(ref("01-KL/TW"), REGISTRY, date(2021, 5, 17)) is None
    assert choose_directive(ref(issued_on=date(2021, 6, 1)), REGISTRY, date(2020, 1, 1)) is None
    assert choose_directive(ref(term="XIII"), REGISTRY, date(2020, 1, 1)) is None


def test_no_date_limit_with_several_candidates_is_ambiguous():
    assert choose_directive(ref(), REGISTRY, None) is None


def test_candidate_numbers_are_compared_normalised():
    doc = Doc("05-ct/tư", date(2016, 5, 15), "XII")
    assert choose_directive(one("Chỉ thị số 05-CT/TW"), [doc], date(2024, 1, 1)) is doc


PLENUM_REGISTRY = [
    Doc("", date(2012, 1, 16), "XI", 4, "nghi-quyet"),
    Doc("04-NQ/TW", date(2016, 10, 30), "XII", 4, "nghi-quyet"),
    Doc("21-KL/TW", date(2021, 10, 25), "XIII", 4, "ket-luan"),
    Doc("26-NQ/TW", date(2018, 5, 19), "XII", 7, "nghi-quyet"),
]


def test_plenum_resolution():
    xi, xii, xiii = find_references(PARAGRAPH)[:3]
    assert choose_directive(xi, PLENUM_REGISTRY, date(2024, 3, 1)) is PLENUM_REGISTRY[0]
    assert choose_directive(xii, PLENUM_REGISTRY, date(2024, 3, 1)) is PLENUM_REGISTRY[1]
    # Plenum 4 of term XIII gave a conclusion, not a resolution: it is still the one meant.
    assert choose_directive(xiii, PLENUM_REGISTRY, date(2024, 3, 1)) is PLENUM_REGISTRY[2]
    assert choose_directive(xiii, PLENUM_REGISTRY, date(2021, 1, 1)) is None


def test_plenum_prefers_the_resolution_but_never_guesses():
    plan = Doc("10-KH/TW", date(2017, 1, 1), "XII", 4, "ke-hoach")
    xii = one("Nghị quyết Trung ương 4 khóa XII")
    assert choose_directive(xii, [*PLENUM_REGISTRY, plan], date(2024, 3, 1)) is PLENUM_REGISTRY[1]
    other_plan = Doc("11-KH/TW", date(2017, 2, 1), "XII", 4, "ke-hoach")
    assert choose_directive(xii, [plan, other_plan], date(2024, 3, 1)) is None


# --- HTML ----------------------------------------------------------------------------------------------


def test_html_offsets_index_the_source():
    html = f"<p>{PARAGRAPH}</p>\n<p><strong>{LEAD}</strong></p>"
    refs = references_in_html(html)
    assert [r.number or r.term for r in refs] == [
        "XI", "XII", "XIII", "03-CT/TW", "05-CT/TW", "01-KL/TW", "05-CT/TW", "47-QĐ/TW"]
    assert all(html[r.start:r.end] == r.text for r in refs)
    assert refs[5].issued_on == date(2021, 5, 18)


def test_html_not_in_attributes_nor_existing_links():
    html = (
        '<p title="Chỉ thị số 05-CT/TW"><img alt="47-QĐ/TW" src="/47-QĐ/TW.png">'
        '<a href="/van-ban/12">Nghị quyết số 12-NQ/TW</a> và <a><b>Quyết định 47-QĐ/TW</b></a>'
        "<script>var x = '42/2022/NĐ-CP';</script></p>"
    )
    assert references_in_html(html) == []


def test_html_entities_and_inline_tags():
    html = "<p>Theo <em>Chỉ thị</em> số&nbsp;05-CT/TW ngày 15/5/2016 &amp; Chỉ thị số 03&#45;CT/TW.</p>"
    refs = references_in_html(html)
    assert [(r.text, r.number, r.document_type) for r in refs] == [
        ("số&nbsp;05-CT/TW", "05-CT/TW", "chi-thi"),  # a link cannot straddle </em>: the number's node is kept
        ("Chỉ thị số 03&#45;CT/TW", "03-CT/TW", "chi-thi"),
    ]
    assert refs[0].issued_on == date(2016, 5, 15)


def test_html_context_crosses_inline_tags_but_not_blocks():
    assert references_in_html("<p>Chỉ thị số 05-CT/TW <em>ngày 15/5/2016</em></p>")[0].issued_on == date(2016, 5, 15)
    assert references_in_html("<p>Chỉ thị số 05-CT/TW</p><p>ngày 15/5/2016</p>")[0].issued_on is None
    # A footnote mark is not part of the number.
    assert references_in_html("<p>Chỉ thị số 05-CT/TW<sup>1</sup></p>")[0].number == "05-CT/TW"


def test_html_in_nfd():
    html = unicodedata.normalize("NFD", f"<p>{LEAD}</p>")
    (ref,) = references_in_html(html)
    assert ref.number == "47-QĐ/TW"
    assert html[ref.start:ref.end] == ref.text
    assert unicodedata.normalize("NFC", ref.text) == "Quyết định số 47-QĐ/TW"


def test_link_references_wraps_only_the_spans_and_escapes_href():
    html = (
        '<p class="lead">Ngày 11/4/2007 &amp; sau đó, Bộ Chính trị ban hành <b>Quyết định số 47-QĐ/TW</b>'
        ' và <a href="/x">Chỉ thị 05-CT/TW</a>; Nghị quyết Trung ương 4 khóa XI, khóa XII.</p>\n<br/>'
    )
    refs = references_in_html(html)
    assert [r.text for r in refs] == ["Quyết định số 47-QĐ/TW", "Nghị quyết Trung ương 4 khóa XI", "khóa XII"]
    links = {(refs[0].start, refs[0].end): '/van-ban/47?a=1&b="2"', (refs[2].start, refs[2].end): "/nq-4-xii"}
    linked = link_references(html, links)
    assert linked == (
        '<p class="lead">Ngày 11/4/2007 &amp; sau đó, Bộ Chính trị ban hành <b>'
        '<a href="/van-ban/47?a=1&amp;b=&quot;2&quot;" class="directive-ref">Quyết định số 47-QĐ/TW</a></b>'
        ' và <a href="/x">Chỉ thị 05-CT/TW</a>; Nghị quyết Trung ương 4 khóa XI, '
        '<a href="/nq-4-xii" class="directive-ref">khóa XII</a>.</p>\n<br/>'
    )
    # Linked text is no longer offered for linking: running the pipeline twice does not nest links.
    assert references_in_html(linked)[0].text == "Nghị quyết Trung ương 4 khóa XI"
    assert len(references_in_html(linked)) == 1


def test_link_references_ignores_unknown_keys_and_empty_urls():
    html = "<p>Chỉ thị số 05-CT/TW &amp; x</p>"
    (r,) = references_in_html(html)
    assert link_references(html, {}) == html
    assert link_references(html, {(r.start, r.end): ""}) == html
    assert link_references(html, {(0, 5): "/x", (r.start + 1, r.end): "/x"}) == html
    assert link_references(html, {(r.start, r.end): "/x"}) == (
        '<p><a href="/x" class="directive-ref">Chỉ thị số 05-CT/TW</a> &amp; x</p>')


def test_english_plenum_citations():
    text = ("the Resolutions of the 4th Plenums of the 11th, 12th and 13th Party Central Committees on Party "
            "building; the Resolution of the 4th Plenum of the 12th Party Central Committee")
    refs = find_references(text)
    assert [(r.kind, r.plenum, r.term, r.text) for r in refs] == [
        ("plenum", 4, "XI", "Resolutions of the 4th Plenums of the 11th"),
        ("plenum", 4, "XII", "12th"),
        ("plenum", 4, "XIII", "13th"),
        ("plenum", 4, "XII", "Resolution of the 4th Plenum of the 12th"),
    ]
    assert find_references("the 13th National Party Congress on 4th July") == []


# --- forms real texts use (each example written for this test) ------------------------------------------------


@pytest.mark.parametrize("dash", ["–", "-", "—"])
def test_spaced_dash_between_number_and_code(dash):
    text = f"Ban Thường vụ triển khai Nghị quyết số 18 {dash} NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương."
    ref = one(text)
    assert (ref.text, ref.number, ref.document_type) == (f"Nghị quyết số 18 {dash} NQ/TW", "18-NQ/TW", "nghi-quyet")
    assert ref.issued_on == date(2017, 10, 25)
    assert one("theo Kế hoạch 45–KH/ĐU").number == "45-KH/ĐU"  # an en dash without spaces


@pytest.mark.parametrize(
    "written, number",
    [("09/2019/TT- BXD", "09/2019/TT-BXD"), ("32/2015/NĐ -CP", "32/2015/NĐ-CP"), ("1629/QĐ - TTg", "1629/QĐ-TTG")],
)
def test_space_inside_a_code(written, number):
    ref = one(f"Đơn giá nhân công xác định theo Thông tư số {written} ngày 26/12/2019 của Bộ Xây dựng.")
    assert (ref.number, ref.issued_on) == (number, date(2019, 12, 26))
    # Only at the code's first dash: what follows a full number after a spaced dash is the sentence's.
    assert one("Quyết định số 123/QĐ-UBND - UBND tỉnh giao").number == "123/QĐ-UBND"


@pytest.mark.parametrize(
    "text, number, document_type",
    [
        ("Căn cứ NQ số 35-NQ/TW của Bộ Chính trị", "35-NQ/TW", "nghi-quyet"),
        ("thực hiện QĐ số 1629/QĐ-TTg của Thủ tướng", "1629/QĐ-TTG", "quyet-dinh"),
        ("theo CT số 27-CT/TW về công tác cán bộ", "27-CT/TW", "chi-thi"),
        ("quán triệt KL số 14-KL/TW tới chi bộ", "14-KL/TW", "ket-luan"),
        ("áp dụng NĐ số 73/2019/NĐ-CP về đầu tư công", "73/2019/NĐ-CP", "nghi-dinh"),
        ("hướng dẫn tại TT số 03/2020/TT-BKHĐT", "03/2020/TT-BKHĐT", "thong-tu"),
    ],
)
def test_short_type_words(text, number, document_type):
    ref = one(text)
    assert (ref.number, ref.document_type) == (number, document_type)
    assert ref.text.endswith(f"số {number.replace('TTG', 'TTg')}") and ref.text.split()[0].isupper()


def test_short_type_words_are_capitals_only():
    # "ct" or "tt" in lower case are not type words: the link is the number alone.
    assert one("xem tt số 03/2020/TT-BKHĐT").text == "03/2020/TT-BKHĐT"


def test_government_resolution_numbered_with_its_year():
    ref = one("Chính phủ ban hành Nghị quyết số 19-2017/NQ-CP ngày 06/02/2017 về cải thiện môi trường kinh doanh.")
    assert (ref.kind, ref.text, ref.number, ref.document_type) == (
        "state_number", "Nghị quyết số 19-2017/NQ-CP", "19-2017/NQ-CP", "nghi-quyet")
    assert ref.issued_on == date(2017, 2, 6)
    assert one("nối tiếp Nghị quyết 02-2016/NQ-CP năm trước").number == "02-2016/NQ-CP"


def test_date_after_a_comma():
    refs = find_references(
        "Kết luận số 21-KL/TW, ngày 4/1/2022 của Bộ Chính trị và Quy định số 37-QĐ/TW, ngày 25/10/2021")
    assert [(r.number, r.issued_on) for r in refs] == [
        ("21-KL/TW", date(2022, 1, 4)), ("37-QĐ/TW", date(2021, 10, 25))]


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số 1693/QĐ-BKHĐT ngày 08 tháng 11 năm 2019 của Bộ trưởng",
        "Quyết định số 1693/QĐ-BKHĐT ban hành ngày 8 tháng 11 năm 2019",
        "Quyết định số 1693/QĐ-BKHĐT được ký ngày 08/11/2019",
    ],
)
def test_dates_written_out(text):
    assert one(text).issued_on == date(2019, 11, 8)


@pytest.mark.parametrize(
    "text, number, document_type, issued_on",
    [
        ("under Decree No. 31/2021/ND-CP dated March 26, 2021 of the Government",
         "31/2021/NĐ-CP", "nghi-dinh", date(2021, 3, 26)),
        ("the Prime Minister's Decision No. 1629/QD-TTg dated 24/9/2018",
         "1629/QĐ-TTG", "quyet-dinh", date(2018, 9, 24)),
        ("Directive No. 05-CT/TW dated May 15, 2016 of the Politburo", "05-CT/TW", "chi-thi", date(2016, 5, 15)),
        ("Resolution No. 18-NQ/TW of October 25, 2017", "18-NQ/TW", "nghi-quyet", date(2017, 10, 25)),
        ("Conclusion No.01-KL/TW dated 18 May 2021", "01-KL/TW", "ket-luan", date(2021, 5, 18)),
        ("Circular No. 03/2021/TT-BKHDT issued on 9th April 2021", "03/2021/TT-BKHĐT", "thong-tu", date(2021, 4, 9)),
        ("Official Letter No. 5678/BKHDT-TCCB", "5678/BKHĐT-TCCB", "cong-van", None),
        ("Decree 15/2018/ND-CP", "15/2018/NĐ-CP", "nghi-dinh", None),
    ],
)
def test_english_citations(text, number, document_type, issued_on):
    ref = one(text)
    assert (ref.number, ref.document_type, ref.issued_on) == (number, document_type, issued_on)
    assert ref.text.split()[0] in {"Decree", "Decision", "Directive", "Resolution", "Conclusion", "Circular",
                                   "Official"}  # the type word is part of the link


def test_english_citation_names_the_term():
    assert one("Directive No. 05-CT/TW dated May 15, 2016 of the 12th Politburo").term == "XII"
    assert one("Regulation No. 08-QDi/TW of the 13th Party Central Committee").term == "XIII"


def test_english_number_resolves_to_the_registry_spelling():
    decree = Doc("31/2021/NĐ-CP", date(2021, 3, 26), document_type="nghi-dinh")
    decision = Doc("1629/QĐ-TTG", date(2018, 9, 24), document_type="quyet-dinh")
    registry = [decree, decision]
    assert choose_directive(one("Decree No. 31/2021/ND-CP"), registry, date(2024, 1, 1)) is decree
    assert choose_directive(one("Decision No. 1629/QD-TTg dated 24/9/2018"), registry, date(2024, 1, 1)) is decision
    assert one("Decree No. 31/2021/ND-CP").key == one("Nghị định 31/2021/NĐ-CP").key


def test_exact_spelling_breaks_a_tie_between_d_and_đ():
    guidance, council = Doc("01/HD-UB", date(2020, 1, 1)), Doc("01/HĐ-UB", date(2020, 1, 1))
    assert choose_directive(one("Hướng dẫn 01/HD-UB"), [guidance, council], date(2024, 1, 1)) is guidance
    assert choose_directive(one("Guidance No. 01/HD-UB"), [council], date(2024, 1, 1)) is council


@pytest.mark.parametrize(
    "text",
    [
        "Căn cứ Nghị ðịnh số 86/2018/NÐ-CP ngày 06/6/2018 của Chính phủ",  # U+00D0 and U+00F0
        "Căn cứ Nghị \u0111ịnh số 86/2018/N\u0189-CP ngày 06/6/2018 của Chính phủ",  # African D
    ],
)
def test_eth_written_for_đ(text):
    ref = one(text)
    assert (ref.number, ref.document_type, ref.issued_on) == ("86/2018/NĐ-CP", "nghi-dinh", date(2018, 6, 6))
    assert ref.text == text[ref.start:ref.end]  # the text as written, look-alike letters included
    assert normalize_number("47-QÐ/TW") == normalize_number("47-qð/tw") == "47-QĐ/TW"


def test_tu_written_for_tw():
    ref = one("Quy định số 47-QĐ/TƯ ngày 11/4/2007 của Bộ Chính trị")
    assert (ref.text, ref.number, ref.key) == ("Quy định số 47-QĐ/TƯ", "47-QĐ/TW", "47-QD/TW")
    assert ref.key == one("Quyết định 47-QĐ/TW").key


@pytest.mark.parametrize(
    "text, span, plenum, term",
    [
        ("implementing the Resolution of the 4th Plenum of the 11th Party Central Committee on Party building",
         "Resolution of the 4th Plenum of the 11th", 4, "XI"),
        ("reviewed the Resolution of the fourth plenum, 12th tenure, on Party building",
         "Resolution of the fourth plenum, 12th tenure", 4, "XII"),
        ("the Resolution of the sixth plenum (12th tenure)", "Resolution of the sixth plenum (12th tenure)", 6, "XII"),
        ("the Resolution adopted at the 8th plenary session of the 13th Party Central Committee",
         "Resolution adopted at the 8th plenary session of the 13th", 8, "XIII"),
        ("kept implementing the 4th Plenum of the 13th Party Central Committee's resolution on rectification",
         "4th Plenum of the 13th Party Central Committee's resolution", 4, "XIII"),
        ("the sixth plenum resolution of the 12th Party Central Committee", "sixth plenum resolution of the 12th", 6,
         "XII"),
        ("the 12th Party Central Committee's fourth plenum resolution",
         "12th Party Central Committee's fourth plenum resolution", 4, "XII"),
    ],
)
def test_english_plenum_forms(text, span, plenum, term):
    ref = one(text)
    assert (ref.kind, ref.text, ref.plenum, ref.term, ref.document_type) == ("plenum", span, plenum, term, "nghi-quyet")
    assert ref.key == one(f"Nghị quyết Trung ương {plenum} khóa {term}").key


def test_an_english_plenum_named_without_a_resolution_is_a_meeting():
    text = "The 4th Plenum of the 13th Party Central Committee opened in Hanoi on 5 October 2021."
    assert find_references(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Liên hệ: điện thoại 024 3845 5298, 080.43494, (+84) 24-3845-5298 hoặc 0912-345-678.",
        "Tốc độ tăng trưởng đạt 6,5%, tăng 1,2-1,5% so với năm trước; 12/15 dự án hoàn thành.",
        "Văn phòng tại phòng 12/A3, số 6B Hoàng Diệu, ngõ 12/34 phố Lê Hồng Phong, tầng 5-B2.",
        "Theo Điều 31, khoản 2 Điều 5 và Điều 12-A của Luật.",
        "Kế hoạch giai đoạn 2021-2025, 2021 – 2025 và 2016 - 2020.",
        "Phòng, chống dịch COVID-19 và COVID - 19; SARS-CoV-2.",
        "Hội nghị họp ngày 05 tháng 3 năm 2010, ngày 15/5/2016 và ngày 4-1-2022, on May 15, 2016.",
        "Tổng vốn 1.250 tỷ đồng (53,6 triệu USD), US$2.5 million, VND1,250 billion.",
    ],
)
def test_still_nothing_in_numbers_that_are_not_citations(text):
    assert find_references(text) == []


def test_keys_documents_answer_to():
    from news.references import directive_keys, number_variants

    assert directive_keys("04-NQ/TW", 4, "XII") == {"04-NQ/TW", "plenum 4 XII"}
    assert directive_keys("", 4, "XI") == {"plenum 4 XI"}
    assert directive_keys("42/2022/NĐ-CP") == {"42/2022/ND-CP"}
    assert number_variants("5678/BKHDT-TCCB") == {"5678/BKHDT-TCCB", "5678/BKHĐT-TCCB"}


def test_resolve_says_why_a_reference_links_nowhere():
    from news.references import resolve

    assert resolve(ref(issued_on=date(2016, 5, 15)), REGISTRY, date(2024, 3, 1)) == (CT05_2016, "linked")
    # Two namesakes and nothing to tell them apart: for the author to say which.
    assert resolve(ref(), REGISTRY, date(2024, 3, 1)) == (None, "ambiguous")
    # The registry has the number, but not of the date the text gives: that document is missing.
    assert resolve(ref(issued_on=date(2019, 1, 1)), REGISTRY, date(2024, 3, 1)) == (None, "missing")
    assert resolve(ref("01-KL/TW"), REGISTRY, date(2021, 5, 17)) == (None, "missing")  # only one issued later
    assert resolve(ref("99-CT/TW"), REGISTRY, date(2024, 3, 1)) == (None, "missing")
    context = [ref(issued_on=date(2016, 5, 15)), ref(issued_on=date(2021, 6, 1))]
    assert resolve(ref(), [CT05_2016], date(2024, 3, 1), context) == (None, "ambiguous")
