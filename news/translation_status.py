"""Whether an article's English keeps up with its Vietnamese: derived on every save (news/signals.py).

The Vietnamese text has an edition, counted up whenever its title, lead or body changes. The English records
the edition it was made from: set when the English text is written or changed, or when staff confirm that it
still says what the Vietnamese says. English made from an older edition is out of date.
"""
from django.db.models import F, Q

from news.models.articles import written_in

TRACKED_FIELDS = ("title", "lead", "body")


def _text(article, language):
    return tuple((getattr(article, f"{name}_{language}", None) or "").strip() for name in TRACKED_FIELDS)


def derive(article, stored=None):
    """Set ``vi_edition`` and ``en_made_from`` on ``article`` before it is saved; ``stored`` is the row as it
    is in the database (None for a new article, or for loaded data)."""
    has_english = article.is_written_in("en")
    if stored is None:
        article.vi_edition = article.vi_edition or 1
        if has_english and article.en_made_from is None:
            article.en_made_from = article.vi_edition
        return
    if _text(article, "vi") != _text(stored, "vi"):
        article.vi_edition = (stored.vi_edition or 1) + 1
    if not has_english:
        article.en_made_from = None
    elif _text(article, "en") != _text(stored, "en") or stored.en_made_from is None:
        article.en_made_from = article.vi_edition


def english_state(article):
    """"missing", "out_of_date" or "current"."""
    if not article.is_written_in("en"):
        return "missing"
    if article.en_made_from is None or article.en_made_from < article.vi_edition:
        return "out_of_date"
    return "current"


def english_missing():
    return ~written_in("en")


def english_out_of_date():
    """The condition for articles whose English was made from an older Vietnamese edition."""
    return written_in("en") & (Q(en_made_from__isnull=True) | Q(en_made_from__lt=F("vi_edition")))


def confirm_english(article):
    """Staff say the English still says what the Vietnamese says: it counts as made from the current edition."""
    type(article).objects.filter(pk=article.pk).update(en_made_from=F("vi_edition"))
    article.refresh_from_db(fields=["en_made_from", "vi_edition"])
