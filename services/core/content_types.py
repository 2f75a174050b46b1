"""Types of files users send (task attachments) and how files are served back.

`attachment_type(declared, data, filename)` checks a declared type against an allow-list of inert document and
image types and against the bytes; what it returns is what may be stored and served. Anything active (HTML, SVG,
XML, JavaScript …) or unknown is stored as application/octet-stream — or refused with `strict=True`.
"""
from __future__ import annotations

from services.core.errors import CoreError
from services.core.guard import SAFE_DOWNLOAD_TYPES

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"PK\x03\x04", "application/zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword"),
)
ZIP_FAMILY = frozenset({
    "application/zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
})
OLE_FAMILY = frozenset({"application/msword", "application/vnd.ms-excel"})


def sniffed_type(data: bytes) -> str | None:
    head = data[:16]
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    sample = data[:4096]
    if b"\x00" not in sample:
        low = sample.lstrip().lower()
        if low.startswith((b"<", b"<?xml", b"<!doctype", b"<svg", b"<html")):
            return None  # markup: active content
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text/plain"
    return None


def attachment_type(declared: str | None, data: bytes, filename: str = "", *, strict: bool = False) -> str:
    """The type to store and serve an attachment with: the declared type when it is on the allow-list and the
    bytes agree with it, else application/octet-stream (or VanbanError 415 `unsupported_attachment_type` when
    `strict`)."""
    base = (declared or "").split(";")[0].strip().lower()
    actual = sniffed_type(data)
    ok = base in SAFE_DOWNLOAD_TYPES and base != "application/octet-stream" and actual is not None and (
        base == actual or (actual == "application/zip" and base in ZIP_FAMILY)
        or (actual == "application/msword" and base in OLE_FAMILY)
        or (actual == "text/plain" and base in ("text/plain", "text/csv")))
    if ok:
        return base
    if strict:
        raise CoreError.unsupported_attachment_type(declared=(declared or "?")[:60], filename=filename[:100])
    return "application/octet-stream"
