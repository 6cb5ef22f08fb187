"""Derived data kept in step with saved objects."""
from django.db.models.signals import pre_save
from django.dispatch import receiver
from modeltranslation.settings import AVAILABLE_LANGUAGES

from news.models import Article
from news.sanitize import sanitize_html


@receiver(pre_save, sender=Article, dispatch_uid="news_sanitize_article_body")
def sanitize_article_body(sender, instance, raw=False, **kwargs):
    # pre_save also fires for loaddata (raw=True), so fixtures cannot smuggle markup past the allow-list.
    for lang in AVAILABLE_LANGUAGES:
        field = f"body_{lang}"
        setattr(instance, field, sanitize_html(getattr(instance, field)))
