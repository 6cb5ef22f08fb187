"""What a save of the portal's records sets off, in one place: their rich text cleaned (news/sanitize.py), the
cached pages showing them dropped, and the name the 500 page shows refreshed.

The page-cache part is the portal's rows of news/cache_invalidation.py, kept here so that the news app never
imports this one (portal depends on news, not the reverse); it uses the same ``invalidate`` (at once and again
on commit) and tag names:

- the About, Access and site-map pages carry ``PORTAL_PAGES``: any save of a Portal, leader or information item
  stamps it;
- a Portal save that changes what every page shows (logo text, footer, the responsible official, the owner)
  stamps ``menu`` too, which every cached page carries; so does a save of the owner organization (news'
  own rule), and both refresh the name the 500 page shows (``identity.remember``) once committed.
"""
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

import pagecache
from news.cache_invalidation import invalidate
from news.models import Organization
from news.sanitize import sanitize_html

from . import identity
from .models import InformationItem, Leader, Portal

PORTAL_PAGES = "portal-pages"


def _sanitize_and_remember(sender, instance, raw=False, **kwargs):
    # pre_save runs for loaddata too (raw): fixtures cannot smuggle markup past the allow-list either.
    for field in Portal.RICH_TEXT:
        for name in (f"{field}_vi", f"{field}_en"):
            setattr(instance, name, sanitize_html(getattr(instance, name) or ""))
    instance._identity_before = (
        Portal.objects.filter(pk=instance.pk).values(*Portal.IDENTITY_FIELDS).first() if instance.pk else None
    )


def _identity_changed(instance):
    before = getattr(instance, "_identity_before", None)
    if before is None:
        return True
    return any(before[name] != getattr(instance, name) for name in Portal.IDENTITY_FIELDS)


def _refresh_last_known():
    transaction.on_commit(lambda: identity.remember(identity.load(), overwrite=True))


def _portal_saved(sender, instance, **kwargs):
    if _identity_changed(instance):
        invalidate(PORTAL_PAGES, pagecache.SITE_TAG)
        _refresh_last_known()
    else:
        invalidate(PORTAL_PAGES)


def _portal_deleted(sender, instance, **kwargs):
    invalidate(PORTAL_PAGES, pagecache.SITE_TAG)
    _refresh_last_known()


def _part_changed(sender, instance, **kwargs):
    invalidate(PORTAL_PAGES)


def _organization_changed(sender, instance, **kwargs):
    # news/cache_invalidation.py drops every page when the owner changes; the 500 page's name follows it here.
    if instance.slug == settings.PORTAL_OWNER_SLUG:
        _refresh_last_known()


def connect():
    uid = "portal_page_cache_"
    pre_save.connect(_sanitize_and_remember, sender=Portal, dispatch_uid=uid + "portal_before")
    post_save.connect(_portal_saved, sender=Portal, dispatch_uid=uid + "portal_saved")
    post_delete.connect(_portal_deleted, sender=Portal, dispatch_uid=uid + "portal_deleted")
    for model in (Leader, InformationItem):
        name = model._meta.model_name
        post_save.connect(_part_changed, sender=model, dispatch_uid=uid + f"{name}_saved")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=uid + f"{name}_deleted")
    post_save.connect(_organization_changed, sender=Organization, dispatch_uid=uid + "owner_saved")
    post_delete.connect(_organization_changed, sender=Organization, dispatch_uid=uid + "owner_deleted")
