"""What the registry tells other services (typed calls, no table access from outside)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists, not_, update
from sqlalchemy.orm import Session

from services.core.auth.policy import Scope
from services.registry.incoming import visible_entries
from services.registry.models import Delivery, IncomingEntry, OutgoingDocument, Register, RoutingUnit
from services.registry.outgoing import visible_outgoing


# for records naming a register line by its id (an audit event's object): the line is one the scope may not see
def hidden_incoming(scope: Scope, entry_id: Any) -> ColumnElement[bool]:
    return exists().where(IncomingEntry.id == entry_id, not_(visible_entries(scope)))


def hidden_outgoing(scope: Scope, outgoing_id: Any) -> ColumnElement[bool]:
    return exists().where(OutgoingDocument.id == outgoing_id, not_(visible_outgoing(scope)))


def hidden_register(scope: Scope, register_id: Any) -> ColumnElement[bool]:
    return exists().where(Register.id == register_id, Register.min_level > scope.max_level)


def move_unit(session: Session, old_id: str, new_id: str) -> None:
    """A unit merged into another (the admin's units page): the routings (bút phê) and deliveries that named it now
    name the unit it joined."""
    session.execute(update(RoutingUnit).where(RoutingUnit.unit_id == old_id).values(unit_id=new_id))
    session.execute(update(Delivery).where(Delivery.unit_id == old_id).values(unit_id=new_id))
