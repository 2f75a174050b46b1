"""Notifications against a real local SMTP server (aiosmtpd) and a local HTTP receiver: new task, due soon,
overdue, returned; the daily job sends each reminder once; classified documents leak nothing."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from helpers.briefing import (
    Mailbox,
    confirm_all,
    fast_headers,
    ingest,
    mail_server,
    mail_server_down,
    ok,
    set_contacts,
    webhook_receiver,
)
from helpers.notices import notice_text

from services.core.dispatch import run_task, wait_idle

ITEMS = [
    "Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính kiểm tra an toàn thực phẩm, báo cáo UBND tỉnh trước ngày "
    "20/11/2008.",
    "Giao Sở Giao thông vận tải chủ trì sửa chữa Quốc lộ 1A đoạn qua thành phố Vinh, hoàn thành trước ngày "
    "30/12/2008.",
]


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    monkeypatch.setenv("VANBAN_SMTP_FROM", "vanban@nghean.gov.vn")
    with mail_server(monkeypatch) as box:
        yield box


@pytest.fixture
def hooks() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    with webhook_receiver() as receiver:
        yield receiver


def kinds(received: list[dict[str, Any]], unit: str) -> list[str]:
    return [r["event"] for r in received if r["unit"] == unit]


@pytest.mark.usefixtures("db_backend")
def test_notifications_are_sent_once(client: Any, smtp: Mailbox, hooks: tuple[str, list[dict[str, Any]]]) -> None:
    base, received = hooks
    set_contacts(client, "Sở Y tế", "syt@nghean.gov.vn", f"{base}/syt")
    set_contacts(client, "Sở Tài chính", "stc@nghean.gov.vn", None)
    set_contacts(client, "Sở Giao thông vận tải", None, f"{base}/sgtvt")
    clerk = fast_headers("clerk", username="vanthu")
    ingest(client, "tb-12.txt", notice_text("12/TB-UBND", "05/11/2008", ITEMS).encode(), clerk)
    wait_idle(60)
    assert smtp.messages == [] and received == []  # proposals reach nobody until the clerk confirms them
    confirm_all(client, clerk)
    wait_idle(60)
    # new task: lead and supporting units, by e-mail and webhook
    [(subject, body)] = smtp.to("syt@nghean.gov.vn")
    assert "Nhiệm vụ mới" in subject and "12/TB-UBND" in subject
    assert "kiểm tra an toàn thực phẩm" in body and "20/11/2008" in body
    assert len(smtp.to("stc@nghean.gov.vn")) == 1
    assert kinds(received, "Sở Y tế") == ["new_task"] and kinds(received, "Sở Giao thông vận tải") == ["new_task"]
    hook = next(r for r in received if r["unit"] == "Sở Y tế")
    assert hook["path"] == "/syt" and hook["deadline"] == "2008-11-20" and hook["document_number"] == "12/TB-UBND"

    # the daily job: due soon (window 5 days) once, however often it runs
    first = run_task("briefing.daily_reminders", "2008-11-17")
    assert first["queued"] == 2 and first["sent"] == 2  # e-mail and webhook of Sở Y tế
    again = run_task("briefing.daily_reminders", "2008-11-17")
    assert again == {"queued": 0, "sent": 0, "failed": 0}
    assert run_task("briefing.daily_reminders", "2008-11-18")["queued"] == 0  # same deadline: already told
    assert [s for s, _ in smtp.to("syt@nghean.gov.vn")][1].startswith("[vanban] Nhiệm vụ sắp đến hạn")
    assert len(smtp.to("stc@nghean.gov.vn")) == 1  # reminders go to the lead unit
    # overdue, once
    late = run_task("briefing.daily_reminders", "2008-11-25")
    assert late["sent"] == 2
    assert run_task("briefing.daily_reminders", "2008-11-26")["queued"] == 0
    subject, body = smtp.to("syt@nghean.gov.vn")[-1]
    assert "quá hạn" in subject and "Quá hạn: 5 ngày" in body
    assert kinds(received, "Sở Y tế") == ["new_task", "due_soon", "overdue"]
    # Sở Giao thông vận tải (deadline 30/12) was told nothing more
    assert kinds(received, "Sở Giao thông vận tải") == ["new_task"]

    # a returned completion report
    yte = fast_headers("unit_staff", "Sở Y tế", 0, "yte1")
    leader = fast_headers("leader", username="lanhdao")
    tid = client.get("/tasks", headers=yte).json()["items"][0]["id"]
    ok(client.post(f"/tasks/{tid}/complete", json={"completed_on": "2008-11-26"}, headers=yte))
    ok(client.post(f"/tasks/{tid}/return", json={"note": "Thiếu số liệu của các huyện."}, headers=leader))
    wait_idle(60)
    subject, body = smtp.to("syt@nghean.gov.vn")[-1]
    assert "trả lại" in subject and "Thiếu số liệu của các huyện." in body
    assert kinds(received, "Sở Y tế")[-1] == "returned"
    # the daily job through the schedule's task name is registered for beat
    from services.core.celery_app import celery_app

    entries = [e for e in celery_app.conf.beat_schedule.values() if e["task"] == "briefing.daily_reminders"]
    assert len(entries) == 1


def test_classified_documents_leak_nothing(client: Any, smtp: Mailbox,
                                           hooks: tuple[str, list[dict[str, Any]]]) -> None:
    base, received = hooks
    set_contacts(client, "Sở Y tế", "syt@nghean.gov.vn", f"{base}/syt")
    set_contacts(client, "Sở Giao thông vận tải", "gt@nghean.gov.vn", None)
    clerk = fast_headers("clerk", username="vanthu")
    doc = ingest(client, "tb-mat.txt", notice_text("13/TB-UBND", "05/11/2008", ITEMS).encode(), clerk)
    confirm_all(client, clerk)
    wait_idle(60)
    smtp.messages.clear()
    received.clear()
    # Mật: the next reminder says there is something, not what
    ok(client.patch(f"/documents/{doc}/access", json={"level": 1}, headers=clerk))
    wait_idle(60)
    run_task("briefing.daily_reminders", "2008-11-17")
    [(subject, body)] = smtp.to("syt@nghean.gov.vn")
    assert "13/TB-UBND" not in subject + body and "an toàn thực phẩm" not in body and "đăng nhập" in body
    hook = received[-1]
    assert set(hook) == {"path", "event", "task_id", "unit_id", "unit"}
    # restricted to another unit: the assigned unit is told nothing at all
    ok(client.patch(f"/documents/{doc}/access", json={"level": 0, "audience": "units", "units": ["Sở Tư pháp"]},
                    headers=fast_headers("leader", username="lanhdao")))  # lowering a level needs a leader
    wait_idle(60)
    before = len(smtp.messages)
    assert run_task("briefing.daily_reminders", "2008-11-25")["queued"] == 0
    assert len(smtp.messages) == before


def test_failed_delivery_is_retried_later(client: Any, monkeypatch: pytest.MonkeyPatch,
                                          hooks: tuple[str, list[dict[str, Any]]]) -> None:
    base, received = hooks
    mail_server_down(monkeypatch)
    set_contacts(client, "Sở Y tế", "syt@nghean.gov.vn", f"{base}/syt")
    clerk = fast_headers("clerk", username="vanthu")
    ingest(client, "tb-14.txt", notice_text("14/TB-UBND", "05/11/2008", ITEMS[:1]).encode(), clerk)
    confirm_all(client, clerk)
    wait_idle(60)
    assert kinds(received, "Sở Y tế") == ["new_task"]  # the webhook went; the e-mail failed
    with mail_server(monkeypatch) as box:
        result = run_task("briefing.send_notifications")
        assert result == {"sent": 1, "failed": 0}
        assert len(box.to("syt@nghean.gov.vn")) == 1
        assert run_task("briefing.send_notifications") == {"sent": 0, "failed": 0}


def test_a_task_with_no_deadline_is_checked_each_period(client: Any, hooks: tuple[str, list[dict[str, Any]]],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """"Theo dõi, đôn đốc" never stays "in progress" forever: a review date, and one reminder per period."""
    from datetime import date, timedelta

    from services.briefing.common import today as office_today

    monkeypatch.setenv("VANBAN_BRIEFING_REVIEW_DAYS", "14")
    base, received = hooks
    set_contacts(client, "Sở Công Thương", None, f"{base}/sct")
    clerk = fast_headers("clerk", username="vanthu")
    doc = ingest(client, "tb-15.txt", notice_text("15/TB-UBND", "05/11/2008", ITEMS[:1]).encode(), clerk)
    task = ok(client.post("/tasks", headers=clerk, json={"document_id": doc, "lead": "Sở Công Thương",
                                                         "action": "theo dõi, đôn đốc bình ổn giá cả thị trường"}), 201)
    wait_idle(60)
    review_on = date.fromisoformat(task["review_on"])
    assert task["deadline"] is None and review_on == office_today() + timedelta(days=14)  # Việt Nam's day
    assert task["status"] == "in_progress" and not task["review_due"]
    received.clear()
    assert run_task("briefing.daily_reminders", (review_on - timedelta(days=1)).isoformat())["queued"] == 0
    assert run_task("briefing.daily_reminders", review_on.isoformat())["sent"] == 1
    assert run_task("briefing.daily_reminders", review_on.isoformat())["queued"] == 0  # once per period
    assert kinds(received, "Sở Công Thương") == ["review"]
    due = client.get("/tasks", params={"status": "review_due", "as_of": review_on.isoformat()}).json()
    assert [t["id"] for t in due["items"]] == [task["id"]]
