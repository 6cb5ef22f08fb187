"""/api/: the open-data API (read-only), its OpenAPI schema and docs, and the CSV exports (api/export_urls.py)."""
from django.urls import include, path

app_name = "api"

urlpatterns = [
    path("export/", include("api.export_urls")),  # CSV for spreadsheets, linked from the registry's pages
]
