"""Optimistic locking of articles in admin: a save made from a stale form is refused and loses no text.

The change form carries the version the editor started from (hidden ``base_version``). The form compares it
with the stored version (row locked on PostgreSQL) and, when someone saved in between, refuses the save with
a form error naming them: the admin then shows the form again with everything the editor typed.
``save_model`` claims the next version with one conditional UPDATE, so two saves can never both win even
where the row cannot be locked (SQLite); the loser is sent back through the form and gets the same error.
"""
from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from news.models import Article
from news.templatetags.portal import portal_datetime


class EditConflict(Exception):
    """Someone saved the article between this form's check and its save."""


def conflict_message(article_id):
    saved = Article.objects.select_related("updated_by").get(pk=article_id)
    user = saved.updated_by
    who = (user.get_full_name() or user.get_username()) if user else _("Someone")
    return _(
        "%(user)s saved this article at %(time)s, after you opened it. Your text is below: copy what you need, "
        "reload the page, and apply your changes again."
    ) % {"user": who, "time": portal_datetime(saved.updated_at)}


class VersionLockForm(forms.ModelForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_version"].initial = self.instance.version

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
                raise ValidationError(conflict_message(self.instance.pk), code="edit_conflict")
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
            fieldsets[0] = (name, {**options, "fields": (*options["fields"], "base_version")})
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
