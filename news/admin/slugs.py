"""Prepopulated slugs in the admin fold Vietnamese the way the models do (static/news/admin/urlify-vi.js)."""
from django import forms


class VietnameseSlugMixin:
    """For admins with prepopulated_fields: load the fold before the admin's slug script runs on input."""

    @property
    def media(self):
        return super().media + forms.Media(js=["admin/js/urlify.js", "news/admin/urlify-vi.js"])
