from django.urls import path
from django.utils.translation import gettext_lazy as _

from news.views import articles

app_name = "news"

# Route strings are translated: "news/..." in English, "tin-tuc/..." in Vietnamese (locale/vi).
urlpatterns = [
    path("", articles.HomeView.as_view(), name="home"),
    path(_("news/<slug:section>/<slug:slug>/"), articles.ArticleDetailView.as_view(), name="article"),
    path(_("sections/<slug:slug>/"), articles.SectionView.as_view(), name="section"),
    path(_("tags/<slug:slug>/"), articles.TagView.as_view(), name="tag"),
]
