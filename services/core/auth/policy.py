"""The access policy: who may see which document. ONE decision, applied inside every query.

Access = role ∧ audience ∧ clearance:
- clearance: a document's level (0 Thường, 1 Mật, 2 Tối mật, 3 Tuyệt mật) must not exceed the user's clearance;
- role and audience: admin, clerk (văn thư) and leader see every audience; unit_head and unit_staff see
  `public` documents and the documents whose access units include their unit — the units listed by the clerk
  (audience `units`), or, for `internal` documents, the units the document is addressed or assigned to.

Provisional secrecy: until extraction has read a document's stamp, its level is the most restrictive one the
uploader may set (or the level the uploader declared) and only the uploader and the clerks (văn thư, admin)
within that clearance see it — a document whose extraction failed stays so until a clerk sets its access.

`scope_for` is the policy. Services translate the resulting Scope into their own query language — a SQL WHERE
(ingest, briefing) or a search-engine filter (search) — and never filter rows after paging.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

ROLES_SEEING_ALL_AUDIENCES = frozenset({"admin", "clerk", "leader"})
ROLES_SEEING_PROVISIONAL = frozenset({"admin", "clerk"})
ROLES_DECLASSIFYING = frozenset({"admin", "leader"})
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
    sees_provisional: bool = False  # clerks: documents whose level is not known yet
    user_id: str | None = None  # the uploader sees their own provisional documents

    @property
    def sees_all_audiences(self) -> bool:
        return self.unit_keys is None and not self.public_only


PUBLIC_SCOPE = Scope(max_level=0, unit_keys=frozenset(), public_only=True)


def scope_for(principal: Principal | None) -> Scope:
    """THE policy function. No principal = the public feed: public documents of level Thường only."""
    if principal is None:
        return PUBLIC_SCOPE
    level = max(0, min(int(principal.clearance), MAX_LEVEL))
    provisional = principal.role in ROLES_SEEING_PROVISIONAL
    if principal.role in ROLES_SEEING_ALL_AUDIENCES:
        return Scope(max_level=level, unit_keys=None, sees_provisional=provisional, user_id=principal.user_id)
    units = frozenset({principal.unit_key}) if principal.unit_key else frozenset()
    return Scope(max_level=level, unit_keys=units, user_id=principal.user_id)


def can_see(scope: Scope, level: int, audience: str, access_unit_keys: set[str] | frozenset[str],
            provisional: bool = False, uploaded_by: str | None = None) -> bool:
    """The same rule as a predicate, for one document already loaded (e.g. a single GET)."""
    if level > scope.max_level:
        return False
    if provisional and not scope.sees_provisional and not (scope.user_id and uploaded_by == scope.user_id):
        return False
    if scope.public_only:
        return audience == "public"
    if scope.unit_keys is None:
        return True
    return audience == "public" or bool(scope.unit_keys & set(access_unit_keys))


def document_clearance(scope: Scope) -> Scope:
    """For a record that names a document to an audience of its own (a line of a sổ đến): whoever reads the record
    must also hold the document's level — a line registered as Thường whose stamp turned out Tuyệt mật must not show
    its number, sender and subject below that clearance. The record's own audience rule replaces the document's,
    and a provisional document counts at its provisional level (never below the line's declared one)."""
    return scope if scope.public_only else replace(scope, unit_keys=None, sees_provisional=True)


def seen_wherever(level: int, audience: str, access_unit_keys: set[str] | frozenset[str], by_level: int,
                  by_audience: str, by_access_unit_keys: set[str] | frozenset[str]) -> bool:
    """Whether everyone who may see the second document (`by_…`) may also see the first — e.g. before a notice to
    the units of an old version names the new one that replaces it."""
    if level > by_level:
        return False
    if audience == "public":
        return True
    return by_audience != "public" and set(by_access_unit_keys) <= set(access_unit_keys)


@dataclass(frozen=True)
class ReportSight:
    """What a viewer reads of the reports given on one task — the words and files of progress, completion and
    extension requests, the leaders' answers to them, each cooperating unit's contribution. The task itself (its
    text, units, deadline, state, percent) is read by whoever sees the task. `lead`: the lead unit's reports and the
    answers to them; `units`: the cooperating units whose contributions it reads (None: every unit's, including
    those taken off the task)."""

    lead: bool
    units: frozenset[str] | None

    def contribution(self, unit_key: str | None) -> bool:
        return self.units is None or (unit_key is not None and unit_key in self.units)


def reports_seen(scope: Scope, lead_keys: set[str] | frozenset[str],
                 support_keys: set[str] | frozenset[str]) -> ReportSight:
    """Whose reports on a task a scope reads (the task's lead and cooperating units' keys): the office (clerks,
    leaders, admin) and the lead unit read every report; a cooperating unit reads the lead's and its own; a unit
    that sees the task without being named on it (the document is addressed to it, or public) reads none — the
    reports go to the lead and the leaders (QĐ 42/2014), not to every unit of the document."""
    if scope.sees_all_audiences:
        return ReportSight(True, None)
    mine = scope.unit_keys or frozenset()
    if mine & set(lead_keys):
        return ReportSight(True, None)
    if mine & set(support_keys):
        return ReportSight(True, frozenset(mine & set(support_keys)))
    return ReportSight(False, frozenset())


def unit_filter(scope: Scope) -> tuple[str, ...] | None:
    """For engines that filter on their own: the access units a unit role's document must list, besides public.

    The rule does not trust any other audience value: a unit role sees `public` documents and those whose
    effective access units (computed from the audience by `effective_access_units`) include its unit — an
    `internal` document listing no unit of the user is hidden whatever the index says. None = every audience.
    """
    if scope.unit_keys is None and not scope.public_only:
        return None
    return tuple(sorted(scope.unit_keys or ()))


def provisional_level(clearance: int, declared: int | None = None) -> int:
    """The level of a document whose stamp is not read yet: the uploader's declared level, else the most
    restrictive one the uploader may set."""
    top = max(0, min(int(clearance), MAX_LEVEL))
    return top if declared is None else max(0, min(int(declared), top))


# the secrecy stamp read on a document ("Mật", "Tối mật", "Tuyệt mật") and the clearance level it demands
LEVEL_OF_STAMP = {"mật": 1, "tối mật": 2, "tuyệt mật": 3}


def level_of_stamp(confidentiality: str | None) -> int:
    """The level a document's stamp demands (0: no stamp, Thường)."""
    return LEVEL_OF_STAMP.get((confidentiality or "").lower(), 0)


def level_after_reading(current: int, stamped: int, provisional: bool, set_by_clerk: bool,
                        declassified_from: int | None = None) -> int:
    """A document's level once extraction has read its stamp. The first reading decides (a level declared at upload,
    or set while the stamp was unread, is a floor the stamp can raise); reprocessing never lowers a level known
    before — a copy's level inherited from the registered document it copies, a level raised by a secret register
    line — since only a leader declassifies (`may_change_level`). Reading again, a stamp above the level raises it —
    a clerk's setting (audience, units, a level) included: she set it on a reading that had not seen that stamp (new
    rules after an upgrade, SECURITY.md 134) — unless a leader's declassification covered it (`stamp_raises`, 60)."""
    if provisional:
        return max(current, stamped) if set_by_clerk else stamped
    if set_by_clerk:
        return stamped if stamp_raises(current, stamped, declassified_from) else current
    return max(current, stamped)


def stamp_raises(level: int, stamped: int, declassified_from: int | None = None) -> bool:
    """Whether a copy's stamp raises the registered document it copies (the same notice in another file): above its
    level — unless a leader declassified the document from a level at least as high as the stamp, which that
    decision covered (the same stamp read again is nothing new); a higher stamp is new and raises it."""
    return stamped > level and (declassified_from is None or stamped > declassified_from)


def may_grant(principal: Principal, clearance: int) -> bool:
    """Whether an administrator may give an account this clearance — or change (role, unit, password) an account
    that holds it: at most her own. An account she could raise, or take over by setting its password, would read
    what she may not (SECURITY.md 100)."""
    return int(clearance) <= int(principal.clearance)


def may_change_level(role: str, current: int, new: int) -> bool:
    """Lowering a level (declassification) needs a leader (or admin); raising it is a clerk's job too."""
    return new >= current or role in ROLES_DECLASSIFYING


def effective_access_units(audience: str, audience_units: list[str], assigned: list[str],
                           addressed: list[str]) -> list[str]:
    """Which units may see a document besides the roles that see all: listed units, or assigned/addressed ones."""
    if audience == "units":
        return sorted(set(audience_units))
    if audience == "internal":
        return sorted(set(assigned) | set(addressed))
    return []
