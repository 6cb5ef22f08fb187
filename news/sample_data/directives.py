"""Sample documents (văn bản) with realistic numbers: "47-QĐ/TW", "42/2022/NĐ-CP", "1234/QĐ-TTg".

Party numbers restart with each term and yearless state numbers with each year, as in the real registry,
so a number may repeat; a number and its issue date never do (the registry's constraint).
"""
from datetime import date, timedelta

# (document type, number pattern, share, highest number); {n} number, {y} year, {k} legislature.
PATTERNS = [
    ("nghi-quyet", "{n:02d}-NQ/TW", 5, 60),
    ("quyet-dinh", "{n:02d}-QĐ/TW", 5, 300),
    ("chi-thi", "{n:02d}-CT/TW", 3, 50),
    ("ket-luan", "{n:02d}-KL/TW", 6, 200),
    ("quy-dinh", "{n:02d}-QĐi/TW", 3, 150),
    ("huong-dan", "{n:02d}-HD/TW", 2, 40),
    ("thong-bao", "{n:02d}-TB/TW", 4, 400),
    ("nghi-dinh", "{n}/{y}/NĐ-CP", 14, 180),
    ("thong-tu", "{n:02d}/{y}/TT-BKHĐT", 6, 30),
    ("quyet-dinh", "{n}/QĐ-TTg", 26, 2200),
    ("chi-thi", "{n:02d}/CT-TTg", 4, 40),
    ("luat", "{n}/{y}/QH{k}", 2, 80),
    ("cong-van", "{n}/BKHĐT-TH", 14, 9999),
    ("ke-hoach", "{n}/KH-BKHĐT", 6, 300),
]
FIRST_DAY = date(2006, 1, 1)


def term_of(day):
    """The Party Central Committee's term (khóa) in office on ``day``."""
    for start, term in ((date(2021, 2, 1), "XIII"), (date(2016, 1, 28), "XII"), (date(2011, 1, 19), "XI")):
        if day >= start:
            return term
    return "X"


def legislature_of(year):
    return 11 + max(0, (year - 2002) // 5)


def make_numbers(rng, count, last_day, taken_numbers):
    """``count`` tuples (document_type, number, issued_on, term), sorted by issue date.

    ``taken_numbers`` (already in the registry) are never reused, so no existing citation becomes ambiguous.
    """
    weights = [share for _t, _p, share, _m in PATTERNS]
    span = (last_day - FIRST_DAY).days
    seen, result = set(), []
    attempts = 0
    while len(result) < count:
        attempts += 1
        if attempts > count * 50:
            raise ValueError(f"Cannot find {count} distinct document numbers; ask for fewer documents.")
        document_type, pattern, _share, highest = rng.choices(PATTERNS, weights)[0]
        day = FIRST_DAY + timedelta(days=rng.randrange(span + 1))
        number = pattern.format(n=rng.randrange(1, highest + 1), y=day.year, k=legislature_of(day.year))
        term = term_of(day) if "/TW" in number else ""
        # Party numbers restart with the term, yearless state numbers with the year.
        key = (number, term) if term else (number, day.year)
        if key in seen or number.upper() in taken_numbers:
            continue
        seen.add(key)
        result.append((document_type, number, day, term))
    result.sort(key=lambda item: (item[2], item[1]))
    return result
