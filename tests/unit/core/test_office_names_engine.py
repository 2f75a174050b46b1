"""The office's own unit names belong to the database they were read from: when that engine is disposed (a test's
database thrown away, a worker shutting its pool), the names go with it — code matching names without a session
afterwards sees the code-defined directory only, never another database's renames (invented names)."""
from __future__ import annotations

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from services.core.auth.models import Unit, UnitAlias
from services.core.auth.units import office_generation, office_unit
from services.core.db import Base
from services.vntext.units import fold_unit


def test_names_read_from_an_engine_are_forgotten_when_it_is_disposed() -> None:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine, tables=[Unit.__table__, UnitAlias.__table__])
    with engine.begin() as connection:  # plain rows: no other feature's listeners on a unit's insert
        connection.execute(Unit.__table__.insert().values(id="u-hl", key="so xay dung",
                                                          name="Sở Xây dựng và Quy hoạch Hòa Lạc"))
        connection.execute(UnitAlias.__table__.insert().values(unit_id="u-hl", name="Sở XD-QH Hòa Lạc",
                                                               folded=fold_unit("Sở XD-QH Hòa Lạc")))
    with Session(engine) as session:
        session.execute(Unit.__table__.select())  # a unit of work begins: the names are read
        assert office_unit("Sở XD-QH Hòa Lạc") is not None
    seen = office_generation()
    engine.dispose()
    assert office_unit("Sở XD-QH Hòa Lạc") is None
    assert office_generation() != seen  # caches keyed on the generation drop what they derived from the names
