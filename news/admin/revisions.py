"""Revisions in admin: the history (who, when), a word diff of two revisions, restoring an old one and
recovering a deleted object.

``RevisionAdmin`` is reversion's VersionAdmin (a revision per admin save, the history) plus the compare view,
and its own restore and recover views. Reversion's write the old revision first and then run the change view,
taking any redirect for success: a "not found" redirect for someone who may not open the object committed the
restore anyway, a version of another model could be restored through this admin, and nothing was logged.
Here, before anything is written: the version must be of this admin's model, the object as it is now and as it
would be after the restore must be the user's to change (``may_restore``/``may_recover``, which the article
admin asks of news/workflow.py), and a recover needs the object to be gone. What a restore must not change
(``kept_on_restore``: an article's workflow state, its locking counter) is put back the moment the revision is
written, so the form shows and saves it as it is now. The restore is kept only when the change form really
saved the object, and it is logged like any other change ("what": the fields it changed back).
Put it before TabbedTranslationAdmin in an admin's bases.
"""
import dataclasses
import difflib
import re
from contextlib import nullcontext

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.translator import NotRegistered, translator
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals

# Importing news.revisions registers the models before VersionAdmin would auto-register them its own way.
from news.revisions import ARTICLE_DERIVED_TEXT
from news.templatetags.portal import portal_datetime

# Words, runs of spaces, HTML tags and single punctuation marks: every character falls in exactly one token,
# so joining the tokens gives the text back and a changed word shows as that word, not as a changed line.
TOKEN = re.compile(r"<[^>]*>|\w+|\s+|[^\w\s]")


def word_diff(old, new):
    """HTML showing ``old`` turned into ``new``: removed text in <del>, added text in <ins>, all escaped."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))


def translated_text_fields(model):
    """(field name, label) for each language of each translated field staff write, e.g. ("title_en", ...)."""
    translated = translator.get_options_for_model(model).fields
    fields = []
    # In the order of the model (the options hold them unordered).
    for field in model._meta.fields:
        name = field.name
        if name not in translated or name in ARTICLE_DERIVED_TEXT:
            continue
        label = capfirst(field.verbose_name)
        fields += [(f"{name}_{lang}", f"{label} ({lang})") for lang in AVAILABLE_LANGUAGES]
    return fields


class _Rollback(Exception):
    """Leave the restore's transaction without keeping anything, answering with ``response``."""

    def __init__(self, response):
        self.response = response


@dataclasses.dataclass
class _Restore:
    """A restore or recover under way in this request (``request._revision_restore``)."""

    version: Version
    kept: dict  # attname -> value put back after the revision is written
    recovering: bool
    changed: list = dataclasses.field(default_factory=list)  # labels of the fields the revision changes back
    saved: bool = False  # the change form saved the object (set when the change is logged)


class RevisionAdmin(VersionAdmin):
    object_history_template = "admin/news/revision_history.html"
    history_latest_first = True
    # Fields (names) a restore leaves as they are now; a recovered object gets ``recovered_values`` instead.
    kept_on_restore = ()

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.revision_diff_view),
            name="%s_%s_revision_diff" % info,
        )
        # Before the admin's own "<path:object_id>/" catch-all.
        return [compare, *super().get_urls()]

    def _versions(self, obj):
        return Version.objects.get_for_object(obj).select_related("revision__user").order_by("-pk")

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        versions = list(self._versions(obj)) if obj is not None else []
        info = self.opts.app_label, self.opts.model_name
        context = {
            "revision_versions": [
                {
                    "version": version,
                    "revert_url": reverse(f"{self.admin_site.name}:%s_%s_revision" % info, args=[object_id, version.pk]),
                }
                for version in versions
            ],
            # Only those who may change the object are offered its revisions to restore.
            "can_restore": obj is not None and self.has_change_permission(request, obj),
            "compare_url": reverse(f"{self.admin_site.name}:%s_%s_revision_diff" % info, args=[object_id]),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def revision_diff_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = self._versions(obj)
        chosen = [request.GET.get("from"), request.GET.get("to")]
        if all(value and value.isdigit() for value in chosen):
            picked = [get_object_or_404(versions, pk=value) for value in chosen]
        else:
            # Without a choice: the latest change.
            picked = list(versions[:2])
            if len(picked) < 2:
                picked = picked * 2
        older, newer = sorted(picked, key=lambda version: version.pk) if picked else (None, None)
        rows = []
        if older is not None:
            for name, label in translated_text_fields(self.model):
                before = older.field_dict.get(name) or ""
                after = newer.field_dict.get(name) or ""
                if before != after:
                    rows.append({"label": label, "diff": word_diff(str(before), str(after))})
        # Other fields (section, status, dates, relations) are named only: their values need no diff.
        bases = set(translator.get_options_for_model(self.model).fields)
        skip = bases | {f"{base}_{lang}" for base in bases for lang in AVAILABLE_LANGUAGES}
        other_changes = sorted(
            str(capfirst(self.model._meta.get_field(name).verbose_name))
            for name in (older.field_dict if older else {})
            if name not in skip and older.field_dict.get(name) != newer.field_dict.get(name)
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Changes to %(name)s") % {"name": obj},
            "subtitle": None,
            "opts": self.opts,
            "original": obj,
            "object_id": object_id,
            "older": older,
            "newer": newer,
            "rows": rows,
            "other_changes": other_changes,
            "has_view_permission": True,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/news/revision_diff.html", context)

    # --- restore and recover -------------------------------------------------------------------------------
    def may_restore(self, request, current, restored):
        """May the user put ``restored`` (an old revision, with the kept fields of now) over ``current``?"""
        return self.has_change_permission(request, current) and self.has_change_permission(request, restored)

    def may_recover(self, request, recovered):
        """May the user bring back the deleted object ``recovered`` (with its ``recovered_values``)?"""
        return self.has_add_permission(request) and self.has_change_permission(request, recovered)

    def recovered_values(self, request):
        """{field name: value} a recovered object gets instead of what its last revision held."""
        return {}

    def revision_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if current is None:
            raise Http404
        version = get_object_or_404(Version.objects.get_for_object(current), pk=version_id)
        self._check_revision(version)
        kept = {self.opts.get_field(name).attname: None for name in self.kept_on_restore}
        kept = {attname: getattr(current, attname) for attname in kept}
        restored = self._object_of(version, kept)
        if not self.may_restore(request, current, restored):
            raise PermissionDenied
        restore = _Restore(version, kept, recovering=False, changed=self._changed_fields(version, current, kept))
        context = {"title": _("Restore %(name)s") % {"name": current}, "revert": True, **(extra_context or {})}
        template = self.revision_form_template or self._reversion_get_template_list("revision_form.html")
        return self._restore_view(request, restore, template, context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id)
        if self.model._default_manager.filter(pk=version.object_id).exists():
            raise Http404  # not deleted: its revisions are restored from its history, over what it is now
        self._check_revision(version)
        kept = {self.opts.get_field(name).attname: value for name, value in self.recovered_values(request).items()}
        recovered = self._object_of(version, kept)
        if not self.has_view_permission(request, recovered):
            raise Http404  # not theirs to see, deleted or not
        if not self.may_recover(request, recovered):
            raise PermissionDenied
        restore = _Restore(version, kept, recovering=True)
        context = {"title": _("Recover %(name)s") % {"name": version.object_repr}, "recover": True,
                   **(extra_context or {})}
        template = self.recover_form_template or self._reversion_get_template_list("recover_form.html")
        return self._restore_view(request, restore, template, context)

    def recoverlist_view(self, request, extra_context=None):
        deleted = Version.objects.get_deleted(self.model).select_related("revision__user").order_by("-pk")
        kept = {self.opts.get_field(name).attname: value for name, value in self.recovered_values(request).items()}
        # Each person sees the deleted objects they could recover (a writer: only their own articles).
        visible = []
        for version in deleted:
            try:
                recovered = self._object_of(version, kept)
            except RevertError:  # saved under an older schema that no longer loads
                continue
            if self.has_view_permission(request, recovered):
                visible.append(version)
        return super().recoverlist_view(request, {"deleted": visible, **(extra_context or {})})

    def _check_revision(self, version):
        """A revision restores every object saved with it: only this admin's model and its inlines' may be in it."""
        from django.contrib.contenttypes.models import ContentType

        allowed = {ContentType.objects.get_for_model(model).pk for model in (self.model, *self._inline_models())}
        if set(version.revision.version_set.values_list("content_type_id", flat=True)) - allowed:
            raise Http404

    def _inline_models(self):
        return [inline.model for inline in self.inlines]

    @staticmethod
    def _object_of(version, kept):
        """The object as the revision would write it, with ``kept`` ({attname: value}) instead."""
        obj = version._object_version.object
        for attname, value in kept.items():
            setattr(obj, attname, value)
        return obj

    def _changed_fields(self, version, current, kept):
        """Labels of the fields the revision changes back, in the model's order (for the log: "what")."""
        stored = version.field_dict
        # A translated field counts by its _vi/_en columns; its bare name only mirrors the active language.
        bare = _translated_names(self.model)
        labels = []
        for model_field in [*self.opts.concrete_fields, *self.opts.many_to_many]:
            name = model_field.attname
            if name not in stored or name in kept or model_field.name in bare or not model_field.editable:
                continue  # not in revisions, kept, mirrored, or not written by staff (times, counters)
            now, before = getattr(current, name), stored[name]
            if isinstance(model_field, models.ManyToManyField):
                now, before = sorted(now.values_list("pk", flat=True)), sorted(before or [])
            if now != before:
                labels.append(str(capfirst(model_field.verbose_name)))
        return labels

    def _restore_view(self, request, restore, template_name, context):
        """Write the revision, put back what is kept, and run the change form: kept only if it saved the object."""
        version = restore.version
        object_id = version.object_id
        # Showing a revision writes it only to fill the form, then rolls back: no receiver may act on that.
        quiet = mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed) \
            if request.method != "POST" else nullcontext()
        request._revision_restore = restore
        try:
            with transaction.atomic(using=version.db), quiet:
                version.revision.revert(delete=True)
                if restore.kept:
                    self.model._default_manager.filter(pk=object_id).update(**restore.kept)
                with self.create_revision(request):
                    response = self.changeform_view(request, quote(object_id), request.path, context)
                    if request.method == "POST" and restore.saved:
                        return response
                    if response.status_code == 200:
                        response.template_name = template_name
                        response.render()  # from the rolled-back data, so render before leaving
                        raise _Rollback(response)
                    raise RevertError(_("the change form did not save it."))
        except _Rollback as rollback:
            return rollback.response
        except (RevertError, IntegrityError, models.ProtectedError) as error:
            messages.error(request, _("Nothing was restored: %(reason)s") % {"reason": error})
            info = self.admin_site.name, self.opts.app_label, self.opts.model_name
            return redirect("%s:%s_%s_changelist" % info)
        finally:
            del request._revision_restore

    def log_change(self, request, obj, message):
        restore = getattr(request, "_revision_restore", None)
        if restore is None or request.method != "POST":
            return super().log_change(request, obj, message)
        # A restore or recover: the log says which revision came back, and what it changed.
        restore.saved = True
        revision = restore.version.revision
        who = revision.user.get_full_name() or revision.user.get_username() if revision.user else "—"
        values = {"time": portal_datetime(revision.date_created), "user": who}
        if restore.recovering:
            text = _("Recovered after deletion, from the revision saved at %(time)s by %(user)s.") % values
            self.message_user(request, text, messages.INFO)
            return super().log_addition(request, obj, text)
        text = _("Restored the revision saved at %(time)s by %(user)s.") % values
        if restore.changed:
            text += " " + _("Changed back: %(fields)s.") % {"fields": ", ".join(restore.changed)}
        self.message_user(request, text, messages.INFO)
        return super().log_change(request, obj, text)


def _translated_names(model):
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()
