"""Registers (sổ) and their numbers. A number is taken by one atomic statement

    UPDATE registry_registers SET last_number = last_number + 1 WHERE id = :id RETURNING last_number

inside the transaction that writes the entry: PostgreSQL holds the row lock until that transaction ends, so
concurrent registrations queue on it; a rollback returns the number with everything else (no gap), and the unique
(register, number) constraint makes a duplicate impossible even if the counter were bypassed.
"""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.core.auth.units import unit_key
from services.core.db import savepoint
from services.registry.models import Register
from services.registry.settings import get_registry_settings

KIND_NAMES = {"incoming": "Sổ đăng ký văn bản đến", "outgoing": "Sổ đăng ký văn bản đi"}
T = TypeVar("T")
CODE_NAMES = {"thuong": "", "mat": " (văn bản mật)"}


def office() -> tuple[str, str]:
    """The office of this instance: (key, name)."""
    name = get_registry_settings().registry_office
    return unit_key(name) or "office", name


def get_or_create(session: Session, kind: str, year: int, code: str, office_key: str | None = None,
                  office_name: str | None = None) -> Register:
    """The register of (kind, office, year, code), created on first use; safe when two create it at once."""
    if office_key is None:
        office_key, office_name = office()
    stmt = select(Register).where(Register.kind == kind, Register.office_key == office_key, Register.year == year,
                                  Register.code == code)
    found = session.scalar(stmt)
    if found is not None:
        return found
    name = f"{KIND_NAMES[kind]}{CODE_NAMES.get(code, f' ({code})')} năm {year}"
    reg = Register(kind=kind, office_key=office_key, office_name=office_name or office_key, year=year, code=code,
                   name=name, min_level=1 if code == "mat" else 0, last_number=0)
    try:
        with savepoint(session):
            session.add(reg)
            session.flush()
    except IntegrityError:  # another transaction created it first
        found = session.scalar(stmt)
        if found is None:
            raise
        return found
    return reg


def take_number(session: Session, register_id: str) -> int:
    """The next number of the register, taken in the caller's transaction (see the module docstring)."""
    number = session.execute(
        update(Register).where(Register.id == register_id).values(last_number=Register.last_number + 1)
        .returning(Register.last_number).execution_options(synchronize_session=False)
    ).scalar_one()
    return int(number)


