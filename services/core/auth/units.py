"""Unit keys: the folded canonical name that ties a user's unit to the units named in documents.

Two sources of names: the code-defined directory every office shares (services.vntext.units: pure, read once) and
this office's own names, edited on the admin's units page (the `unit_aliases` table, and units renamed there).
`office_names()` is the one function through which ingest, briefing and search see the office's names: it is read
from the database at the start of a unit of work when stale or changed by another process (a cached copy checked
against a fingerprint of the alias table; see `_refresh`), and the process that changes a name refreshes it at once
(`load_office_names`) and again when that unit of work ends (committed or rolled back). `canonical_name` and
`unit_key` consult it before the directory; vntext stays pure (the office's names are passed in, never read there).
"""
from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from sqlalchemy import Engine, event, inspect, select
from sqlalchemy.orm import Session

from services.vntext import fold, normalize_tones
from services.vntext.units import canonical_unit, fold_unit


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", fold(text))).strip()


@dataclass(frozen=True)
class OfficeName:
    """A name this office gave a unit: documents writing it reach the unit `key`, shown as `name`."""

    key: str
    name: str


_EMPTY: Mapping[str, OfficeName] = MappingProxyType({})
_RETIRED = "#key "  # an entry of the office's names by unit key, not by name (no folded name holds '#')
REFRESH_SECONDS = 30.0  # read again at least this often; a change of the names is seen at the next unit of work


class _OfficeNames:
    def __init__(self) -> None:
        self.names: Mapping[str, OfficeName] = _EMPTY
        self.generation = 0
        self.bind: Any = None  # the engine the names were read from (tests switch databases)
        self.read_at = float("-inf")
        self.stamp: tuple[Any, ...] | None = None  # the alias table's fingerprint when read (None: no table)
        self.changing = 0  # units of work of this process changing the names, not ended yet
        self.lock = threading.Lock()


_office = _OfficeNames()


def office_names() -> Mapping[str, OfficeName]:
    """This office's own unit names (folded as `vntext.units.fold_unit`) → the unit they name. The one function ingest,
    briefing and search match office names through (via `canonical_name` and `unit_key`). The entries by unit key
    (see `_read`) are not names: left out."""
    names = _office.names
    if not any(k.startswith(_RETIRED) for k in names):
        return names
    return MappingProxyType({k: v for k, v in names.items() if not k.startswith(_RETIRED)})


def office_generation() -> int:
    """Changes whenever the office's names change: a cache of anything derived from unit names keys on it."""
    return _office.generation


def _set(names: dict[str, OfficeName], bind: Any, stamp: tuple[Any, ...] | None = None) -> None:
    with _office.lock:
        _office.bind, _office.read_at, _office.stamp = bind, time.monotonic(), stamp
        if dict(_office.names) != names:
            _office.names = MappingProxyType(names)
            _office.generation += 1


def _read(connection: Any) -> dict[str, OfficeName]:
    """The office's names: every alias row, and the current name of a unit whose name no longer gives its key (it
    was renamed on screen)."""
    from services.core.auth.models import Unit, UnitAlias

    out: dict[str, OfficeName] = {}
    units = {uid: (key, name) for uid, key, name in connection.execute(select(Unit.id, Unit.key, Unit.name))}
    keys = {key for key, _name in units.values()}
    spelled: list[tuple[str, OfficeName]] = []
    for uid, written in connection.execute(select(UnitAlias.unit_id, UnitAlias.name).order_by(UnitAlias.id)):
        if uid in units:
            out[fold_unit(written)] = OfficeName(*units[uid])
            spelled.append((written, OfficeName(*units[uid])))
    for key, name in units.values():
        if _fold(canonical_unit(name)) != key or fold_unit(name) in out:
            out[fold_unit(name)] = OfficeName(key, name)
            spelled.append((name, OfficeName(key, name)))
    for written, unit in spelled:
        # the key a name of the office folds to (every spelling of it, typed without diacritics too), when no unit
        # holds it — a unit merged into this one (its row and key left the directory), a unit's new name — reaches
        # the unit the name is given to, never a unit made later with that key (SECURITY.md 80)
        held = _fold(canonical_unit(written))
        if held not in keys:
            out.setdefault(_RETIRED + held, unit)
    return out


def _stamp(connection: Any) -> tuple[Any, ...]:
    """A fingerprint of the office's names that any change moves: every rename or alias change inserts or deletes a
    row of `unit_aliases` (a rename keeps the old name as one), and a new row is the newest. One small aggregate."""
    row = connection.exec_driver_sql(_STAMP_SQL).one()  # plain SQL: no statement to compile at each unit of work
    return tuple(row)


_STAMP_SQL = "SELECT count(id), max(id), max(created_at) FROM unit_aliases"


def load_office_names(session: Session) -> None:
    """Read the office's names now, through this session (its own uncommitted changes included): the step that
    changes a name calls it so the rest of its unit of work matches with the new names."""
    connection = session.connection()
    _set(_read(connection), session.get_bind(), _stamp(connection))
    if not session.info.get(_CHANGING):  # its names stand until it ends (others would read the committed ones)
        session.info[_CHANGING] = True
        with _office.lock:
            _office.changing += 1


_CHANGING = "vanban.office_names_changing"


@event.listens_for(Session, "after_commit")
def _change_committed(session: Session) -> None:
    _change_ended(session)


@event.listens_for(Session, "after_rollback")
def _change_rolled_back(session: Session) -> None:
    _change_ended(session)


def _change_ended(session: Session) -> None:
    """A unit of work that changed the names ended (committed or rolled back): everyone reads them again."""
    if session.in_nested_transaction() or not session.info.pop(_CHANGING, False):
        return
    with _office.lock:
        _office.changing -= 1
        _office.read_at = float("-inf")


def forget_office_names() -> None:
    """Read them again at the next unit of work (after a change commits or rolls back)."""
    with _office.lock:
        _office.read_at = float("-inf")


@event.listens_for(Engine, "engine_disposed")
def _engine_disposed(engine: Engine) -> None:
    """The names belong to the database they were read from: when its engine is disposed (a worker closing its pool,
    a test's database thrown away) they go with it, and the generation moves so caches derived from them drop. Code
    matching names without a session afterwards sees the code-defined directory only, never another database's
    renames; the next unit of work reads them again (the engine is not the one they were read from)."""
    if engine is not _office.bind:
        return
    with _office.lock:
        _office.bind, _office.stamp, _office.read_at = None, None, float("-inf")
        if _office.names:
            _office.names = _EMPTY
            _office.generation += 1


def _has_table(connection: Any) -> bool:
    try:
        return bool(inspect(connection).has_table("unit_aliases"))
    except Exception:  # noqa: BLE001 - no database yet: no office names
        return False


@event.listens_for(Session, "after_begin")
def _refresh(session: Session, _transaction: Any, connection: Any) -> None:
    """At the start of a unit of work: read the office's names on the same connection when the copy is old (or from
    another database), or when another process changed them — the alias table's fingerprint (one small aggregate)
    differs. A name an administrator removed elsewhere must not map a document processed here a moment later: the
    document's units are computed once. A savepoint (a nested transaction) is part of a unit of work that has
    already looked."""
    if _transaction.nested:
        return
    bind = connection.engine
    if bind is _office.bind and _office.changing and time.monotonic() - _office.read_at < REFRESH_SECONDS:
        return  # this process is changing them: its names stand until that unit of work ends
    if bind is _office.bind and time.monotonic() - _office.read_at < REFRESH_SECONDS:
        if _office.stamp is None:
            return  # no table of names in this database
        stamp = _stamp(connection)
        if stamp == _office.stamp:
            return
        _set(_read(connection), bind, stamp)
        return
    if _has_table(connection):  # checked first: no failed statement
        _set(_read(connection), bind, _stamp(connection))
    else:
        _set({}, bind)


def office_unit(name: str) -> OfficeName | None:
    """The unit an office name (an alias, a former or new name) names, if `name` is one."""
    return _office_hit(name)


def _office_hit(name: str) -> OfficeName | None:
    names = _office.names
    if not names:
        return None
    written = re.sub(r"\s+", " ", name).strip(" ,;:.-–")
    return names.get(fold_unit(written)) or names.get(fold_unit(canonical_unit(written)))


def _retired(key: str) -> OfficeName | None:
    """The unit that took over the key of a unit merged into it (see `_read`)."""
    names = _office.names
    return names.get(_RETIRED + key) if names else None


@lru_cache(maxsize=16384)  # pure for a given generation of the office's names (the directory ships with the code)
def _canonical(name: str, _generation: int) -> str:
    hit = _office_hit(name) or _retired(_fold(canonical_unit(name)))
    return hit.name if hit is not None else canonical_unit(name)


@lru_cache(maxsize=16384)
def _key(name: str, _generation: int) -> str:
    hit = _office_hit(name)
    if hit is not None:
        return hit.key
    key = _fold(canonical_unit(name))
    taken = _retired(key)
    return taken.key if taken is not None else key


def canonical_name(name: str) -> str:
    """The unit's name as shown: the office's name for it if it has one, else the directory's canonical name."""
    return _canonical(name, _office.generation)


def unit_key(name: str) -> str:
    """'Sở TN&MT' and 'Sở Tài nguyên và Môi trường' give the same key (via the unit directory); a name the office
    gave a unit (an alias, a former or new name) gives that unit's key."""
    return _key(name, _office.generation)


def spelling(name: str) -> str:
    """The name as written, diacritics kept (tone placement normalised, case and punctuation ignored)."""
    text_ = normalize_tones(unicodedata.normalize("NFC", canonical_name(name))).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text_)).strip()


def has_diacritics(text_: str) -> bool:
    return fold(text_) != text_.lower()


def same_unit(a: str, b: str) -> bool:
    """Two names with one key are one unit only if they are spelled alike, or one of them is written without
    diacritics (an unaccented spelling of the other). 'Anh Sơn' and 'Ánh Sơn' fold to one key but are two units."""
    if unit_key(a) != unit_key(b):
        return False
    sa, sb = spelling(a), spelling(b)
    return sa == sb or not has_diacritics(sa) or not has_diacritics(sb)


__all__ = ["OfficeName", "canonical_name", "forget_office_names", "has_diacritics", "load_office_names",
           "office_generation", "office_names", "office_unit", "same_unit", "spelling", "unit_key"]
