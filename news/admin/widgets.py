"""Admin widgets for uploads."""
import posixpath

from django.contrib.admin.widgets import AdminFileWidget
from django.urls import reverse


class _Download:
    """A stored attachment as the widget shows it: its original name, linking to its download."""

    def __init__(self, field_file):
        attachment = field_file.instance
        self.url = reverse("news:attachment", kwargs={"pk": attachment.pk})
        self.name = attachment.original_name or posixpath.basename(field_file.name)

    def __str__(self):
        return self.name


class AttachmentFileWidget(AdminFileWidget):
    """An attachment's file input showing the current file by the name staff uploaded it under (the stored
    path, e.g. "news/attachments/2026/11/3f2a....pdf", means nothing to them), linking to its download."""

    def is_initial(self, value):
        # A stored file of a saved attachment; never asks the storage for a URL (a signature on S3).
        return bool(value) and getattr(getattr(value, "instance", None), "pk", None) is not None

    def format_value(self, value):
        return _Download(value) if self.is_initial(value) else None
