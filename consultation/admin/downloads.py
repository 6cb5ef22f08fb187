"""Files staff open from the admin (a draft's files, a comment's attachment) through a view that checks who asks,
never a media link: a comment's attachment is the commenter's, seen by staff only; a draft's files are not
public before the draft is."""
import posixpath

from django.contrib.admin.widgets import AdminFileWidget

from news.views.downloads import file_download


def file_response(field_file, name):
    """``field_file`` as a download under ``name`` for the staff member who asked (no cache keeps it)."""
    return file_download(field_file, name, private=True)


class _Download:
    def __init__(self, name, url):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


class StaffFileWidget(AdminFileWidget):
    """A stored file shown by the name it was uploaded under, linking to the staff download view that
    ``url_of(instance)`` names (the stored path means nothing to staff, and is no way to the file)."""

    def __init__(self, url_of, name_field="original_name", attrs=None):
        super().__init__(attrs)
        self.url_of, self.name_field = url_of, name_field

    def is_initial(self, value):
        return bool(value) and getattr(getattr(value, "instance", None), "pk", None) is not None

    def format_value(self, value):
        if not self.is_initial(value):
            return None
        instance = value.instance
        name = getattr(instance, self.name_field, "") or posixpath.basename(value.name)
        return _Download(name, self.url_of(instance))
