"""The desk's endpoints, at /admin/desk/ (included by orgsite/urls.py before the admin's own URLs).

A module of its own rather than lines in orgsite/urls.py: the desk's URLs stay with the desk and share one
namespace ("desk"), and each view is wrapped in ``admin.site.admin_view`` (staff sign-in, no caching), as the
admin's own views are. tests/test_permission_matrix.py lists every URL of this namespace too.
"""
from django.contrib import admin
from django.urls import path

from desk import views

app_name = "desk"

urlpatterns = [
    path("presence/<int:article_id>/", admin.site.admin_view(views.heartbeat), name="presence"),
    path("presence/<int:article_id>/leave/", admin.site.admin_view(views.leave), name="presence_leave"),
]
