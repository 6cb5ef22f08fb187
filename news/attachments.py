"""Checks on attached documents: the bytes must start like an allowed document type, whatever the name says."""
import posixpath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Leading bytes of each accepted family, and the extensions that family may carry.
_SIGNATURES = [
    (b"%PDF-", {"pdf"}),
    (b"PK\x03\x04", {"docx", "xlsx", "pptx", "odt", "ods", "odp", "zip"}),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", {"doc", "xls", "ppt"}),
]
ALLOWED_EXTENSIONS = sorted(set().union(*(extensions for _sig, extensions in _SIGNATURES)))


def validate_attachment_file(upload):
    """Model-field validator: refuse files that are too big, or whose content is not what their name says."""
    if upload.size > settings.MAX_ATTACHMENT_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.MAX_ATTACHMENT_UPLOAD_BYTES)},
            code="file_too_large",
        )
    extension = posixpath.splitext(upload.name or "")[1].lstrip(".").lower()
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8)
    upload.seek(position)
    for signature, extensions in _SIGNATURES:
        if head.startswith(signature) and extension in extensions:
            return
    raise ValidationError(
        _("This file is not an accepted document, or its content does not match its name. Accepted: %(types)s.")
        % {"types": ", ".join(ext.upper() for ext in ALLOWED_EXTENSIONS)},
        code="file_type",
    )
