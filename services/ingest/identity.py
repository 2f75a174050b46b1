"""The same document in another file: recognised by its identity, not only by its bytes.

A directive arrives as a DOCX and then as its signed PDF, is scanned twice, or comes again by e-mail. Identical
bytes are caught at the door (`service.accept_upload`); everything else is caught here, after understanding:

- **identity**: số ký hiệu + issuer + date, each canonical (`number_key`, the issuer's unit key, ISO date). Two
  documents with the same number are the same when their dates agree (issuers not contradicting), or, when a date
  is missing on one side, when their texts are also alike. Different numbers are different documents.
- **text similarity** where a number is missing on either side (a scan whose header OCR could not read): a MinHash
  signature over word 3-shingles of the folded text (one-permutation hashing, 64 bins), stored as 16 LSH bands in
  `document_fingerprints`, so that candidates are found by an indexed lookup; the estimate of the Jaccard
  similarity of the shingle sets must reach `SIMILAR`.

The copy keeps its own row and original (nothing is lost) and points at the registered document
(`documents.duplicate_of`); briefing creates no second set of tasks for it. A genuinely new version replaces the old
one's tasks only by a clerk's decision (`supersede`). Confidentiality: a match is looked for only among the documents
the uploader may see (an intake without an uploader: among all), the copy is raised to the registered document's
level and audience, and whether a viewer is told "already registered as …" is decided per viewer (`registered_as`).

The pure part (fingerprints, `same_document`) needs no database; `detect`, `supersede`, `mark_distinct` take a
Session and only flush.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

BINS = 64  # MinHash bins (one-permutation hashing)
ROWS = 4  # bins per LSH band: 16 bands; a pair at similarity 0.7 shares a band with probability ≈ 0.98
SIMILAR = 0.7  # estimated Jaccard similarity of the shingle sets above which two texts are one document
CORROBORATE = 0.5  # same number, a date missing on one side: the texts must agree at least this much
MAX_CHARS = 40_000  # a text is fingerprinted by its first 40,000 characters (about ten pages)
MIN_SHINGLES = 40  # texts of fewer word 3-grams are not compared by similarity (too little to tell)
_EMPTY = (1 << 64) - 1

# --- pure: fingerprints and the decision -------------------------------------------------------------------------


_ASCII_WORD = re.compile(rb"[a-z0-9]+")
_C1, _C2, _C3 = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0xBF58476D1CE4E5B9


def folded_words(text: str) -> list[bytes]:
    """The words of the text (its first MAX_CHARS characters), lower case, without diacritics (đ → d), punctuation
    and layout ignored."""
    plain = unicodedata.normalize("NFD", text[:MAX_CHARS].lower().replace("đ", "d")).encode("ascii", "ignore")
    return _ASCII_WORD.findall(plain)


def shingle_hashes(text: str) -> Any:
    """64-bit hashes of the word 3-grams (numpy uint64 array; one hash per position, repeats included)."""
    import zlib

    words = folded_words(text)
    if not words:
        return np.zeros(0, dtype=np.uint64)
    ids: dict[bytes, int] = {}
    order = np.array([ids.setdefault(x, len(ids)) for x in words], dtype=np.intp)
    table = np.array([zlib.crc32(x) + 1 for x in ids], dtype=np.uint64)  # each distinct word hashed once
    w = table[order]
    if len(w) < 3:
        w = np.concatenate([w, np.zeros(3 - len(w), dtype=np.uint64)])
    with np.errstate(over="ignore"):
        h = (w[:-2] * np.uint64(_C1) + w[1:-1]) * np.uint64(_C2) + w[2:]
        h ^= h >> np.uint64(29)
        h *= np.uint64(_C3)
        h ^= h >> np.uint64(32)
    return h


def signature(text: str, hashes: Any = None) -> tuple[int, ...]:
    """MinHash signature by one-permutation hashing: each shingle hashed once (64 bits), the bin is the low 6 bits,
    each bin keeps its smallest value; an empty bin borrows from the next full one (densification)."""
    h = shingle_hashes(text) if hashes is None else hashes
    if len(h) == 0:
        return ()
    mins = np.full(BINS, _EMPTY, dtype=np.uint64)
    np.minimum.at(mins, (h & np.uint64(BINS - 1)).astype(np.intp), h >> np.uint64(6))
    values = [int(v) for v in mins]
    out = list(values)
    for i in range(BINS):
        if values[i] != _EMPTY:
            continue
        hops = 1
        while values[(i + hops) % BINS] == _EMPTY:
            hops += 1
        out[i] = (values[(i + hops) % BINS] + hops * _C1) % (1 << 58)
    return tuple(out)


def bands(sig: tuple[int, ...]) -> list[str]:
    """The LSH band keys of a signature ("03:9f1c…"): documents sharing one are candidates."""
    if len(sig) != BINS:
        return []
    out = []
    for i in range(0, BINS, ROWS):
        raw = ",".join(str(v) for v in sig[i:i + ROWS]).encode()
        out.append(f"{i // ROWS:02d}:{hashlib.blake2b(raw, digest_size=8).hexdigest()}")
    return out


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the two shingle sets (share of equal bins)."""
    if len(a) != BINS or len(b) != BINS:
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / BINS


@dataclass(frozen=True)
class Identity:
    """What identifies a document: canonical number, issuer key, date, and its text's signature."""

    number_key: str | None
    issuer_key: str | None
    issued_date: date | None
    signature: tuple[int, ...] = ()
    shingle_count: int = 0

    @property
    def key(self) -> str | None:
        """'317/TB-UBND|uy ban nhan dan tinh nghe an|2008-10-07' (parts may be empty); None without a number."""
        if not self.number_key:
            return None
        return "|".join((self.number_key, self.issuer_key or "", self.issued_date.isoformat()
                         if self.issued_date else ""))[:400]


def identity_of(number: str | None, issuer: str | None, issued_date: date | None, text: str) -> Identity:
    """The identity of a document from its number (as written or already a key), issuer, date and text."""
    from services.core.auth.units import unit_key
    from services.ingest.understanding.references import number_key as key_of

    number_key = key_of(unicodedata.normalize("NFC", number)) if number else None

    issuer_key = unit_key(issuer) if issuer else None
    hashes = shingle_hashes(text or "")
    n = int(len(hashes))
    return Identity(number_key or None, issuer_key or None, issued_date, signature("", hashes) if n else (), n)


def _issuers_contradict(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return not (a == b or a.startswith(b) or b.startswith(a))


def same_document(a: Identity, b: Identity) -> str | None:
    """Why `a` and `b` are one document ("number_date", "number_text", "text"), or None when they are not."""
    if a.issued_date and b.issued_date and a.issued_date != b.issued_date:
        return None
    if _issuers_contradict(a.issuer_key, b.issuer_key):
        return None
    comparable = a.shingle_count >= MIN_SHINGLES and b.shingle_count >= MIN_SHINGLES
    sim = similarity(a.signature, b.signature) if comparable else 0.0
    if a.number_key and b.number_key:
        if a.number_key != b.number_key:
            return None
        if a.issued_date and b.issued_date:
            return "number_date"
        return "number_text" if sim >= CORROBORATE else None
    return "text" if sim >= SIMILAR else None


# --- the database side ---------------------------------------------------------------------------------------------

RANK = {"public": 0, "internal": 1, "units": 2}
MAX_CANDIDATES = 25


def _identity(doc: Any) -> Identity:
    return identity_of(doc.number_key, doc.issuer, doc.issued_date, doc.text or "")


def _uploader_clause(session: Any, doc: Any, visible_clause: Any) -> Any:
    """The documents the uploader may see (None: no uploader — an intake of the office itself — sees all)."""
    if not doc.uploaded_by:
        return None
    from services.core.auth.models import User
    from services.core.auth.policy import scope_for
    from services.core.auth.service import principal_of

    user = session.get(User, doc.uploaded_by)
    if user is None:
        from sqlalchemy import false

        return false()
    return visible_clause(scope_for(principal_of(user)))


def _known_to(session: Any, doc: Any, visible_clause: Any) -> Any:
    """Where `doc`'s registered document is looked for: among what its uploader may see, and the one it already
    copies. A link made while the uploader saw that document stands when she no longer does (her clearance lowered,
    moved to another unit, the document raised): it tells her nothing — she sees neither file — and dropping it would
    leave the copy registered in its own right, followed by no one (SECURITY.md, 48)."""
    visible = _uploader_clause(session, doc, visible_clause)
    if visible is None or not doc.duplicate_of:
        return visible
    from sqlalchemy import or_

    from services.ingest.models import Document

    return or_(visible, Document.id == doc.duplicate_of)


def _candidates(session: Any, doc: Any, ident: Identity, bands_: list[str], visible: Any) -> list[Any]:
    from sqlalchemy import func, or_, select

    from services.ingest.models import Document, DocumentFingerprint, DocumentStatus

    # a document read before is a candidate under the identity it was read with, also while it is read again (queued,
    # extracting) or after a reprocessing failed: a copy arriving then must not be registered on its own (SECURITY.md,
    # 49)
    base = select(Document).where(Document.id != doc.id, Document.duplicate_of.is_(None),
                                  or_(Document.status == DocumentStatus.done, Document.text.isnot(None)))
    if visible is not None:
        base = base.where(visible)
    found: dict[str, Any] = {}
    if ident.number_key:
        for d in session.scalars(base.where(Document.number_key == ident.number_key).limit(MAX_CANDIDATES)):
            found[d.id] = d
    if bands_:
        shared = (select(DocumentFingerprint.document_id, func.count().label("n"))
                  .where(DocumentFingerprint.band.in_(bands_), DocumentFingerprint.document_id != doc.id)
                  .group_by(DocumentFingerprint.document_id).order_by(func.count().desc())
                  .limit(MAX_CANDIDATES).subquery())
        by_text = base.join(shared, shared.c.document_id == Document.id)
        if ident.number_key:  # both numbered: the number decides (above)
            by_text = by_text.where(Document.number_key.is_(None))
        for d in session.scalars(by_text):
            found.setdefault(d.id, d)
    return list(found.values())


# a file from a door nobody vouches for: a mail the office's own mail server did not authenticate (registry intake)
UNVOUCHED_SOURCE = "email-unverified"


def _stands_for(registered: Any, copy: Any) -> bool:
    """Whether `registered` may be the registered document of `copy`: a file nobody vouches for (anyone on the
    Internet can mail the intake a notice's number, issuer and date) never stands for a file from a trusted door —
    it would take the genuine notice's place: no tasks proposed, not indexed (SECURITY.md 61). Both are then
    documents of their own, and the clerk decides."""
    return registered.source != UNVOUCHED_SOURCE or copy.source == UNVOUCHED_SOURCE


def _earlier(a: Any, b: Any) -> bool:
    """`a` was registered before `b` (creation time, then id)."""
    ka = (a.created_at.replace(tzinfo=None) if a.created_at else None, a.id)
    kb = (b.created_at.replace(tzinfo=None) if b.created_at else None, b.id)
    if ka[0] is None or kb[0] is None:
        return bool(a.id < b.id)
    return ka < kb


def _inherit_access(session: Any, copy: Any, registered: Any, set_units: Any) -> None:
    """A copy is at least as confidential as the registered document: its level and audience are raised to it."""
    if registered.level > copy.level:
        copy.level = registered.level
        copy.confidentiality = registered.confidentiality or copy.confidentiality
    if RANK.get(registered.audience, 1) > RANK.get(copy.audience, 1):
        copy.audience = registered.audience
        set_units(session, copy, audience_units=[u.unit_name for u in registered.units if u.relation == "audience"])


def follow_access(session: Any, registered: Any, set_units: Any) -> list[str]:
    """A clerk changed a registered document's access: its copies follow — level and audience never below the
    registered document's, listed units the same — so that a copy never shows what the registered document hides.
    Search and briefing follow through `document.access_changed` (the watch on documents). Returns the ids of the
    copies that changed."""
    from sqlalchemy import select

    from services.ingest.models import Document, utcnow

    changed = []
    for copy in session.scalars(_held(select(Document).where(Document.duplicate_of == registered.id))):
        before = (copy.level, copy.audience, sorted(u.unit_key for u in copy.units if u.relation == "access"))
        _inherit_access(session, copy, registered, set_units)
        if registered.audience == "units" and copy.audience == "units":
            set_units(session, copy, audience_units=[u.unit_name for u in registered.units if u.relation == "audience"])
        after = (copy.level, copy.audience, sorted(u.unit_key for u in copy.units if u.relation == "access"))
        if after != before:
            copy.access_changed_at = utcnow()
            changed.append(copy.id)
    session.flush()
    return changed


def _held(stmt: Any) -> Any:
    """Copies about to follow a registered document, read as they stand and held (PostgreSQL FOR UPDATE) until this
    commits: their level is raised from what they are, not from what was read before a clerk's change committed
    (SECURITY.md, 51). SQLite: its write lock is taken by then."""
    return stmt.with_for_update().execution_options(populate_existing=True)


def _mark(session: Any, copy: Any, registered: Any, reason: str, set_units: Any) -> list[str]:
    """`copy` becomes a copy of `registered`; the copies it had become copies of `registered` too (a copy of a copy
    was followed by no one: SECURITY.md, 43). Returns the ids of those handed over."""
    from sqlalchemy import select

    from services.ingest.models import Document

    copy.duplicate_of = registered.id
    copy.extra = {**(copy.extra or {}), "identity": {"reason": reason, "registered": registered.id}}
    raised = _raise_to_stamp(registered, copy)
    _inherit_access(session, copy, registered, set_units)
    handed = []
    for own in session.scalars(_held(select(Document).where(Document.duplicate_of == copy.id,
                                                            Document.id != registered.id))):
        own.duplicate_of = registered.id
        own.extra = {**(own.extra or {}), "identity": {**((own.extra or {}).get("identity") or {}),
                                                       "registered": registered.id}}
        raised = _raise_to_stamp(registered, own) or raised
        _inherit_access(session, own, registered, set_units)
        handed.append(own.id)
    if raised:  # the registered document's other copies follow it up (its own follow-ups: document.access_changed)
        handed += [c for c in follow_access(session, registered, set_units) if c not in handed and c != copy.id]
    return handed


def _stamp_level(doc: Any) -> int:
    from services.core.auth.policy import level_of_stamp

    return level_of_stamp(doc.confidentiality)


def _raise_to_stamp(registered: Any, copy: Any) -> bool:
    """A copy's stamp is the registered document's: the same notice without its stamp (the draft's DOCX) read first
    as Thường must not stay readable below the level its signed scan bears (SECURITY.md, 55). Raised only, never
    lowered — also over a clerk's or leader's earlier hand on its access: they decided without this stamp. A leader
    who declassified the document afterwards decided over the stamps up to the level lowered from: the same stamp
    read again stands lowered, a higher one raises it (`policy.stamp_raises`, SECURITY.md 60). True if raised."""
    from services.core.auth.policy import stamp_raises

    level = _stamp_level(copy)
    declassified = ((registered.extra or {}).get("declassified") or {}).get("from")
    if not stamp_raises(registered.level, level, int(declassified) if declassified is not None else None):
        return False
    registered.level = level
    registered.confidentiality = copy.confidentiality
    return True


@dataclass
class Plan:
    """What `prepare` decided, for `register` to write: the identity and its bands, and the registered document this
    one copies (id, reason) or the later copies that become copies of this one."""

    ident: Identity
    keys: list[str]
    decided: bool = False
    fresh: bool = False  # its first reading: no fingerprint bands of it are stored yet
    registered: tuple[str, str] | None = None
    later: list[tuple[str, str]] = field(default_factory=list)


def prepare(session: Any, doc: Any, number: str | None, issuer: str | None, issued_date: date | None, text: str,
            visible_clause: Any) -> Plan:
    """Reads and computes only — before the pipeline writes anything, so that its write transaction stays short (on
    SQLite a long one makes concurrent uploads fail): `doc`'s identity from what understanding found, and whether it
    is a copy of a registered document. A clerk's decision (`extra.identity_decision`) stands over reprocessing.
    `visible_clause` (scope → SQL) is ingest.service's, handed in."""
    ident = identity_of(number, issuer, issued_date, text)
    keys = bands(ident.signature) if ident.shingle_count >= MIN_SHINGLES else []
    fresh = not doc.text  # bands are only ever written with a text (`register`, after it is set)
    if (doc.extra or {}).get("identity_decision"):
        return Plan(ident, keys, decided=True, fresh=fresh)
    plan = Plan(ident, keys, fresh=fresh)
    with session.no_autoflush:
        best: tuple[Any, str] | None = None
        later: list[tuple[Any, str]] = []
        for cand in _candidates(session, doc, ident, keys, _known_to(session, doc, visible_clause)):
            reason = same_document(ident, _identity(cand))
            if reason is None:
                continue
            if _earlier(cand, doc):
                if _stands_for(cand, doc) and (best is None or _earlier(cand, best[0])):
                    best = (cand, reason)
            elif not (cand.extra or {}).get("identity_decision") and _stands_for(doc, cand):
                later.append((cand, reason))
        if best is not None:
            plan.registered = (best[0].id, best[1])
        else:  # a later copy processed first (workers in parallel) becomes a copy of this one, if its uploader may
            plan.later = [(c.id, r) for c, r in later if _uploader_may_see(session, c, doc, visible_clause)]
    return plan


def register(session: Any, doc: Any, plan: Plan, set_units: Any, follow_up: bool = True) -> list[str]:
    """Write what `prepare` decided (flush only): the identity key and fingerprint bands, `duplicate_of` and the
    inherited access; a later copy that now points here is followed again by search and briefing
    (`document.processed`). Returns the ids of the documents whose registration changed."""
    from sqlalchemy import delete, insert

    from services.ingest.models import Document, DocumentFingerprint

    doc.identity_key = plan.ident.key
    bands_table = DocumentFingerprint.__table__
    if not plan.fresh:
        session.execute(delete(bands_table).where(bands_table.c.document_id == doc.id))
    if plan.keys:  # one executemany, not an ORM object per band
        session.execute(insert(bands_table), [{"document_id": doc.id, "band": k} for k in plan.keys])
    previous = doc.duplicate_of
    doc.duplicate_of = None
    changed: list[str] = []
    if plan.registered is not None:
        registered = session.get(Document, plan.registered[0])
        if registered is not None:
            # read again and held (PostgreSQL FOR SHARE) until this commits: a clerk's change to it committed before
            # is read here, one asked later waits, then finds this copy and makes it follow (SECURITY.md, 37)
            session.flush()  # nothing written before is lost by reading it again (a batch may have processed it)
            # (FOR UPDATE when this copy's stamp may raise it: SECURITY.md, 55)
            session.refresh(registered, with_for_update=True if _stamp_level(doc) > registered.level
                            else {"read": True})
            changed += _mark(session, doc, registered, plan.registered[1], set_units)
    elif not plan.decided:
        extra = dict(doc.extra or {})
        extra.pop("identity", None)
        doc.extra = extra
        for cand_id, reason in plan.later:
            cand = session.get(Document, cand_id, populate_existing=True, with_for_update=True)  # as for copies: _held
            if cand is not None:
                changed += [cand.id, *_mark(session, cand, doc, reason, set_units)]
    if previous != doc.duplicate_of:
        changed.append(doc.id)
    # its copies follow what this reading decided (a stamp read now: SECURITY.md, 45) — a first reading that made none
    # has none: a document is a candidate, that copies are made of, only once it was read (`_candidates`)
    if doc.duplicate_of is None and not (plan.fresh and not plan.later):
        changed += [c for c in follow_access(session, doc, set_units) if c not in changed]
    session.flush()
    if follow_up:
        from services.core.events import emit

        for other in changed:
            if other != doc.id:
                emit(session, "document.processed", other)
    return changed


def registered_by_fields(session: Any, number: str | None, issuer: str | None, issued_date: date | None,
                         visible: Any = None, source: str | None = None) -> list[str]:
    """Registered documents (visible ones only, when `visible` is given) with this number, date and issuer — for
    an intake that knows them before the file is read (a clerk's fields, an edXML header): the same document coming
    again is recognised before it is stored. All three are needed (two bodies may use one number on one day).
    `source`: the intake's (a file from a trusted door is never taken for one a mail nobody vouches for brought:
    `_stands_for`). Oldest first."""
    if not number or not issued_date or not issuer:
        return []
    from sqlalchemy import select

    from services.core.auth.units import unit_key
    from services.ingest.models import Document
    from services.ingest.understanding.references import number_key

    key = number_key(unicodedata.normalize("NFC", number))
    if not key:
        return []
    stmt = (select(Document).where(Document.number_key == key, Document.issued_date == issued_date,
                                   Document.duplicate_of.is_(None))
            .order_by(Document.created_at, Document.id).limit(MAX_CANDIDATES))
    if visible is not None:
        stmt = stmt.where(visible)
    if source != UNVOUCHED_SOURCE:  # a mail nobody vouches for never stands for a file from a trusted door (61)
        stmt = stmt.where(Document.source != UNVOUCHED_SOURCE)
    wanted = unit_key(issuer) if issuer else None
    return [d.id for d in session.scalars(stmt)
            if d.issuer and not _issuers_contradict(wanted, unit_key(d.issuer))]


def _uploader_may_see(session: Any, copy: Any, registered: Any, visible_clause: Any) -> bool:
    from sqlalchemy import select

    from services.ingest.models import Document

    clause = _uploader_clause(session, copy, visible_clause)
    if clause is None:
        return True
    return session.scalar(select(Document.id).where(Document.id == registered.id, clause)) is not None


# --- what a viewer is told, and the clerk's decisions -----------------------------------------------------------


def _dmy(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def registered_message(registered: Any) -> str:
    """'Văn bản này đã được đăng ký là Thông báo số 317/TB-UBND ngày 07/10/2008 (tệp “a.docx”).'"""
    what = " ".join(p for p in (registered.doc_type or "văn bản", f"số {registered.number}"
                                if registered.number else "") if p)
    when = f" ngày {_dmy(registered.issued_date)}" if registered.issued_date else ""
    return (f"Văn bản này đã được đăng ký là {what}{when} (tệp “{registered.filename}”); "
            "không tạo thêm nhiệm vụ. Nếu đây là phiên bản mới, văn thư chọn “thay thế” văn bản cũ.")


def registered_as(session: Any, doc: Any, visible: Any) -> dict[str, Any] | None:
    """What `doc`'s viewer is told about the registered document it copies — only if the viewer may see that one;
    otherwise nothing (no id, no number: the viewer must not learn that a hidden document exists)."""
    if not doc.duplicate_of:
        return None
    from sqlalchemy import select

    from services.ingest.models import Document

    stmt = select(Document).where(Document.id == doc.duplicate_of)
    if visible is not None:
        stmt = stmt.where(visible)
    registered = session.scalar(stmt)
    if registered is None:
        return None
    reason = ((doc.extra or {}).get("identity") or {}).get("reason")
    return {"document_id": registered.id, "number": registered.number, "issued_date": registered.issued_date,
            "filename": registered.filename, "reason": reason, "message": registered_message(registered)}


def registered_copies(session: Any, ids: list[str], visible: Any) -> dict[str, str]:
    """{copy: registered document} for those of `ids` that are copies (the signed PDF beside the DOCX, a re-scan) of a
    registered document the viewer may see (`visible`: the access policy's WHERE; None: all) — as `registered_as`
    tells it on one document's page."""
    from sqlalchemy import select

    from services.ingest.models import Document

    if not ids:
        return {}
    pairs = {copy: registered for copy, registered in session.execute(select(Document.id, Document.duplicate_of).where(
        Document.id.in_(ids), Document.duplicate_of.is_not(None)))}
    if not pairs:
        return {}
    stmt = select(Document.id).where(Document.id.in_(set(pairs.values())))
    seen = set(session.scalars(stmt.where(visible) if visible is not None else stmt))
    return {copy: registered for copy, registered in pairs.items() if registered in seen}


def version_links(session: Any, doc: Any, visible: Any) -> dict[str, str | None]:
    """`supersedes` / `superseded_by` ids, each only if the viewer may see that document."""
    from sqlalchemy import select

    from services.ingest.models import Document

    extra = doc.extra or {}
    out: dict[str, str | None] = {}
    for name in ("supersedes", "superseded_by"):
        other = extra.get(name)
        if other:
            stmt = select(Document.id).where(Document.id == other)
            if visible is not None:
                stmt = stmt.where(visible)
            other = session.scalar(stmt)
        out[name] = other or None
    return out


def supersede(session: Any, new: Any, old: Any) -> None:
    """A clerk decides that `new` is a new version of `old`: `new` is registered in its own right (its tasks are
    proposed), `old` is marked superseded (briefing retires its open tasks). Flush only; the caller audits."""
    from services.ingest.errors import IngestApiError

    if new.id == old.id:
        raise IngestApiError.identity_same_document()
    if (old.extra or {}).get("superseded_by"):
        raise IngestApiError.identity_already_superseded()
    if old.duplicate_of:
        raise IngestApiError.identity_not_registered()
    new.duplicate_of = None
    extra = {k: v for k, v in (new.extra or {}).items() if k != "identity"}
    new.extra = {**extra, "identity_decision": "supersedes", "supersedes": old.id}
    old.extra = {**(old.extra or {}), "superseded_by": new.id}
    session.flush()


def mark_distinct(session: Any, doc: Any) -> None:
    """A clerk decides that `doc` is not a copy (two documents that only look alike): it is registered in its own
    right and its tasks are proposed; the decision stands over reprocessing."""
    doc.duplicate_of = None
    extra = {k: v for k, v in (doc.extra or {}).items() if k != "identity"}
    doc.extra = {**extra, "identity_decision": "distinct"}
    session.flush()
