"""Admin searches have a length limit: a long search is shortened and staff are told, instead of a server error.

Django's admin search ANDs one condition per word (each an OR over ``search_fields``). SQLite refuses a
query whose expression tree is deeper than 1000 ("Expression tree is too large": about 900 words gave a
500), and a LIKE pattern longer than 50,000 bytes ("LIKE or GLOB pattern too complex"). PostgreSQL answers
both, slowly. Nobody looks for an article with a whole page of text, so every admin with search fields
searches at most ``MAX_WORDS`` words (a "quoted phrase" counts as one, as the admin searches it) and
``MAX_CHARACTERS`` characters, well below what either engine can take.

What the list shows for a longer search: the results of its beginning (the first words that fit the limits;
a single enormous word is cut to ``MAX_CHARACTERS``), with a warning that says the limit. Not an unfiltered
list with an error, which looks like a search that matched everything. Every word narrows the admin's
search, so the beginning finds everything the whole search would have found, plus perhaps a few more: what
the staff member was looking for is on the list, never hidden. The search box keeps what they typed, to
shorten by hand.

The same limit applies in the autocomplete boxes (which call the same method); they cannot show a message,
so there it is silent. Use ``LongSearchMixin`` first in the bases of every ModelAdmin with search_fields;
``limit_every_search`` gives it to the admins of other apps (users, groups, django-axes).
"""
import functools
import re
import unicodedata

from django.contrib import messages
from django.db.models import Exists, Func, OuterRef, Q, TextField, Value
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import ngettext

from news.search import fold

MAX_WORDS = 50
MAX_CHARACTERS = 500


def shorten(search_term):
    """``(what to search for, whether it was shortened)``: the beginning of ``search_term`` within the limits.

    Words are split as the admin splits them (django.utils.text.smart_split, quoted phrases whole), and the
    words kept are joined again with single spaces, which the admin splits back into the same words.
    """
    words = list(smart_split(search_term))
    kept, length = [], 0
    for word in words[:MAX_WORDS]:
        room = MAX_CHARACTERS - length - len(kept)  # the spaces between kept words count too
        if len(word) > room:
            if not kept:  # one word longer than the limit: its beginning
                kept.append(_cut(word, room))
            break
        kept.append(word)
        length += len(word)
    return " ".join(kept), kept != words


def _cut(word, size):
    quote = word[0]
    if quote in "\"'" and len(word) > 1 and word[-1] == quote:
        # A quoted phrase keeps its quotes, so the admin still searches it as one phrase.
        return quote + word[1:size - 1].rstrip("\\") + quote
    return word[:size]


def _is_change_list(request):
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name and match.url_name.endswith("_changelist"))


class LongSearchMixin:
    """For every ModelAdmin with search_fields, first in its bases: a long search is shortened, with a warning."""

    def get_search_results(self, request, queryset, search_term):
        searched, shortened = shorten(search_term)
        if shortened and _is_change_list(request) and not getattr(request, "_long_search_warned", False):
            # Once per request: with facets shown, the change list searches again for each filter.
            request._long_search_warned = True
            count = len(list(smart_split(searched)))
            self.message_user(request, long_search_message(count), messages.WARNING)
        if getattr(self, "folded_search_fields", None):
            return folded_search(self, queryset, searched), False
        return super().get_search_results(request, queryset, searched)


def long_search_message(count):
    return ngettext(
        "This search is too long: a search may have at most %(words)d words and %(characters)d characters. "
        "Only its first word was searched for, so the list may include items that the whole search would "
        "have left out.",
        "This search is too long: a search may have at most %(words)d words and %(characters)d characters. "
        "Only its first %(count)d words were searched for, so the list may include items that the whole "
        "search would have left out.",
        count,
    ) % {"words": MAX_WORDS, "characters": MAX_CHARACTERS, "count": count}


def limit_every_search(site):
    """Give ``LongSearchMixin`` to the registered admins of other apps that search (auth's users and groups,
    django-axes' logs): each is registered again as a subclass with the mixin first. Call it once every
    admin is registered (news/admin/__init__.py: the news app comes last in INSTALLED_APPS)."""
    for model, model_admin in list(site._registry.items()):
        cls = type(model_admin)
        if not model_admin.search_fields or issubclass(cls, LongSearchMixin):
            continue
        site.unregister(model)
        site.register(model, type(cls.__name__, (LongSearchMixin, cls), {"__module__": cls.__module__}))


# --- Searching without diacritics -------------------------------------------------------------------------------
#
# An admin with ``folded_search_fields`` (the articles') finds what the public search finds, and drafts too: each
# word of the search (a "quoted phrase" whole) must occur, folded as news.search.fold folds it ("Đảng" -> "dang"),
# in one of those fields folded the same way, or in the number of a document the article cites (as the text
# writes it or as the registry writes it). The public search's index (news.SearchEntry) holds published articles
# only, so the fields themselves are folded, by the database: PostgreSQL's translate(), and on SQLite the same
# Python function the index uses.

# Every letter Vietnamese (and Latin-1) text may carry a mark on, upper and lower case, with what it folds to; the
# combining marks of decomposed text are dropped.
_FOLDABLE = "".join(
    chr(code) for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00))
    if len(fold(chr(code))) == 1 and fold(chr(code)) != chr(code).lower() and fold(chr(code)).isascii()
)
_COMBINING = "".join(chr(code) for code in range(0x300, 0x370) if unicodedata.combining(chr(code)))


@functools.lru_cache(maxsize=1024)  # each word of a search folds the same texts again
def _fold_or_none(text):
    return None if text is None else fold(text)


class Folded(Func):
    """``fold(expression)`` in the database: lower case, without diacritics, "đ" as "d"."""

    function = "LOWER"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        # translate() maps each marked letter to its base and drops the combining marks (no counterpart).
        marked = Func(self.source_expressions[0], Value(_FOLDABLE + _COMBINING),
                      Value("".join(fold(ch) for ch in _FOLDABLE)), function="TRANSLATE", output_field=TextField())
        return Func(marked, function="LOWER", output_field=TextField()).as_sql(compiler, connection)

    def as_sqlite(self, compiler, connection, **extra):
        # The function is registered on the connection when first needed (idempotent, and cheap).
        connection.ensure_connection()
        connection.connection.create_function("orgsite_fold", 1, _fold_or_none, deterministic=True)
        return self.as_sql(compiler, connection, function="orgsite_fold", **extra)


_TAG = re.compile(r"<[^>]*>")


@functools.lru_cache(maxsize=1024)
def _fold_text_or_none(html):
    return None if html is None else fold(_TAG.sub(" ", html))


class FoldedText(Folded):
    """``fold()`` of an HTML field's text: its tags are no words ("strong" does not find every article)."""

    def as_postgresql(self, compiler, connection, **extra):
        text = Func(self.source_expressions[0], Value("<[^>]*>"), Value(" "), Value("g"), function="REGEXP_REPLACE",
                    output_field=TextField())
        return Folded(text).as_postgresql(compiler, connection, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        connection.ensure_connection()
        connection.connection.create_function("orgsite_fold_text", 1, _fold_text_or_none, deterministic=True)
        return self.as_sql(compiler, connection, function="orgsite_fold_text", **extra)


def search_words(search_term):
    """The words of a search as the admin splits them, a "quoted phrase" as one, each folded."""
    found = []
    for word in smart_split(search_term):
        if word[0] in "\"'" and len(word) > 1 and word[-1] == word[0]:
            word = unescape_string_literal(word)
        word = fold(word).strip()
        if word:
            found.append(word)
    return found


def folded_search(model_admin, queryset, search_term):
    """``queryset`` narrowed to what every word of ``search_term`` finds (see above)."""
    from news.models import ArticleReference

    words = search_words(search_term)
    if not words:
        return queryset
    fields = model_admin.folded_search_fields
    markup = getattr(model_admin, "folded_markup_fields", ())
    folded = {f"_folded_{name}": (FoldedText if name in markup else Folded)(name) for name in fields}
    queryset = queryset.alias(**folded)
    condition = Q()
    for word in words:
        either = Q()
        for name in folded:
            either |= Q(**{f"{name}__contains": word})
        # A document number cited in the text, however it was written ("47-QĐ/TW", "47/QĐ-TW" in the registry's
        # normal form): the references table holds both.
        references = ArticleReference.objects.alias(
            _folded_text=Folded("text"), _folded_number=Folded("number"),
        ).filter(Q(_folded_text__contains=word) | Q(_folded_number__contains=word), article=OuterRef("pk"))
        either |= Exists(references)
        condition &= either
    return queryset.filter(condition)
