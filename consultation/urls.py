"""Drafts for comment: /du-thao/ in Vietnamese, /en/drafts/ in English (route strings translated in locale/vi)."""
from .views import comments, drafts

app_name = "consultation"

urlpatterns = [*comments.urlpatterns, *drafts.urlpatterns]
