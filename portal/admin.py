"""The portal's record in admin: identity, About, Access to information, with vi/en tabs and revisions.

Administrators (the Quản trị group, migration portal/0002) edit it; writers and editors may read it.
The owner's name, address and contacts are edited on its organization (a link says so).
"""
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline

from news.admin.revisions import RevisionAdmin
from news.admin.richtext import RichTextAdminMixin

from . import revisions  # noqa: F401  (registered before VersionAdmin would register them its own way)
from .models import InformationItem, Leader, Portal


class LeaderInline(TranslationStackedInline):
    model = Leader
    extra = 0
    autocomplete_fields = ("portrait",)
    fields = ("name", "job_title", "duties", "portrait", "sort_order")


class InformationItemInline(TranslationTabularInline):
    model = InformationItem
    extra = 0
    fields = ("kind", "title", "description", "link", "sort_order")
    formfield_overrides = {models.TextField: {"widget": admin.widgets.AdminTextareaWidget(attrs={"rows": 2})}}


@admin.register(Portal)
class PortalAdmin(RichTextAdminMixin, RevisionAdmin, TabbedTranslationAdmin):
    list_display = ("__str__", "responsible_name", "updated_at")
    autocomplete_fields = ("owner",)
    readonly_fields = ("owner_details",)
    rich_text_fields = ("functions", "access_procedure")
    inlines = [LeaderInline, InformationItemInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (_("Identity"), {"fields": ("owner", "owner_details", "logo_text", "footer_text")}),
        (_("Official responsible for the portal"), {"fields": (
            "responsible_name", "responsible_position", "responsible_unit", "responsible_phone",
            "responsible_email",
        )}),
        (_("About: functions, tasks and powers"), {"fields": ("functions", "functions_source")}),
        (_("Access to information"), {"fields": (
            "access_intro", "access_procedure", "access_unit", "access_address", "access_phone", "access_email",
            "access_online",
        )}),
    )

    @admin.display(description=_("name, address and contacts"))
    def owner_details(self, obj):
        if obj is None or not obj.owner_id:
            return _("Chosen above; edited on the organization's own page.")
        url = reverse("admin:news_organization_change", args=[obj.owner_id])
        return format_html('<a href="{}">{}</a>', url, _("Edit the organization (name, short name, address, contacts)"))

    def get_view_on_site_url(self, obj=None):
        return reverse("portal:about") if obj is not None else None
