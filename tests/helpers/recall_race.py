"""A recall (thu hồi) of a công văn racing another step, on PostgreSQL — one copy for the race tests of SECURITY.md
114, 117, 120 and 123 (and whoever plays the next such moment).

`sent_cong_van` issues and sends a công văn of UBND tỉnh giving one unit one task (a real DOCX). A `Recall` then
recalls it as the leader's office in a session of its own, whenever the test says:
- `recall(wait=False)` waits a moment (300 ms) for a document held by the step under test, then gives up
  ("waited"); `recall(wait=True)` waits as long as it takes. Each try appends what happened to `outcome`:
  "recalled", "waited" (the lock wait ran out) or "failed: <error>" (a deadlock, say — what these tests exist for).
- `start_at(monkeypatch, module, name)` starts the recall in a thread the first time `module.name` is called and
  lets that call go on only once the recall holds the document (its mark written) and waits, as a recall does, for
  the rows it needs next — the deterministic moment (PostgreSQL's own lock wait, no sleep). `join()` after the
  request. `run_at(monkeypatch, module, name, after=…)` runs it (waiting a moment) in the request's own thread, next
  to the first call of `module.name`."""
from __future__ import annotations

import threading
from typing import Any

from fixtures.builders import make_docx


def sent_cong_van(web: Any, clerk: dict[str, str], leader: dict[str, str], unit: str, sentence: str,
                  subject: str) -> dict[str, Any]:
    """The clerk's công văn with one paragraph `sentence` to `unit`, signed by the leader and sent (the outgoing
    document's JSON: its `id` and `document_id`), what it set off done."""
    from e2e.test_play_327 import issue_and_send

    cv = make_docx([sentence], header_left=["ỦY BAN NHÂN DÂN", "TỈNH HÒA BÌNH ĐÔNG", "Số:     /UBND-VX"],
                   title=[], recipients=["Nơi nhận:", f"- {unit};", "- Lưu: VT."])
    return issue_and_send(web, clerk, leader, cv, subject, [unit])


class Recall:
    """The recall of the sent công văn `outgoing_id` by the office of the leader `username`."""

    def __init__(self, outgoing_id: str, username: str, reason: str = "Ban hành nhầm đối tượng.") -> None:
        from services.core.auth.policy import Principal

        self.outgoing_id, self.reason = outgoing_id, reason
        self.office = Principal(user_id=None, username=username, role="leader", clearance=2)
        self.outcome: list[str] = []
        self.held = threading.Event()
        self._thread: threading.Thread | None = None

    def __call__(self, wait: bool) -> None:
        from sqlalchemy import text
        from sqlalchemy.exc import OperationalError

        from services.core.auth.policy import scope_for
        from services.core.db import session_factory
        from services.registry import outgoing
        from services.registry.models import OutgoingDocument

        with session_factory()() as other:
            if not wait:  # a document held already is waited for a moment only
                other.execute(text("SET LOCAL lock_timeout = '300ms'"))
            try:
                outgoing.recall(other, self.office, scope_for(self.office),
                                other.get(OutgoingDocument, self.outgoing_id), self.reason)
                other.commit()
                self.outcome.append("recalled")
            except OperationalError as exc:
                other.rollback()
                self.outcome.append("waited" if "LockNotAvailable" in type(exc.orig).__name__ else
                                    f"failed: {type(exc.orig).__name__}")
            finally:
                self.held.set()

    def start_at(self, monkeypatch: Any, module: Any, name: str) -> None:
        """The first call of `module.name` (after this) starts the recall in a thread and goes on once the recall
        holds the document (its mark written, lock_timeout 0 from there: it waits as a recall does) or is over."""
        from sqlalchemy import text

        from services.registry import outgoing

        real_mark = outgoing.ingest.mark_recalled

        def mark_then_say(session: Any, *args: Any, **kwargs: Any) -> Any:
            found = real_mark(session, *args, **kwargs)
            session.execute(text("SET LOCAL lock_timeout = 0"))  # held: from here it waits as a recall does
            self.held.set()  # it goes on to the document's open tasks
            return found

        real = getattr(module, name)
        self._thread = thread = threading.Thread(target=self, args=(False,))

        def recall_meanwhile(*args: Any, **kwargs: Any) -> Any:
            if not thread.is_alive() and not self.outcome:
                thread.start()
                assert self.held.wait(60)
            return real(*args, **kwargs)

        monkeypatch.setattr(outgoing.ingest, "mark_recalled", mark_then_say)
        monkeypatch.setattr(module, name, recall_meanwhile)

    def run_at(self, monkeypatch: Any, module: Any, name: str, *, after: bool) -> None:
        """The first call of `module.name` (after this) runs the recall in the request's own thread, waiting a
        moment for the document at most — `after` the call (right after a check, say) or before it."""
        real = getattr(module, name)

        def recalled_meanwhile(*args: Any, **kwargs: Any) -> Any:
            if not after and not self.outcome:
                self(wait=False)
            found = real(*args, **kwargs)
            if after and not self.outcome:
                self(wait=False)
            return found

        monkeypatch.setattr(module, name, recalled_meanwhile)

    def join(self) -> None:
        if self._thread is not None and self._thread.ident is not None:
            self._thread.join(120)
