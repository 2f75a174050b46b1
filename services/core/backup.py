"""`vanban backup` / `vanban restore`: the database, the originals, then an index rebuild.

The archive is database-neutral (one JSON-lines file per table), so a SQLite instance can be restored into
PostgreSQL and back. The search index is not archived: it is rebuilt from the database, the source of truth.
"""
from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Integer, MetaData, func, insert, select, text

from services.core.config import get_settings
from services.core.db import get_engine

FORMAT = "vanban-backup/1"


@dataclass
class BackupSummary:
    path: str
    tables: dict[str, int] = field(default_factory=dict)
    originals: int = 0
    revision: str | None = None


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _revision() -> str | None:
    with get_engine().connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:  # noqa: BLE001
            return None


def backup(dest: Path, meta: MetaData) -> BackupSummary:
    """``meta``: every service's tables (services.models.all_metadata(); core knows no feature)."""
    settings = get_settings()
    summary = BackupSummary(path=str(dest), revision=_revision())
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    with tarfile.open(tmp, "w:gz") as tar, get_engine().connect() as conn:
        for table in meta.sorted_tables:
            buf = io.BytesIO()
            n = 0
            for row in conn.execute(select(table)).mappings():
                buf.write(json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False).encode() + b"\n")
                n += 1
            summary.tables[table.name] = n
            _add_bytes(tar, f"tables/{table.name}.jsonl", buf.getvalue())
        root = settings.originals_dir
        if root.exists():
            for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".tmp")):
                tar.add(path, arcname=f"originals/{path.relative_to(root)}")
                summary.originals += 1
        manifest = {"format": FORMAT, "created_at": datetime.now().isoformat(), "revision": summary.revision,
                    "tables": summary.tables, "originals": summary.originals}
        _add_bytes(tar, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    tmp.replace(dest)
    return summary


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


class RestoreError(Exception):
    pass


def restore(src: Path, meta: MetaData, force: bool = False) -> BackupSummary:
    """Restore into this instance's (empty) database and data dir, then rebuild the search index."""
    from services.core.migrate import upgrade

    settings = get_settings()
    upgrade()
    engine = get_engine()
    with engine.connect() as conn:
        existing = sum(conn.execute(select(func.count()).select_from(t)).scalar() or 0
                       for t in meta.sorted_tables)
    if existing and not force:
        raise RestoreError("the database is not empty; restore into a new instance or pass --force")
    summary = BackupSummary(path=str(src))
    with tarfile.open(src, "r:gz") as tar:
        manifest = json.loads(_read(tar, "manifest.json"))
        if manifest.get("format") != FORMAT:
            raise RestoreError(f"not a vanban backup: {manifest.get('format')!r}")
        summary.revision = manifest.get("revision")
        with engine.begin() as conn:
            if force:
                for table in reversed(meta.sorted_tables):
                    _wipe(conn, table.name)
            for table in meta.sorted_tables:
                rows = [_decode(table, json.loads(line)) for line in
                        _read(tar, f"tables/{table.name}.jsonl").splitlines() if line.strip()]
                if rows:
                    conn.execute(insert(table), rows)
                summary.tables[table.name] = len(rows)
            if conn.dialect.name == "postgresql":
                for table in meta.sorted_tables:
                    pk = list(table.primary_key.columns)
                    if len(pk) == 1 and isinstance(pk[0].type, Integer) and pk[0].autoincrement is not False:
                        conn.execute(text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                            f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"))
        root = settings.originals_dir
        for member in tar.getmembers():
            if not member.isfile() or not member.name.startswith("originals/"):
                continue
            rel = Path(member.name).relative_to("originals")
            if ".." in rel.parts or rel.is_absolute():
                raise RestoreError(f"unsafe path in archive: {member.name}")
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
            if hashlib.sha256(data).hexdigest() != rel.name:
                raise RestoreError(f"original {rel.name} is damaged (sha256 differs)")
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as fh:
                fh.write(data)
            Path(fh.name).replace(target)
            summary.originals += 1
    return summary


def _read(tar: tarfile.TarFile, name: str) -> str:
    member = tar.extractfile(name)
    if member is None:
        raise RestoreError(f"{name} missing from the archive")
    return member.read().decode("utf-8")


def _wipe(conn: Any, table: str) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"TRUNCATE {table} CASCADE"))
    else:
        conn.execute(text("DROP TRIGGER IF EXISTS audit_events_no_delete")) if table == "audit_events" else None
        conn.execute(text(f"DELETE FROM {table}"))
        if table == "audit_events":
            conn.execute(text("""CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
                      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"""))


def _decode(table: Any, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for col in table.columns:
        if col.name not in row:
            continue
        value = row[col.name]
        if value is not None and isinstance(col.type, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(col.type, Date):
            value = date.fromisoformat(value[:10])
        out[col.name] = value
    return out
