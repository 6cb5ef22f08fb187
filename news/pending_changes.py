"""Draft over live: the edits of a published article that readers do not see until they are published.

The article admin saves the change form of a live article here (``capture``) instead of on the article; the
change form shows these values again (``form_initial``) so its editors keep working on their draft; publishing
them (``apply``) writes them onto the article through its ordinary save, so sanitizing, citations, search,
translation status, page-cache stamps and the revision happen as for any save; ``discard`` drops them.
Who may do which is news/workflow.py's (``can_prepare_changes``, ``can_publish_changes``).

Values are kept by form field name: translated fields by their per-language names (``title_en``), a foreign
key by its primary key, a many-to-many relation by the list of its primary keys. The workflow state is never
part of them (a pending change cannot publish, schedule or take down anything). Attachments are not either:
they are rows of their own, changed at once by those who may publish (see news/admin/pending.py).
"""
import datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news import workflow
from news.models import Article
from news.models.pending import PendingChange

# Form fields that are no content: the state (the workflow's), the locking counter's copy.
NOT_CAPTURED = {"status", "base_version"}


def pending_of(article):
    """The article's pending change, or None (one query, none when it is already loaded)."""
    try:
        return article.pending_change
    except PendingChange.DoesNotExist:
        return None


def _field(name):
    try:
        return Article._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _to_json(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (models.QuerySet, list, tuple, set)):
        return sorted(item.pk if isinstance(item, models.Model) else item for item in value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    return value


def values_from_form(form):
    """The form's cleaned values of the article's own fields, as JSON (see the module's docstring)."""
    values = {}
    for name, value in form.cleaned_data.items():
        field = _field(name)
        if name in NOT_CAPTURED or field is None or not field.editable:
            continue
        values[name] = _to_json(value)
    return values


def changed_fields(pending, article):
    """Names of the pending change's fields whose values differ from the live article's (for staff), in the
    model's order (PostgreSQL's JSON keeps no order of its own)."""
    names = []
    order = {field.name: position for position, field in enumerate(Article._meta.get_fields())}
    for name, value in sorted(pending.values.items(), key=lambda item: order.get(item[0], len(order))):
        field = _field(name)
        if field is None:
            continue
        if field.many_to_many:
            continue  # a query each to compare: the banner names the article's own fields only
        current = getattr(article, field.attname)
        new = field.to_python(value) if value is not None else None
        if new in ("", None) and current in ("", None):
            continue  # an empty text is empty, stored as NULL or not
        if new != current:
            names.append(name)
    return names


def form_initial(pending):
    """The pending values as a change form's initial data (each by its form field's name)."""
    initial = {}
    for name, value in pending.values.items():
        field = _field(name)
        if field is None:
            continue
        if value is not None and not field.is_relation and field.get_internal_type() in (
                "DateTimeField", "DateField", "TimeField"):
            value = field.to_python(value)
            if isinstance(value, datetime.datetime) and timezone.is_naive(value):
                value = timezone.make_aware(value)
        initial[name] = value
    return initial


def apply_in_memory(article, pending):
    """Put the pending values on ``article`` in memory, for a preview (nothing is saved).

    Returns the names of the fields changed. Relations to many (tags, organizations, documents) are put as the
    article's prefetched relations (one query each when read, as for the public page).
    """
    edited = changed_fields(pending, article)
    prefetched = getattr(article, "_prefetched_objects_cache", {})
    for name, value in pending.values.items():
        field = _field(name)
        if field is not None and field.many_to_many and field.editable:
            prefetched[field.name] = field.related_model._default_manager.filter(pk__in=value or [])
    article._prefetched_objects_cache = prefetched
    for name in edited:
        field = _field(name)
        value = pending.values[name]
        setattr(article, field.attname, field.to_python(value) if value is not None else None)
        if field.is_relation and field.is_cached(article):
            field.delete_cached_value(article)  # the section or image chosen, not the live one
    return edited


def claim_version(article_pk):
    """Make every change form opened before now stale (optimistic locking), as a save of the article does."""
    Article.objects.filter(pk=article_pk).update(version=F("version") + 1)
    return Article.objects.filter(pk=article_pk).values_list("version", flat=True).get()


def _same_as_shown(value, initial):
    """A time typed to the minute equals the stored one shown to the minute (its seconds are not in the form)."""
    if isinstance(value, datetime.datetime) and isinstance(initial, datetime.datetime):
        if value.second == 0 and value.microsecond == 0:
            return value == initial.replace(second=0, microsecond=0)
    return False


def capture(article, form, user):
    """Keep the change form's values of the live ``article`` as its pending change; the article is not written.

    A draft stays a draft and changes in review stay in review, as an article's text does when edited.
    Returns the pending change, or None when the form changed nothing and no change was waiting.
    The caller has already claimed the next version (ArticleLockingMixin), so older forms are refused.
    """
    pending = PendingChange.objects.filter(article=article).first()
    # Only what was changed: the form was opened with the pending values (or the live ones, the first time), so
    # a field left alone keeps them, and one the form shows less exactly (a time without its microseconds) is
    # not taken for a change.
    fresh = values_from_form(form)
    changed = [name for name in form.changed_data
               if name in fresh and not _same_as_shown(form.cleaned_data[name], form.initial.get(name))]
    if pending is None:
        if not changed:
            return None  # nothing to wait for
        pending = PendingChange(article=article, created_by=user, based_on_version=article.version or 1)
    pending.values = {**pending.values, **{name: fresh[name] for name in changed}}
    pending.updated_by = user
    pending.save()
    article.pending_change = pending
    return pending


def apply(article, user):
    """Publish the pending change of ``article``: its values written through the article's own save.

    Raises ValidationError (nothing written, the change kept) when the values no longer make a valid article,
    e.g. a tag or document chosen since deleted, a slug another article took meanwhile.
    Returns the article as saved.
    """
    with transaction.atomic():
        stored = Article.objects.select_for_update().get(pk=article.pk)
        pending = PendingChange.objects.select_for_update().get(article=stored)
        relations = {}
        for name, value in pending.values.items():
            field = _field(name)
            if field is None or not field.editable:
                continue
            if field.many_to_many:
                relations[field.name] = list(field.related_model._default_manager.filter(pk__in=value or []))
                if len(relations[field.name]) != len(value or []):
                    raise ValidationError({name: ValidationError(
                        _("Some of the items chosen in the changes were deleted since: choose them again."), code="gone")})
                continue
            if value is not None:
                value = field.to_python(value)
            setattr(stored, field.attname, value)
        stored.full_clean(exclude=["version"])
        stored.updated_by = user if user and user.pk else None
        stored.version = (stored.version or 0) + 1  # forms opened on the draft are stale now
        stored.save()
        for name, items in relations.items():
            getattr(stored, name).set(items)
        pending.delete()
    return stored


def discard(article):
    """Drop the pending change of ``article`` (the live version stays as it is); forms showing it go stale."""
    with transaction.atomic():
        deleted, _kinds = PendingChange.objects.filter(article=article).delete()
        if deleted:
            article.version = claim_version(article.pk)
    return bool(deleted)


def move(article, status, note=""):
    """Set the pending change's status (draft / in review) and note; forms opened before are stale."""
    with transaction.atomic():
        updated = PendingChange.objects.filter(article=article).update(
            status=status, note=(note or "")[:300], updated_at=timezone.now())
        if updated:
            article.version = claim_version(article.pk)
    return bool(updated)
