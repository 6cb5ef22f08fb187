"""Checks on attached documents: an allow-list of types, each recognised by its content, whatever the name says.

PDF and the old Office formats by their leading bytes; the ZIP-based formats (DOCX, XLSX, PPTX, ODT, ODS) by
the ZIP signature AND the member that makes a ZIP such a document; a plain .zip must be a readable archive.
"""
import posixpath
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = b"%PDF-"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # DOC, XLS, PPT (Compound File Binary)
ZIP = b"PK\x03\x04"


def _office_open_xml(folder):
    return lambda names, archive: "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)


def _open_document(mimetype):
    return lambda names, archive: "mimetype" in names and archive.read("mimetype").strip() == mimetype


# extension -> (leading bytes, check of the ZIP's members or None)
ALLOWED_TYPES = {
    "pdf": (PDF, None),
    "doc": (OLE, None),
    "xls": (OLE, None),
    "ppt": (OLE, None),
    "docx": (ZIP, _office_open_xml("word/")),
    "xlsx": (ZIP, _office_open_xml("xl/")),
    "pptx": (ZIP, _office_open_xml("ppt/")),
    "odt": (ZIP, _open_document(b"application/vnd.oasis.opendocument.text")),
    "ods": (ZIP, _open_document(b"application/vnd.oasis.opendocument.spreadsheet")),
    "zip": (ZIP, lambda names, archive: True),
}
ALLOWED_EXTENSIONS = sorted(ALLOWED_TYPES)


def _content_matches(upload, extension):
    signature, members_check = ALLOWED_TYPES[extension]
    upload.seek(0)
    if not upload.read(len(signature)) == signature:
        return False
    if members_check is None:
        return True
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return members_check(set(archive.namelist()), archive)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return False


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
    try:
        if extension in ALLOWED_TYPES and _content_matches(upload, extension):
            return
    finally:
        upload.seek(position)
    raise ValidationError(
        _("This file is not an accepted document, or its content does not match its name. Accepted: %(types)s.")
        % {"types": ", ".join(ext.upper() for ext in ALLOWED_EXTENSIONS)},
        code="file_type",
    )
