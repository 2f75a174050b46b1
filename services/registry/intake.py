"""Intake channels: upload (the API), a watched folder and an IMAP mailbox — all through ingest's `accept_upload`
(the same storage, pipeline and duplicate detection as an upload), then a line in the sổ đến.

One unit of work per file, so that nothing is lost or registered twice: the document row (accept_upload, which
emits `document.stored` like every other door) and the register line keyed by an intake key (a message's attachment,
a file's digest) commit together; only after that commit is the e-mail flagged \\Seen or the file moved away. A
crash in between repeats the step, and the intake key finds the line.
"""
from __future__ import annotations

import email
import email.policy
import hashlib
import imaplib
import logging
import os
import re
import time
from dataclasses import replace
from email.message import Message
from email.utils import getaddresses, parseaddr
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.core.auth.policy import Principal, scope_for
from services.core.config import get_settings
from services.core.db import retrying, session_scope
from services.core.errors import VanbanError
from services.core.guard import route_limit
from services.core.storage import LinkedFile, read_own_file, write_atomic
from services.ingest.public import UNVOUCHED_SOURCE, accept_upload, looks_like_edxml, parse_edxml, visible_clause
from services.registry import registers
from services.registry.domain import Urgency
from services.registry.errors import RegistryError
from services.registry.incoming import IncomingData, register_incoming, visible_entries
from services.registry.models import IncomingEntry, Register
from services.registry.settings import RegistrySettings, get_registry_settings

log = logging.getLogger("vanban.registry.intake")


def store_and_register(session: Session, by: str, filename: str, data: bytes, content_type: str | None,
                       channel: str, fields: IncomingData, intake_key: str | None, refuse_duplicate: bool,
                       audit_principal: Principal | None = None, source: str | None = None) -> IncomingEntry:
    """Store the file (ingest) and register it, in the caller's unit of work (run again from the start if SQLite
    reports two writers racing). A file already registered in this office's sổ đến is refused (API: 409) or, for
    the automatic channels, answered with its existing line."""
    return retrying(session, lambda: _store_and_register(session, by, filename, data, content_type, channel, fields,
                                                         intake_key, refuse_duplicate, audit_principal,
                                                         source or channel))


def _store_and_register(session: Session, by: str, filename: str, data: bytes, content_type: str | None,
                        channel: str, fields: IncomingData, intake_key: str | None, refuse_duplicate: bool,
                        audit_principal: Principal | None, source: str) -> IncomingEntry:
    if intake_key:
        seen = session.scalar(select(IncomingEntry).where(IncomingEntry.intake_key == intake_key))
        if seen is not None:
            return seen
    fields = fields_from_edxml(data, fields)
    from services.core.auth.policy import MAX_LEVEL, provisional_level

    # the document is provisional (hidden but from its uploader and clerks) until its stamp is read; a level the
    # clerk gives is declared: the stamp can only raise it
    secret = fields.level > 0
    uploader = audit_principal
    level = fields.level if secret else provisional_level(uploader.clearance if uploader else MAX_LEVEL)
    office_key, _ = registers.office()
    # the same document again in another file (its number and date known before it is read): one line, one document
    from services.ingest.public import registered_by_fields

    same = registered_by_fields(session, fields.doc_number, fields.sender, fields.doc_date,
                                visible_clause(scope_for(uploader)) if uploader else None, source=source)
    earlier = _earlier_entry(session, same, office_key)
    if earlier is not None:
        if refuse_duplicate:
            raise _already_registered(session, earlier, uploader)
        return earlier
    outcome = accept_upload(session, filename, data, content_type, source=source,
                            uploaded_by=uploader.user_id if uploader else None, level=level,
                            visible=visible_clause(scope_for(uploader)) if uploader else None,
                            declared_by=by if secret else None)  # the same door as an upload: document.stored
    if outcome.error is not None:
        raise outcome.error
    assert outcome.document is not None
    doc_id = outcome.document.id
    if outcome.duplicate:
        earlier = _earlier_entry(session, [doc_id], office_key)
        if earlier is not None:
            if refuse_duplicate:
                raise _already_registered(session, earlier, uploader)
            return earlier
    entry, created = register_incoming(session, by, fields, doc_id, channel, intake_key=intake_key)
    if created and audit_principal is not None:
        from services.core.auth.service import audit

        audit(session, audit_principal, "change", "incoming", entry.id,
              {"registered": entry.number, "register": entry.register_id, "document_id": doc_id})
    return entry


def _already_registered(session: Session, earlier: IncomingEntry, uploader: Principal | None) -> VanbanError:
    """The refusal of a second line: its number and register only if the clerk may see that line (a secret register's
    line stays hidden, e.g. after its document was declassified)."""
    if uploader is not None and session.scalar(select(IncomingEntry.id).where(
            IncomingEntry.id == earlier.id, visible_entries(scope_for(uploader)))) is None:
        return RegistryError.already_registered_unseen()
    return RegistryError.already_registered(number=earlier.number, register=earlier.register.name)


def _earlier_entry(session: Session, document_ids: list[str], office_key: str) -> IncomingEntry | None:
    """The first line of this office's sổ đến (not recalled) for one of these documents."""
    if not document_ids:
        return None
    return session.scalar(
        select(IncomingEntry).join(Register, Register.id == IncomingEntry.register_id)
        .where(IncomingEntry.document_id.in_(document_ids), Register.office_key == office_key,
               IncomingEntry.state != "recalled").order_by(IncomingEntry.created_at).limit(1))


PRIORITY_URGENCY = {"1": Urgency.urgent, "2": Urgency.very_urgent, "3": Urgency.flash}


def fields_from_edxml(data: bytes, fields: IncomingData) -> IncomingData:
    """An edXML package says who sent it, its number, date, type, subject and priority: the line takes what the
    clerk left empty from its header (a package that cannot be read is left to the pipeline to report)."""
    from datetime import date

    if not looks_like_edxml(data):
        return fields
    try:
        msg = parse_edxml(data)
    except VanbanError:
        return fields
    return replace(
        fields, sender=fields.sender or msg.issuer, doc_number=fields.doc_number or msg.number,
        doc_date=fields.doc_date or (date.fromisoformat(msg.issued_date) if msg.issued_date else None),
        doc_type=fields.doc_type or msg.doc_type, subject=fields.subject or msg.subject,
        urgency=fields.urgency if fields.urgency != Urgency.normal else
        PRIORITY_URGENCY.get(msg.other.get("Priority", ""), Urgency.normal))


# --- the watched folder ---------------------------------------------------------------------------------------------

DONE_DIR = "da-vao-so"
FAILED_DIR = "loi"


def poll_folder(settings: RegistrySettings | None = None, min_age_seconds: float = 1.0) -> dict[str, int]:
    """Register every file in the watched folder; move it to da-vao-so/ after the commit, or to loi/ with a note."""
    s = settings or get_registry_settings()
    counts = {"registered": 0, "failed": 0}
    root = s.registry_watch_dir
    if root is None or not root.is_dir():
        return counts
    for sub in (DONE_DIR, FAILED_DIR):
        _own_folder(root / sub)
    for path in sorted(p for p in root.iterdir() if p.is_file() or p.is_symlink()):
        if path.name.startswith((".", "~")) or path.suffix in (".part", ".tmp", ".crdownload"):
            continue
        if path.is_symlink():  # a link planted in the share would read a file of the server (its secrets)
            counts["failed"] += 1
            _refuse(root, path, "Không nhận liên kết (symlink): hãy chép chính tệp văn bản vào thư mục.")
            continue
        listed = path.lstat()
        if time.time() - listed.st_mtime < min_age_seconds:  # still being copied in
            continue
        try:
            data = _read_no_follow(path)
        except LinkedFile:  # a link made meanwhile, or a hard link: another file's bytes, maybe the server's own
            counts["failed"] += 1
            _refuse(root, path, "Không nhận liên kết (symlink hoặc hard link): hãy chép chính tệp văn bản vào thư mục.")
            continue
        except OSError:  # replaced by a link or a pipe meanwhile, or gone
            continue
        digest = hashlib.sha256(data).hexdigest()
        try:
            with session_scope() as session:  # committed before the file moves
                entry = store_and_register(session, "hệ thống (thư mục)", path.name, data, None, "folder",
                                           IncomingData(note=f"Thư mục nhận: {path.name}"), f"folder:{digest}",
                                           refuse_duplicate=False)
                number = entry.number
        except VanbanError as exc:
            counts["failed"] += 1
            _refuse(root, path, f"{exc.code}: {exc.message}")
            continue
        if _same_file(path, listed):  # a file saved under the same name meanwhile is the next poll's to register
            _move(path, root / DONE_DIR, prefix=f"{number:04d}-")
        counts["registered"] += 1
    return counts


def _read_no_follow(path: Path) -> bytes:
    return read_own_file(path, get_settings().max_upload_bytes)  # a larger one is refused (too_large), unread


def _same_file(path: Path, listed: os.stat_result) -> bool:
    """Whether the folder's name still holds the file listed (not one saved under the same name since it was read)."""
    try:
        now = path.lstat()
    except OSError:
        return False
    return (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) == (
        listed.st_dev, listed.st_ino, listed.st_size, listed.st_mtime_ns)


def _own_folder(folder: Path) -> None:
    """The folder's own subfolder, a real one: a link planted in its place (the share is writable by others) would
    take the files, and the notes written there, into a directory of the server (SECURITY.md 69). The link is
    removed — its target untouched — and a folder made."""
    if folder.is_symlink():
        log.warning("watched folder: %s was a link to %s; removed", folder, os.readlink(folder))
        folder.unlink()
    folder.mkdir(exist_ok=True)


def _refuse(root: Path, path: Path, note: str) -> None:
    """A file not registered: moved to loi/ with a note saying why. The note is written to a new file renamed into
    place: never into a file (or through a link) someone left under its name."""
    _move(path, root / FAILED_DIR)
    write_atomic(root / FAILED_DIR / f"{path.name}.loi.txt", f"{note}\n".encode())


def _move(path: Path, folder: Path, prefix: str = "") -> None:
    _own_folder(folder)
    target = folder / f"{prefix}{path.name}"
    n = 1
    while target.exists():
        target = folder / f"{prefix}{path.stem}-{n}{path.suffix}"
        n += 1
    path.replace(target)


# --- the mailbox ----------------------------------------------------------------------------------------------------


def _sender(value: str | None) -> str | None:
    name, addr = parseaddr(value or "")
    if name and addr:
        return f"{name} <{addr}>"
    return name or addr or None


_COMMENT = re.compile(r"\([^()]*\)")


def _aligned(domain: str | None, from_domain: str) -> bool:
    """DMARC's relaxed alignment: the authenticated domain is the From domain or a parent of it."""
    d = (domain or "").strip().strip(".").lower().rsplit("@", 1)[-1]
    return bool(d) and "." in d and (from_domain == d or from_domain.endswith("." + d))


def sender_verified(msg: Message, authserv_id: str | None) -> bool:
    """Whether the office's own receiving server vouches for the From address (RFC 8601 Authentication-Results):
    only the topmost header naming `authserv_id` counts — anything below it, or naming another server, anyone
    could have written — and it must report DMARC pass, or DKIM or SPF pass for the From domain (or a parent). One
    From address only; no configured server, no vouching."""
    if not authserv_id:
        return False
    addresses = [a for _, a in getaddresses([str(v) for v in msg.get_all("From") or []]) if "@" in a]
    if len(addresses) != 1:
        return False
    from_domain = addresses[0].rsplit("@", 1)[1].strip().lower()
    for header in msg.get_all("Authentication-Results") or []:
        parts = [p.strip() for p in _COMMENT.sub(" ", str(header)).split(";")]
        if not parts or not parts[0] or parts[0].split()[0].lower() != authserv_id.strip().lower():
            continue
        for resinfo in parts[1:]:
            tokens = resinfo.split()
            if not tokens or "=" not in tokens[0]:
                continue
            method, result = (t.strip().lower() for t in tokens[0].split("=", 1))
            props = dict(t.split("=", 1) for t in tokens[1:] if "=" in t)
            props = {k.lower(): v.strip('"') for k, v in props.items()}
            if result != "pass":
                continue
            if method.split("/")[0] == "dmarc" and _aligned(props.get("header.from", from_domain), from_domain):
                return True
            if method.split("/")[0] == "dkim" and _aligned(props.get("header.d") or props.get("header.i"),
                                                           from_domain):
                return True
            if method.split("/")[0] == "spf" and _aligned(props.get("smtp.mailfrom"), from_domain):
                return True
        return False  # the topmost header of the office's server decides
    return False


def register_message(raw: bytes, fallback_id: str) -> dict[str, int]:
    """Register every attachment of one e-mail with its sender; the mail's subject goes in the line's note, not in its
    trích yếu ("Gửi Kế hoạch 91/KH-UBND" is the covering mail's, not the document's: the line shows what was read of
    each file, as a line from the watched folder does, until the clerk types it). Unreadable attachments are skipped (the
    clerk sees them in the mailbox); anything else that fails raises, and the message stays unread. A sender the
    office's mail server does not vouch for (`sender_verified`) is written as the mail says it, and the line's note
    says it is not verified; its files never stand for a file from a trusted door (SECURITY.md 61)."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    sender = _sender(str(msg.get("From") or ""))
    vouched = sender_verified(msg, get_registry_settings().imap_trusted_authserv_id)
    subject = " ".join(str(msg.get("Subject") or "").split()) or None
    message_id = str(msg.get("Message-ID") or fallback_id)
    key = hashlib.sha256(message_id.encode("utf-8", "replace")).hexdigest()[:32]
    counts = {"registered": 0, "already_registered": 0, "skipped": 0}
    parts = [p for p in msg.iter_attachments() if p.get_filename()]
    for i, part in enumerate(parts):
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        # the same mail delivered again is one line; the Message-ID is the sender's to write, so the key holds the
        # file too: a forged mail claiming a genuine one's Message-ID no longer takes its place (SECURITY.md 76)
        intake_key = f"email:{key}:{i}:{hashlib.sha256(data).hexdigest()[:32]}"
        try:
            with session_scope() as session:  # committed before the message is flagged \\Seen
                known = session.scalar(select(IncomingEntry.id).where(IncomingEntry.intake_key == intake_key))
                note = f"Thư điện tử: {subject or ''}".strip()
                if not vouched:
                    note += " — người gửi chưa được xác thực (máy chủ thư của cơ quan không xác nhận địa chỉ gửi)"
                entry = store_and_register(session, "hệ thống (thư điện tử)", str(part.get_filename()), data,
                                           part.get_content_type(), "email",
                                           IncomingData(sender=sender, note=note),
                                           intake_key, refuse_duplicate=False,
                                           source="email" if vouched else UNVOUCHED_SOURCE)
                # the same letter already has its line (from another door, or this mail read before the mailbox
                # dropped the connection ahead of flagging it read): no new line, and not said to have one
                counts["already_registered" if known or entry.intake_key != intake_key else "registered"] += 1
        except VanbanError as exc:
            if exc.http_status >= 500:
                raise
            log.info("e-mail %s: attachment %s skipped (%s)", message_id, part.get_filename(), exc.code)
            counts["skipped"] += 1
    return counts


def largest_message() -> int:
    """The largest message the poller fetches: the files one upload may carry together (the HTTP door's bound,
    `core.guard.route_limit`), as base64 (4/3), with a megabyte of headers and text. Anyone may mail the office: a
    larger message is never held in memory (SECURITY.md 99) — it stays unread in the mailbox for a person."""
    return route_limit("POST", "/documents", get_settings()) * 4 // 3 + 1024 * 1024


def _size_of(conn: imaplib.IMAP4, uid: str) -> int | None:
    _, data = conn.uid("FETCH", uid, "(RFC822.SIZE)")
    found = re.search(rb"RFC822\.SIZE (\d+)", b" ".join(d if isinstance(d, bytes) else b"" for d in data or []))
    return int(found.group(1)) if found else None


def poll_mailbox(settings: RegistrySettings | None = None) -> dict[str, int]:
    """Fetch the unread messages (without marking them), register their attachments, then flag each \\Seen. A
    message larger than `largest_message()` is not fetched (left unread, counted `too_large`), nor one whose size the
    server did not give (counted `size_unknown`)."""
    s = settings or get_registry_settings()
    counts = {"messages": 0, "registered": 0, "already_registered": 0, "skipped": 0, "failed": 0, "too_large": 0,
              "size_unknown": 0}
    limit = largest_message()
    if not s.imap_host:
        return counts
    cls = imaplib.IMAP4_SSL if s.imap_ssl else imaplib.IMAP4
    conn = cls(s.imap_host, s.imap_port, timeout=s.imap_timeout)
    try:
        conn.login(s.imap_user or "", s.imap_password or "")
        typ, _ = conn.select(s.imap_mailbox)
        if typ != "OK":
            raise RegistryError.imap_mailbox(mailbox=s.imap_mailbox)
        _, data = conn.uid("SEARCH", None, "UNSEEN")  # type: ignore[arg-type]
        for uid in (data[0] or b"").split():
            size = _size_of(conn, uid.decode())
            if size is None:  # not fetched blind (it may be any size): left for a person, and said so apart
                log.warning("e-mail uid %s: the server gave no size; left unread, not fetched", uid)
                counts["size_unknown"] += 1
                continue
            if size > limit:
                log.warning("e-mail uid %s of %s bytes is larger than %s: left unread, not fetched", uid, size, limit)
                counts["too_large"] += 1
                continue
            _, fetched = conn.uid("FETCH", uid.decode(), "(BODY.PEEK[])")
            raw = next((item[1] for item in fetched if isinstance(item, tuple)), None)
            if not isinstance(raw, bytes):
                continue
            counts["messages"] += 1
            try:
                result = register_message(raw, f"{s.imap_user}@{s.imap_host}/{s.imap_mailbox}/{uid.decode()}")
            except Exception:  # noqa: BLE001 - leave it unread: the next poll tries again
                log.exception("e-mail uid %s could not be registered; left unread", uid)
                counts["failed"] += 1
                continue
            for k in ("registered", "already_registered", "skipped"):
                counts[k] += result[k]
            conn.uid("STORE", uid.decode(), "+FLAGS", "(\\Seen)")  # only after the commit
    finally:
        try:
            conn.logout()
        except Exception:  # noqa: BLE001
            pass
    return counts
