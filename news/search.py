"""Folding Vietnamese text for matching and for URL slugs.

"đ"/"Đ" is a letter of its own, not "d" plus a mark: Unicode decomposition leaves it alone, so it is
mapped by hand before the combining marks are stripped. Documents converted from other encodings often carry
the Icelandic eth, "Ð"/"ð" (U+00D0/U+00F0), which looks the same, in its place: it is read as "Đ"/"đ".
Text typed or pasted with combining marks (NFD, "a" + U+0309) is the same text as its precomposed form.
"""
import functools
import re
import unicodedata
from functools import cached_property

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

    def whole_words(self):
        """The same query with its last word found only whole: its results are some of this query's."""
        import copy

        whole = copy.copy(self)
        whole.prefix = False
        return whole

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
# Points of each ranking test; a result's score is their sum. Each weighs more than the lighter ones together.
RANK_WEIGHTS = {"exact_title": 8, "exact": 4, "title": 2}
# What passing a ranking test implies, by the way the words are indexed (index_text: the folded words are the
# exact words folded, the title is part of "title and body"); every ranking test also implies "found". The
# ranking of a large result asks the index only for the sets of results these leave distinct (SearchResults).
IMPLIES = {"exact_title": ("exact", "title"), "exact": (), "title": ()}

# A search finding more results than this says "more than RESULTS_CAP": counting stops there, pages go that far.
RESULTS_CAP = 10_000
# Pages of such a search are ranked among the newest WINDOW_MIN public entries of the language (more for later
# pages: WINDOW_PER_RESULT per result up to the page's last) and the older results that could outrank them, at
# most OUTSIDE_MAX of these; see SearchResults.
WINDOW_MIN = 1_000
WINDOW_PER_RESULT = 20
OUTSIDE_MAX = 200


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
    """Public search entries matching ``terms`` in ``language``, best first (a SearchResults).

    Every word of the query must occur, folded, in the title or the body. Ranking, in order: all words with
    their exact diacritics in the title; exact diacritics anywhere and the words in the title; exact
    diacritics in the body; the words in the title; the words in the body. Ties: dissolved organizations after
    everything else (a reader looking for "Đảng bộ Khối" means the one that exists today, not the seven it
    replaced), then newer first (organizations, which have no date, last), then the newest object. Articles
    scheduled for later are indexed but found only once their time has come.

    Each test is one full-text lookup on the database's index (PostgreSQL: GIN on to_tsvector of the word
    columns, migration 0003; SQLite: FTS5), so the cost follows the number of matches, not of articles. More
    than RESULTS_CAP matches are counted up to the cap, and their pages ranked from the newest entries, in the
    same order (SearchResults).
    """
    return SearchResults(terms, language, now)


def _ranking():
    from django.db.models import F

    return ("-score", "gone", F("published_at").desc(nulls_last=True), "kind", "-object_id")


_RANKING_SQL = "score DESC, gone, published_at DESC NULLS LAST, kind, object_id DESC"


def _distinct_sets():
    """The sets of ranking tests a result can pass, given IMPLIES, but the empty one: each closed under IMPLIES."""
    import itertools

    closed = set()
    for size in range(1, len(RANK_WEIGHTS) + 1):
        for tests in itertools.combinations(RANK_WEIGHTS, size):
            closed.add(frozenset(tests).union(*(IMPLIES[name] for name in tests)))
    return sorted(closed, key=lambda tests: (-sum(RANK_WEIGHTS[name] for name in tests), sorted(tests)))


def _minimal(tests):
    """The tests of ``tests`` that no other one of them implies: passing these is passing all."""
    return sorted(name for name in tests if not any(name in IMPLIES[other] for other in tests if other != name))


class SearchResults:
    """The ranked entries of a search, for a Paginator: ``count()`` up to RESULTS_CAP (``capped``: there are
    more), slices a page at a time, iterates over every result (the full ranking, ``ranked``).

    Up to RESULTS_CAP results, a page is one statement ranking every match. Beyond, ranking tens of thousands
    of matches for twenty would take most of a second: a page is ranked among few candidates, in one statement
    that ranks everything instead when they cannot be shown to hold the page. With k the page's last position:

    - the window: the public results of the language published no earlier than the Mth newest public entry
      (M = WINDOW_MIN, or WINDOW_PER_RESULT per result up to k). Results outside it are older or undated, so
      each window result of at least their score precedes them;
    - for each set of ranking tests a result can pass (_distinct_sets), the results outside the window that
      pass them, when the window holds fewer than k results passing them. Otherwise none of these is among
      the first k: k results of at least its score, all newer, precede it.

    So the first k results are among the candidates, and ranking the candidates gives the page as the full
    ranking does (tests/test_search_scale.py compares them). The full ranking is used when the window holds
    fewer than k results or more than OUTSIDE_MAX older candidates are found. The entries of such a page carry
    ``score`` and ``gone`` as the full ranking's do, and ``windowed``: whether they were ranked among the candidates.
    """

    ordered = True  # for Paginator: the results come ranked

    def __init__(self, terms, language, now=None, using=None):
        from django.db import router
        from django.utils import timezone

        from news.models import SearchEntry

        self.terms = terms
        self.language = language
        self.now = now or timezone.now()
        self.using = using or router.db_for_read(SearchEntry)
        self.capped = False
        self._count = None

    def __repr__(self):
        return f"<SearchResults {self.terms!r} [{self.language}]>"

    def __iter__(self):
        return iter(self.ranked)

    def __len__(self):
        return self.count()

    def count(self):
        """The number of results, at most RESULTS_CAP; ``capped`` then says whether there are more.

        One statement counting at most RESULTS_CAP + 1 matches. On PostgreSQL, when the last word is also a prefix,
        it first counts with that word whole, whose matches are some of the prefix's: an index scan for a whole
        word costs a third of one for a prefix (GIN partial match), and more than the cap that way is enough.
        """
        from django.db import connections

        if self._count is None:
            sql, params = self._found(self.terms).values("pk")[:RESULTS_CAP + 1].query.sql_with_params()
            sql, params = f"SELECT count(*) FROM ({sql}) found", list(params)
            if self._vendor == "postgresql" and self.terms.prefix:
                whole, whole_params = self._found(self.terms.whole_words()).values("pk")[:RESULTS_CAP + 1].query.sql_with_params()
                sql, params = _sql(
                    f"SELECT CASE WHEN (SELECT count(*) FROM ({{}}) whole) > {RESULTS_CAP} THEN {RESULTS_CAP + 1} "
                    f"ELSE ({{}}) END",
                    (whole, list(whole_params)), (sql, params),
                )
            with connections[self.using].cursor() as cursor:
                cursor.execute(sql, params)
                found = cursor.fetchone()[0]
            self.capped = found > RESULTS_CAP
            self._count = min(found, RESULTS_CAP)
        return self._count

    def __getitem__(self, key):
        if isinstance(key, int):
            found = self[key:key + 1] if key >= 0 else []
            if not found:
                raise IndexError("search result index out of range")
            return found[0]
        start, stop = key.start or 0, key.stop
        if key.step not in (None, 1) or start < 0 or (stop is not None and stop < 0):
            raise ValueError("SearchResults takes slices of consecutive results only")
        if stop is not None and stop <= start:
            return []
        if stop is None or self.count() < RESULTS_CAP or not self.capped:
            return list(self.ranked[start:stop])
        return self._page(start, stop - start)

    # --- Every result -------------------------------------------------------------------------------------

    @cached_property
    def ranked(self):
        """Every result ranked: SearchEntry rows with ``score`` and ``gone`` (a dissolved organization)."""
        from django.db.models import Case, IntegerField, Q, Value, When

        from news.models import SearchEntry

        def points(test, value):
            return Case(When(test, then=Value(value)), default=Value(0), output_field=IntegerField())

        # The index rows do not say whether an organization still exists (it changes with the date, not with a
        # save): a subquery on the organizations, which are few, asks at search time, in the same statement.
        dissolved = Q(kind=SearchEntry.Kind.ORGANIZATION, object_id__in=self._dissolved())
        return (
            self._found(self.terms)
            .annotate(
                score=sum((points(self._among(name), weight) for name, weight in RANK_WEIGHTS.items()), Value(0)),
                gone=points(dissolved, 1),
            )
            .order_by(*_ranking())
            .defer("exact_title", "folded_title", "exact_body", "folded_body")  # a result shows title and body
        )

    def _entries(self):
        from news.models import SearchEntry

        return SearchEntry.objects.using(self.using).filter(language=self.language)

    def _lookup(self, name, terms):
        """A filter: the entry passes the test ``name`` for ``terms``, asked of the full-text index."""
        from django.db.models import Q
        from django.db.models.expressions import RawSQL

        if self._vendor == "postgresql":
            return postgresql_tests(terms)[name]
        columns, exact = SEARCH_TESTS[name]
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        return Q(pk__in=RawSQL(sql, [terms.fts5_query(columns, exact)]))

    def _among(self, name):
        """A condition: the entry is among those passing the ranking test ``name`` (one index scan)."""
        from django.db.models import Q

        if self._vendor == "postgresql":
            return Q(pk__in=self._entries().filter(self._lookup(name, self.terms)).values("pk"))
        return self._lookup(name, self.terms)

    def _found(self, terms):
        """The public entries of the language that ``terms`` finds, unordered."""
        return self._entries().filter(self._lookup("found", terms)).filter(self._public())

    @cached_property
    def _vendor(self):
        from django.db import connections

        return connections[self.using].vendor

    def _public(self):
        from django.db.models import Q

        from news.models import Article, SearchEntry

        # An article whose time to come down has passed has its entry still (nothing saved it): left out here.
        expired = Article.objects.using(self.using).filter(unpublish_at__lte=self.now).values("pk")
        return (Q(published_at__lte=self.now) & ~Q(object_id__in=expired)) | ~Q(kind=SearchEntry.Kind.ARTICLE)

    def _dissolved(self):
        from django.utils import timezone

        from news.models import Organization

        return Organization.objects.using(self.using).dissolved(timezone.localdate(self.now)).values("pk")

    # --- A page of more than RESULTS_CAP results ----------------------------------------------------------

    def _page(self, offset, limit):
        from django.db import transaction

        from news.models import SearchEntry

        with transaction.atomic(using=self.using, savepoint=False):
            since = self._window_start(max(WINDOW_MIN, WINDOW_PER_RESULT * (offset + limit)))
            if since is None:  # fewer dated entries than the window: nothing to spare
                entries = list(self.ranked[offset:offset + limit])
                for entry in entries:
                    entry.windowed = False
                return entries
            sql, params = self._page_sql(offset, limit, since)
            return list(SearchEntry.objects.using(self.using).raw(sql, params))

    def _window_start(self, size):
        """The publication time of the ``size``th newest public dated entry of the language, or None.

        On PostgreSQL, also turns JIT compilation off until the end of the transaction: the page's statement
        carries branches that run only when needed (the full ranking among them), which the planner counts in
        its cost estimate, and compiling them would take longer than running the statement (70 ms of 115).
        """
        from django.db import connections

        from news.models import SearchEntry

        newest = (
            SearchEntry.objects.using(self.using)
            .filter(self._public(), language=self.language, published_at__isnull=False)
            .order_by("-published_at")
            .values("published_at")[size - 1:size]
        )
        sql, params = newest.query.sql_with_params()
        jit = ", set_config('jit', 'off', true)" if self._vendor == "postgresql" else ""
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"SELECT ({sql}){jit}", params)
            return cursor.fetchone()[0]  # as the database stores it: it goes back to the database only

    def _test(self, name, alias):
        """(SQL, params): whether ``alias``'s row passes the test ``name``, asked of the full-text index."""
        columns, exact = SEARCH_TESTS[name]
        if self._vendor == "postgresql":
            # The expression of migration 0003's GIN indexes, which PostgreSQL must recognize to use them.
            vector = " || ' ' || ".join(f"COALESCE({alias}.{column}, '')" for column in columns)
            sql = f"to_tsvector('simple'::regconfig, {vector}) @@ to_tsquery('simple'::regconfig, %s)"
            return sql, [self.terms.tsquery(exact)]
        sql = f"{alias}.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
        return sql, [self.terms.fts5_query(columns, exact)]

    def _page_sql(self, offset, limit, since):
        """One statement: results ``offset`` to ``offset + limit`` of the ranking, from the window starting at
        ``since`` and the older candidates, or from the full ranking when these cannot hold them (see the class).

        A test of the titles (short texts) is asked row by row in the window; one of the bodies through the index
        (a scan of all its matches, the statement's main cost), and only when the page depends on it: not when
        the window holds first_k results of the best score ("filled": they are the page), nor "found" when it
        holds first_k results passing a ranking test (every result outranks those that pass none).
        """
        from news.models import Article, SearchEntry

        table = SearchEntry._meta.db_table
        first_k = offset + limit
        by_row = [name for name in RANK_WEIGHTS if _titles_only(name)]
        by_index = [name for name in RANK_WEIGHTS if name not in by_row]
        sets = _distinct_sets()
        best = _minimal(sets[0])  # passing these is the best score

        articles = Article._meta.db_table

        def public(alias):  # raw() writes the time as the ORM does (SQLite: naive UTC text, as the column holds)
            return _sql(
                f"(({alias}.published_at <= {{}} AND {alias}.object_id NOT IN "
                f"(SELECT e.id FROM {articles} e WHERE e.unpublish_at <= {{}})) OR {alias}.kind <> {{}})",
                self.now, self.now, SearchEntry.Kind.ARTICLE,
            )

        def flags(alias, names):
            return _join("", [_sql(f", ({{}}) AS {name}", self._test(name, alias)) for name in names])

        def in_window(name):
            return _sql(
                f"w.id IN (SELECT x.id FROM {table} x WHERE x.language = {{}} AND x.published_at >= {{}} AND {{}})",
                self.language, since, self._test(name, "x"),
            )

        def count(tests):
            return f"(SELECT count(*) FROM win WHERE {' AND '.join(sorted(tests))})"

        passes_any = " OR ".join(f"w.{name}" for name in RANK_WEIGHTS)
        window = _sql(
            f"SELECT w.id, w.kind, w.object_id, w.published_at, 0 AS gone{{}} FROM {table} w "
            f"WHERE w.language = {{}} AND w.published_at >= {{}} AND {{}}",
            flags("w", by_row), self.language, since, public("w"),
        )
        filled = (
            (f"SELECT count(*) >= %s AS yes FROM win0 w WHERE {' AND '.join(f'w.{name}' for name in best)}", [first_k])
            if set(best) <= set(by_row) else ("SELECT false AS yes", [])
        )
        on_best = " AND ".join(f"w.{name}" for name in best if name in by_row) or "false"
        body_flags = _join("", [
            _sql(f", CASE WHEN (SELECT yes FROM filled) THEN {on_best} ELSE {{}} END AS {name}", in_window(name))
            for name in by_index
        ])
        ranked_flags = _sql(
            f"SELECT w.id, w.kind, w.object_id, w.published_at, w.gone{''.join(f', w.{n}' for n in by_row)}{{}} "
            f"FROM win0 w",
            body_flags,
        )
        scored = f"SELECT count(*) >= %s AS yes FROM win1 w WHERE {passes_any}", [first_k]
        results = _sql(
            f"SELECT w.id, w.kind, w.object_id, w.published_at, w.gone, {', '.join(RANK_WEIGHTS)} FROM win1 w "
            f"WHERE {passes_any} OR (NOT (SELECT yes FROM scored) AND {{}})",
            in_window("found"),
        )
        # older: for each set of tests, the results outside the window passing them, when the window holds fewer
        # than first_k of these and no larger set is already taken whole; none when filled.
        older = _join(" UNION ", [
            _sql(
                f"SELECT o.id FROM {table} o WHERE o.language = {{}} AND (o.published_at < {{}} OR o.published_at IS NULL)"
                f" AND {{}} AND {{}} AND NOT (SELECT yes FROM filled) AND {count(tests)} < {{}}"
                + "".join(f" AND {count(larger)} >= {{}}" for larger in sets if larger < tests),
                self.language, since, public("o"), _join(" AND ", [self._test(name, "o") for name in _minimal(tests)]),
                first_k, *[first_k for larger in sets if larger < tests],
            )
            for tests in sets
        ])
        # The candidates, ranked as the full ranking ranks them.
        candidates = _sql(
            f"SELECT id, kind, object_id, published_at, gone, {', '.join(RANK_WEIGHTS)} FROM win "
            f"UNION ALL SELECT s.id, s.kind, s.object_id, s.published_at, "
            f"CASE WHEN s.kind = {{}} AND s.object_id IN ({{}}) THEN 1 ELSE 0 END AS gone{{}} "
            f"FROM {table} s WHERE s.id IN (SELECT id FROM older)",
            SearchEntry.Kind.ORGANIZATION, self._dissolved().query.sql_with_params(), flags("s", RANK_WEIGHTS),
        )
        score = " + ".join(f"CASE WHEN c.{name} THEN {weight} ELSE 0 END" for name, weight in RANK_WEIGHTS.items())
        everything = (
            self.ranked.values("id", "score", "gone", "published_at", "kind", "object_id")[offset:offset + limit]
            .query.sql_with_params()
        )
        return _sql(
            "WITH win0 AS MATERIALIZED ({}), filled AS MATERIALIZED ({}), win1 AS MATERIALIZED ({}), "
            "scored AS MATERIALIZED ({}), win AS MATERIALIZED ({}), older AS MATERIALIZED ({}), "
            "usable AS MATERIALIZED (SELECT ((SELECT count(*) FROM win) >= {} AND (SELECT count(*) FROM older) <= {}) AS ok), "
            "page AS ("
            f"SELECT * FROM (SELECT c.id, {score} AS score, c.gone, c.published_at, c.kind, c.object_id "
            f"FROM ({{}}) c ORDER BY {_RANKING_SQL} LIMIT {{}} OFFSET {{}}) ranked_candidates "
            "WHERE (SELECT ok FROM usable) "
            "UNION ALL SELECT * FROM ({}) ranked_everything WHERE NOT (SELECT ok FROM usable)) "
            f"SELECT r.id, r.kind, r.object_id, r.language, r.published_at, r.title, r.body, page.score, page.gone, "
            f"(SELECT ok FROM usable) AS windowed FROM page JOIN {table} r ON r.id = page.id "
            "ORDER BY page.score DESC, page.gone, page.published_at DESC NULLS LAST, page.kind, page.object_id DESC",
            window, filled, ranked_flags, scored, results, older, first_k, OUTSIDE_MAX, candidates, limit, offset,
            everything,
        )


def _titles_only(name):
    return all(column.endswith("_title") for column in SEARCH_TESTS[name][0])


def _sql(template, *pieces):
    """(SQL, params): ``template`` with each ``{}`` replaced by a piece, a (SQL, params) pair or a parameter."""
    texts = template.split("{}")
    assert len(texts) == len(pieces) + 1, template
    sql, params = [texts[0]], []
    for piece, text in zip(pieces, texts[1:]):
        piece_sql, piece_params = piece if isinstance(piece, tuple) else ("%s", [piece])
        sql += [piece_sql, text]
        params += piece_params
    return "".join(sql), params


def _join(separator, pieces):
    return separator.join(sql for sql, _params in pieces), [param for _sql, params in pieces for param in params]


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
