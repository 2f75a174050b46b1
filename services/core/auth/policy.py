"""The access policy: who may see which document. ONE decision, applied inside every query.

Access = role ∧ audience ∧ clearance:
- clearance: a document's level (0 Thường, 1 Mật, 2 Tối mật, 3 Tuyệt mật) must not exceed the user's clearance;
- role and audience: admin, clerk (văn thư) and leader see every audience; unit_head and unit_staff see
  `public` documents and the documents whose access units include their unit — the units listed by the clerk
  (audience `units`), or, for `internal` documents, the units the document is addressed or assigned to.

`scope_for` is the policy. Services translate the resulting Scope into their own query language — a SQL WHERE
(ingest, briefing) or a search-engine filter (search) — and never filter rows after paging.
"""
from __future__ import annotations

from dataclasses import dataclass

ROLES_SEEING_ALL_AUDIENCES = frozenset({"admin", "clerk", "leader"})
AUDIENCES = ("public", "internal", "units")
MAX_LEVEL = 3


@dataclass(frozen=True)
class Principal:
    user_id: str | None
    username: str
    role: str
    clearance: int
    unit_id: str | None = None
    unit_key: str | None = None
    unit_name: str | None = None
    via: str = "token"  # token | api_key | local


LOCAL_ADMIN = Principal(user_id=None, username="local-admin", role="admin", clearance=MAX_LEVEL, via="local")


@dataclass(frozen=True)
class Scope:
    """What a principal may see. `unit_keys is None` means every audience."""

    max_level: int
    unit_keys: frozenset[str] | None
    public_only: bool = False

    @property
    def sees_all_audiences(self) -> bool:
        return self.unit_keys is None and not self.public_only


PUBLIC_SCOPE = Scope(max_level=0, unit_keys=frozenset(), public_only=True)


def scope_for(principal: Principal | None) -> Scope:
    """THE policy function. No principal = the public feed: public documents of level Thường only."""
    if principal is None:
        return PUBLIC_SCOPE
    level = max(0, min(int(principal.clearance), MAX_LEVEL))
    if principal.role in ROLES_SEEING_ALL_AUDIENCES:
        return Scope(max_level=level, unit_keys=None)
    units = frozenset({principal.unit_key}) if principal.unit_key else frozenset()
    return Scope(max_level=level, unit_keys=units)


def can_see(scope: Scope, level: int, audience: str, access_unit_keys: set[str] | frozenset[str]) -> bool:
    """The same rule as a predicate, for one document already loaded (e.g. a single GET)."""
    if level > scope.max_level:
        return False
    if scope.public_only:
        return audience == "public"
    if scope.unit_keys is None:
        return True
    return audience == "public" or bool(scope.unit_keys & set(access_unit_keys))


def effective_access_units(audience: str, audience_units: list[str], assigned: list[str],
                           addressed: list[str]) -> list[str]:
    """Which units may see a document besides the roles that see all: listed units, or assigned/addressed ones."""
    if audience == "units":
        return sorted(set(audience_units))
    if audience == "internal":
        return sorted(set(assigned) | set(addressed))
    return []
