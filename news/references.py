"""The one place that recognises directive references (citations of Party and state documents) in articles.

It owns three pure steps, free of the ORM so they can be tested without a database:

* recognition: ``find_references`` (plain text) and ``references_in_html`` (the text nodes of HTML);
* resolution: ``choose_directive`` picks the one registry entry a reference means, or nothing at all;
* linking: ``link_references`` wraps resolved spans in ``<a class="directive-ref">``.

Offsets. ``find_references`` works on ``unicodedata.normalize("NFC", text)``: its offsets index that NFC
string, so callers should pass NFC text (NFD is accepted, but then offsets do not index the input).
``references_in_html`` returns offsets into the original HTML string, with ``ref.text == html[start:end]``
(raw source, entities included); ``link_references`` takes exactly those ``(start, end)`` pairs as keys.

A numbered reference's span is the number, with its type word (and "số") when one precedes it: that is
the link text. Its date ("ngày 15/5/2016") and term ("... khóa XII") are read from the rest of the clause.
"""
import html as html_lib
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime
from html.parser import HTMLParser

__all__ = ["Reference", "normalize_number", "find_references", "choose_directive", "link_references",
           "references_in_html"]


@dataclass(frozen=True)
class Reference:
    kind: str  # "party_number" | "state_number" | "plenum"
    text: str
    start: int
    end: int
    number: str = ""
    document_type: str = ""
    issued_on: date | None = None
    term: str = ""
    plenum: int | None = None


def normalize_number(number):
    """Canonical number: NFC, trimmed, single spaces, upper case, "TƯ" spelled "TW" ("47-QĐ/TW")."""
    number = unicodedata.normalize("NFC", number or "")
    return re.sub(r"\s+", " ", number.strip()).upper().replace("TƯ", "TW")


# Keys are lower case; a longer phrase must win over its prefix ("thông tư liên tịch" over "thông tư").
_TYPE_SLUGS = {
    "nghị quyết": "nghi-quyet", "quyết định": "quyet-dinh", "chỉ thị": "chi-thi", "kết luận": "ket-luan",
    "quy định": "quy-dinh", "quy chế": "quy-che", "hướng dẫn": "huong-dan", "thông báo kết luận": "thong-bao",
    "thông báo": "thong-bao", "kế hoạch": "ke-hoach", "luật": "luat", "pháp lệnh": "phap-lenh",
    "nghị định": "nghi-dinh", "thông tư liên tịch": "thong-tu-lien-tich", "thông tư": "thong-tu",
    "công văn": "cong-van",
}
_TYPE_WORDS = "|".join(w.replace(" ", r"\s+") for w in sorted(_TYPE_SLUGS, key=len, reverse=True))
_CAP = "A-ZĐƯ"  # codes use Latin capitals plus Đ and Ư ("QĐ", "BCSĐ", "TƯ")
# Digits, hyphen, code, slash, issuer: "47-QĐ/TW", "08-QĐi/TW", "01-KH/ĐUK".
_PARTY_NUMBER = rf"\d{{1,4}}-[{_CAP}]+i?/[{_CAP}]+"
# Number, optional year, hyphenated codes: "42/2022/NĐ-CP", "51/2010/QH12", "1234/QĐ-TTg".
# A lone capital ("phòng 12/A3") is not a code unless a hyphenated part follows ("12/2020/L-CTN").
_STATE_NUMBER = rf"\d{{1,5}}/(?:(?:19|20)\d\d/)?(?:[{_CAP}]{{2,}}[a-z]?\d*|[{_CAP}](?=-))(?:-[{_CAP}]+[a-z]?\d*)*"
_NUMBERED = re.compile(
    rf"(?:(?<!\w)(?P<type>(?i:{_TYPE_WORDS}))\s+(?:(?i:số)\s+)?)?"
    rf"(?<![\w/.\-])(?:(?P<party>{_PARTY_NUMBER})|(?P<state>{_STATE_NUMBER}))(?![\w/\-])"
)
# Only right after the number: a date earlier in the sentence is the date of something else.
_DATE = re.compile(
    r"\s*,?\s*\(?\s*ngày\s+(?:(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))"
)
_TERM_WORD = r"(?i:kh(?:óa|oá))"  # both placements of the tone mark are in use
_TERM = re.compile(rf"(?<!\w){_TERM_WORD}\s+(?P<term>[IVXLC]+)(?!\w)")
_TERM_WINDOW = 60  # "của Ban Chấp hành Trung ương Đảng khóa XIII" fits; the next sentence's term does not

_PLENUM_WORDS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
                 "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "mười ba": 13, "mười bốn": 14,
                 "mười lăm": 15}
_ORDINAL = r"\d{1,2}|" + "|".join(sorted(_PLENUM_WORDS, key=len, reverse=True))
_PLENUM = re.compile(
    r"(?<!\w)(?i:nghị\s+quyết)\s+(?:(?i:hội\s+nghị)\s+)?"
    rf"(?:(?:(?i:trung\s+ương)|TƯ|TW)\s+(?:(?i:lần\s+thứ)\s+)?(?P<n>{_ORDINAL})"
    rf"|(?i:lần\s+thứ)\s+(?P<n2>{_ORDINAL})\s+(?i:ban\s+chấp\s+hành\s+trung\s+ương)(?:\s+(?i:đảng))?)"
    rf"(?:\s*,\s*|\s*\(\s*|\s+){_TERM_WORD}\s+(?P<term>[IVXLC]+)(?:\s*\))?(?!\w)"
)
# "..., khóa XII, khóa XIII" / "... và khóa XIII": each further term is a reference (and a link) of its own.
_MORE_TERMS = re.compile(rf"(?:\s*,\s*(?:và\s+)?|\s+và\s+)(?P<span>{_TERM_WORD}\s+(?P<term>[IVXLC]+))(?!\w)")
# The English pages cite plenums as "the Resolution(s) of the 4th Plenum(s) of the 11th(, 12th and 13th)
# Party Central Committee(s)"; terms are ordinals there, Roman numerals in the registry.
_ORD = r"\d{1,2}(?:st|nd|rd|th)"
_PLENUM_EN = re.compile(
    rf"(?<!\w)(?i:resolutions?\s+of\s+the\s+)(?P<n>{_ORD})\s+(?i:plenums?)\s+of\s+the\s+(?P<term>{_ORD})(?!\w)"
)
_MORE_TERMS_EN = re.compile(rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<span>(?P<term>{_ORD}))(?!\w)")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def _roman(number):
    numerals = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    result = ""
    for value, letters in numerals:
        while number >= value:
            result, number = result + letters, number - value
    return result


def find_references(text):
    """References in plain ``text``, in order, non-overlapping; offsets index the NFC form of ``text``."""
    return _find(unicodedata.normalize("NFC", text))


def _find(text):
    urls = [m.span() for m in _URL.finditer(text)]  # "…/47-QĐ/TW" inside an address is not a citation
    found = sorted([*_plenum_refs(text), *_numbered_refs(text)], key=lambda r: (r.start, -r.end))
    kept = []
    for ref in found:
        overlaps_url = any(start < ref.end and ref.start < end for start, end in urls)
        if not overlaps_url and (not kept or ref.start >= kept[-1].end):
            kept.append(ref)
    limits = [ref.start for ref in kept[1:]] + [len(text)]
    return [ref if ref.kind == "plenum" else _with_context(text, ref, limit) for ref, limit in zip(kept, limits)]


def _numbered_refs(text):
    for m in _NUMBERED.finditer(text):
        type_word = " ".join(m["type"].lower().split()) if m["type"] else ""
        yield Reference(
            "party_number" if m["party"] else "state_number", m[0], m.start(), m.end(),
            number=normalize_number(m["party"] or m["state"]), document_type=_TYPE_SLUGS.get(type_word, ""),
        )


def _plenum_refs(text):
    yield from _plenum_refs_vi(text)
    for m in _PLENUM_EN.finditer(text):
        plenum = int(m["n"][:-2])
        yield Reference("plenum", m[0], m.start(), m.end(), document_type="nghi-quyet",
                        term=_roman(int(m["term"][:-2])), plenum=plenum)
        position = m.end()
        while more := _MORE_TERMS_EN.match(text, position):
            yield Reference("plenum", more["span"], more.start("span"), more.end("span"),
                            document_type="nghi-quyet", term=_roman(int(more["term"][:-2])), plenum=plenum)
            position = more.end()


def _plenum_refs_vi(text):
    for m in _PLENUM.finditer(text):
        ordinal = m["n"] or m["n2"]
        plenum = int(ordinal) if ordinal.isdigit() else _PLENUM_WORDS[" ".join(ordinal.lower().split())]
        yield Reference("plenum", m[0], m.start(), m.end(), document_type="nghi-quyet", term=m["term"], plenum=plenum)
        position = m.end()
        while more := _MORE_TERMS.match(text, position):
            yield Reference("plenum", more["span"], more.start("span"), more.end("span"),
                            document_type="nghi-quyet", term=more["term"], plenum=plenum)
            position = more.end()


def _with_context(text, ref, limit):
    """Add the date and term that follow ``ref`` in its clause; the clause ends at ``limit`` (next reference)."""
    issued_on, after = None, ref.end
    if m := _DATE.match(text, ref.end, limit):
        issued_on, after = _date(m["y"] or m["y2"], m["m"] or m["m2"], m["d"] or m["d2"]), m.end()
    clause = re.split(r"[;.\n]", text[after:min(limit, after + _TERM_WINDOW)], maxsplit=1)[0]
    term = _TERM.search(clause)
    return replace(ref, issued_on=issued_on, term=term["term"] if term else "")


def _date(year, month, day):
    try:
        return date(int(year), int(month), int(day))
    except ValueError:  # "ngày 31/2/2020" is a typo, not a clue
        return None


def choose_directive(ref, candidates, article_date, context_refs=()):
    """The one candidate ``ref`` means, or None: an ambiguous reference gets no link rather than a guess."""
    if isinstance(article_date, datetime):
        article_date = article_date.date()
    # A document issued after the article cannot be the one it cites.
    pool = [c for c in candidates if not (article_date and c.issued_on and c.issued_on > article_date)]
    if ref.kind == "plenum":
        pool = [c for c in pool if c.plenum == ref.plenum and c.term == ref.term]
        if len(pool) > 1:
            pool = [c for c in pool if c.document_type == "nghi-quyet"] or pool
        return _single(pool)
    pool = [c for c in pool if normalize_number(c.number) == ref.number]
    if ref.issued_on or ref.term:
        return _by_clue(pool, ref.issued_on, ref.term)
    # Party numbers restart each term: another mention of the number in the article may say which one.
    same = [r for r in context_refs if r.kind != "plenum" and r.number == ref.number]
    dates = {r.issued_on for r in same if r.issued_on}
    terms = {r.term for r in same if r.term}
    if len(dates) > 1 or (not dates and len(terms) > 1):
        return None  # the article cites several documents with this number
    if dates or terms:
        return _by_clue(pool, next(iter(dates), None), next(iter(terms), ""))
    return _single(pool)


def _by_clue(pool, issued_on, term):
    if issued_on:
        return _single([c for c in pool if c.issued_on == issued_on])
    return _single([c for c in pool if c.term == term])


def _single(pool):
    return pool[0] if len(pool) == 1 else None


# Text flows through these tags, so "<b>Chỉ thị</b> số 05-CT/TW" is one citation; any other tag ends a block.
_INLINE_TAGS = frozenset({"b", "strong", "i", "em", "u", "s", "span", "mark", "small", "abbr", "cite", "font"})
_SKIPPED_TAGS = frozenset({"a", "script", "style"})  # never link inside a link, never read code
# What HTMLParser (convert_charrefs=False) reports as one entity: "&amp;", "&#7843;", legacy "&amp".
_ENTITY = re.compile(r"&(?:#(?:[0-9]+|[xX][0-9a-fA-F]+)|[a-zA-Z][-.a-zA-Z0-9]*);?")


class _TextCollector(HTMLParser):
    """Collects each block's text as (character, raw start, raw end, text-node id) tuples."""

    def __init__(self, source):
        super().__init__(convert_charrefs=False)  # entities reported apart, so raw offsets stay known
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.blocks, self.node, self.skip = [[]], 0, 0

    def _offset(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_data(self, data):
        start = self._offset()
        if not self.skip:
            self.blocks[-1].extend((ch, start + i, start + i + 1, self.node) for i, ch in enumerate(data))

    def handle_entityref(self, name):
        self._entity()

    def handle_charref(self, name):
        self._entity()

    def _entity(self):
        start = self._offset()
        raw = _ENTITY.match(self.source, start)[0]
        if not self.skip:
            self.blocks[-1].extend((ch, start, start + len(raw), self.node) for ch in html_lib.unescape(raw))

    def handle_starttag(self, tag, attrs):
        self._boundary(tag)
        if tag in _SKIPPED_TAGS:
            self.skip += 1

    def handle_endtag(self, tag):
        self._boundary(tag)
        if tag in _SKIPPED_TAGS and self.skip:
            self.skip -= 1

    def handle_comment(self, data):  # comments, declarations and processing instructions end a block too
        self._boundary("")

    handle_decl = handle_pi = unknown_decl = handle_comment

    def _boundary(self, tag):
        self.node += 1
        if tag not in _INLINE_TAGS and self.blocks[-1]:
            self.blocks.append([])


def references_in_html(html):
    """References in the text of ``html`` (not in attributes, not inside ``<a>``); offsets index ``html``."""
    collector = _TextCollector(html)
    collector.feed(html)
    collector.close()
    refs = []
    for block in collector.blocks:
        chars = _nfc_chars(block)
        for ref in _find("".join(c[0] for c in chars)):
            start, end = _raw_span(chars, ref.start, ref.end)
            refs.append(replace(ref, text=html[start:end], start=start, end=end))
    return refs


def _nfc_chars(chars):
    """Compose ``chars`` to NFC one base letter and its marks at a time, keeping each one's raw extent."""
    out, segment = [], []
    for item in [*chars, None]:
        if segment and (item is None or not unicodedata.combining(item[0])):
            composed = unicodedata.normalize("NFC", "".join(c[0] for c in segment))
            out += [(ch, segment[0][1], segment[-1][2], segment[-1][3]) for ch in composed]
            segment = []
        if item is not None:
            segment.append(item)
    return out


def _raw_span(chars, start, end):
    last = chars[end - 1]
    # A link cannot straddle a tag: keep the part of the span in the text node of its last character
    # (the number or the term, so the useful part survives).
    first = next(c for c in chars[start:end] if c[3] == last[3] and not c[0].isspace())
    return first[1], last[2]


def link_references(html, links):
    """``html`` with each span in ``links`` ({(start, end): url}, from ``references_in_html``) made a link.

    Keys that are not spans ``references_in_html`` finds are ignored, so a stale or forged key cannot cut
    a tag or an entity in two; everything outside the linked spans stays byte-identical.
    """
    out, position = [], 0
    for ref in references_in_html(html):
        url = links.get((ref.start, ref.end))
        if url:
            href = html_lib.escape(url, quote=True)
            out += [html[position:ref.start], f'<a href="{href}" class="directive-ref">', ref.text, "</a>"]
            position = ref.end
    out.append(html[position:])
    return "".join(out)
