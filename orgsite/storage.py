"""Private files: what only staff download, through views that check who asks (commenters' attachments).

Never under MEDIA_ROOT, which a web server or a public bucket serves to anyone who knows the path: on disk they
live in PRIVATE_MEDIA_ROOT (nothing serves that folder); with S3 media, under their own prefix of the bucket,
always with signed, expiring links. Resolved on first use and again when the settings change (tests move
PRIVATE_MEDIA_ROOT per test), like Django's default_storage.
"""
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk with no address: asking for one is a mistake (a template about to leak a private file)."""

    def url(self, name):
        raise ValueError("A private file has no public address: serve it through a view that checks who asks.")


class _PrivateStorage(LazyObject):
    def _setup(self):
        if "private" in settings.STORAGES:
            self._wrapped = storages.create_storage(settings.STORAGES["private"])
        else:
            self._wrapped = PrivateFileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


_private = _PrivateStorage()


def private_storage():
    """The storage of private files (a callable, so that migrations name it rather than a path on one machine)."""
    return _private


def _forget(setting, **kwargs):
    if setting in ("PRIVATE_MEDIA_ROOT", "STORAGES"):
        _private._wrapped = empty


setting_changed.connect(_forget, dispatch_uid="orgsite_private_storage")
