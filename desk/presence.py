"""Who else has an article open in the admin, and since when.

Opening the article's change form records the person (``record``, from the form's partial) and the form's script
beats every ``DESK_PRESENCE_HEARTBEAT`` seconds (desk/views.py) to keep the row fresh and learn who else is
there; someone not heard from for ``DESK_PRESENCE_WINDOW`` seconds has left, and leaving the page forgets the
person at once (``forget``). ``opened_at`` is kept while the beats go on, so "since" is when they opened it.

Each beat costs the same few queries whatever the number of people and articles: one DELETE of everyone's
expired rows (so the table holds only the present, and someone coming back later starts a new "since"), one
upsert of the person's row, and one read of the others with their roles (a join, not a query per person).
"""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from desk.models import Presence
from news.templatetags.portal import portal_datetime


def window():
    return timedelta(seconds=settings.DESK_PRESENCE_WINDOW)


def record(article, user, now=None):
    """``user`` has ``article`` open as of ``now``: their row is made or refreshed (``opened_at`` kept).

    Returns the time recorded: the page keeps it, and its leave only forgets a row not refreshed since.
    """
    now = now or timezone.now()
    # Everyone's rows not refreshed within the window are gone, this person's too: one indexed DELETE.
    Presence.objects.filter(seen_at__lt=now - window()).delete()  # nothing cascades: a single DELETE
    Presence.objects.bulk_create(
        [Presence(article=article, user=user, opened_at=now, seen_at=now)],
        update_conflicts=True, unique_fields=["article", "user"], update_fields=["seen_at"],
    )
    return now


def others(article, user, now=None):
    """The other people with ``article`` open, first opened first: [{"name", "roles", "since"}]."""
    now = now or timezone.now()
    rows = (
        Presence.objects.filter(article=article, seen_at__gte=now - window())
        .exclude(user=user)
        .order_by("opened_at", "user_id", "user__groups__name")
        # One row per person and role (people without a role: one row with None), in one query.
        .values_list("user_id", "user__username", "user__first_name", "user__last_name", "opened_at",
                     "user__groups__name")
    )
    people = {}
    for user_id, username, first, last, opened_at, role in rows:
        person = people.setdefault(user_id, {
            "name": f"{first} {last}".strip() or username, "roles": [], "since": opened_at,
        })
        if role:
            person["roles"].append(role)
    return list(people.values())


def forget(article, user, seen=None):
    """``user`` left ``article``'s page. With ``seen`` (the time that page last recorded), a row refreshed since
    (the same person's next page, e.g. after saving) is kept."""
    rows = Presence.objects.filter(article=article, user=user)
    if seen is not None:
        rows = rows.filter(seen_at__lte=seen)
    rows.delete()


def since_text(moment, now=None):
    """"14:05" for today, "14:05 28/11/2026" for an earlier day (the portal's time zone)."""
    now = now or timezone.now()
    if timezone.localdate(moment) == timezone.localdate(now):
        return date_format(timezone.localtime(moment), "H:i")
    return portal_datetime(moment)


def describe(people, now=None):
    """The line the change form shows ("Also open: Lan (Biên tập viên) since 14:05"), "" for nobody."""
    if not people:
        return ""
    parts = []
    for person in people:
        values = {"name": person["name"], "role": ", ".join(person["roles"]), "time": since_text(person["since"], now)}
        if person["roles"]:
            parts.append(_("%(name)s (%(role)s) since %(time)s") % values)
        else:
            parts.append(_("%(name)s since %(time)s") % values)
    return _("Also open: %(people)s") % {"people": "; ".join(parts)}
