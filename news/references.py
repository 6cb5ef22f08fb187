"""The one place that recognises directive references (citations of Party and state documents) in articles.

It owns three pure steps, free of the ORM so they can be tested without a database:

* recognition: ``find_references`` (plain text) and ``references_in_html`` (the text nodes of HTML);
* resolution: ``resolve`` (``choose_directive``) picks the one registry entry a reference means, or nothing at
  all and why (missing from the registry, or ambiguous); ``reference_key`` and ``directive_keys`` say which
  references a registry entry may answer (what the references table is searched by);
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

__all__ = ["Reference", "normalize_number", "number_key", "directive_keys", "find_references", "choose_directive",
           "resolve", "link_references", "references_in_html"]


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

    @property
    def key(self):
        """What the registry is searched by (``reference_key``): the folded number, or the plenum and term."""
        return reference_key(self)


# Converted documents write Đ/đ with look-alike letters: Ð/ð (U+00D0/U+00F0, Icelandic eth), Ɖ/ɖ (African D).
# One letter for one, so offsets into the text stay offsets into the original.
_LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ", "\u0256": "đ"})
_LOOKALIKE = re.compile("[\u00d0\u00f0\u0189\u0256]")
# Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus: all are typed between a number
# and its code ("18 – NQ/TW").
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"  # and "-"
_DASH = f"[\\-{_DASHES}]"
_TO_HYPHEN = str.maketrans({dash: "-" for dash in _DASHES})


def normalize_number(number):
    """Canonical number: NFC, trimmed, upper case, "Đ" for its look-alikes, "TƯ" spelled "TW", every dash a
    hyphen and no space around hyphens and slashes ("18 – NQ/TƯ" is "18-NQ/TW")."""
    number = unicodedata.normalize("NFC", number or "").translate(_LOOKALIKES).translate(_TO_HYPHEN)
    number = re.sub(r"\s*([-/])\s*", r"\1", number.strip())
    return re.sub(r"\s+", " ", number).upper().replace("TƯ", "TW")


def number_key(number):
    """``normalize_number`` with Đ read as D: English texts write "ND-CP" and "QD-TTg" for "NĐ-CP" and "QĐ-TTg"."""
    return normalize_number(number).replace("Đ", "D")


def plenum_key(plenum, term):
    return f"plenum {plenum} {term}"


def reference_key(ref):
    """The key a reference is looked up by; a document answers to every key of ``directive_keys``."""
    return plenum_key(ref.plenum, ref.term) if ref.kind == "plenum" else number_key(ref.number)


def directive_keys(number, plenum=None, term=""):
    """The keys of the references that may mean a document with this number, plenum and term."""
    keys = {number_key(number)} if number else set()
    if plenum and term:
        keys.add(plenum_key(plenum, term))
    return keys


def number_variants(key):
    """Every spelling a registry number with this key may have (each D as D or Đ), at most 64 of them."""
    parts = key.split("D")
    if len(parts) > 7:
        return {key}
    variants = {parts[0]}
    for part in parts[1:]:
        variants = {variant + letter + part for variant in variants for letter in "DĐ"}
    return variants


# Codes that exist only with Đ, written with D in English (and by careless typists): a reference's number is
# given back its Vietnamese spelling, the one the registry uses ("Decree No. 31/2021/ND-CP" is 31/2021/NĐ-CP).
# "HD" is left alone: it is Hướng dẫn, while HĐ is Hội đồng.
_D_CODES = {"ND": "NĐ", "QD": "QĐ", "QDI": "QĐI", "BKHDT": "BKHĐT", "HDND": "HĐND", "DUK": "ĐUK", "BCSD": "BCSĐ",
            "DU": "ĐU", "BGDDT": "BGDĐT", "BLDTBXH": "BLĐTBXH"}


def _vietnamese_codes(number):
    return re.sub(r"[A-ZĐ]+", lambda m: _D_CODES.get(m[0], m[0]), number)


# Keys are lower case; a longer phrase must win over its prefix ("thông tư liên tịch" over "thông tư").
_TYPE_SLUGS = {
    "nghị quyết": "nghi-quyet", "quyết định": "quyet-dinh", "chỉ thị": "chi-thi", "kết luận": "ket-luan",
    "quy định": "quy-dinh", "quy chế": "quy-che", "hướng dẫn": "huong-dan", "thông báo kết luận": "thong-bao",
    "thông báo": "thong-bao", "kế hoạch": "ke-hoach", "luật": "luat", "pháp lệnh": "phap-lenh",
    "nghị định": "nghi-dinh", "thông tư liên tịch": "thong-tu-lien-tich", "thông tư": "thong-tu",
    "công văn": "cong-van",
    # English, as the English pages name documents ("Decree No. 31/2021/NĐ-CP").
    "resolution": "nghi-quyet", "decision": "quyet-dinh", "directive": "chi-thi", "conclusion": "ket-luan",
    "regulation": "quy-dinh", "regulations": "quy-dinh", "rules": "quy-che", "guidance": "huong-dan",
    "guidelines": "huong-dan", "instruction": "huong-dan", "notice": "thong-bao", "plan": "ke-hoach", "law": "luat",
    "ordinance": "phap-lenh", "decree": "nghi-dinh", "circular": "thong-tu", "joint circular": "thong-tu-lien-tich",
    "official letter": "cong-van", "official dispatch": "cong-van",
}
# Short type words, in capitals only ("NQ số 35-NQ/TW", "QĐ số 1629/QĐ-TTg").
_TYPE_ABBREVIATIONS = {
    "NQ": "nghi-quyet", "QĐ": "quyet-dinh", "CT": "chi-thi", "KL": "ket-luan", "NĐ": "nghi-dinh", "TT": "thong-tu",
    "TTLT": "thong-tu-lien-tich", "HD": "huong-dan", "TB": "thong-bao", "KH": "ke-hoach", "CV": "cong-van",
}
_TYPE_WORDS = "|".join(w.replace(" ", r"\s+") for w in sorted(_TYPE_SLUGS, key=len, reverse=True))
_ABBREVIATIONS = "|".join(sorted(_TYPE_ABBREVIATIONS, key=len, reverse=True))
_CAP = "A-ZĐƯ"  # codes use Latin capitals plus Đ and Ư ("QĐ", "BCSĐ", "TƯ")
_SPACE = r"[ \u00a0]?"  # at most one space on either side of a dash: "18 – NQ/TW", "TT- BXD"
_CODE = rf"[{_CAP}]+[a-z]?\d*"
# Digits, dash, code, slash, issuer: "47-QĐ/TW", "08-QĐi/TW", "01-KH/ĐUK", "18 – NQ/TW".
_PARTY_NUMBER = rf"\d{{1,4}}{_SPACE}{_DASH}{_SPACE}[{_CAP}]+i?/[{_CAP}]+"
# Number, optional year, dashed codes: "42/2022/NĐ-CP", "51/2010/QH12", "1234/QĐ-TTg", "05/2016/TT- BXD" (a
# space only at the first dash: "123/QĐ-UBND - UBND tỉnh" is not one code). A lone capital ("phòng 12/A3") is
# not a code unless a dashed part follows ("12/2020/L-CTN"). The Government's resolutions of 2016-2019 carry
# their year after a dash: "19-2017/NQ-CP".
_STATE_NUMBER = (
    rf"\d{{1,3}}{_DASH}(?:19|20)\d\d/[{_CAP}]{{2,}}(?:{_DASH}{_CODE})+"
    rf"|\d{{1,5}}/(?:(?:19|20)\d\d/)?"
    rf"(?:[{_CAP}]{{2,}}[a-z]?\d*(?:{_SPACE}{_DASH}{_SPACE}{_CODE})?|[{_CAP}](?={_DASH}))(?:{_DASH}{_CODE})*"
)
_NUMBER = re.compile(
    rf"(?:(?<=No\.)|(?<=NO\.)|(?<![\w/.\-{_DASHES}]))(?:(?P<party>{_PARTY_NUMBER})|(?P<state>{_STATE_NUMBER}))"
    rf"(?![\w/]|{_DASH})"
)
# The type word (and "số", "No.") right before a number belongs to its span; looked for in the few characters
# before each number found, which is much faster than trying the type words at every position of the text.
_TYPE_BEFORE = re.compile(
    rf"(?<!\w)(?P<type>(?i:{_TYPE_WORDS})|{_ABBREVIATIONS})\s+(?:(?i:số)\s+|(?:No|NO)\.?\s*|Number\s+)?\Z"
)
_TYPE_REACH = 60
_MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
           "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
           "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
# Only right after the number (a comma or bracket between is fine): a date earlier in the sentence is the date
# of something else. "ngày 15/5/2016", "ban hành ngày 15 tháng 5 năm 2016", "dated May 15, 2016", "of 18 May 2021".
_DATE = re.compile(
    r"\s*,?\s*\(?\s*"
    r"(?i:(?:được\s+)?(?:ký\s+)?(?:ban\s+hành\s+)?ngày|dated|(?:issued|signed|promulgated|adopted)\s+on|of)\s+"
    r"(?:(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
    rf"|(?P<month>(?i:{_MONTH}))\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{{4}})"
    rf"|(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>(?i:{_MONTH}))\.?,?\s+(?P<y4>\d{{4}}))(?!\d)"
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

# English: plenums and terms are ordinals ("4th", "fourth"), terms Roman numerals in the registry.
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                  "fourteenth": 14, "fifteenth": 15}
_ORD = r"(?i:\d{1,2}(?:st|nd|rd|th)|" + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True)) + ")"
_PLENUM_WORD_EN = r"(?i:plenums?|plenary\s+(?:sessions?|meetings?))"
_TENURE_EN = r"(?i:tenures?|terms?)"
_COMMITTEE_EN = r"(?i:(?:party\s+)?central\s+committees?)"
# A plenum is a document only when a resolution is named, as in Vietnamese ("the 4th Plenum of the 13th Party
# Central Committee opened" is a meeting). The forms:
_PLENUM_EN = [  # (pattern, whether further terms may follow: "of the 11th, 12th and 13th")
    # "the Resolution(s) of the 4th Plenum(s) of the 11th(, 12th and 13th) Party Central Committee(s)";
    # "the Resolution of the fourth plenum, 12th tenure" / "(12th tenure)" / ", tenure XII".
    (re.compile(
        rf"(?<!\w)(?i:resolutions?\s+(?:of|from|adopted\s+(?:at|by))\s+the\s+)(?P<n>{_ORD})\s+{_PLENUM_WORD_EN}"
        rf"(?:\s+(?i:of\s+the)\s+(?P<term>{_ORD})(?!\w)"
        rf"|(?:\s*,\s*|\s*\(\s*)(?:(?P<term2>{_ORD})[\s\-]+{_TENURE_EN}|{_TENURE_EN}\s+(?P<roman>[IVXLC]+))"
        rf"(?:\s*\))?(?!\w))"
    ), True),
    # "the sixth plenum resolution of the 12th Party Central Committee" / "4th plenum resolution (12th tenure)".
    (re.compile(
        rf"(?<!\w)(?P<n>{_ORD})[\s\-]+(?i:plenum)\s+(?i:resolutions?)"
        rf"(?:\s+(?i:of\s+the)\s+(?P<term>{_ORD})(?!\w)"
        rf"|(?:\s*,\s*|\s*\(\s*)(?P<term2>{_ORD})[\s\-]+{_TENURE_EN}(?:\s*\))?(?!\w))"
    ), True),
    # "the 4th Plenum of the 13th Party Central Committee's resolution".
    (re.compile(
        rf"(?<!\w)(?P<n>{_ORD})\s+{_PLENUM_WORD_EN}\s+(?i:of\s+the)\s+(?P<term>{_ORD})[\s\-]+"
        rf"(?:{_COMMITTEE_EN}|{_TENURE_EN})(?:'s|’s|'|’)\s+(?i:resolutions?)(?!\w)"
    ), False),
    # "the 12th Party Central Committee's fourth plenum resolution".
    (re.compile(
        rf"(?<!\w)(?P<term>{_ORD})(?:[\s\-]+{_TENURE_EN})?[\s\-]+{_COMMITTEE_EN}(?:'s|’s)\s+"
        rf"(?P<n>{_ORD})[\s\-]+(?i:plenum)\s+(?i:resolutions?)(?!\w)"
    ), False),
]
_MORE_TERMS_EN = re.compile(rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<span>(?P<term>{_ORD}))(?!\w)")
# A term named in English after a numbered reference: "of the 12th Politburo", "(13th tenure)".
_TERM_EN = re.compile(
    rf"(?<!\w)(?P<term>{_ORD})[\s\-]+(?i:(?:party\s+)?central\s+committee|politburo|secretariat|tenure|term"
    r"|national\s+assembly)(?!\w)"
)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def _roman(number):
    numerals = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    result = ""
    for value, letters in numerals:
        while number >= value:
            result, number = result + letters, number - value
    return result


def _ordinal(text):
    return int(text[:-2]) if text[:1].isdigit() else _ORDINAL_WORDS[text.lower()]


def find_references(text):
    """References in plain ``text``, in order, non-overlapping; offsets index the NFC form of ``text``."""
    return _find(unicodedata.normalize("NFC", text))


def _find(text):
    matchable = text.translate(_LOOKALIKES) if _LOOKALIKE.search(text) else text  # same length: same offsets
    urls = [m.span() for m in _URL.finditer(matchable)]  # "…/47-QĐ/TW" inside an address is not a citation
    found = sorted([*_plenum_refs(matchable), *_numbered_refs(matchable)], key=lambda r: (r.start, -r.end))
    kept = []
    for ref in found:
        overlaps_url = any(start < ref.end and ref.start < end for start, end in urls)
        if not overlaps_url and (not kept or ref.start >= kept[-1].end):
            kept.append(ref)
    limits = [ref.start for ref in kept[1:]] + [len(text)]
    return [
        replace(ref if ref.kind == "plenum" else _with_context(matchable, ref, limit), text=text[ref.start:ref.end])
        for ref, limit in zip(kept, limits)
    ]


def _numbered_refs(text):
    for m in _NUMBER.finditer(text):
        start, type_word = m.start(), ""
        if before := _TYPE_BEFORE.search(text, max(0, start - _TYPE_REACH), start):
            start, type_word = before.start(), before["type"]
        document_type = _TYPE_ABBREVIATIONS.get(type_word) or _TYPE_SLUGS.get(" ".join(type_word.lower().split()), "")
        yield Reference(
            "party_number" if m["party"] else "state_number", text[start:m.end()], start, m.end(),
            number=_vietnamese_codes(normalize_number(m["party"] or m["state"])), document_type=document_type,
        )


def _plenum_refs(text):
    yield from _plenum_refs_vi(text)
    lowered = text.lower()
    if "plenum" not in lowered and "plenary" not in lowered:
        return  # every English form names a plenum: no need to try them
    for pattern, more_terms in _PLENUM_EN:
        for m in pattern.finditer(text):
            plenum, groups = _ordinal(m["n"]), m.groupdict()
            term = groups.get("roman") or _roman(_ordinal(groups.get("term") or groups["term2"]))
            yield Reference("plenum", m[0], m.start(), m.end(), document_type="nghi-quyet", term=term, plenum=plenum)
            position = m.end()
            while more_terms and m["term"] and (more := _MORE_TERMS_EN.match(text, position)):
                yield Reference("plenum", more["span"], more.start("span"), more.end("span"),
                                document_type="nghi-quyet", term=_roman(_ordinal(more["term"])), plenum=plenum)
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
        month_name = m["month"] or m["month2"]
        month = _MONTHS[month_name.lower()] if month_name else m["m"] or m["m2"]
        year, day = m["y"] or m["y2"] or m["y3"] or m["y4"], m["d"] or m["d2"] or m["d3"] or m["d4"]
        issued_on, after = _date(year, month, day), m.end()
    clause = re.split(r"[;.\n]", text[after:min(limit, after + _TERM_WINDOW)], maxsplit=1)[0]
    if term := _TERM.search(clause):
        term = term["term"]
    elif term := _TERM_EN.search(clause):
        term = _roman(_ordinal(term["term"]))
    return replace(ref, issued_on=issued_on, term=term or "")


def _date(year, month, day):
    try:
        return date(int(year), int(month), int(day))
    except ValueError:  # "ngày 31/2/2020" is a typo, not a clue
        return None


LINKED, MISSING, AMBIGUOUS = "linked", "missing", "ambiguous"


def choose_directive(ref, candidates, article_date, context_refs=()):
    """The one candidate ``ref`` means, or None: an ambiguous reference gets no link rather than a guess."""
    return resolve(ref, candidates, article_date, context_refs)[0]


def resolve(ref, candidates, article_date, context_refs=()):
    """``(directive, status)``: the candidate ``ref`` means and LINKED; or None and why not.

    AMBIGUOUS when several candidates fit what the text says of the document and nothing tells them apart;
    MISSING when none does (no document with that number, or none of the date or term the text gives, or only
    one issued after the article): the document the text means is not in the registry.
    """
    pool = _fitting(ref, candidates, article_date, context_refs)
    if pool is None:
        return None, AMBIGUOUS  # the article cites several documents with this number
    if len(pool) > 1 and ref.kind != "plenum":
        # "31/2021/ND-CP" in English is the registry's 31/2021/NĐ-CP: a spelling that matches exactly breaks a tie.
        pool = [c for c in pool if normalize_number(c.number) == ref.number] or pool
    if len(pool) == 1:
        return pool[0], LINKED
    return None, AMBIGUOUS if pool else MISSING


def _fitting(ref, candidates, article_date, context_refs):
    """The candidates that fit everything the text says of ``ref``; None if the article's other mentions of its
    number disagree on which document it is."""
    if isinstance(article_date, datetime):
        article_date = article_date.date()
    # A document issued after the article cannot be the one it cites.
    pool = [c for c in candidates if not (article_date and c.issued_on and c.issued_on > article_date)]
    if ref.kind == "plenum":
        pool = [c for c in pool if c.plenum == ref.plenum and c.term == ref.term]
        if len(pool) > 1:
            pool = [c for c in pool if c.document_type == "nghi-quyet"] or pool
        return pool
    key = number_key(ref.number)
    pool = [c for c in pool if number_key(c.number) == key]
    if ref.issued_on or ref.term:
        return _by_clue(pool, ref.issued_on, ref.term)
    # Party numbers restart each term: another mention of the number in the article may say which one.
    same = [r for r in context_refs if r.kind != "plenum" and number_key(r.number) == key]
    dates = {r.issued_on for r in same if r.issued_on}
    terms = {r.term for r in same if r.term}
    if len(dates) > 1 or (not dates and len(terms) > 1):
        return None
    if dates or terms:
        return _by_clue(pool, next(iter(dates), None), next(iter(terms), ""))
    return pool


def _by_clue(pool, issued_on, term):
    if issued_on:
        return [c for c in pool if c.issued_on == issued_on]
    return [c for c in pool if c.term == term]


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
    if unicodedata.is_normalized("NFC", "".join(c[0] for c in chars)):
        return chars  # the usual case (the admin's editor writes NFC): nothing to compose
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
