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
from django.contrib import messages
from django.utils.text import smart_split
from django.utils.translation import ngettext

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
