"""SECURITY.md 143 (fix25, after review20): `guard.Utf8Parts` took a file part named only in RFC 5987's form
(`filename*=UTF-8''…`, which python-multipart drops) for a text field, and refused a PDF as "not UTF-8". A part with
`filename*` is a file: its bytes are not read as text; a field's value and a plain file name still are."""
from __future__ import annotations

import pytest

from services.core.guard import Utf8Parts

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> stream\n\x89\xff\x00\xc3\x28 endstream\n%%EOF\n"
BOUNDARY = b"----vanban25"


def _body(disposition: bytes, content: bytes) -> bytes:
    return (b"--" + BOUNDARY + b"\r\nContent-Disposition: form-data; name=\"level\"\r\n\r\n0\r\n--" + BOUNDARY
            + b"\r\nContent-Disposition: " + disposition + b"\r\nContent-Type: application/pdf\r\n\r\n" + content
            + b"\r\n--" + BOUNDARY + b"--\r\n")


def _read(body: bytes, chunk: int) -> bool:
    parts = Utf8Parts(BOUNDARY)
    for i in range(0, len(body), chunk):
        parts.feed(body[i:i + chunk])
    return parts.ok


@pytest.mark.parametrize("chunk", [7, 4096])
@pytest.mark.parametrize("disposition", [
    b"form-data; name=\"file\"; filename*=UTF-8''b%C3%A1o-c%C3%A1o.pdf",
    b"form-data; name=\"file\"; filename*=utf-8''bao-cao.pdf",
    b"form-data; name=\"file\"; FILENAME* = UTF-8''bao-cao.pdf",
    b"form-data; name=\"file\"; filename*0*=UTF-8''bao-cao.pdf",
    b"form-data; name=\"file\"; filename=\"bao-cao.pdf\"; filename*=UTF-8''b%C3%A1o-c%C3%A1o.pdf",
])
def test_a_file_named_in_rfc5987_form_is_a_file(disposition: bytes, chunk: int) -> None:
    assert _read(_body(disposition, PDF), chunk)


@pytest.mark.parametrize("disposition", [
    b"form-data; name=\"subject\"",  # a field: its bytes are text
    b"form-data; name=\"filename*\"",  # a field so named is a field
    b"form-data; name=\"a; filename*=UTF-8''x\"",  # and one whose quoted name reads like the parameter
    b"form-data; name=\"file\"; filename=\"b\xe1o-c\xe1o.pdf\"; filename*=UTF-8''bao.pdf",  # a plain name in cp1258
])
def test_text_parts_are_still_read_as_text(disposition: bytes) -> None:
    assert not _read(_body(disposition, PDF), 4096)
