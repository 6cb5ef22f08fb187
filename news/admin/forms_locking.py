"""Optimistic locking of articles in admin: a save made from a stale form is refused and loses no text.

The change form carries the version the editor started from (hidden ``base_version``). The form compares it
with the stored version (row locked on PostgreSQL) and, when someone saved in between, refuses the save with
a form error naming them: the admin then shows the form again with everything the editor typed.
``save_model`` claims the next version with one conditional UPDATE, so two saves can never both win even
where the row cannot be locked (SQLite); the loser is sent back through the form and gets the same error.

The form also carries what its fields held when it was opened (hidden ``base_values``: a digest of each field,
and the value itself for short ones), so the error says what the other person changed since: "Tiêu đề [vi]:
“old” → “new”", or the field's name alone for long text and lists. Comparing with the stored article, not with a
revision, names every change, whichever way it was saved.
"""
import hashlib
import json
from datetime import date, datetime

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db import models
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from news.models import Article
from news.models.pending import PendingChange
from news.templatetags.portal import portal_datetime


class EditConflict(Exception):
    """Someone saved the article between this form's check and its save."""


SHORT_VALUE = 120  # characters: a field's value up to this length is kept in base_values, to show old → new


def conflict_message(article_id, form=None):
    saved = Article.objects.select_related("updated_by").get(pk=article_id)
    user, when = saved.updated_by, saved.updated_at
    pending = PendingChange.objects.select_related("updated_by").filter(article_id=article_id).first()
    if pending is not None and pending.updated_at >= saved.updated_at:
        # Draft over live: the other person saved changes waiting to be published (news/pending_changes.py).
        from news.pending_changes import apply_in_memory

        apply_in_memory(saved, pending)
        user, when = pending.updated_by, pending.updated_at
    who = (user.get_full_name() or user.get_username()) if user else _("Someone")
    message = _(
        "%(user)s saved this article at %(time)s, after you opened it. Your text is below: copy what you need, "
        "reload the page, and apply your changes again."
    ) % {"user": who, "time": portal_datetime(when)}
    changes = form.changes_since_opened(saved) if form is not None else []
    if changes:
        message += " " + _("They changed: %(changes)s.") % {"changes": "; ".join(changes)}
    return message


def _plain(value):
    """A field's value as JSON can hold it, the same whether read from the form's initial data or the database."""
    if isinstance(value, (list, tuple, set)):
        return sorted((_plain(item) for item in value), key=str)  # many-to-many: the related objects' keys
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None:
        return ""  # an empty translation is stored as None or "", depending on who saved it last: the same
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(getattr(value, "name", value))  # a file: its name


def _digest(plain):
    text = json.dumps(plain, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class VersionLockForm(forms.ModelForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    base_values = forms.CharField(widget=forms.HiddenInput, required=False)  # what the fields held when opened

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_version"].initial = self.instance.version
        if self.instance.pk:
            self.fields["base_values"].initial = json.dumps(
                {name: self._kept(name, _plain(value)) for name, value in self._model_values(self.initial).items()},
                ensure_ascii=False, separators=(",", ":"),
            )

    def _model_values(self, values):
        """{name: value} of ``values`` for the form's fields that are the article's own (not base_*)."""
        names = {field.name for field in Article._meta.get_fields() if getattr(field, "concrete", False)}
        return {name: values[name] for name in self.fields if name in names and name in values}

    @staticmethod
    def _kept(name, plain):
        """[digest, value]: the value itself only when short (a title, a state, a date), else null."""
        field = Article._meta.get_field(name)
        short = not isinstance(plain, list) and not isinstance(field, models.TextField)
        if short and len(str(plain)) > SHORT_VALUE:
            short = False
        return [_digest(plain), plain if short else None]

    def changes_since_opened(self, saved):
        """What differs between the form as opened and ``saved``: ["Label: “old” → “new”" or "Label"], in the
        form's order; [] when the form did not say what it was opened with."""
        try:
            opened = json.loads(self.data.get(self.add_prefix("base_values")) or "null")
        except ValueError:
            return []
        if not isinstance(opened, dict):
            return []
        current = self._model_values(model_to_dict(saved, fields=list(opened)))
        changes = []
        for name, value in current.items():
            kept = opened.get(name)
            plain = _plain(value)
            if not isinstance(kept, list) or len(kept) != 2 or kept[0] == _digest(plain):
                continue
            label = self.fields[name].label or Article._meta.get_field(name).verbose_name
            old, new = kept[1], self._kept(name, plain)[1]
            if old is None or new is None:
                changes.append(str(label))
            else:
                changes.append(_("%(field)s: “%(old)s” → “%(new)s”") % {
                    "field": label, "old": self._shown(name, old), "new": self._shown(name, new),
                })
        return changes

    @staticmethod
    def _shown(name, value):
        """A short value as the form shows it: a state's label, a section's name, a time in the portal's format."""
        field = Article._meta.get_field(name)
        if value in (None, ""):
            return _("(empty)")
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if field.is_relation:
            related = field.related_model._default_manager.filter(pk=value).first()
            return str(related) if related is not None else str(value)
        if isinstance(field, models.DateTimeField):
            try:
                return portal_datetime(datetime.fromisoformat(value))
            except (TypeError, ValueError):
                return str(value)
        return str(value)

    def clean(self):
        cleaned = super().clean()
        base = cleaned.get("base_version")
        # A post without the field (a script, an older test client) is not checked; the admin form always has it.
        if self.instance.pk and base is not None:
            rows = Article.objects.filter(pk=self.instance.pk)
            if not transaction.get_autocommit(using=router.db_for_write(Article)):
                # Hold the row until this save commits, so a second editor's check waits for it (PostgreSQL).
                rows = rows.select_for_update()
            stored = rows.values_list("version", flat=True).first()
            if stored is not None and stored != base:
                raise ValidationError(conflict_message(self.instance.pk, form=self), code="edit_conflict")
        return cleaned


class ArticleLockingMixin:
    """For ArticleAdmin's bases: the locking form (around whatever ``form`` the admin sets) and the claim."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.get("form", self.form)
        if not issubclass(base, VersionLockForm):
            kwargs["form"] = type(f"VersionLocked{base.__name__}", (VersionLockForm, base), {})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if fieldsets and "base_version" not in flatten_fieldsets(fieldsets):
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": (*options["fields"], "base_version", "base_values")})
        return fieldsets

    def save_model(self, request, obj, form, change):
        if change:
            base = form.cleaned_data.get("base_version")
            rows = Article.objects.filter(pk=obj.pk)
            claimed = (rows.filter(version=base) if base is not None else rows).update(version=F("version") + 1)
            if not claimed:
                raise EditConflict
            obj.version = rows.values_list("version", flat=True).get()
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Lost the race after the form's check (SQLite): nothing was saved; the form now sees the newer
            # version and shows the editor's text with the conflict message.
            return super().changeform_view(request, object_id, form_url, extra_context)
