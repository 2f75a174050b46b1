"""What a PDF may expand to before any reader decodes it (SECURITY.md 74): the DOCX reader's zip-bomb checks, for PDF.

A PDF's streams are compressed (FlateDecode, LZW, run-length, possibly wrapped in ASCII85/hex); pdfminer.six and
PDFium decode a stream whole, in memory. A content stream of spaces compresses about 1,000:1: a 1 MB attachment
expanded to 1 GB (3 GB held by the worker), a 50 MB one to more than the machine has — and anyone may mail the
intake mailbox. An image is decoded at the size its dictionary declares (PDFium, when OCR renders the page): a
60,000 × 60,000 JPEG of one colour is a few kilobytes. So, from the bytes alone and before any reader runs:

- every stream that is not an image is decoded here, chunk by chunk, nothing kept: one may give at most
  MAX_STREAM_BYTES, all of them together MAX_TOTAL_BYTES (a 3,000-page text PDF's content is well under both);
- an image may declare at most MAX_IMAGE_PIXELS pixels, and its compressed data may not expand beyond what those
  pixels hold (so calling a content stream an image buys nothing); an inline image (BI … ID … EI inside a page's
  content) is read from the content as it is decoded and held to the same limit.

Streams are found by their keyword `stream` wherever a reader takes it, their filters read from the dictionary
before it as written; a filter named through an indirect object is treated as the data shows (a zlib header is
inflated). A stream inside an object stream is no stream (the PDF syntax forbids it); the object stream itself is
checked. An encrypted PDF that opens without a password has its streams deciphered (pdfminer's security handler)
and checked the same way.
"""
from __future__ import annotations

import io
import itertools
import re
import zlib
from collections.abc import Iterator

from . import _errors

MAX_STREAM_BYTES = 256 * 1024 * 1024  # one decoded stream that is not an image
MAX_TOTAL_BYTES = 768 * 1024 * 1024  # every decoded stream that is not an image
MAX_IMAGE_PIXELS = 200_000_000  # A0 at 300 dpi is 140 million
_CHUNK = 1 << 20
_MAX_CHAIN = 4  # filters applied one after another (FlateDecode twice …)
_LOOKBACK = 65536  # how far before `stream` its dictionary is looked for

_LETTERS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
# a size written in the dictionary itself (not "/Width 12 0 R", an indirect object: its size is then unknown here)
_NUM = {key: re.compile(rb"/" + key + rb"\s+(\d{1,9})(?!\s+\d+\s+R)\b") for key in (b"Width", b"Height", b"W", b"H")}
_FILTER = re.compile(rb"/(FlateDecode|Fl|LZWDecode|LZW|RunLengthDecode|RL|ASCII85Decode|A85|ASCIIHexDecode|AHx)\b")


def _zlib_header(head: bytes) -> bool:
    return len(head) >= 2 and head[0] & 0x0F == 8 and head[0] >> 4 <= 7 and (head[0] << 8 | head[1]) % 31 == 0


def _chunks(data: memoryview) -> Iterator[bytes]:
    for at in range(0, len(data), _CHUNK):
        yield bytes(data[at:at + _CHUNK])


def _inflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """A zlib stream's output, chunk by chunk, stopping at its end (or at bytes that are not zlib)."""
    d = zlib.decompressobj()
    for chunk in chunks:
        try:
            out = d.decompress(chunk, _CHUNK)
            while True:
                if out:
                    yield out
                if d.eof or not d.unconsumed_tail:
                    break
                out = d.decompress(d.unconsumed_tail, _CHUNK)
        except zlib.error:
            return
        if d.eof:
            return


def _ascii(raw: bytes, hexa: bool) -> bytes:
    """An ASCII85 or hex stage (its output is smaller than its input), decoded whole — vectorised: pdfminer's own
    (base64.a85decode) would cost a tenth of the reading of a PDF that wraps every stream in it."""
    import binascii

    import numpy as np

    text = raw.split(b">", 1)[0] if hexa else raw.split(b"~>", 1)[0]
    text = text.translate(None, b" \t\r\n\f\x00")
    if hexa:
        try:
            return binascii.unhexlify(text + b"0" * (len(text) % 2))
        except binascii.Error:
            return b""
    text = text.removeprefix(b"<~").replace(b"z", b"!!!!!")
    pad = -len(text) % 5
    digits = np.frombuffer(text + b"u" * pad, dtype=np.uint8).astype(np.uint64) - 33
    if digits.size == 0 or int(digits.max()) > 84:
        return b""
    groups = digits.reshape(-1, 5)
    values = (((groups[:, 0] * 85 + groups[:, 1]) * 85 + groups[:, 2]) * 85 + groups[:, 3]) * 85 + groups[:, 4]
    out = (values & 0xFFFFFFFF).astype(">u4").tobytes()
    return out[:len(out) - pad]


def _lzw(raw: bytes) -> Iterator[bytes]:
    from pdfminer.lzw import LZWDecoder

    return LZWDecoder(io.BytesIO(raw)).run()


def _run_length_size(raw: bytes, cap: int) -> int:
    """What a run-length stream decodes to (at most 128 bytes for every 2), counted only when that bound passes
    `cap`; up to just past `cap`."""
    if 64 * len(raw) <= cap:
        return 64 * len(raw)
    total = i = 0
    while i < len(raw) and total <= cap:
        b = raw[i]
        if b == 128:  # end of data
            break
        total, i = (total + b + 1, i + b + 2) if b < 128 else (total + 257 - b, i + 2)
    return total


class _Over(Exception):
    pass


def _counted(chunks: Iterator[bytes], tally: list[int], cap: int, inline: bool = False) -> Iterator[bytes]:
    """The chunks, counted; `inline`: a content stream's, whose inline images are checked too."""
    tail = b""
    for chunk in chunks:
        tally[0] += len(chunk)
        if tally[0] > cap:
            raise _Over
        if inline:
            _inline_images(tail + chunk)
            tail = chunk[-_INLINE_DICT:]
        yield chunk


_INLINE_DICT = 512  # an inline image's dictionary ("BI /W … /H … ID") is short


def _inline_images(text: bytes) -> None:
    """An inline image (BI … ID … EI inside a page's content) declares its size as an image stream does: PDFium
    decodes it whole to render the page for OCR (20,000 × 20,000 pixels of one grey: 400 KB, 11 s)."""
    at = text.find(b"BI")
    while at >= 0:
        if (at == 0 or text[at - 1] not in _LETTERS) and text[at + 2:at + 3] not in _LETTER_BYTES:
            window = text[at + 2:at + 2 + _INLINE_DICT]
            head = window[:window.find(b"ID")] if b"ID" in window else window
            pixels = (_number(head, b"Width", b"W") or 0) * (_number(head, b"Height", b"H") or 0)
            if pixels > MAX_IMAGE_PIXELS:
                raise _errors.pdf_bomb(detail=f"inline image of {pixels} pixels")
        at = text.find(b"BI", at + 2)


_LENGTH = re.compile(rb"/Length\s+(\d{1,10})(?!\s+\d+\s+R)\b")


def _decoded_size(data: bytes, start: int, head_dict: bytes, filters: list[bytes], cap: int,
                  inline: bool = False) -> int:
    """How many bytes the stream at `start` decodes to — every stage's output counted (a reader holds each), up to
    just past `cap`; nothing is kept. A zlib stream is read to its own end, whatever its /Length says."""
    length = _LENGTH.search(head_dict)
    end = data.find(b"endstream", start)  # a reader that finds no `endstream` after /Length looks for it
    end = max(len(data) if end < 0 else end, start + int(length.group(1)) if length else 0)
    view = memoryview(data)
    names = list(filters)
    tally = [0]
    if names and names[0] in (b"ASCII85Decode", b"A85", b"ASCIIHexDecode", b"AHx"):
        hexa = names.pop(0) in (b"ASCIIHexDecode", b"AHx")
        view = memoryview(_ascii(data[start:end], hexa))
        start, end = 0, len(view)
    if names and names[0] in (b"RunLengthDecode", b"RL", b"LZWDecode", b"LZW"):
        raw = bytes(view[start:end])
        if names[0] in (b"RunLengthDecode", b"RL"):
            return _run_length_size(raw, cap)
    else:
        raw = b""
    chunks: Iterator[bytes] = _lzw(raw) if raw else _chunks(view[start:])
    head = b"" if raw else bytes(view[start:start + 2])
    stages: list[Iterator[bytes]] = []
    try:
        if raw:  # LZW: its output is the first stage
            names.pop(0)
            chunks = _counted(chunks, tally, cap, inline)
            stages.append(chunks)
            first = next(chunks, b"")
            chunks, head = itertools.chain([first], chunks), first[:2]
        while len(stages) < _MAX_CHAIN:
            name = names.pop(0) if names else None
            if name not in (b"FlateDecode", b"Fl", None) or not _zlib_header(head):
                break
            stage = _counted(_inflate(chunks), tally, cap, inline)
            stages.append(stage)
            first = next(stage, b"")
            chunks, head = itertools.chain([first], stage), first[:2]
        for stage in reversed(stages):  # what a stage after it left unread is still decoded by a reader
            for _ in stage:
                pass
        if inline and not stages:  # not compressed: its inline images are in the file as written
            for _ in _counted(_chunks(view[start:end]), [0], len(view) + 1, inline=True):
                pass
    except _Over:
        pass
    return tally[0]


def _dictionary(data: bytes, at: int) -> bytes:
    """The dictionary written before the `stream` keyword at `at`: from its object's header ("12 0 obj")."""
    lo = max(0, at - _LOOKBACK)
    start = max(data.rfind(sep + b"obj", lo, at) for sep in (b" ", b"\n", b"\r", b"\t"))
    return data[start + 4 if start >= 0 else lo:at + 2]


def _keywords(data: bytes) -> Iterator[int]:
    """Where the keyword `stream` stands, wherever a reader would take it (after a comment, with a space before its
    line end …) — not `endstream`, nor a longer word. A plain search (a regular expression with a look-behind
    visits every byte: 80 ms a megabyte)."""
    at = data.find(b"stream")
    while at >= 0:
        if (at == 0 or data[at - 1] not in _LETTERS) and data[at + 6:at + 7] not in _LETTER_BYTES:
            yield at
        at = data.find(b"stream", at + 6)


_LETTER_BYTES = frozenset(bytes([c]) for c in _LETTERS)


def _data_start(data: bytes, after: int) -> int:
    """Where a stream's data starts: after the end of the keyword's line (pdfminer reads the rest of that line)."""
    ends = [i for i in (data.find(b"\n", after, after + 256), data.find(b"\r", after, after + 256)) if i >= 0]
    if not ends:
        return after
    eol = min(ends)
    return eol + 2 if data[eol:eol + 2] == b"\r\n" else eol + 1


class _Tally:
    """What the streams checked so far decode to; refuses the PDF at the first stream beyond the limits."""

    def __init__(self) -> None:
        self.total = 0

    def stream(self, data: bytes, start: int, head: bytes, filters: list[bytes], image: bool,
               dims: tuple[int | None, int | None], where: str) -> None:
        w, h = dims
        if image and w is not None and h is not None:  # a size not known here: counted as any other stream
            pixels = w * h
            if pixels > MAX_IMAGE_PIXELS:
                raise _errors.pdf_bomb(detail=f"image of {pixels} pixels ({where})")
            # an image's data never holds more than its pixels (4 bytes each, a predictor byte per row, 1 MB slack)
            cap = min(MAX_STREAM_BYTES, pixels * 4 + h + _CHUNK)
            if _decoded_size(data, start, head, filters, cap) > cap:
                raise _errors.pdf_bomb(detail=f"image data beyond its {pixels} pixels ({where})")
            return
        size = _decoded_size(data, start, head, filters, min(MAX_STREAM_BYTES, MAX_TOTAL_BYTES - self.total),
                             inline=not image)
        self.total += size
        if size > MAX_STREAM_BYTES or self.total > MAX_TOTAL_BYTES:
            raise _errors.pdf_bomb(detail=f"streams expand to more than {self.total} bytes ({where})")


def _number(head: bytes, *keys: bytes) -> int | None:
    found = next((m for m in (_NUM[k].search(head) for k in keys) if m), None)
    return int(found.group(1)) if found else None


def _deciphered(data: bytes, tally: _Tally) -> None:
    """An encrypted PDF (an owner password only: every reader opens it) holds ciphertext where the plain check looks
    for zlib: its streams are deciphered by pdfminer's own security handler — each object read as written, never
    decoded (an object inside an object stream is no stream; the object stream itself is one) — and checked."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import PSLiteral

    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)))
    except Exception:  # noqa: BLE001 - a password needed, or broken: the readers refuse it with their own error
        return
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            try:
                if xref.get_pos(objid)[0] is not None:
                    continue
                obj = doc.getobj(objid)
            except Exception:  # noqa: BLE001 - an object the readers cannot read either
                continue
            if not isinstance(obj, PDFStream) or obj.decipher is None or obj.rawdata is None:
                continue
            raw = obj.decipher(obj.objid, obj.genno, obj.rawdata, obj.attrs)
            names = [f.name.encode() if isinstance(f, PSLiteral) else b"" for f, _ in obj.get_filters()]
            subtype = resolve1(obj.attrs.get("Subtype"))
            dims = tuple(v if isinstance(v, int) else None
                         for v in (resolve1(obj.attrs.get("Width", obj.attrs.get("W"))),
                                   resolve1(obj.attrs.get("Height", obj.attrs.get("H")))))
            tally.stream(raw, 0, b"", names, isinstance(subtype, PSLiteral) and subtype.name == "Image",
                         (dims[0], dims[1]), f"object {objid}")


def check_pdf_streams(data: bytes) -> None:
    """Refuse (IngestError pdf_bomb) a PDF whose streams would expand beyond the limits above."""
    tally = _Tally()
    for at in _keywords(data):
        head = _dictionary(data, at)
        tally.stream(data, _data_start(data, at + 6), head, [f.group(1) for f in _FILTER.finditer(head)],
                     bool(_IMAGE.search(head)), (_number(head, b"Width", b"W"), _number(head, b"Height", b"H")),
                     f"byte {at}")
    if b"/Encrypt" in data:
        _deciphered(data, tally)
