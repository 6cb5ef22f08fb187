"""/api/export/: CSV files of the document registry and of organizations' figures (api/exports.py)."""

urlpatterns = []
