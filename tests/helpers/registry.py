"""Documents and helpers for the registry tests (real DOCX files, invented wording)."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fixtures.builders import make_docx


def letter(number: str, sender: str = "SỞ TÀI CHÍNH", subject: str = "Về việc rà soát hồ sơ mua sắm thiết bị",
           extra: str = "", day: str = "ngày 02 tháng 12 năm 2026") -> bytes:
    """A công văn from a department to the provincial office, as a real DOCX; `extra` makes it unique."""
    body = [f"Sở đề nghị Ủy ban nhân dân tỉnh xem xét hồ sơ mua sắm thiết bị phòng họp trực tuyến {extra}.",
            "Kính đề nghị Ủy ban nhân dân tỉnh quan tâm, chỉ đạo./."]
    return make_docx(body, header_left=["UBND TỈNH NGHỆ AN", sender, f"Số: {number}", f"V/v {subject}"],
                     header_right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                   f"Nghệ An, {day}"],
                     title=[], signer=["GIÁM ĐỐC", "", "Trần Thị Mai"],
                     recipients=["Nơi nhận:", "- UBND tỉnh;", "- Lưu: VT."])


def reply_draft(extra: str = "") -> bytes:
    """A draft reply (công văn) of the provincial office, its number left blank for the clerk."""
    body = [f"Ủy ban nhân dân tỉnh nhận được văn bản của Sở Tài chính {extra}.",
            "Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính thẩm định hồ sơ, báo cáo Ủy ban nhân dân tỉnh "
            "trước ngày 30/12/2026."]
    return make_docx(body, header_left=["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số:      /UBND-KT"],
                     header_right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                   "Nghệ An, ngày      tháng 12 năm 2026"],
                     title=[], signer=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Lê Văn Bình"],
                     recipients=["Nơi nhận:", "- Sở Xây dựng;", "- Bộ Tài chính;", "- Lưu: VT, KT."])


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def register(client: Any, headers: dict[str, str], name: str, data: bytes, **fields: Any) -> Any:
    return client.post("/registry/incoming", headers=headers, files={"file": (name, data, DOCX)},
                       data={k: str(v) for k, v in fields.items()})


def ok(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json()


def error_code(r: Any, status: int) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"]["message"], body
    return str(body["error"]["code"])


# --- a real IMAP mailbox (dovecot started by deploy/local/services.sh) ------------------------------------------------


def imap_settings() -> dict[str, str]:
    from tests_support import service_url

    host = service_url("VANBAN_TEST_IMAP_HOST", "IMAP server (dovecot)")
    import os

    return {"host": host, "port": os.environ.get("VANBAN_TEST_IMAP_PORT", "143"),
            "user": os.environ.get("VANBAN_TEST_IMAP_USER", "vanban"),
            "password": os.environ.get("VANBAN_TEST_IMAP_PASSWORD", "vanban")}


def imap_connect(cfg: dict[str, str]) -> Any:
    import imaplib

    conn = imaplib.IMAP4(cfg["host"], int(cfg["port"]), timeout=10)
    conn.login(cfg["user"], cfg["password"])
    return conn


@contextmanager
def imap_folder(monkeypatch: Any, prefix: str = "vanban") -> Iterator[tuple[Any, str]]:
    """A fresh folder of the test account, set as the intake mailbox (VANBAN_IMAP_*, no TLS): the open connection and
    the folder's name; the folder is deleted on leaving."""
    cfg = imap_settings()
    name = f"{prefix}-{uuid.uuid4().hex[:10]}"
    conn = imap_connect(cfg)
    try:
        assert conn.create(name)[0] == "OK"
        for var, value in (("HOST", cfg["host"]), ("PORT", cfg["port"]), ("USER", cfg["user"]),
                           ("PASSWORD", cfg["password"]), ("MAILBOX", name), ("SSL", "0")):
            monkeypatch.setenv(f"VANBAN_IMAP_{var}", value)
        yield conn, name
    finally:
        conn.select("INBOX")
        conn.delete(name)
        conn.logout()


def mail_with_attachments(sender: str, subject: str, files: list[tuple[str, bytes, str]]) -> bytes:
    from email.message import EmailMessage
    from email.utils import make_msgid

    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "vanthu@ubnd.example"
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="stc.example")
    msg.set_content("Kính gửi Văn phòng UBND tỉnh, xin gửi kèm các văn bản.")
    for name, data, ctype in files:
        main, sub = ctype.split("/", 1)
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return bytes(msg)


def seen_flags(conn: Any, mailbox: str) -> list[bool]:
    conn.select(mailbox)
    _, data = conn.uid("SEARCH", None, "ALL")
    flags = []
    for uid in (data[0] or b"").split():
        _, f = conn.uid("FETCH", uid.decode(), "(FLAGS)")
        flags.append(b"\\Seen" in f[0])
    return flags
