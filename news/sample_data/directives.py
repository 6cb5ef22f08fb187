"""Sample documents (văn bản) with realistic numbers: "47-QĐ/TW", "42/2022/NĐ-CP", "1234/QĐ-TTg".

Party numbers restart with each term and yearless state numbers with each year, as in the real registry,
so a number may repeat; a number and its issue date never do (the registry's constraint).
"""
import bisect
import itertools
from datetime import date, timedelta
from html import escape

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


# --- What the registry adds around a document: subject areas, full text, relations ---------------------------

SUBJECT_AREAS = [
    ("Đầu tư", "Investment"), ("Kế hoạch phát triển", "Development planning"), ("Tài chính, ngân sách", "Finance"),
    ("Doanh nghiệp", "Enterprises"), ("Thống kê", "Statistics"), ("Xây dựng Đảng", "Party building"),
    ("Tổ chức bộ máy", "Organization of the state"), ("Hợp tác quốc tế", "International cooperation"),
]
FULL_TEXT_SHARE = 0.2  # documents whose full text the registry holds
# Relation kinds, weighted by how often registries record them; a share of them concern only some articles.
RELATION_KINDS = [("guides", 30, 0.0), ("based_on", 25, 0.0), ("implements", 10, 0.0), ("amends", 15, 0.7),
                  ("replaces", 8, 0.1), ("repeals", 5, 0.3), ("corrects", 4, 0.5), ("consolidates", 3, 0.0)]
RELATED_SHARE = 0.6  # documents that state relations to earlier ones (one to three each)
HUB_SHARE = 0.25  # of relations: to one of the few much-cited documents (a law and its many decrees)
PLACEHOLDER_SHARE = 0.05  # of relations: to a document the registry does not have (before FIRST_DAY)
ARTICLE_TITLES = [
    ("Phạm vi điều chỉnh", "Scope"), ("Đối tượng áp dụng", "Subjects of application"),
    ("Giải thích từ ngữ", "Definitions"), ("Nguyên tắc thực hiện", "Principles"),
    ("Trách nhiệm của các bộ, ngành", "Responsibilities of ministries and sectors"),
    ("Trách nhiệm của Ủy ban nhân dân cấp tỉnh", "Responsibilities of provincial People's Committees"),
    ("Kinh phí thực hiện", "Funding"), ("Chế độ báo cáo", "Reporting"), ("Điều khoản chuyển tiếp", "Transition"),
    ("Hiệu lực thi hành", "Entry into force"),
]


def full_text(rng, topic_vi, sentences):
    """A document's text as the registry stores it (clean HTML: paragraphs, bold article headings)."""
    count = rng.randrange(4, len(ARTICLE_TITLES) + 1)
    titles = ARTICLE_TITLES[:count - 1] + [ARTICLE_TITLES[-1]]
    parts = []
    for number, (title, _english) in enumerate(titles, start=1):
        parts.append(f"<p><strong>Điều {number}. {escape(title)}</strong></p>")
        for _ in range(rng.randrange(1, 4)):
            sentence = rng.choice(sentences)[0].format(t=topic_vi, p="Hà Nội", r="Bộ trưởng", n=rng.randrange(10, 900),
                                                       x=rng.randrange(2, 40), y=rng.randrange(2016, 2026))
            parts.append(f"<p>{escape(sentence)}</p>")
    return "".join(parts)


def relations(rng, documents, is_party):
    """Relations among ``documents`` (sorted by issue date): [(source index, kind, target index or None, parts,
    placeholder number, placeholder date)], each pair and kind once. A document relates only to earlier ones."""
    kinds, weights, part_shares = zip(*RELATION_KINDS)
    part_share = dict(zip(kinds, part_shares))
    hubs = sorted(rng.sample(range(len(documents)), max(1, len(documents) // 100))) if documents else []
    hub_weights = list(itertools.accumulate(1 / (rank ** 1.1) for rank in range(1, len(hubs) + 1)))
    party = [index for index in range(len(documents)) if is_party[index]]
    seen, result = set(), []
    for source in range(1, len(documents)):
        if rng.random() >= RELATED_SHARE:
            continue
        for _ in range(rng.randrange(1, 4)):
            kind = rng.choices(kinds, weights)[0]
            parts = f"Điều {rng.randrange(1, 12)}" if rng.random() < part_share[kind] else ""
            if rng.random() < PLACEHOLDER_SHARE:
                year = rng.randrange(1995, 2006)
                number = f"{rng.randrange(1, 200)}/{year}/NĐ-CP"
                day = date(year, rng.randrange(1, 13), rng.randrange(1, 29))
                if (source, kind, number) not in seen:
                    seen.add((source, kind, number))
                    result.append((source, kind, None, parts, number, day))
                continue
            available_hubs = bisect.bisect_left(hubs, source)
            if kind == "implements" and party and party[0] < source:
                # A state document carrying out a Party one.
                target = party[rng.randrange(bisect.bisect_left(party, source))]
            elif available_hubs and rng.random() < HUB_SHARE:
                target = hubs[rng.choices(range(available_hubs), cum_weights=hub_weights[:available_hubs])[0]]
            else:
                target = rng.randrange(source)
            if (source, kind, target) not in seen:
                seen.add((source, kind, target))
                result.append((source, kind, target, parts, "", None))
    return result

