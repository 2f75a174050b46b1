"""Loading the office's own list of units from a file (CSV or Excel) — the communes and wards after the July 2025
reorganisation, which the shipped directory cannot know and a closed network cannot download.

One row per unit: "Tên đơn vị" (required), "Tên khác" (other names, separated by ";"), "Thư điện tử", and "Sáp nhập
vào" — the unit this one joined (old → new): the old name becomes a former name of the new unit, so that documents
and tasks naming it, old and new, reach the new unit (a unit of the directory is merged as on its page).

`preview` reads the file and says, row by row, what loading would do or what is wrong (nothing is written);
`load` writes it all in the caller's unit of work, or nothing when a row is wrong. Loading the same file again
changes nothing (each row says "không thay đổi").
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.briefing import unit_directory
from services.briefing.errors import BriefingError
from services.briefing.schemas import UnitContacts
from services.core.auth.models import Unit, UnitAlias
from services.core.auth.policy import Principal
from services.core.auth.units import unit_key
from services.core.db import begin_write
from services.core.errors import VanbanError
from services.vntext import fold
from services.vntext.units import collective_unit_name, fold_unit

MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
# a workbook's parts as the archive declares them unpacked (unpacking never passes a declared size), its columns
# read and its sheet's rows read, blank ones included: a list of 5,000 units is far below each (SECURITY.md 96)
MAX_UNPACKED = 8 * MAX_BYTES
MAX_COLUMNS = 32
MAX_SHEET_ROWS = 4 * MAX_ROWS
HEADERS = {"name": ("ten don vi", "don vi", "ten"), "aliases": ("ten khac", "ten viet tat", "ten khac, viet tat"),
           "email": ("thu dien tu", "email", "e-mail", "hop thu"),
           "merged_into": ("sap nhap vao", "hop nhat vao", "don vi tiep nhan", "don vi moi")}


@dataclass
class Row:
    line: int  # the row's number in the file (as the spreadsheet shows it)
    name: str
    aliases: list[str] = field(default_factory=list)
    email: str = ""
    merged_into: str = ""
    action: str = ""  # what loading does, in Vietnamese
    change: str = ""  # add | update | merge | same
    error: str = ""


@dataclass
class Preview:
    rows: list[Row]
    # line → (the unit the row's name reaches, the unit it joins) in the directory as it was before loading
    resolved: dict[int, tuple[Unit | None, Unit | None]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Row]:
        return [r for r in self.rows if r.error]

    def count(self, change: str) -> int:
        return sum(1 for r in self.rows if r.change == change and not r.error)

    @property
    def signature(self) -> str:
        """What loading does, row by row, and to which units (their ids): the preview's confirm form carries it, and
        a load whose plan no longer matches is refused (the directory changed in between: SECURITY.md 97)."""
        import hashlib

        said = [[r.line, r.change, r.action, r.error, *[u.id if u is not None else "" for u in
                                                          self.resolved.get(r.line, (None, None))]] for r in self.rows]
        return hashlib.sha256(json.dumps(said, ensure_ascii=False).encode()).hexdigest()


def _cells(filename: str, data: bytes) -> list[list[str]]:
    """The file's rows as text cells: Excel (first sheet) or CSV (UTF-8, comma or semicolon)."""
    if not data:
        raise BriefingError.unit_file_unreadable(filename=filename)
    if len(data) > MAX_BYTES:
        raise BriefingError.unit_file_too_large(filename=filename, limit=MAX_BYTES // (1024 * 1024))
    if data[:2] == b"PK":  # xlsx is a zip
        return _workbook_cells(filename, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BriefingError.unit_file_not_utf8(filename=filename) from exc
    first = text.split("\n", 1)[0]
    try:
        return [list(r) for r in csv.reader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",")
                                            else ",")]
    except csv.Error as exc:  # a cell longer than the csv module reads (128 KB), a broken quote
        raise BriefingError.unit_file_unreadable(filename=filename) from exc


def _thousands(n: int) -> str:
    """20000 → "20.000", as Vietnamese writes it."""
    return f"{n:,}".replace(",", ".")


def _workbook_cells(filename: str, data: bytes) -> list[list[str]]:
    """The first sheet's rows, read within bounds whatever the file declares: its parts' unpacked sizes first (a zip
    bomb is refused before anything is unpacked), then at most MAX_COLUMNS columns and MAX_SHEET_ROWS rows — the
    read-only reader pads each row to the dimension the sheet declares and yields a row for each number skipped."""
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(max(0, info.file_size) for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise BriefingError.unit_file_unreadable(filename=filename) from exc
    if unpacked > MAX_UNPACKED:
        raise BriefingError.unit_file_unpacked_too_large(filename=filename, limit=MAX_UNPACKED // (1024 * 1024))
    try:
        ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = [["" if v is None else str(v) for v in row]
                for row in ws.iter_rows(max_row=MAX_SHEET_ROWS + 1, max_col=MAX_COLUMNS, values_only=True)]
    except Exception as exc:  # noqa: BLE001 - any damage to the workbook reads as "cannot be read"
        raise BriefingError.unit_file_unreadable(filename=filename) from exc
    if len(rows) > MAX_SHEET_ROWS:  # Excel counts an empty row it formatted: say so, not "too many units"
        raise BriefingError.unit_sheet_too_many_rows(limit=_thousands(MAX_SHEET_ROWS))
    return rows


def _header(cells: list[list[str]]) -> tuple[int, dict[str, int]]:
    for i, row in enumerate(cells[:10]):
        folded = [" ".join(fold(c).lower().split()).strip(" *:") for c in row]
        cols = {key: folded.index(name) for key, names in HEADERS.items() for name in names if name in folded}
        if "name" in cols:
            return i, cols
    raise BriefingError.unit_file_no_header()


def read_rows(filename: str, data: bytes) -> list[Row]:
    cells = _cells(filename, data)
    at, cols = _header(cells)
    rows: list[Row] = []

    def cell(row: list[str], key: str) -> str:
        i = cols.get(key)
        return " ".join(row[i].split()) if i is not None and i < len(row) else ""

    for n, raw in enumerate(cells[at + 1:], start=at + 2):
        if not any(c.strip() for c in raw):
            continue
        rows.append(Row(n, cell(raw, "name"), [a.strip() for a in cell(raw, "aliases").split(";") if a.strip()],
                        cell(raw, "email"), cell(raw, "merged_into")))
        if len(rows) > MAX_ROWS:
            raise BriefingError.unit_file_too_many_rows(limit=_thousands(MAX_ROWS))
    if not rows:
        raise BriefingError.unit_file_empty()
    return rows


def _check_name(name: str, what: str = "Tên đơn vị") -> str:
    if not name:
        return f"Thiếu {what.lower()}."
    try:
        unit_directory.clean_name(name)
    except VanbanError:
        return f"{what} “{name}” không hợp lệ."
    if collective_unit_name(name):
        return f"“{name}” là tên chung, không phải một đơn vị."
    return ""


def preview(session: Session, filename: str, data: bytes) -> Preview:
    """What loading the file would do, row by row; writes nothing."""
    return plan(session, read_rows(filename, data))


def plan(session: Session, rows: list[Row]) -> Preview:
    seen: dict[str, int] = {}  # unit key → the row that names it (new units and their names)
    for r in rows:
        r.action, r.change, r.error = "", "", ""
        r.error = _check_name(r.name) or next((e for a in r.aliases if (e := _check_name(a, "Tên khác"))), "")
        if not r.error and r.email:
            try:
                r.email = UnitContacts(email=r.email).email or ""  # the value the contacts path stores
            except ValidationError:
                r.error = f"Thư điện tử “{r.email}” không hợp lệ."
        if not r.error and r.merged_into:
            r.error = _check_name(r.merged_into, "Đơn vị tiếp nhận (sáp nhập vào)")
            if not r.error and fold_unit(r.merged_into) == fold_unit(r.name):  # (once loaded, one key: not this)
                r.error = "Không thể sáp nhập một đơn vị vào chính nó."
        if r.error:
            continue
        # a merge row's old name too: two rows moving one name would each act on what the other wrote (an old name
        # already merged into its unit, loaded again, is that unit's name only in the directory: its own key)
        names = [r.name, *r.aliases] if not r.merged_into else [r.name]
        for written in names:
            key = unit_key(written)
            if r.merged_into and key == unit_key(r.merged_into):
                key = "\0" + fold_unit(written)
            other = seen.setdefault(key, r.line)
            if other != r.line:
                r.error = f"Tên “{written}” đã có ở dòng {other}; mỗi đơn vị một dòng."
                break
    units = {r.line: unit_directory.owner_of(session, r.name) for r in rows if not r.error}
    leaving = {unit_key(r.name): r.line for r in rows  # units a row merges away (not one merged already)
               if not r.error and r.merged_into and unit_key(r.name) != unit_key(r.merged_into)}
    resolved: dict[int, tuple[Unit | None, Unit | None]] = {}
    for r in rows:
        if r.error or r.merged_into:
            continue
        unit = units[r.line]
        if unit is None:
            owned = next(((a, o) for a in r.aliases if (o := unit_directory.owner_of(session, a)) is not None), None)
            if owned is not None:
                r.error = (f"Tên khác “{owned[0]}” đang dùng cho đơn vị “{owned[1].name}”; mỗi tên chỉ dùng cho một "
                           "đơn vị.")
                continue
            r.change, r.action = "add", "Thêm đơn vị mới" + (f", tên khác: {'; '.join(r.aliases)}" if r.aliases else "")
            continue
        changes = []
        for alias in r.aliases:
            owner = unit_directory.owner_of(session, alias)
            if owner is not None and owner.id != unit.id:
                r.error = f"Tên khác “{alias}” đang dùng cho đơn vị “{owner.name}”; mỗi tên chỉ dùng cho một đơn vị."
                break
            if owner is None:
                changes.append(f"thêm tên khác “{alias}”")
        if r.email and r.email != (unit.email or ""):
            changes.append(f"đổi thư điện tử thành {r.email}")
        if not r.error:
            resolved[r.line] = (unit, None)
            r.change = "update" if changes else "same"
            r.action = (f"Đã có (“{unit.name}”): " + "; ".join(changes) if changes
                        else f"Đã có (“{unit.name}”), không thay đổi")
    for r in rows:
        if r.error or not r.merged_into:
            continue
        into = unit_directory.owner_of(session, r.merged_into)
        if into is None and unit_key(r.merged_into) not in {unit_key(x.name) for x in rows if x.change == "add"}:
            r.error = (f"Đơn vị tiếp nhận “{r.merged_into}” chưa có trong danh mục: thêm một dòng cho đơn vị này "
                       "trong tệp (hoặc thêm trên trang Đơn vị) rồi tải lên lại.")
            continue
        if unit_key(r.merged_into) in leaving:
            r.error = (f"Đơn vị tiếp nhận “{r.merged_into}” cũng sáp nhập vào đơn vị khác (dòng "
                       f"{leaving[unit_key(r.merged_into)]}): ghi đơn vị tiếp nhận cuối cùng.")
            continue
        old = units.get(r.line)
        new_name = into.name if into is not None else r.merged_into
        if (old is not None and (into is None or old.id != into.id) and fold_unit(old.name) != fold_unit(r.name)
                and session.scalar(select(UnitAlias.id).where(UnitAlias.unit_id == old.id,
                                                              UnitAlias.folded == fold_unit(r.name),
                                                              UnitAlias.kind == "former_name")) is not None):
            r.error = (f"“{r.name}” là tên cũ của đơn vị “{old.name}” (đã đổi tên hoặc sáp nhập): ghi tên hiện nay "
                       f"“{old.name}” nếu đơn vị này sáp nhập vào “{new_name}”.")
            continue
        resolved[r.line] = (old, into)
        if old is not None and into is not None and old.id == into.id:
            r.change, r.action = "same", f"Đã sáp nhập vào “{new_name}”, không thay đổi"
        elif old is not None:
            r.change, r.action = "merge", (f"Sáp nhập “{old.name}” vào “{new_name}”: nhiệm vụ, tài khoản và văn bản "
                                           f"của đơn vị cũ chuyển sang “{new_name}”")
        else:
            r.change, r.action = "merge", (f"Ghi “{r.name}” là tên cũ của “{new_name}”: văn bản, nhiệm vụ nêu tên cũ "
                                           f"đến “{new_name}”")
    return Preview(rows, resolved)


def load(session: Session, principal: Principal, rows: list[Row],
         others: Sequence[Callable[[Session, str, str], None]] = (), shown: str | None = None) -> Preview:
    """Write the rows (new units, other names, e-mails, then mergers), all in the caller's unit of work; refused,
    writing nothing, when a row is wrong — or, given `shown` (the preview's `signature`), when loading would now do
    anything else than the preview showed. `others`: as for `unit_directory.merge_unit`."""
    _hold_directory(session)
    done = plan(session, rows)
    if done.errors:
        raise BriefingError.unit_file_has_errors(count=len(done.errors))
    if shown is not None and done.signature != shown:
        raise BriefingError.unit_file_changed()
    # every row acts on the directory as the plan read it: a name an earlier row made another unit's never
    # redirects a later row (A → B then A → C would otherwise move all of B into C)
    new_key = {r.line: unit_key(r.merged_into) for r in done.rows if r.change == "merge"}
    added: dict[str, Unit] = {}
    for r in done.rows:
        if r.change == "add":
            key = unit_key(r.name)
            unit = unit_directory.add_unit(session, principal, r.name, r.email or None)
            added[key] = unit
            for alias in r.aliases:
                unit_directory.add_alias(session, principal, unit, alias)
        elif r.change == "update" and not r.merged_into:
            unit = done.resolved[r.line][0]
            assert unit is not None
            for alias in r.aliases:
                if unit_directory.owner_of(session, alias) is None:
                    unit_directory.add_alias(session, principal, unit, alias)
            if r.email and r.email != (unit.email or ""):
                unit_directory.set_contacts(session, principal, unit, UnitContacts(email=r.email), ("email",))
    for r in done.rows:
        if r.change != "merge":
            continue
        old, into = done.resolved[r.line]
        into = into if into is not None else added[new_key[r.line]]
        if old is not None:
            unit_directory.merge_unit(session, principal, old, into, others)
        else:
            unit_directory.add_alias(session, principal, into, r.name, kind="former_name")
    return done


def _hold_directory(session: Session) -> None:
    """The directory as it stands, kept so until this unit of work ends, before the rows are planned against it: a
    second load (or a merger) committed meanwhile is waited for and read, never acted on as it was before it.
    PostgreSQL: every unit row FOR NO KEY UPDATE (another load, a merger's delete, a rename wait; rows that only
    refer to a unit — a task's unit, an account — do not); SQLite: the database's write lock first."""
    session.flush()
    begin_write(session)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Unit.id).order_by(Unit.id).with_for_update(key_share=True)).all()


def rows_to_json(rows: list[Row]) -> str:
    """The rows read from the file, carried by the preview's confirm form (checked again when loaded)."""
    return json.dumps([{"line": r.line, "name": r.name, "aliases": r.aliases, "email": r.email,
                        "merged_into": r.merged_into} for r in rows], ensure_ascii=False)


def rows_from_json(text: str) -> list[Row]:
    try:
        items = json.loads(text)
        rows = [Row(int(i["line"]), str(i["name"]), [str(a) for a in i["aliases"]], str(i["email"]),
                    str(i["merged_into"])) for i in items]
    except (ValueError, KeyError, TypeError) as exc:
        raise BriefingError.unit_file_empty() from exc
    if not rows or len(rows) > MAX_ROWS:
        raise BriefingError.unit_file_empty()
    return rows
