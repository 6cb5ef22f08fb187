"""Archives attached to articles are checked with bounded reads: a document made to unpack to hundreds of MiB,
or whose table of contents lies, is refused in a few KiB of memory, and real documents still pass.

The archives are written byte by byte here (tests/ has no ZIP writer that can lie), and their big members are
one compressed MiB of zeros repeated, so a 300 MiB member costs milliseconds to make.
"""
import io
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat

from news.attachments import MAX_ARCHIVE_MEMBERS, validate_attachment_file
from tests.factories import article_form

MIB = 1 << 20
ODT_TYPE = b"application/vnd.oasis.opendocument.text"
STORED, DEFLATED = 0, 8


def zeros_deflated(mebibytes):
    """(raw deflate stream, crc, size) of ``mebibytes`` MiB of zeros: after a full flush the compressor starts
    afresh, so each MiB compresses to the same bytes and the stream is one block repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    mebibyte = bytes(MIB)
    block = compressor.compress(mebibyte) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(mebibyte, crc)
    return block * mebibytes + compressor.flush(), crc, mebibytes * MIB


def member(name, content=b"", method=DEFLATED, stream=None, **claims):
    """One member: its bytes as stored, and what the table of contents says (``claims`` may override it)."""
    if stream is None:
        if method == DEFLATED:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
            data = compressor.compress(content) + compressor.flush()
        else:
            data = content
        stream = (data, zlib.crc32(content), len(content))
    data, crc, size = stream
    told = {"crc": crc, "compressed": len(data), "size": size, **claims}
    return {"name": name.encode(), "method": method, "data": data, "told": told}


def archive(*members, told_entries=None):
    """A ZIP archive of ``members``: local headers and data, the table of contents, the end record."""
    out, directory = io.BytesIO(), io.BytesIO()
    for item in members:
        offset, told = out.tell(), item["told"]
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, item["method"], 0, 0x21, told["crc"],
                              told["compressed"], told["size"], len(item["name"]), 0))
        out.write(item["name"] + item["data"])
        directory.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, item["method"], 0, 0x21, told["crc"],
                                    told["compressed"], told["size"], len(item["name"]), 0, 0, 0, 0, 0, offset))
        directory.write(item["name"])
    entries = len(members) if told_entries is None else told_entries
    start = out.tell()
    out.write(directory.getvalue())
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, entries, entries, len(directory.getvalue()), start, 0))
    return out.getvalue()


def odt(mimetype_member):
    return archive(mimetype_member, member("content.xml", b"<office:document-content/>"))


def check_measured(name, content):
    """Run the check on an upload; returns (ValidationError or None, peak bytes allocated during it)."""
    upload = SimpleUploadedFile(name, content)
    tracemalloc.start()
    try:
        validate_attachment_file(upload)
        refused = None
    except ValidationError as error:
        refused = error
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return refused, peak


def message(error):
    return " ".join(error.messages)


# --- hostile archives -------------------------------------------------------------------------------------------


def test_odt_whose_mimetype_unpacks_to_hundreds_of_mib_is_refused_in_little_memory():
    bomb = zeros_deflated(300)
    content = odt(member("mimetype", stream=bomb))
    assert len(content) < MIB  # a small upload...
    assert len(zlib.decompressobj(-zlib.MAX_WBITS).decompress(bomb[0], 4 * MIB)) == 4 * MIB  # ...that is a bomb
    refused, peak = check_measured("bao-cao.odt", content)
    assert refused is not None and refused.code == "archive_member_too_large"
    # "the part mimetype inside it would unpack to ..."
    assert f"phần mimetype bên trong khi giải nén sẽ thành {filesizeformat(300 * MIB)}" in message(refused)
    assert peak < 2 * MIB, f"peak {peak} bytes"


def test_odt_whose_table_of_contents_lies_about_the_size_is_refused_after_a_bounded_read():
    # The table of contents says mimetype is 39 bytes from 1 KiB, and has the right type's CRC; the data behind
    # it inflates to 300 MiB. Only the read's own bound stops it.
    bomb = zeros_deflated(300)
    lying = member("mimetype", stream=bomb, size=len(ODT_TYPE), compressed=1024, crc=zlib.crc32(ODT_TYPE))
    refused, peak = check_measured("bao-cao.odt", odt(lying))
    assert refused is not None and refused.code == "archive_member_size_lie"
    assert "không đúng kích thước mà mục lục của tệp nén ghi" in message(refused)  # "not the size ... says"
    assert peak < 2 * MIB, f"peak {peak} bytes"


def test_a_member_claiming_an_impossible_compression_ratio_is_not_inflated():
    # 250 bytes (within the 256 a mimetype may have) out of 2: 125 times, which no real document part is.
    refused, _peak = check_measured("van-ban.odt", odt(member("mimetype", ODT_TYPE, compressed=2, size=250)))
    assert refused is not None and refused.code == "archive_compression_ratio"
    assert "nén hơn 100 lần" in message(refused)  # "compressed more than 100 times"


@pytest.mark.parametrize("told_entries", [None, 5], ids=["counted", "end-record-says-5"])
def test_archive_with_too_many_members_is_refused_even_when_its_end_record_says_few(told_entries):
    members = [member(f"ho-so/{index}.txt", b"x", method=STORED) for index in range(MAX_ARCHIVE_MEMBERS + 1)]
    refused, _peak = check_measured("ho-so.zip", archive(*members, told_entries=told_entries))
    assert refused is not None and refused.code == "archive_too_many_members"
    assert f"chứa hơn {MAX_ARCHIVE_MEMBERS} tệp" in message(refused)  # "more than ... files inside"


def test_hostile_odt_is_refused_in_the_article_form_with_the_reason(staff_client, section):
    bomb = odt(member("mimetype", stream=zeros_deflated(300)))
    response = staff_client.post(
        "/en/admin/news/article/add/",
        article_form(section, **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title_vi": "Văn bản",
            "attachments-0-position": "0",
            "attachments-0-file": SimpleUploadedFile("van-ban.odt", bomb),
        }),
    )
    assert response.status_code == 200
    assert "would unpack to 300.0\xa0MB" in response.content.decode()


# --- real documents still pass ------------------------------------------------------------------------------------


def zip_bytes(members, **options):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, **options) as written:
        for name, content in members.items():
            written.writestr(name, content)
    return buffer.getvalue()


def open_document(mimetype):
    # As LibreOffice writes them: "mimetype" first and stored, then the deflated parts.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as written:
        written.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        for name in ("content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"):
            written.writestr(name, "<office/>" * 200, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


OOXML = {"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>", "docProps/core.xml": "<core/>"}


@pytest.mark.parametrize(
    "name, content",
    [
        ("van-ban.odt", open_document(b"application/vnd.oasis.opendocument.text")),
        ("bang.ods", open_document(b"application/vnd.oasis.opendocument.spreadsheet")),
        ("cong-van.docx", zip_bytes({**OOXML, "word/document.xml": "<w:document/>" * 500})),
        ("bang.xlsx", zip_bytes({**OOXML, **{f"xl/worksheets/sheet{i}.xml": "<row/>" * 500 for i in range(40)}})),
        ("trinh-chieu.pptx", zip_bytes({**OOXML, "ppt/presentation.xml": "<p/>"})),
        ("ho-so.zip", zip_bytes({f"ho-so/văn bản {i}.pdf": b"%PDF-1.7\n" for i in range(300)})),
    ],
)
def test_real_documents_still_pass(name, content):
    refused, peak = check_measured(name, content)
    assert refused is None, message(refused)
    assert peak < 2 * MIB


def test_an_archive_with_a_comment_passes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as written:
        written.writestr("ghi-chu.txt", "ghi chú")
        written.comment = b"PK\x05\x06 in a comment" * 10
    validate_attachment_file(SimpleUploadedFile("ho-so.zip", buffer.getvalue()))


def test_zip64_records_are_read(monkeypatch):
    # Writers switch to the zip64 records past 65,535 members or 4 GiB; made to switch at once here, the
    # archive has both the zip64 end record and a zip64 size field on its "mimetype" entry.
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 1)
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 16)
    content = open_document(ODT_TYPE)
    monkeypatch.undo()
    assert content[-22:-18] == b"PK\x05\x06" and b"PK\x06\x06" in content
    with zipfile.ZipFile(io.BytesIO(content)) as written:  # a sound archive, as Python itself reads it
        assert written.read("mimetype") == ODT_TYPE
    validate_attachment_file(SimpleUploadedFile("van-ban.odt", content))


@pytest.mark.parametrize(
    "name, content",
    [
        ("van-ban.odt", odt(member("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"))),  # an ODS
        ("van-ban.odt", odt(member("mimetype", ODT_TYPE, crc=0))),  # damaged: wrong checksum
        ("van-ban.odt", odt(member("mimetype", ODT_TYPE, method=12))),  # bzip2: not what documents use
        ("van-ban.odt", odt(member("mimetype", ODT_TYPE))[:-30]),  # cut short: no end record
        ("ho-so.zip", b"MZ\x90\x00" + zip_bytes({"a.txt": "a"})),  # a program with an archive behind it
    ],
)
def test_damaged_or_mislabelled_archives_are_refused_as_before(name, content):
    refused, _peak = check_measured(name, content)
    assert refused is not None and refused.code == "file_type"
