"""/api/export/: CSV files of the document registry and of organizations' figures (api/exports.py).

Addresses in English, as the rest of /api/ (outside the translated routes): the file's language is ``?lang=``.
"""
from django.urls import path

from api import exports

urlpatterns = [
    path("documents.csv", exports.directives_csv, name="directives_csv"),
    path("organizations/figures.csv", exports.organization_figures_csv, name="organization_figures_csv"),
    path(
        "organizations/<slug:slug>/figures.csv",
        exports.one_organization_figures_csv,
        name="one_organization_figures_csv",
    ),
]
