"""Sample articles' text in both languages: titles, leads and bodies, with document citations.

Bodies are written as clean HTML (only <p>, which news/sanitize.py keeps as is) and their ``*_linked``
versions are built here the way news/citations.py would link them, so bulk-created articles need no
re-resolution: a Vietnamese citation names the document with its type, "số" and its date, which
news/references.py reads as one unambiguous reference; the English one names the number only when the
registry has a single document with it (otherwise the text cites it without its number, so nothing links).
"""
from html import escape

from . import words

TITLE_PREFIX = {"vi": "[Dữ liệu mẫu] ", "en": "[Sample] "}
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
RARE_PER_ARTICLE = 1 / 3000  # each rare word: about 33 articles in 100,000


def _fill(pair, **values):
    return tuple(text.format(**{k: v[i] if isinstance(v, tuple) else v for k, v in values.items()})
                 for i, text in enumerate(pair))


def _cap(text):
    return text[:1].upper() + text[1:]


class Citation:
    """A document as sample articles cite it; ``urls`` per language, ``unique_number`` decides the English form."""

    def __init__(self, pk, number, type_vi, type_en, issued_on, urls, unique_number):
        self.pk, self.number, self.issued_on, self.urls = pk, number, issued_on, urls
        self.type_vi, self.type_en, self.unique_number = type_vi, type_en, unique_number

    def sentence(self, lang, linked):
        day = self.issued_on
        if lang == "vi":
            cited = f"{self.type_vi} số {self.number}"
            if linked:
                cited = f'<a href="{escape(self.urls["vi"])}" class="directive-ref">{cited}</a>'
            return (f"Thực hiện {cited} ngày {day.day}/{day.month}/{day.year}, "
                    "các đơn vị đã xây dựng kế hoạch cụ thể và phân công trách nhiệm rõ ràng.")
        if not self.unique_number:
            return (f"To implement the {self.type_en.lower()} issued on {MONTHS_EN[day.month - 1]} {day.day}, "
                    f"{day.year}, the units drew up detailed plans and assigned clear responsibilities.")
        cited = f"{self.type_en} {self.number}"  # "Decree 42/2022/NĐ-CP": the type word belongs to the link
        if linked:
            cited = f'<a href="{escape(self.urls["en"])}" class="directive-ref">{cited}</a>'
        return f"To implement {cited}, the units drew up detailed plans and assigned clear responsibilities."

    def links_in(self, lang):
        return lang == "vi" or self.unique_number


def article_text(rng, year, citations=()):
    """Title, lead, body and linked body of one article, per language: {"vi": {...}, "en": {...}}."""
    province = rng.choice(words.PROVINCES)
    topic = rng.choice(words.TOPICS)
    subject = _fill(rng.choice(words.SUBJECTS), p=province)
    action = rng.choice(words.ACTIONS)
    place = _fill(rng.choice(words.PLACES), p=province) if rng.random() < 0.5 else ("", "")
    delegates = rng.randrange(40, 400)

    sentences = []
    for _ in range(rng.randrange(6, 11)):
        sentences.append(_fill(
            rng.choice(words.SENTENCES), t=topic, p=province, r=rng.choice(words.ROLES),
            y=str(year), x=f"{rng.randrange(2, 30)}", n=f"{rng.randrange(3, 900)}",
        ))
    for rare in words.RARE:
        if rng.random() < RARE_PER_ARTICLE:
            sentences.insert(rng.randrange(len(sentences) + 1), _fill(words.RARE_SENTENCE, w=rare))

    result = {}
    for i, lang in enumerate(("vi", "en")):
        head = " ".join(part for part in (subject[i], action[i], topic[i], place[i]) if part)
        if lang == "vi":
            lead = f"{subject[i]} vừa {action[i]} {topic[i]}{' ' + place[i] if place[i] else ''}, " \
                   f"với sự tham dự của {delegates} đại biểu."
        else:
            lead = f"{head}, with {delegates} delegates attending."
        paragraphs = [[_cap(s[i]) for s in sentences[start:start + 3]] for start in range(0, len(sentences), 3)]
        plain = [" ".join(p) for p in paragraphs]
        linked_any = any(c.links_in(lang) for c in citations)
        body = _paragraphs(plain, [c.sentence(lang, linked=False) for c in citations])
        linked = _paragraphs(plain, [c.sentence(lang, linked=True) for c in citations]) if linked_any else ""
        result[lang] = {"title": TITLE_PREFIX[lang] + _cap(head), "lead": lead, "body": body, "body_linked": linked}
    return result


def _paragraphs(plain, cited):
    # The citations go second, where a real article says what it implements.
    texts = plain[:1] + cited + plain[1:]
    return "".join(f"<p>{escape(text, quote=False)}</p>" if "<a " not in text else f"<p>{text}</p>" for text in texts)
