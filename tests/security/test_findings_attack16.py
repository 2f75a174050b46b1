"""Sixteenth attack: the doors files come in by (mail, folder, upload) and what a reader is made to hold, and the
moments between states (SECURITY.md 74+). Invented notices; the hostile files are built here with zlib and
reportlab, nothing downloaded."""
from __future__ import annotations

import functools
import io
import zlib
from typing import Any

import pytest

# --------------------------------------------------------------------------------------------- 74: PDF stream bombs


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1: catalog …), with its cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


@functools.cache
def _spaces_deflated(megabytes: int) -> bytes:
    """`megabytes` MB of a page's content (a line of text, then spaces), deflated: about 1,000 to 1."""
    comp = zlib.compressobj(9)
    parts = [comp.compress(b"BT /F1 12 Tf 72 720 Td (Thong bao bomnen916) Tj ET\n")]
    block = b" " * (1 << 20)
    parts += [comp.compress(block) for _ in range(megabytes)]
    return b"".join(parts) + comp.flush()


def _page_pdf(content: bytes, filters: bytes, extra: list[bytes] | None = None) -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                 b"/Resources << /Font << /F1 5 0 R >> >> >>",
                 b"<< /Length %d /Filter %s >>\nstream\n" % (len(content), filters) + content + b"\nendstream",
                 b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", *(extra or [])])


def _inline_image(side: int) -> bytes:
    """A page's content drawing one inline image of `side` × `side` grey pixels, deflated."""
    image = zlib.compressobj(9)
    row = b"\x80" * side
    data = b"".join(image.compress(row) for _ in range(side)) + image.flush()
    content = b"q 612 0 0 792 0 0 cm BI /W %d /H %d /BPC 8 /CS /G /F /Fl ID " % (side, side) + data + b" EI Q"
    return zlib.compress(content, 9)


@functools.cache
def _bombs() -> dict[str, bytes]:
    import base64

    inner = _spaces_deflated(300)
    twice = zlib.compress(inner, 9)
    image = zlib.compress(b"\xff" * (8 << 20), 9)
    return {
        # a content stream of 300 MB of spaces in a file of 300 KB
        "flate": _page_pdf(inner, b"/FlateDecode"),
        # the same, deflated twice (a file of a few kilobytes)
        "flate twice": _page_pdf(twice, b"[/FlateDecode /FlateDecode]"),
        # wrapped in ASCII85, as some writers do
        "ascii85": _page_pdf(base64.a85encode(inner) + b"~>", b"[/ASCII85Decode /FlateDecode]"),
        # its length given by an indirect object, and its filter too: the data shows it is zlib
        "indirect": _page_pdf(inner, b"6 0 R", [b"/FlateDecode"]).replace(b"/Length %d" % len(inner), b"/Length 7 0 R"),
        # an image declaring 60,000 × 60,000 pixels (3.6 GB once PDFium decodes it to render the page for OCR)
        "huge image": _page_pdf(b"BT ET", b"/FlateDecode", [
            b"<< /Type /XObject /Subtype /Image /Width 60000 /Height 60000 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Length %d /Filter /FlateDecode >>\nstream\n" % len(image) + image
            + b"\nendstream"]),
        # an image written inside the page's content (BI … ID … EI): 15,000 × 15,000 of one grey, a few hundred KB
        "inline image": _page_pdf(_inline_image(15000), b"/FlateDecode"),
        "inline image, content not compressed": _page_pdf(b"q BI /W 60000 /H 60000 /BPC 1 /CS /G ID \0 EI Q",
                                                          b"[]"),
        # a content stream calling itself a small image: its data may not expand beyond the pixels it declares
        "small image": _page_pdf(inner, b"/FlateDecode").replace(
            b"<< /Length %d /Filter /FlateDecode >>" % len(inner),
            b"<< /Subtype /Image /Width 10 /Height 10 /Length %d /Filter /FlateDecode >>" % len(inner)),
    }


@pytest.mark.parametrize("kind", ["flate", "flate twice", "ascii85", "indirect", "huge image", "small image",
                                  "inline image", "inline image, content not compressed"])
def test_a_pdf_whose_streams_expand_beyond_any_document_is_refused_before_it_is_read(kind: str) -> None:
    """SECURITY.md 74. pdfminer.six and PDFium decode a PDF's streams whole, in memory: a content stream of spaces
    deflates about 1,000:1, so a 1 MB attachment held 3 GB in the worker (measured), a 50 MB one (the upload limit)
    more than the machine has — and anyone may mail the intake mailbox. Such a file is now refused, with its own
    code and a Vietnamese message, before any reader decodes it; the same for an image declaring more pixels than
    any page needs (decoded whole when OCR renders its page)."""
    from services.ingest.parsers import ERROR_CODES, IngestError, parse_document

    data = _bombs()[kind]
    assert len(data) < 2_000_000
    with pytest.raises(IngestError) as err:
        parse_document(data, "tb-916.pdf")
    assert err.value.code == "pdf_bomb", (err.value.code, err.value.detail)
    assert "từ chối vì lý do an toàn" in err.value.message and "pdf_bomb" in ERROR_CODES


def _encrypted(pdf_objects: list[bytes], streams: dict[int, bytes]) -> bytes:
    """A PDF encrypted as a writer does with an owner password only (standard security handler, RC4 40-bit, R2):
    every reader opens it without a password. `streams`: object number → its data, encrypted in place of `@DATA@`."""
    import hashlib
    import struct

    from pdfminer.arcfour import Arcfour

    pad = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
    owner = Arcfour(hashlib.md5(pad).digest()[:5]).encrypt(pad)
    first_id = b"vanban-attack-16"
    key = hashlib.md5(pad + owner + struct.pack("<i", -4) + first_id).digest()[:5]
    user = Arcfour(key).encrypt(pad)
    objects = list(pdf_objects)
    for num, plain in streams.items():
        own = hashlib.md5(key + num.to_bytes(3, "little") + b"\0\0").digest()[:10]
        data = Arcfour(own).encrypt(plain)
        objects[num - 1] = objects[num - 1].replace(b"@LEN@", b"%d" % len(data)).replace(b"@DATA@", data)
    objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (owner.hex().encode(),
                                                                                  user.hex().encode()))
    out = _pdf(objects)
    trailer = b"/Root 1 0 R >>"
    return out.replace(trailer, b"/Root 1 0 R /Encrypt %d 0 R /ID [<%s> <%s>] >>" % (
        len(objects), first_id.hex().encode(), first_id.hex().encode()))


def test_an_encrypted_pdf_bomb_that_opens_without_a_password_is_refused() -> None:
    """SECURITY.md 74. A PDF with an owner password only (printing forbidden, say — common in offices) opens without
    a password, and its streams are ciphertext: the plain check saw no zlib stream in them, while pdfminer deciphered
    and decoded the 300 MB behind them. Its streams are now deciphered (pdfminer's security handler, each object read
    as written, never decoded) and checked; the same file with an ordinary page reads as before (control)."""
    from services.ingest.parsers import IngestError, parse_document

    def pdf(content: bytes, filters: bytes) -> bytes:
        return _encrypted([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                           b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                           b"/Resources << /Font << /F1 5 0 R >> >> >>",
                           b"<< /Length @LEN@ /Filter %s >>\nstream\n@DATA@\nendstream" % filters,
                           b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"], {4: content})

    plain = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Thong bao kinhmat926) Tj ET\n")
    assert "kinhmat926" in parse_document(pdf(plain, b"/FlateDecode"), "tb-926.pdf").text
    bomb = pdf(zlib.compress(_spaces_deflated(300), 9), b"[/FlateDecode /FlateDecode]")
    assert len(bomb) < 100_000
    with pytest.raises(IngestError) as err:
        parse_document(bomb, "tb-926.pdf")
    assert err.value.code == "pdf_bomb", (err.value.code, err.value.detail)


def test_a_mailed_pdf_bomb_fails_with_its_own_error_and_the_original_kept(anon_client: Any) -> None:
    """SECURITY.md 74, through the door anyone may use: a mail to the intake mailbox carrying a PDF whose image
    declares 3.6 billion pixels is registered (its line in the sổ đến), and its document fails with `pdf_bomb` and
    the Vietnamese message — no reader decoded it — while its original stays downloadable for the clerk."""
    from email.message import EmailMessage

    from helpers.briefing import fast_headers, ok

    from services.core.dispatch import wait_idle
    from services.registry.intake import register_message

    msg = EmailMessage()
    msg["From"] = "Ai đó <ai@example.net>"
    msg["Subject"] = "Tài liệu"
    msg["Message-ID"] = "<bom-922@example.net>"
    msg.set_content("Xem tệp đính kèm.")
    bomb = _bombs()["huge image"]
    msg.add_attachment(bomb, maintype="application", subtype="pdf", filename="tai-lieu.pdf")
    assert register_message(bytes(msg), "uid-922")["registered"] == 1
    wait_idle(120)
    clerk = fast_headers("clerk", clearance=3, username="vanthu-dau16g")
    [doc] = [d for d in ok(anon_client.get("/documents", headers=clerk))["items"] if d["filename"] == "tai-lieu.pdf"]
    got = ok(anon_client.get(f"/documents/{doc['id']}", headers=clerk))
    assert got["status"] == "failed" and got["error_code"] == "pdf_bomb", got
    assert "từ chối vì lý do an toàn" in (got["error_message"] or "")
    original = anon_client.get(f"/documents/{doc['id']}/original", headers=clerk)
    assert original.status_code == 200 and original.content == bomb


def test_the_stream_check_passes_ordinary_pdfs_of_every_writer() -> None:
    """SECURITY.md 74, the control: born-digital PDFs (reportlab: ASCII85 + Flate), a scan with an image, and a
    content stream of 20 MB (beyond any real page, within the limits) are read as before."""
    from fixtures.builders import make_pdf_from_text, make_scanned_pdf

    from services.core.errors import NeedsOCR
    from services.ingest.parsers import parse_document
    from services.ingest.parsers.pdf_limits import check_pdf_streams

    text = "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 916/TB-UBND\n\nTHÔNG BÁO\nKết luận về việc kiểm tra thatsu916\n"
    assert "thatsu916" in parse_document(make_pdf_from_text(text), "tb-916.pdf").text
    with pytest.raises(NeedsOCR):
        parse_document(make_scanned_pdf(2), "scan-916.pdf")
    check_pdf_streams(_page_pdf(_spaces_deflated(20), b"/FlateDecode"))
    # a scan's image whose size is written in other objects ("/Width 7 0 R"): 2,000 × 2,500 grey, 5 MB decoded
    image = zlib.compress(bytes(range(256)) * (2000 * 2500 // 256), 6)
    check_pdf_streams(_page_pdf(b"BT ET", b"/FlateDecode", [
        b"<< /Type /XObject /Subtype /Image /Width 7 0 R /Height 8 0 R /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length %d /Filter /FlateDecode >>\nstream\n" % len(image) + image + b"\nendstream", b"2000", b"2500"]))


def test_an_oversized_page_is_read_for_ocr_at_a_resolution_that_fits() -> None:
    """SECURITY.md 75. OCR renders each page of a scan at 300 dpi: a PDF of one kilobyte declaring a page of 200 ×
    200 inches was rendered at 60,001 × 60,001 pixels — 3.4 GB held by the worker (measured), as much written to
    its temporary folder for Tesseract, then read by Tesseract. A page is now rendered at a resolution that keeps it
    within MAX_PAGE_PIXELS (an A4 page keeps its 300 dpi), and read with the resolution it was rendered at."""
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from services.ingest.ocr import DEFAULT_DPI, MAX_PAGE_PIXELS, render_page

    def one_page(size: tuple[float, float]) -> Any:
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=size)
        c.rect(10, 10, 50, 50, fill=1)
        c.showPage()
        c.save()
        return pdfium.PdfDocument(buf.getvalue())

    huge = render_page(one_page((14400, 14400)), 0, DEFAULT_DPI)
    assert huge.width * huge.height <= MAX_PAGE_PIXELS, huge.size
    assert huge.info["dpi"][0] < DEFAULT_DPI
    a4 = render_page(one_page(A4), 0, DEFAULT_DPI)
    assert a4.info["dpi"] == (DEFAULT_DPI, DEFAULT_DPI) and abs(a4.width - A4[0] / 72 * DEFAULT_DPI) < 1, a4.size


# ------------------------------------------------------------------------------- 76: a mail's Message-ID is the sender's

NOTICE = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 917/TB-UBND\nNghệ An, ngày 12 tháng 11 năm 2026\n\nTHÔNG BÁO\n"
          "Kết luận về phương án thatsu917 phòng chống rét\n\nGiao Sở Y tế chủ trì chuẩn bị thuốc thatsu917, hoàn thành "
          "trước ngày 30/12/2026.\n")
FORGED = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 918/TB-UBND\nNghệ An, ngày 12 tháng 11 năm 2026\n\nTHÔNG BÁO\n"
          "Kết luận về việc tạm dừng giamao917\n\nGiao Sở Y tế tạm dừng mọi việc giamao917.\n")


def _mail(texts: list[str], results: str, message_id: str) -> bytes:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["Authentication-Results"] = results
    msg["From"] = "Văn phòng UBND tỉnh <vanphong@nghean.gov.vn>"
    msg["To"] = "vanthu@ubnd.example"
    msg["Subject"] = "Gửi thông báo kết luận"
    msg["Message-ID"] = message_id
    msg.set_content("Kính gửi các cơ quan.")
    for i, text in enumerate(texts):
        msg.add_attachment(text.encode(), maintype="text", subtype="plain", filename=f"tb-{i}.txt")
    return bytes(msg)


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_forged_mail_claiming_a_genuine_ones_message_id_does_not_take_its_place(
        db_backend: str, anon_client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """SECURITY.md 76. Each attachment of a mail was registered once under a key made of the mail's Message-ID and
    its position. The Message-ID is written by the sender: a notice mailed to many offices at once carries one
    Message-ID that every recipient reads. Mailed first with that Message-ID (and a few attachments), a forgery
    took the genuine mail's keys: the genuine notice — vouched for by the office's mail server — was answered with
    the forgery's line, counted "registered", and never stored. The key now holds the file's digest: the same mail
    delivered again is still one line (control), a different file under the same Message-ID is a file of its own."""
    from sqlalchemy import select

    from services.core.db import session_factory
    from services.core.dispatch import wait_idle
    from services.registry.intake import register_message
    from services.registry.models import IncomingEntry

    monkeypatch.setenv("VANBAN_IMAP_TRUSTED_AUTHSERV_ID", "mx.ubnd.example")
    same_id = "<tb-917.20261112@nghean.gov.vn>"
    forged = _mail([FORGED, FORGED + "\n", FORGED + "\n\n"],
                   "mx.ubnd.example; dkim=none; dmarc=fail header.from=nghean.gov.vn", same_id)
    genuine = _mail([NOTICE], "mx.ubnd.example; dkim=pass header.d=nghean.gov.vn; dmarc=pass "
                    "header.from=nghean.gov.vn", same_id)
    assert register_message(forged, "uid-1")["registered"] == 3
    counts = register_message(genuine, "uid-2")
    assert counts["registered"] == 1, counts
    again = register_message(genuine, "uid-3")  # the same mail delivered again: nothing new
    assert again["registered"] == 0 and again["already_registered"] == 1, again  # counted as such (faults2)
    wait_idle(120)
    from services.ingest.models import Document

    with session_factory()() as session:
        lines = session.scalars(select(IncomingEntry).where(IncomingEntry.channel == "email")).all()
        texts = [session.get(Document, line.document_id).text or "" for line in lines if line.document_id]
    assert len(lines) == 4, [(x.number, x.note) for x in lines]
    assert sum("thatsu917" in t for t in texts) == 1, texts


# ------------------------------------------------------------------ 77: one character from a sender broke the sổ đến

@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_a_mailed_senders_name_does_not_break_the_register_export(
        anon_client: Any, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    """SECURITY.md 77. A sổ đến line's sender is the display name of the mail's From — anyone's to write. One U+FFFE
    in it (or U+FFFF; control characters were already dropped) and the export of the whole register, DOCX or Excel,
    answered a server error (lxml refuses the character) for every clerk, until someone found and corrected the
    line. The export now drops what XML cannot hold, like the giao ban pack (one function, `core.spreadsheet
    .xml_text`); the line is exported with the rest of its sender's name."""
    from email.message import EmailMessage

    from helpers.briefing import fast_headers

    from services.core.dispatch import wait_idle
    from services.registry.intake import register_message

    msg = EmailMessage()
    msg["From"] = "Sở Tài chính\ufffe bomnen920 <vanthu@stc.example>"
    msg["Subject"] = "Công văn 920"
    msg["Message-ID"] = "<cv-920@stc.example>"
    msg.set_content("Kính gửi.")
    msg.add_attachment(NOTICE.replace("917", "920").encode(), maintype="text", subtype="plain", filename="cv-920.txt")
    assert register_message(bytes(msg), "uid-920")["registered"] == 1
    wait_idle(120)
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau16c")
    [reg] = [r for r in anon_client.get("/registry/registers", headers=clerk).json() if r["kind"] == "incoming"]
    r = anon_client.get(f"/registry/registers/{reg['id']}/export", headers=clerk, params={"format": fmt})
    assert r.status_code == 200, r.text[:300]
    if fmt == "xlsx":
        from openpyxl import load_workbook

        cells = [str(c.value) for row in load_workbook(io.BytesIO(r.content)).active.iter_rows() for c in row]
    else:
        import docx

        cells = [c.text for t in docx.Document(io.BytesIO(r.content)).tables for row in t.rows for c in row.cells]
    assert any("bomnen920" in c for c in cells), cells


# ---------------------------------------------- 78: the review form answered a hidden task unlike a missing one

def test_the_task_edit_form_answers_a_hidden_task_as_a_missing_one(anon_client: Any) -> None:
    """SECURITY.md 78. The review page's edit form checked the units it names against the directory before asking
    whether the clerk may see the task, and counted the task's own units (read without the access policy) as known:
    a clerk of clearance Thường posting a lead name outside the directory to the id of a Mật task answered "not
    found" when that name was the hidden task's lead, and "units not in the directory" otherwise (and for a missing
    id) — whether a secret task names a given unit, read by trying names. The task is now read through the policy
    first: hidden and missing answer alike, whatever the form says (control: a Mật-cleared clerk gets the units
    check for the same form)."""
    from e2e.test_web_http import make_user, web_login
    from helpers.briefing import fast_headers, ingest, ok
    from helpers.web import csrf_of

    secret = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nMẬT\nSố: 921/TB-UBND\nNghệ An, ngày 12 tháng 11 năm 2026\n\nTHÔNG BÁO\n"
              "Kết luận về việc kiểm tra kho921\n\n1. Giao Sở Y tế chủ trì kiểm tra kho vật tư kho921, hoàn thành "
              "trước ngày 30/12/2030.\n").encode()
    clerk3 = fast_headers("clerk", clearance=3, username="vanthu-dau16d")
    doc = ingest(anon_client, "tb-921.txt", secret, clerk3)
    [task] = [t for t in ok(anon_client.get("/tasks/review", headers=clerk3))["items"] if t["document"]["id"] == doc]
    ok(anon_client.patch(f"/tasks/{task['id']}", headers=clerk3, json={"lead": "Tổ công tác kho921"}))

    def answers(username: str) -> list[tuple[int, bool]]:
        anon_client.cookies.clear()
        assert web_login(anon_client, username).status_code == 303
        token = csrf_of(anon_client.get("/ui/review").text)
        out = []
        for task_id, lead in ((task["id"], "Tổ công tác kho921"), (task["id"], "Tổ khác kho921"),
                              ("0" * 8 + task["id"][8:], "Tổ công tác kho921")):
            r = anon_client.post(f"/ui/tasks/{task_id}/edit", data={"csrf": token, "action": "Kiểm tra", "lead": lead},
                                 follow_redirects=True)
            out.append((r.status_code, "không có trong danh mục" in r.text or "chưa có trong danh mục" in r.text))
        return out

    make_user("vanthu-dau16e", "clerk", clearance=0)
    low = answers("vanthu-dau16e")
    assert low[0] == low[1] == low[2], low
    make_user("vanthu-dau16f", "clerk", clearance=3)
    high = answers("vanthu-dau16f")
    assert high[1][1] and not high[0][1], high  # control: the units check runs for a task she may see


# ------------------------------------------------ 79 (checked, kept): numbers as clerks type them, hidden numbers

NUMBER_QUERIES = ["317/TB-UBND", "317TB-UBND", "TB317", "317tbubnd", "số 317", "so 317", "317/2009/TB-UBND",
                  "512/TB-UBND", "512/2024/TB-UBND", "TB 512", "số 512", "512", "72/TTr-STC", "2024", "UBND 2009"]


@pytest.mark.parametrize("engine_name", ["tantivy", pytest.param("es", marks=pytest.mark.elasticsearch)])
def test_a_hidden_document_number_changes_nothing_a_unit_user_observes(engine_name: str, tmp_path: Any,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """SECURITY.md 79 (checked, held). The newest number search (glued and reordered forms, 'số 512', a number with
    its year preferring the one issued that year, exact-number boosts): a clearance-0 unit user searching every
    form of a number observes the same totals, hits in the same order with the same highlights and scores, the
    same facets and the same suggestions whether or not hidden documents bearing that number — or citing it, or
    issued in the year the query names — exist (a Tối mật 317/TB-UBND of 2009, a Mật 512/TB-UBND of 2024 that a
    visible notice cites, a Mật công văn citing 317/TB-UBND). Control: a leader of full clearance finds them."""
    from datetime import date

    from integration.search.conftest import D, make_engine
    from integration.search.test_first_day import DOCS, UNIT_USER

    from services.search import plan
    from services.search.engine import SearchQuery

    monkeypatch.setattr(plan, "COMMON_MIN_DOCS", 1)
    visible = [*DOCS, D("cv601", "Thực hiện Thông báo số 512/TB-UBND năm 2024 về kho lưu trữ; đề nghị Sở Tài chính "
                        "báo cáo.", number="601/UBND-VX", doc_type="Công văn", issuer="UBND tỉnh",
                        issued_date=date(2024, 6, 3), subject="Về việc kho lưu trữ", units=["Sở Tài chính"],
                        audience="public")]
    hidden = [
        D("tm317", "Tối mật: kết luận buổi làm việc khác về quy hoạch; giao Sở Tài chính rà soát.",
          number="317/TB-UBND", doc_type="Thông báo", issuer="UBND tỉnh", issued_date=date(2009, 8, 1),
          subject="Kết luận tối mật", units=["Sở Tài chính"], level=2, audience="units",
          audience_units=["Sở Tài chính"]),
        D("m512", "Mật: kết luận về kho lưu trữ, giao Sở Tài chính chủ trì.", number="512/TB-UBND",
          doc_type="Thông báo", issuer="UBND tỉnh", issued_date=date(2024, 5, 2), subject="Kho lưu trữ (mật)",
          units=["Sở Tài chính"], level=1, audience="public"),
        D("m330", "Mật: thực hiện Thông báo số 317/TB-UBND và số 512/TB-UBND; Sở Tài chính tổng hợp.",
          number="330/UBND-KT", doc_type="Công văn", issuer="UBND tỉnh", issued_date=date(2024, 7, 1),
          subject="Tổng hợp (mật)", units=["Sở Tài chính"], level=1, audience="units",
          audience_units=["Sở Tài chính"]),
    ]

    def observe(e: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for q in NUMBER_QUERIES:
            for sort in ("relevance", "date"):
                r = e.search(SearchQuery(q=q, limit=20, sort=sort, access=UNIT_USER))
                out[f"{q}|{sort}"] = (r.total, [(h.id, h.score, h.highlights) for h in r.hits], r.facets)
        for p in ("317", "512", "số 5", "TB-UBND", "kho"):
            out[f"suggest|{p}"] = e.suggest(p, 10, UNIT_USER)
        return out

    e, done = make_engine(engine_name, tmp_path)
    try:
        e.index(visible)
        e.refresh()
        before = observe(e)
        e.index(hidden)
        e.refresh()
        found = {h.id for q in ("317/TB-UBND", "512/2024/TB-UBND") for h in e.search(SearchQuery(q=q, limit=20)).hits}
        assert {"tm317", "m512"} <= found, found  # control: they are there for whoever may see them
        after = observe(e)
        assert after == before, [k for k in before if before[k] != after[k]]
    finally:
        done()


@pytest.mark.parametrize("spelling", [b">>\nstream \n", b">> % a comment\nstream\r\n", b">>stream\r"])
def test_a_stream_keyword_written_unusually_is_still_checked(spelling: bytes) -> None:
    """SECURITY.md 74: the check finds a stream wherever a reader takes one — a space before the line end, a
    comment between the dictionary and the keyword, a lone carriage return."""
    from services.ingest.parsers import IngestError
    from services.ingest.parsers.pdf_limits import check_pdf_streams

    data = _bombs()["huge image"]
    at = data.rfind(b">>\nstream\n")  # the image's
    data = data[:at] + spelling + data[at + len(b">>\nstream\n"):]
    with pytest.raises(IngestError) as err:
        check_pdf_streams(data)
    assert err.value.code == "pdf_bomb"


# ------------------------------------------------ 79 (checked, kept): the 2025 reorganisation in the unit directory

def test_a_unit_renamed_and_another_units_staff_moved_into_it_change_no_one_elses_sight(anon_client: Any) -> None:
    """SECURITY.md 79 (2). Sở Tài nguyên và Môi trường is renamed Sở Nông nghiệp và Môi trường (the 2025 merger) and
    the staff of Sở Nông nghiệp và Phát triển nông thôn are moved into it. At every step each unit user reads exactly
    what her unit's key gives: the renamed unit keeps its notice, its task in the inbox and its search hit (its old
    name still reaches it; a notice naming the new name reaches it too), the other unit reads none of it until its
    staff member is moved — then she reads the merged unit's and no longer her old unit's (her old token is void)."""
    from helpers.briefing import fast_headers, ingest, ok

    from services.briefing import unit_directory
    from services.core.auth import service as accounts
    from services.core.auth.models import Unit
    from services.core.auth.policy import LOCAL_ADMIN
    from services.core.db import session_factory
    from services.core.dispatch import wait_idle

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau16h")
    tn = fast_headers("unit_staff", unit="Sở Tài nguyên và Môi trường", clearance=0, username="cv-tn-dau16h")
    nn = fast_headers("unit_staff", unit="Sở Nông nghiệp và Phát triển nông thôn", clearance=0,
                      username="cv-nn-dau16h")

    def notice(number: int, unit: str, word: str) -> str:
        text = (f"ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: {number}/TB-UBND\nNghệ An, ngày 12 tháng 11 năm 2026\n\nTHÔNG BÁO\n"
                f"Kết luận về việc {word}\n\n1. Giao {unit} chủ trì thực hiện {word}, hoàn thành trước ngày "
                f"30/12/2030.\n\nNơi nhận:\n- {unit};\n- Lưu: VT.\n")
        doc = ingest(web, f"tb-{number}.txt", text.encode(), clerk)
        for t in ok(web.get("/tasks/review", headers=clerk))["items"]:
            if t["document"]["id"] == doc:
                ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
        wait_idle(60)
        return doc

    def sight(headers: dict[str, str]) -> dict[str, Any]:
        docs = {d["id"] for d in ok(web.get("/documents", headers=headers, params={"limit": 200}))["items"]}
        tasks = {t["document"]["id"] for t in ok(web.get("/tasks", headers=headers, params={"limit": 200}))["items"]}
        hits = {h["document_id"] for w in ("dodac923", "rungphong923", "khoangsan923")
                for h in ok(web.get("/search", headers=headers, params={"q": w}))["hits"]}
        return {"docs": docs, "tasks": tasks, "hits": hits}

    tn_doc = notice(923, "Sở Tài nguyên và Môi trường", "dodac923")
    nn_doc = notice(924, "Sở Nông nghiệp và Phát triển nông thôn", "rungphong923")
    assert sight(tn) == {"docs": {tn_doc}, "tasks": {tn_doc}, "hits": {tn_doc}}, sight(tn)  # control
    assert sight(nn) == {"docs": {nn_doc}, "tasks": {nn_doc}, "hits": {nn_doc}}, sight(nn)
    with session_factory()() as session:
        unit = session.query(Unit).filter(Unit.name == "Sở Tài nguyên và Môi trường").one()
        unit_directory.rename_unit(session, LOCAL_ADMIN, unit, "Sở Nông nghiệp và Môi trường")
        session.commit()
    wait_idle(60)
    assert sight(tn) == {"docs": {tn_doc}, "tasks": {tn_doc}, "hits": {tn_doc}}, sight(tn)
    assert sight(nn) == {"docs": {nn_doc}, "tasks": {nn_doc}, "hits": {nn_doc}}, sight(nn)
    merged_doc = notice(925, "Sở Nông nghiệp và Môi trường", "khoangsan923")
    assert sight(tn) == {"docs": {tn_doc, merged_doc}, "tasks": {tn_doc, merged_doc}, "hits": {tn_doc, merged_doc}}
    assert sight(nn) == {"docs": {nn_doc}, "tasks": {nn_doc}, "hits": {nn_doc}}, sight(nn)
    with session_factory()() as session:
        user, changed = accounts.update_user(session, "cv-nn-dau16h", unit="Sở Nông nghiệp và Môi trường")
        session.commit()
        assert changed["unit"] == ["Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường"]
        moved = {"Authorization": f"Bearer {accounts._access_token(user)[0]}"}
    assert web.get("/documents", headers=nn).status_code == 401  # her token of before is void
    assert sight(moved) == sight(tn) == {"docs": {tn_doc, merged_doc}, "tasks": {tn_doc, merged_doc},
                                         "hits": {tn_doc, merged_doc}}, sight(moved)


def test_ocr_reads_at_most_its_page_limit_of_one_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """SECURITY.md 75. A PDF of a few kilobytes may hold 3,000 pages drawing one image; OCR read them all (seconds
    each): one mail held the OCR queue for hours ahead of the office's own scans. OCR reads the first MAX_OCR_PAGES
    scanned pages of a file and says so in the document's warnings (here the limit is lowered to 1 of 2 pages)."""
    import os

    from fixtures.builders import make_scanned_pdf

    from services.ingest import ocr

    if not ocr.ocr_ready():  # CI installs Tesseract: a missing one is a failure there, never a silent skip
        if os.environ.get("VANBAN_REQUIRE_SERVICES") or os.environ.get("CI"):
            raise RuntimeError("tesseract with the Vietnamese model (tesseract-ocr-vie) is required for this test")
        pytest.skip("tesseract-ocr-vie is not installed (deploy/local/tools.sh installs it)")
    monkeypatch.setattr(ocr, "MAX_OCR_PAGES", 1)
    result = ocr.ocr_pdf(make_scanned_pdf(2))
    assert [p.index for p in result.ocr_pages] == [0]
    assert any("1 trang quét đầu tiên" in w and "1 trang sau" in w for w in result.warnings), result.warnings
