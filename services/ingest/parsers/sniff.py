"""Find the real format of an upload from its magic bytes and check it against the file name's extension."""
from __future__ import annotations

import io
import os
import struct
import zipfile

from . import _errors

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_ZIP_MEMBERS = 5000  # a DOCX has a few dozen parts; more than this is refused as a zip bomb

EXTENSIONS: dict[str, str] = {
    ".docx": "docx",
    ".docm": "docx",
    ".dotx": "docx",
    ".pdf": "pdf",
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".doc": "doc",
    ".dot": "doc",
}

_BINARY_MAGICS: list[tuple[bytes, str]] = [
    (b"MZ", "exe"),
    (b"\x7fELF", "elf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"RIFF", "webp"),
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"{\\rtf", "rtf"),
    (b"%!PS", "ps"),
]


def extension_of(filename: str) -> str:
    return os.path.splitext(os.path.basename(filename or ""))[1].lower()


def _looks_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    if head.startswith(b"\x00") or b"\x00" in head[:64]:
        # UTF-16 HTML: drop the NULs for the check
        head = head.replace(b"\x00", b"")
    head = head.lstrip()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta")):
        return True
    if head.startswith((b"<?xml", b"<!--", b"<!doctype")):
        return b"<html" in head
    return False


def ole2_stream_names(data: bytes) -> list[str]:
    """Names of the directory entries of an OLE2 compound file (best effort; [] if unreadable)."""
    try:
        if len(data) < 512 or not data.startswith(OLE2_MAGIC):
            return []
        sector_shift = struct.unpack_from("<H", data, 30)[0]
        if sector_shift not in (9, 12):
            return []
        size = 1 << sector_shift
        num_fat = struct.unpack_from("<I", data, 44)[0]
        first_dir = struct.unpack_from("<I", data, 48)[0]
        difat = list(struct.unpack_from("<109I", data, 76))
        fat_sectors = [s for s in difat[: min(num_fat, 109)]]
        next_difat = struct.unpack_from("<I", data, 68)[0]
        hops = 0
        while len(fat_sectors) < num_fat and next_difat < 0xFFFFFFFA and hops < 1000:
            off = (next_difat + 1) * size
            entries = struct.unpack_from(f"<{size // 4}I", data, off)
            fat_sectors.extend(entries[:-1])
            next_difat = entries[-1]
            hops += 1
        fat: list[int] = []
        for s in fat_sectors[:num_fat]:
            off = (s + 1) * size
            if off + size > len(data):
                break
            fat.extend(struct.unpack_from(f"<{size // 4}I", data, off))
        names: list[str] = []
        sector = first_dir
        seen: set[int] = set()
        while sector < 0xFFFFFFFA and sector not in seen and len(seen) < 10000:
            seen.add(sector)
            off = (sector + 1) * size
            if off + size > len(data):
                break
            for i in range(size // 128):
                entry = data[off + i * 128 : off + (i + 1) * 128]
                name_len = struct.unpack_from("<H", entry, 64)[0]
                if entry[66] in (1, 2, 5) and 2 <= name_len <= 64:
                    names.append(entry[: name_len - 2].decode("utf-16-le", "replace"))
            sector = fat[sector] if sector < len(fat) else 0xFFFFFFFE
        return names
    except (struct.error, IndexError, ValueError):
        return []


def is_encrypted_ooxml(data: bytes) -> bool:
    """An OLE2 container holding an encrypted OOXML package (a password-protected DOCX/XLSX)."""
    names = set(ole2_stream_names(data))
    if names:
        return "EncryptedPackage" in names or "EncryptionInfo" in names
    # the directory could not be walked: look for the stream names themselves
    return "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data


MAX_CENTRAL_DIRECTORY = 4 * 1024 * 1024  # bytes; a DOCX's is a few kilobytes


def zip_declared_entries(data: bytes) -> int | None:
    """The member count a zip declares in its end-of-central-directory record (zip64 aware), read without
    parsing the central directory (which for a hostile file can hold a million entries). A central directory
    larger than MAX_CENTRAL_DIRECTORY counts as too many members whatever the count says. None if not found."""
    tail_start = max(0, len(data) - 65557)
    pos = data.rfind(b"PK\x05\x06", tail_start)
    if pos < 0 or pos + 22 > len(data):
        return None
    count = int(struct.unpack_from("<H", data, pos + 10)[0])
    cd_size = int(struct.unpack_from("<I", data, pos + 12)[0])
    if (count == 0xFFFF or cd_size == 0xFFFFFFFF) and pos >= 20 and data[pos - 20 : pos - 16] == b"PK\x06\x07":
        offset = int(struct.unpack_from("<Q", data, pos - 12)[0])
        if offset + 48 <= len(data) and data[offset : offset + 4] == b"PK\x06\x06":
            count = int(struct.unpack_from("<Q", data, offset + 32)[0])
            cd_size = int(struct.unpack_from("<Q", data, offset + 40)[0])
    if cd_size > MAX_CENTRAL_DIRECTORY:
        return max(count, MAX_ZIP_MEMBERS + 1)
    return count


def _zip_kind(data: bytes) -> str:
    declared = zip_declared_entries(data)
    if declared is not None and declared > MAX_ZIP_MEMBERS:
        return "docx"  # too many members to list safely: the DOCX parser refuses it as a zip bomb
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return "docx"  # a damaged zip under a .docx name: the DOCX parser reports it as corrupt
    if "word/document.xml" in names or any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    if "mimetype" in names and "content.xml" in names:
        return "odf"
    if "[Content_Types].xml" in names:
        return "docx"  # an OOXML package without its main part: corrupt DOCX
    return "zip"


def content_kind(data: bytes) -> str:
    """What the bytes are, from magic numbers: pdf, zip kinds (docx/xlsx/…), ole2, a binary kind, html or txt."""
    pdf_at = data[:1024].find(b"%PDF-")
    if pdf_at == 0 or (pdf_at > 0 and b" obj" in data[:65536]):  # junk before the header is tolerated
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_kind(data)
    if data.startswith(OLE2_MAGIC):
        return "ole2"
    for magic, kind in _BINARY_MAGICS:
        if data.startswith(magic):
            if kind == "exe" and b"\x00" not in data[:128]:
                continue  # a text that happens to start with "MZ"
            if kind == "webp" and b"\x00" not in data[:16]:
                continue
            return kind
    if _looks_html(data):
        return "html"
    return "txt"


def sniff_format(data: bytes, filename: str) -> str:
    """The real format ("docx" | "pdf" | "txt" | "html") of `data`, checked against the extension of `filename`.

    Raises IngestError: unsupported_type (unknown extension), type_mismatch (content of another kind than the
    extension says), legacy_doc (an OLE2 Word 97-2003 file), encrypted_docx (a password-protected DOCX, which is an
    OLE2 container with EncryptionInfo/EncryptedPackage streams), corrupt_docx / corrupt_pdf (unrecognisable content
    under a .docx / .pdf name). Text-like content is accepted under .txt/.html; its decoding is checked by the parser.
    """
    ext = extension_of(filename)
    declared = EXTENSIONS.get(ext)
    if ext and declared is None:
        raise _errors.unsupported_type(ext)
    actual = content_kind(data)

    if actual == "ole2":
        if declared in (None, "doc", "docx"):
            if is_encrypted_ooxml(data):
                raise _errors.encrypted_docx()
            raise _errors.legacy_doc()
        raise _errors.type_mismatch(ext, "ole2")

    if declared is None:  # no extension: trust the content if it is something we read
        if actual in ("docx", "pdf", "html", "txt"):
            return actual
        raise _errors.unsupported_type(ext, actual)

    if declared == "doc":
        if actual in ("docx", "html"):
            return actual  # a DOCX saved under the old name, or Word's "web page" .doc: read it
        if actual == "pdf":
            raise _errors.type_mismatch(ext, actual)
        raise _errors.legacy_doc()

    if declared == actual:
        return actual
    if declared == "docx":
        if actual in ("txt",):
            raise _errors.corrupt_docx(detail="no zip signature")
        raise _errors.type_mismatch(ext, actual)
    if declared == "pdf":
        if actual == "txt":
            raise _errors.corrupt_pdf(detail="no %PDF- header")
        raise _errors.type_mismatch(ext, actual)
    if declared == "txt":
        if actual == "html":
            return "txt"
        raise _errors.type_mismatch(ext, actual)
    if declared == "html":
        if actual == "txt":
            return "html"  # a fragment without <html>: still parsed as HTML
        raise _errors.type_mismatch(ext, actual)
    raise _errors.unsupported_type(ext, actual)
