"""Checks on attached documents: an allow-list of types, each recognised by its content, whatever the name says.

PDF and the old Office formats by their leading bytes; the ZIP-based formats (DOCX, XLSX, PPTX, ODT, ODS) by
the ZIP signature AND the member that makes a ZIP such a document; a plain .zip must be a readable archive.

An archive is read here, never by ``zipfile``, so that every read is bounded before anything is inflated: the
table of contents (central directory) is walked entry by entry and refused past MAX_ARCHIVE_MEMBERS; a member
is read only if its declared size and compression ratio are within limits, and then never more than its limit
plus one byte is inflated, whatever the table of contents says. Checking a 25 MB upload thus costs a few
kilobytes of memory, however much its members claim to (or secretly) unpack to.
"""
import posixpath
import struct
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = b"%PDF-"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # DOC, XLS, PPT (Compound File Binary)
ZIP = b"PK\x03\x04"

# Far above any real document (a DOCX has tens of parts, a large XLSX a few thousand), far below what costs.
MAX_ARCHIVE_MEMBERS = 10_000
# The most a member may claim to inflate by; real documents' parts stay well under it (XML: 5 to 50 times).
MAX_COMPRESSION_RATIO = 100
# What an OpenDocument's "mimetype" member may hold: its type's name (46 bytes at most), nothing more.
MIMETYPE_LIMIT = 256

# ZIP records (APPNOTE.TXT 4.3): signatures and fixed-size parts.
END_OF_DIRECTORY = b"PK\x05\x06"
ZIP64_END_LOCATOR = b"PK\x06\x07"
ZIP64_END_OF_DIRECTORY = b"PK\x06\x06"
DIRECTORY_ENTRY = b"PK\x01\x02"
LOCAL_HEADER = b"PK\x03\x04"
END_STRUCT = struct.Struct("<4s4H2LH")  # 22 bytes
ZIP64_LOCATOR_STRUCT = struct.Struct("<4sLQL")  # 20 bytes
ZIP64_END_STRUCT = struct.Struct("<4sQ2H2L4Q")  # 56 bytes
ENTRY_STRUCT = struct.Struct("<4s6H3L5H2L")  # 46 bytes
LOCAL_STRUCT = struct.Struct("<4s5H3L2H")  # 30 bytes
STORED, DEFLATED = 0, 8


class NotAnArchive(Exception):
    """The bytes are not a readable ZIP archive (damaged, or not one at all)."""


@dataclass
class Member:
    """One entry of an archive's table of contents: what it claims, before anything is read."""

    name: str
    method: int
    flags: int
    crc: int
    compressed_size: int
    size: int
    offset: int


@dataclass
class Contents:
    """What the checks need from a table of contents: the members they read, and the top-level names."""

    count: int
    top_level: set
    wanted: dict


def _refused(message, code, **params):
    return ValidationError(message, code=code, params=params)


def _read_exactly(upload, size):
    data = upload.read(size)
    if len(data) != size:
        raise NotAnArchive
    return data


def _zip64_values(extra, member_fields):
    """The 64-bit values of a zip64 extra field (0x0001) for the fields whose 32-bit value was 0xFFFFFFFF."""
    position = 0
    while position + 4 <= len(extra):
        kind, length = struct.unpack_from("<HH", extra, position)
        if kind == 0x0001:
            values = extra[position + 4:position + 4 + length]
            if len(values) < 8 * member_fields:
                raise NotAnArchive
            return struct.unpack_from(f"<{member_fields}Q", values)
        position += 4 + length
    raise NotAnArchive


def _directory_location(upload, file_size):
    """(offset, size) of the table of contents, from the end record (and its zip64 form when there is one)."""
    tail_size = min(file_size, END_STRUCT.size + 0xFFFF)  # the end record, then a comment of at most 64 KiB
    upload.seek(file_size - tail_size)
    tail = _read_exactly(upload, tail_size)
    # The end record is the last one whose comment reaches the end of the file exactly (a comment may itself
    # hold the record's signature).
    position = len(tail)
    while True:
        position = tail.rfind(END_OF_DIRECTORY, 0, position)
        if position < 0:
            raise NotAnArchive
        if position + END_STRUCT.size <= len(tail):
            record = END_STRUCT.unpack_from(tail, position)
            if position + END_STRUCT.size + record[-1] == len(tail):
                break
    end_at = file_size - tail_size + position
    _sig, disk, _disk_start, _entries_here, entries, size, offset, _comment = record
    if disk != 0:
        raise NotAnArchive  # split over several files
    # A zip64 end record (for more than 65,535 members or 4 GiB; some writers always add one) is found through
    # the locator just before the end record, and then holds the true values.
    locator_at = end_at - ZIP64_LOCATOR_STRUCT.size
    locator = None
    if locator_at >= 0:
        upload.seek(locator_at)
        locator = ZIP64_LOCATOR_STRUCT.unpack(_read_exactly(upload, ZIP64_LOCATOR_STRUCT.size))
    if locator is not None and locator[0] == ZIP64_END_LOCATOR:
        zip64_end_at = locator[2]
        if zip64_end_at > locator_at - ZIP64_END_STRUCT.size:
            raise NotAnArchive
        upload.seek(zip64_end_at)
        fields = ZIP64_END_STRUCT.unpack(_read_exactly(upload, ZIP64_END_STRUCT.size))
        if fields[0] != ZIP64_END_OF_DIRECTORY:
            raise NotAnArchive
        entries, size, offset = fields[7], fields[8], fields[9]
        end_at = zip64_end_at
    elif entries == 0xFFFF or size == 0xFFFFFFFF or offset == 0xFFFFFFFF:
        raise NotAnArchive  # says its true values are in a zip64 end record, which is missing
    # An archive with bytes before its first member (a self-extracting program) is not a document upload.
    if offset + size != end_at:
        raise NotAnArchive
    if entries > MAX_ARCHIVE_MEMBERS:
        raise _too_many_members()
    return offset, size


def _too_many_members():
    return _refused(
        _("The file is refused: it holds more than %(limit)s files inside, far more than a real document has. "
          "It may be damaged or made to overload the server."),
        "archive_too_many_members",
        limit=MAX_ARCHIVE_MEMBERS,
    )


def _contents(upload, file_size, wanted_names):
    """Walk the table of contents once, keeping only the top-level names and the members in ``wanted_names``.

    The entry count in the end record is not trusted: every entry is counted as it is read.
    """
    offset, size = _directory_location(upload, file_size)
    upload.seek(offset)
    count, read, top_level, wanted = 0, 0, set(), {}
    while read < size:
        count += 1
        if count > MAX_ARCHIVE_MEMBERS:
            raise _too_many_members()
        fields = ENTRY_STRUCT.unpack(_read_exactly(upload, ENTRY_STRUCT.size))
        (signature, _made_by, _needed, flags, method, _time, _date, crc, compressed_size, member_size,
         name_length, extra_length, comment_length, _disk, _internal, _external, member_offset) = fields
        if signature != DIRECTORY_ENTRY:
            raise NotAnArchive
        raw_name = _read_exactly(upload, name_length)
        name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", errors="replace")
        top_level.add(name.split("/", 1)[0][:64] + ("/" if "/" in name else ""))
        if name in wanted_names:
            extra = _read_exactly(upload, extra_length)
            upload.seek(comment_length, 1)
            large = [value == 0xFFFFFFFF for value in (member_size, compressed_size, member_offset)]
            if any(large):
                values = iter(_zip64_values(extra, sum(large)))
                member_size = next(values) if large[0] else member_size
                compressed_size = next(values) if large[1] else compressed_size
                member_offset = next(values) if large[2] else member_offset
            wanted[name] = Member(name, method, flags, crc, compressed_size, member_size, member_offset)
        else:
            upload.seek(extra_length + comment_length, 1)
        read += ENTRY_STRUCT.size + name_length + extra_length + comment_length
    if read != size:
        raise NotAnArchive
    return Contents(count, top_level, wanted)


def _size_lie(member):
    return _refused(
        _("The file is refused: the part %(name)s inside it is not the size the archive's table of contents "
          "says. The file is damaged or was made to overload the server."),
        "archive_member_size_lie",
        name=member.name,
    )


def read_member(upload, member, limit, document_type):
    """The bytes of ``member``, refusing before inflating anything if it claims more than ``limit`` bytes or an
    implausible compression ratio, and inflating at most ``limit`` + 1 bytes if it lies about its size."""
    if member.size > limit:
        raise _refused(
            _("The file is refused: the part %(name)s inside it would unpack to %(size)s, far more than a real "
              "%(type)s document holds there. It may be damaged or made to overload the server."),
            "archive_member_too_large",
            name=member.name, size=filesizeformat(member.size), type=document_type,
        )
    if member.compressed_size > limit + 1024:  # more data than ``limit`` bytes can ever take, even stored
        raise _size_lie(member)
    if member.size > MAX_COMPRESSION_RATIO * max(member.compressed_size, 1):
        raise _refused(
            _("The file is refused: the part %(name)s inside it claims to be compressed more than %(ratio)s "
              "times, which real documents never are. It may be damaged or made to overload the server."),
            "archive_compression_ratio",
            name=member.name, ratio=MAX_COMPRESSION_RATIO,
        )
    if member.flags & 0x1 or member.method not in (STORED, DEFLATED):
        raise NotAnArchive  # encrypted, or compressed in a way documents are not
    upload.seek(member.offset)
    local = LOCAL_STRUCT.unpack(_read_exactly(upload, LOCAL_STRUCT.size))
    if local[0] != LOCAL_HEADER:
        raise NotAnArchive
    upload.seek(local[9] + local[10], 1)  # the member's name and extra field, again
    compressed = _read_exactly(upload, member.compressed_size)  # at most limit + 1 KiB: checked above
    if member.method == STORED:
        data = compressed
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            # Never more than limit + 1 bytes out, whatever the stream holds: one byte more proves the lie.
            data = inflater.decompress(compressed, limit + 1)
        except zlib.error:
            raise NotAnArchive
    if len(data) != member.size:
        raise _size_lie(member)
    if zlib.crc32(data) != member.crc:
        raise NotAnArchive
    return data


def _office_open_xml(folder):
    def check(upload, contents, document_type):
        return "[Content_Types].xml" in contents.top_level and folder in contents.top_level

    return check


def _open_document(mimetype):
    def check(upload, contents, document_type):
        member = contents.wanted.get("mimetype")
        return member is not None and read_member(upload, member, MIMETYPE_LIMIT, document_type).strip() == mimetype

    return check


def _any_archive(upload, contents, document_type):
    return True


# extension -> (leading bytes, check of the ZIP's table of contents and members, or None)
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
    "zip": (ZIP, _any_archive),
}
ALLOWED_EXTENSIONS = sorted(ALLOWED_TYPES)
# The members any check reads (all others are only counted and their top-level folder noted).
READ_MEMBERS = {"mimetype"}


def _content_matches(upload, extension):
    signature, members_check = ALLOWED_TYPES[extension]
    upload.seek(0)
    if not upload.read(len(signature)) == signature:
        return False
    if members_check is None:
        return True
    try:
        contents = _contents(upload, upload.size, READ_MEMBERS)
        return members_check(upload, contents, extension.upper())
    except (NotAnArchive, struct.error, OSError, EOFError):
        return False


def validate_attachment_file(upload):
    """Model-field validator: refuse files that are too big, or whose content is not what their name says.

    A file already stored is not read again: it was checked when it was uploaded, and reading it back on every
    save of its article would cost a download from the media storage.
    """
    if getattr(upload, "_committed", False):
        return
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


def original_name(name, limit=255):
    """The uploaded file's own name (no folders), shortened to ``limit`` characters keeping its extension."""
    name = posixpath.basename((name or "").replace("\\", "/"))
    if len(name) <= limit:
        return name
    stem, extension = posixpath.splitext(name)
    extension = extension[:16]
    return stem[: limit - len(extension)] + extension


class AttachmentFileField(models.FileField):
    """A FileField whose form does not limit the uploaded file's name to the column's length.

    The stored name is the server's own (short: see attachment_upload_to); the uploaded name is kept apart,
    shortened if need be, for the download. Official documents' names often run past 100 characters.
    """

    def formfield(self, **kwargs):
        return super().formfield(**{**kwargs, "max_length": None})
