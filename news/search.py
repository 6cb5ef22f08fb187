"""Folding Vietnamese text for matching and for URL slugs.

"đ"/"Đ" is a letter of its own, not "d" plus a mark: Unicode decomposition leaves it alone, so it is
mapped by hand before the combining marks are stripped. Documents converted from other encodings often carry
the Icelandic eth, "Ð"/"ð" (U+00D0/U+00F0), which looks the same, in its place: it is read as "Đ"/"đ".
Text typed or pasted with combining marks (NFD, "a" + U+0309) is the same text as its precomposed form.
"""
import functools
import re
import unicodedata

from django.utils.text import slugify

_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
# The eth stands for đ in converted documents: the same letter, diacritics kept (see words()).
_ETH_AS_D_STROKE = str.maketrans({"ð": "đ", "Ð": "Đ"})


def fold(text):
    """Lower-case ``text`` and strip Vietnamese diacritics: "Đảng bộ Khối" -> "dang bo khoi".

    "Ð"/"ð" fold like "Đ"/"đ", and decomposed input (NFD) folds like its precomposed form.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


# Vietnamese alphabetical order: "đ" after "d", "ă" and "â" after "a"..., then the tones (none, huyền, hỏi, ngã,
# sắc, nặng) only between words that are otherwise the same. Databases do not agree (SQLite puts "Đ" after "Z").
_ALPHABET = {letter: rank for rank, letter in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz", start=100)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def sort_key(text):
    """A key putting texts in Vietnamese alphabetical order (English too): "Dân vận" < "Đối ngoại" < "Khoa giáo"."""
    decomposed = unicodedata.normalize("NFD", (text or "").lower().translate(_ETH_AS_D_STROKE))
    letters, tones = [], []
    for character in decomposed:
        if character in _TONES:
            if tones:
                tones[-1] = _TONES[character]
        elif unicodedata.combining(character) and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + character)  # ă, â, ê, ô, ơ, ư
        else:
            letters.append(character)
            tones.append(0)
    return tuple(map(_rank, letters)), tuple(tones), text or ""


def _rank(letter):
    """Spaces and punctuation first (so "Khối I" < "Khối Inh"), then digits, the alphabet, and anything else."""
    if letter in _ALPHABET:
        return _ALPHABET[letter]
    base = letter[0]  # a letter may keep a mark that has no precomposed form with it ("x̂"): sorted as its base
    if base in _ALPHABET:
        return _ALPHABET[base]
    if unicodedata.decimal(base, None) is not None:
        return 10 + unicodedata.decimal(base)
    return 1000 + ord(base) if base.isalnum() else 1


def vietnamese_slugify(text, max_length=200):
    """An ASCII slug that keeps "đ" as "d": "Đảng bộ Khối" -> "dang-bo-khoi"."""
    # Separators inside document numbers ("47-QĐ/TW") become hyphens rather than vanishing.
    return slugify(re.sub(r"[/\\.,:;]+", " ", fold(text)))[:max_length].strip("-")


# --- Site search ---------------------------------------------------------------------------------------------
#
# Text is tokenized here, in Python, for both databases, so SQLite and PostgreSQL index and query exactly the
# same words: a word is a run of letters and digits ("47-QĐ/TW" is "47", "qđ", "tw"). Every word is indexed
# twice: lower-cased with its diacritics ("exact") and folded ("đảng" -> "dang"). A query matches on the
# folded words (so "dang bo khoi", "ĐẢNG BỘ KHỐI" and "Đảng bộ Khối" find the same things); the exact words
# only rank. The derived rows live in news.models.SearchEntry, kept up to date by news/search_index.py.

MAX_QUERY_LENGTH = 200
MAX_WORD_LENGTH = 60  # longer "words" (pasted hashes, URLs without separators) are not indexed
MIN_PREFIX_LENGTH = 3  # the last word of a query also matches longer words ("khố" finds "khối")
FTS_TABLE = "news_searchentry_fts"  # SQLite only; created by migration 0003

_WORD = re.compile(r"[^\W_]+")


def words(text, max_length=MAX_WORD_LENGTH):
    """The words of ``text``, lower-cased, diacritics kept, in order: "Đảng bộ, 47-QĐ/TW" -> đảng bộ 47 qđ tw.

    Precomposed (NFC) whatever the input, and "ð" written as the "đ" it stands for: "Ðảng" -> đảng.
    """
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text or "").lower()).translate(_ETH_AS_D_STROKE)
    return [word for word in _WORD.findall(text) if max_length is None or len(word) <= max_length]


# A language has far fewer distinct words than an index has words: fold each one once.
_fold_word = functools.lru_cache(maxsize=200_000)(fold)


def index_text(text):
    """(exact, folded): the words of ``text`` joined by spaces, as the full-text indexes store them."""
    exact = words(text)
    return " ".join(exact), " ".join(map(_fold_word, exact))


class InvalidQuery(ValueError):
    """A query the search cannot run; ``message`` says why, in the reader's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class SearchTerms:
    """A parsed query: its words, exact and folded, and whether the last one matches as a prefix."""

    def __init__(self, text):
        from django.utils.translation import gettext

        text = (text or "").strip()
        if not text:
            raise InvalidQuery(gettext("Type one or more words to search for."))
        if len(text) > MAX_QUERY_LENGTH:
            raise InvalidQuery(
                gettext("The search is too long: use at most %(limit)d characters.") % {"limit": MAX_QUERY_LENGTH}
            )
        typed = words(text, max_length=None)  # a word longer than the index keeps is simply not found
        if not typed:
            raise InvalidQuery(gettext("Search for words or numbers: punctuation alone finds nothing."))
        self.text = text
        self.exact = tuple(dict.fromkeys(typed))
        self.folded = tuple(dict.fromkeys(map(fold, typed)))
        # The last word may be unfinished: it also matches as the start of a longer word.
        self.last = (typed[-1], fold(typed[-1]))
        self.prefix = len(self.last[1]) >= MIN_PREFIX_LENGTH and not self.last[1].isdigit()

    def __repr__(self):
        return f"<SearchTerms {self.folded!r}{' prefix' if self.prefix else ''}>"

    def matches(self, word):
        """Whether ``word`` (as written in a text) is one of the query's words, ignoring case and diacritics."""
        folded = fold(word)
        return folded in self.folded or (self.prefix and folded.startswith(self.last[1]))

    # The same query for both databases: every word must occur (AND); ``exact`` picks the diacritic-exact words.
    def _words(self, exact):
        found, last = (self.exact, self.last[0]) if exact else (self.folded, self.last[1])
        return [(word, self.prefix and word == last) for word in found]

    def tsquery(self, exact=False):
        """PostgreSQL ``to_tsquery`` text: "'đảng' & 'khố':*". Words are letters and digits only: no quoting issue."""
        return " & ".join(f"'{word}'{':*' if prefix else ''}" for word, prefix in self._words(exact))

    def fts5_query(self, columns, exact=False):
        """SQLite FTS5 MATCH text: '{exact_title exact_body} : ("đảng" AND "khố"*)'."""
        phrases = " AND ".join(f'"{word}"{"*" if prefix else ""}' for word, prefix in self._words(exact))
        return f"{{{' '.join(columns)}}} : ({phrases})"


# The four full-text tests of a search: (columns, exact words?). "found" decides; the others rank.
SEARCH_TESTS = {
    "found": (["folded_title", "folded_body"], False),
    "exact_title": (["exact_title"], True),
    "exact": (["exact_title", "exact_body"], True),
    "title": (["folded_title"], False),
}


def postgresql_tests(terms):
    """The four tests as PostgreSQL lookups: to_tsvector('simple', columns) @@ to_tsquery('simple', words).

    The to_tsvector expressions are those of the GIN indexes of migration 0003, so each test is an index scan.
    """
    from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact

    return {
        name: SearchVectorExact(
            SearchVector(*columns, config="simple"),
            SearchQuery(terms.tsquery(exact), search_type="raw", config="simple"),
        )
        for name, (columns, exact) in SEARCH_TESTS.items()
    }


def search(terms, language, now=None):
    """Public search entries matching ``terms`` in ``language``, best first.

    Every word of the query must occur, folded, in the title or the body. Ranking, in order: all words with
    their exact diacritics in the title; exact diacritics anywhere and the words in the title; exact
    diacritics in the body; the words in the title; the words in the body. Ties: dissolved organizations after
    everything else (a reader looking for "Đảng bộ Khối" means the one that exists today, not the seven it
    replaced), then newer first (organizations, which have no date, last), then the newest object. Articles
    scheduled for later are indexed but found only once their time has come.

    Each test is one full-text lookup on the database's index (PostgreSQL: GIN on to_tsvector of the word
    columns, migration 0003; SQLite: FTS5), so the cost follows the number of matches, not of articles.
    """
    from django.db import connections, router
    from django.db.models import Case, F, IntegerField, Q, Value, When
    from django.db.models.expressions import RawSQL
    from django.utils import timezone

    from news.models import Organization, SearchEntry

    now = now or timezone.now()
    database = router.db_for_read(SearchEntry)
    entries = SearchEntry.objects.using(database).filter(language=language)
    if connections[database].vendor == "postgresql":
        tests = postgresql_tests(terms)

        def among(name):
            return Q(pk__in=entries.filter(tests[name]).values("pk"))

        found = tests["found"]
    else:

        def among(name):
            columns, exact = SEARCH_TESTS[name]
            sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            return Q(pk__in=RawSQL(sql, [terms.fts5_query(columns, exact)]))

        found = among("found")

    def points(test, value):
        return Case(When(test, then=Value(value)), default=Value(0), output_field=IntegerField())

    # The index rows do not say whether an organization still exists (it changes with the date, not with a
    # save): a subquery on the organizations, which are few, asks at search time, in the same statement.
    dissolved = Q(
        kind=SearchEntry.Kind.ORGANIZATION,
        object_id__in=Organization.objects.using(database).dissolved(timezone.localdate(now)).values("pk"),
    )
    return (
        entries.filter(found)
        .filter(Q(published_at__lte=now) | ~Q(kind=SearchEntry.Kind.ARTICLE))
        .annotate(
            score=points(among("exact_title"), 8) + points(among("exact"), 4) + points(among("title"), 2),
            gone=points(dissolved, 1),
        )
        .order_by("-score", "gone", F("published_at").desc(nulls_last=True), "kind", "-object_id")
        .defer("exact_title", "folded_title", "exact_body", "folded_body")  # a result shows title and body
    )


def highlight(text, terms):
    """``text`` HTML-escaped, with each word of the query in <mark>."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    text = _composed(text)
    return mark_safe(_marked(text, terms, 0, len(text), escape))


def snippet(text, terms, words_before=12, length=40):
    """About ``length`` words of ``text`` around the first word of the query, escaped, query words in <mark>.

    Text without a match gives its beginning (the title matched, not the body).
    """
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    text = _composed(text)
    spans = [match.span() for match in _WORD.finditer(text)]
    if not spans:
        return mark_safe(escape(text[:300]))
    first = next((index for index, (start, end) in enumerate(spans) if terms.matches(text[start:end])), 0)
    low = max(0, first - words_before)
    high = min(len(spans), low + length)
    start = spans[low][0] if low else 0
    end = spans[high - 1][1] if high < len(spans) else len(text)
    html = _marked(text, terms, start, end, escape)
    return mark_safe(("… " if start else "") + html.strip() + (" …" if end < len(text) else ""))


def _composed(text):
    # A text stored with combining marks (NFD) would split its words at each mark ("Đa" + "̉" + "ng"): the same
    # text, precomposed, is marked word by word as it was indexed (words() composes too).
    return unicodedata.normalize("NFC", text or "")


def _marked(text, terms, start, end, escape):
    parts, position = [], start
    for match in _WORD.finditer(text, start, end):
        if terms.matches(match.group()):
            parts.append(escape(text[position:match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    parts.append(escape(text[position:end]))
    return "".join(parts)
