"""Giao ban meetings under the access policy: their level and audience, the conclusion notice."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.briefing.access import document_clause, meeting_clause
from services.briefing.errors import BriefingError
from services.briefing.models import (
    Meeting,
    MeetingUnit,
    TrackedDocument,
)
from services.briefing.queries import get_unit
from services.briefing.settings import get_briefing_settings
from services.briefing.workflow import _check_editor
from services.core.auth.policy import Principal, Scope, scope_for
from services.core.web import not_found

# --- meetings, packs, reports --------------------------------------------------------------------------------------------


def create_meeting(session: Session, principal: Principal, title: str, meeting_date: date, chair: str | None,
                   unit_ids: list[str], series: str, previous_id: str | None, next_date: date | None,
                   level: int = 0, audience: str = "internal") -> Meeting:
    _check_editor(principal)
    if level > principal.clearance:
        raise BriefingError.invalid_level()
    for uid in unit_ids:
        get_unit(session, uid)
    seen = meeting_clause(scope_for(principal))  # a meeting above the clearance is named nowhere (finding 40)
    if previous_id:
        prev = session.scalar(select(Meeting).where(Meeting.id == previous_id, seen))
        if prev is None:
            raise not_found("Cuộc họp trước")
        if prev.meeting_date >= meeting_date:
            raise BriefingError.previous_meeting_not_earlier()
    else:
        prev = session.scalar(select(Meeting).where(Meeting.series == series, Meeting.meeting_date < meeting_date, seen)
                              .order_by(Meeting.meeting_date.desc()).limit(1))
    if next_date is not None and next_date <= meeting_date:
        raise BriefingError.next_meeting_not_later()
    meeting = Meeting(title=title, meeting_date=meeting_date, chair=chair, series=series,
                      previous_id=prev.id if prev else None, next_date=next_date, created_by=principal.username,
                      level=level, audience=audience)
    meeting.units = [MeetingUnit(unit_id=uid) for uid in dict.fromkeys(unit_ids)]
    session.add(meeting)
    session.flush()
    return meeting


def list_meetings(session: Session, scope: Scope, offset: int, limit: int,
                  series: str | None = None) -> tuple[int, list[Meeting]]:
    stmt = select(Meeting).where(meeting_clause(scope))
    if series:
        stmt = stmt.where(Meeting.series == series)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Meeting.meeting_date.desc(), Meeting.id).offset(offset).limit(limit))
    return total, list(rows)


def get_meeting(session: Session, scope: Scope, meeting_id: str) -> Meeting:
    meeting = session.scalar(select(Meeting).where(Meeting.id == meeting_id, meeting_clause(scope)))
    if meeting is None:
        raise not_found("Cuộc họp")
    return meeting


def visible_conclusion(session: Session, scope: Scope, meeting: Meeting) -> str | None:
    """The conclusion notice's id, only for those who may see that document."""
    doc_id = meeting.conclusion_document_id
    if doc_id is None:
        return None
    seen = session.scalar(select(TrackedDocument.document_id).where(TrackedDocument.document_id == doc_id,
                                                                    document_clause(scope)))
    return doc_id if seen else None


def previous_meeting(session: Session, scope: Scope, meeting: Meeting) -> Meeting | None:
    """The previous meeting as this viewer may know it: the one linked, if she may see it, else the latest earlier
    meeting of the series she may see (a meeting above her clearance is named nowhere, not even by its date)."""
    seen = meeting_clause(scope)
    if meeting.previous_id:
        linked = session.scalar(select(Meeting).where(Meeting.id == meeting.previous_id, seen))
        if linked is not None:
            return linked
    return session.scalar(select(Meeting).where(Meeting.series == meeting.series, Meeting.id != meeting.id,
                                                Meeting.meeting_date < meeting.meeting_date, seen)
                          .order_by(Meeting.meeting_date.desc()).limit(1))


def visible_previous(session: Session, scope: Scope, meeting: Meeting) -> str | None:
    """The linked previous meeting's id, only for those who may see that meeting."""
    if meeting.previous_id is None:
        return None
    return session.scalar(select(Meeting.id).where(Meeting.id == meeting.previous_id, meeting_clause(scope)))


def meeting_dates(session: Session, scope: Scope, meeting: Meeting) -> tuple[date | None, date]:
    """The pack's period for this viewer: from the previous meeting she may see to the next one."""
    prev = previous_meeting(session, scope, meeting)
    nxt = meeting.next_date or session.scalar(
        select(func.min(Meeting.meeting_date)).where(Meeting.series == meeting.series,
                                                     Meeting.meeting_date > meeting.meeting_date,
                                                     meeting_clause(scope)))
    if nxt is None:
        nxt = meeting.meeting_date + timedelta(days=get_briefing_settings().briefing_meeting_interval_days)
    return (prev.meeting_date if prev else None), nxt



def set_conclusion(session: Session, principal: Principal, scope: Scope, meeting: Meeting,
                   document_id: str | None) -> Meeting:
    """Link the meeting's conclusion notice; its tasks (synced when it was ingested) are reviewed next time.
    Relinking needs access to both documents: the one linked now and the one it replaces."""
    _check_editor(principal)
    for doc_id in {document_id, meeting.conclusion_document_id} - {None}:
        if session.scalar(select(TrackedDocument.document_id).where(
                TrackedDocument.document_id == doc_id, document_clause(scope))) is None:
            raise not_found()
    meeting.conclusion_document_id = document_id
    return meeting


