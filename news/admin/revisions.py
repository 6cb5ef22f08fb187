"""Revisions in admin: the history (who, when), a word diff of two revisions, and restoring an old one.

``RevisionAdmin`` is reversion's VersionAdmin (a revision per admin save; history and revert views; a revert
is saved as a new revision) plus the compare view. Put it before TabbedTranslationAdmin in an admin's bases.
"""
import difflib
import re

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.translator import translator
from reversion.admin import VersionAdmin
from reversion.models import Version

# Importing news.revisions registers the models before VersionAdmin would auto-register them its own way.
from news.revisions import ARTICLE_DERIVED_TEXT

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


class RevisionAdmin(VersionAdmin):
    object_history_template = "admin/news/revision_history.html"
    history_latest_first = True

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
