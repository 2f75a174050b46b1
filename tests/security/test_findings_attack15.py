"""Fifteenth attack: the moments between states — a task given to another unit while the old lead's report is in
flight, the watched folder's file replaced or linked while it is read (SECURITY.md 64+). Invented notices."""
from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest
from helpers.briefing import fast_headers, ingest, ok
from tests_support import office_today


def _notice(day: date, due: date) -> bytes:
    return ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 915/TB-UBND\n"
            f"Nghệ An, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}\n\nTHÔNG BÁO\n"
            "Kết luận về việc nạo vét kênh tieuthuy915\n\n"
            "1. Giao Sở Nông nghiệp và Phát triển nông thôn chủ trì nạo vét kênh tieuthuy915, "
            f"hoàn thành trước ngày {due.strftime('%d/%m/%Y')}.\n"
            "2. Giao Sở Nông nghiệp và Phát triển nông thôn chủ trì báo cáo kết quả kiểm kê đê kè915, "
            f"hoàn thành trước ngày {due.strftime('%d/%m/%Y')}.\n").encode()


def _while_moved(web: Any, monkeypatch: Any, clerk: dict[str, str], task_id: str, step: str,
                 act: Any) -> tuple[Any, list[int]]:
    """Run `act` (the unit's request); once its task is loaded and before `step` of briefing's service decides, the
    clerk gives the task to another unit from another request. Returns the unit's answer and the clerk's status."""
    from services.briefing import service

    real = getattr(service, step)
    moved: list[int] = []
    threads: list[threading.Thread] = []

    def wrapped(*args: Any, **kw: Any) -> Any:
        if not moved and not threads:
            t = threading.Thread(target=lambda: moved.append(
                web.patch(f"/tasks/{task_id}", headers=clerk, json={"lead": "Sở Tài nguyên và Môi trường"})
                .status_code))
            threads.append(t)
            t.start()
            t.join(1.5)  # held: the clerk waits for the unit's commit (she is not refused)
        return real(*args, **kw)

    monkeypatch.setattr(service, step, wrapped)
    answer = act()
    for t in threads:
        t.join(60)
    monkeypatch.setattr(service, step, real)
    return answer, moved


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_report_in_flight_does_not_land_on_a_task_given_to_another_unit(
        db_backend: str, anon_client: Any, monkeypatch: Any) -> None:
    """SECURITY.md 64. The lead unit reports completion (or posts its progress with a file) while the clerk gives the
    task to another unit. The report was checked against the units as loaded and written after the clerk's change
    had committed: a unit taken off the task reported completion of a task that was no longer its own, which went to
    the leader as the new lead's; its progress report failed with a server error (500). Now the task is held from
    the moment it is loaded for an action: the clerk's change waits for the report (or the report is refused)."""
    import base64

    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau15a")
    nn = fast_headers("unit_head", unit="Sở Nông nghiệp và Phát triển nông thôn", clearance=0,
                      username="gd-nn-dau15a")
    doc = ingest(web, "tb-915.txt", _notice(day, day + timedelta(days=20)), clerk)
    tasks = [ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
             for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    [done] = [t for t in tasks if "tieuthuy915" in t["action"]]
    [prog] = [t for t in tasks if "kè915" in t["action"]]
    sheet = base64.b64encode("Bảng khối lượng tieuthuy915\n".encode()).decode()
    cases = [
        (done, "report_completion", "completion_reported",
         lambda: web.post(f"/tasks/{done['id']}/complete", headers=nn, json={"text": "Đã xong", "attachments": []})),
        (prog, "post_progress", "progress",
         lambda: web.post(f"/tasks/{prog['id']}/progress", headers=nn, json={
             "text": "Đã kiểm kê 2 km", "percent": 60,
             "attachments": [{"filename": "kl.txt", "content_type": "text/plain", "content_base64": sheet}]})),
    ]
    for task, step, kind, act in cases:
        assert task["lead"] == "Sở Nông nghiệp và Phát triển nông thôn"
        answer, moved = _while_moved(web, monkeypatch, clerk, task["id"], step, act)
        assert moved == [200], (step, moved)
        after = ok(web.get(f"/tasks/{task['id']}", headers=clerk))
        assert after["lead"] == "Sở Tài nguyên và Môi trường"
        kinds = [e["kind"] for e in after["history"]]
        if answer.status_code == 200:  # accepted: then it came before the clerk's change, as its lead's report
            assert kind in kinds and "edited" in kinds, (step, kinds)
            assert kinds.index(kind) < kinds.index("edited"), (step, kinds)
        else:  # refused in words: nothing of it on the task
            assert answer.status_code in (403, 404, 409), (step, answer.status_code, answer.text)
            assert kind not in kinds, (step, kinds)


def test_the_watched_folder_registers_what_it_moves_and_reads_no_server_file(
        client: Any, tmp_path: Any, monkeypatch: Any) -> None:
    """SECURITY.md 65. The scanner's share is written by others while the folder is polled.
    (1) A file replaced while it was read (a rescan saved under the same name): the new file was moved to da-vao-so/
    under the first one's số đến and never registered — the clerks never saw the second scan. Now a file is moved
    only if it is still the one read; otherwise it stays for the next poll, which registers it.
    (2) A hard link to a file of the server (the same file system): read and registered as a document the clerks
    could open — finding 17 refused symbolic links only. Now a file with another name elsewhere goes to loi/ unread.
    (3) A file swapped for a named pipe between the listing and the read hung the poller for good (open() waited for
    a writer): now it is opened without waiting and anything but a regular file is left alone."""
    import os
    import time

    from services.core.config import get_settings
    from services.core.dispatch import wait_idle
    from services.registry import intake

    watch = tmp_path / "nhan"
    watch.mkdir()
    monkeypatch.setenv("VANBAN_REGISTRY_WATCH_DIR", str(watch))
    past = time.time() - 10

    def aged(p: Any) -> None:
        os.utime(p, (past, past), follow_symlinks=False)

    # (1) replaced while read
    first, second = "Công văn bản quét lần một quetmot915\n", "Công văn bản quét lần hai quethai915\n"
    (watch / "scan.txt").write_text(first, encoding="utf-8")
    aged(watch / "scan.txt")
    real = intake._read_no_follow
    swapped: list[bool] = []

    def read_then_rescan(path: Any) -> bytes:
        data = real(path)
        if not swapped:
            swapped.append(True)
            tmp = watch / ".scan.txt.tmp"
            tmp.write_text(second, encoding="utf-8")
            aged(tmp)
            os.replace(tmp, watch / "scan.txt")
        return data

    monkeypatch.setattr(intake, "_read_no_follow", read_then_rescan)
    assert intake.poll_folder() == {"registered": 1, "failed": 0}
    monkeypatch.setattr(intake, "_read_no_follow", real)
    assert intake.poll_folder() == {"registered": 1, "failed": 0}  # the second scan, on the next poll
    wait_idle(60)
    texts = [(watch / "da-vao-so" / n).read_text(encoding="utf-8") for n in os.listdir(watch / "da-vao-so")]
    assert texts == [second], texts  # the first scan's file was replaced by the scanner; its bytes are kept
    for word in ("quetmot915", "quethai915"):  # both scans registered
        found = client.get("/search", params={"q": word}).json()
        assert found["total"] == 1, (word, found)

    # (2) a hard link to a file of the server
    secret = get_settings().data_dir / "khoa-bi-mat-915.txt"
    secret.write_text("mật khẩu quản trị: kinhmat915-khong-duoc-lo\n", encoding="utf-8")
    aged(secret)
    os.link(secret, watch / "cong-van.txt")
    aged(watch / "cong-van.txt")
    assert intake.poll_folder() == {"registered": 0, "failed": 1}
    assert (watch / "loi" / "cong-van.txt.loi.txt").read_text(encoding="utf-8")
    assert secret.read_text(encoding="utf-8").startswith("mật khẩu")
    wait_idle(60)
    listed = client.get("/documents", params={"limit": 200}).json()
    assert "kinhmat915" not in str(listed) and listed["total"] == 2, listed
    assert client.get("/search", params={"q": "kinhmat915"}).json()["total"] == 0

    # (3) a named pipe where a file was listed
    fifo = watch / "ong.txt"
    os.mkfifo(fifo)
    done: list[object] = []
    t = threading.Thread(target=lambda: done.append(_try(intake._read_no_follow, fifo)), daemon=True)
    t.start()
    t.join(5)
    if t.is_alive():  # release the reader before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        t.join(5)
    assert done and isinstance(done[0], OSError), done


def _try(fn: Any, *args: Any) -> object:
    try:
        return fn(*args)
    except OSError as exc:
        return exc


def test_bulk_import_of_a_folder_reads_no_link_to_a_server_file(client: Any, tmp_path: Any) -> None:
    """SECURITY.md 66. `vanban ingest DIR` imports a folder received from elsewhere (a district's archive unpacked on
    the server: `unzip` and `tar` recreate the symbolic links it holds). A link to a file of the server (the first
    administrator's password file, the signing secret) was read and imported as a document the clerks and leaders
    could open and search — finding 17 closed the watched folder only. Now a link (or a hard link) is reported as
    a failure of its own, unread; the other files are imported."""
    import os

    from services.cli import _collect
    from services.core.config import get_settings
    from services.core.dispatch import wait_idle
    from services.ingest.runner import ingest_paths
    from services.search.service import index_documents

    secret = get_settings().data_dir / "khoa-bi-mat-916.txt"
    secret.write_text("mật khẩu quản trị: kinhmat916-khong-duoc-lo\n", encoding="utf-8")
    root = tmp_path / "ho-so-huyen"
    (root / "con").mkdir(parents=True)
    (root / "cv-916.txt").write_text("Công văn số 916 về việc kiểm kê kho khokiemke916\n", encoding="utf-8")
    (root / "con" / "tai-lieu.txt").symlink_to(secret)
    os.link(get_settings().data_dir / "khoa-bi-mat-916.txt", root / "phu-luc.txt")
    (root / "thu-muc-may-chu").symlink_to(get_settings().data_dir, target_is_directory=True)  # a linked folder
    report = ingest_paths(_collect([root]), index_documents)
    wait_idle(60)
    assert report.new == 1 and report.failed == 2, report
    assert {os.path.basename(name) for name, _code, _msg in report.failures} == {"tai-lieu.txt", "phu-luc.txt"}
    listed = client.get("/documents", params={"limit": 200}).json()
    assert listed["total"] == 1 and "kinhmat916" not in str(listed), listed
    assert client.get("/search", params={"q": "kinhmat916"}).json()["total"] == 0
    assert client.get("/search", params={"q": "khokiemke916"}).json()["total"] == 1  # control


def test_a_pending_extension_request_does_not_pass_to_the_unit_given_the_task(anon_client: Any) -> None:
    """SECURITY.md 67. The lead unit asks for a later deadline (with its reason); the clerk then gives the task to
    another unit. The request stayed on the task: the leader's list showed the new lead asking for more time, its
    reason the old unit's words, and approving it moved the new lead's deadline on a request it never made (and
    told it so). A request is the asking unit's: it is withdrawn when that unit is no longer the lead."""
    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau15c")
    leader = fast_headers("leader", clearance=1, username="pct-dau15c")
    nn = fast_headers("unit_head", unit="Sở Nông nghiệp và Phát triển nông thôn", clearance=0,
                      username="gd-nn-dau15c")
    tn = fast_headers("unit_head", unit="Sở Tài nguyên và Môi trường", clearance=0, username="gd-tn-dau15c")
    doc = ingest(web, "tb-915.txt", _notice(day, day + timedelta(days=20)), clerk)
    [task] = [ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
              for t in ok(web.get("/tasks/review", headers=clerk))["items"]
              if t["document"]["id"] == doc and "tieuthuy915" in t["action"]]
    later = (day + timedelta(days=60)).isoformat()
    asked = ok(web.post(f"/tasks/{task['id']}/extension", headers=nn,
                        json={"new_deadline": later, "reason": "Chờ vốn lydo915 bổ sung"}))
    assert asked["extension_requested_to"] == later  # control
    ok(web.patch(f"/tasks/{task['id']}", headers=clerk, json={"lead": "Sở Tài nguyên và Môi trường"}))
    seen = ok(web.get(f"/tasks/{task['id']}", headers=leader))
    assert seen["lead"] == "Sở Tài nguyên và Môi trường"
    assert seen["extension_requested_to"] is None and seen["extension_reason"] is None, seen
    mine = ok(web.get(f"/tasks/{task['id']}", headers=tn))
    assert mine["extension_requested_to"] is None and "lydo915" not in str(mine.get("extension_reason")), mine
    r = web.post(f"/tasks/{task['id']}/extension/approve", headers=leader, json={"note": "Đồng ý"})
    assert r.status_code in (409, 422), r.text
    assert ok(web.get(f"/tasks/{task['id']}", headers=leader))["deadline"] == task["deadline"]
    # the new lead asks for itself (control)
    ok(web.post(f"/tasks/{task['id']}/extension", headers=tn, json={"new_deadline": later, "reason": "Cần khảo sát"}))
    ok(web.post(f"/tasks/{task['id']}/extension/approve", headers=leader, json={"note": "Đồng ý"}))
    assert ok(web.get(f"/tasks/{task['id']}", headers=leader))["deadline"] == later


def test_a_forwarded_loopback_address_is_nobody_s_and_opens_no_metrics(monkeypatch: Any) -> None:
    """SECURITY.md 68. `X-Forwarded-For` is read right to left, skipping `VANBAN_TRUSTED_PROXIES`. A client whose own
    address lies in that range (the shipped Kubernetes range 10.0.0.0/8 is also an office LAN's) wrote
    `X-Forwarded-For: 127.0.0.1` itself: the ingress appended the real address, trusted and skipped, and the client
    became 127.0.0.1 — a loopback client, to whom /metrics answers without `VANBAN_METRICS_TOKEN` (and a fresh
    address for each guess of the per-client login throttle, and a forged address in the audit of every failure).
    A forwarded hop that cannot be a remote client (loopback, unspecified, link-local, multicast) is a forgery: the
    address the trusted proxy saw stands. And /metrics opens without a token only to a request that no proxy
    relayed (no X-Forwarded-For at all): a proxy on the server itself makes every client a loopback peer."""
    from starlette.requests import Request

    from services.core.config import reset_settings
    from services.core.guard import client_address
    from services.core.metrics import metrics_denied

    trusted = "10.0.0.0/8"
    for forged in ("127.0.0.1", "::1", "0.0.0.0", "169.254.169.254", "127.0.0.1, 127.0.0.2"):
        assert client_address("10.0.0.2", f"{forged}, 10.20.30.40", trusted) == "10.20.30.40", forged
    # unchanged (controls): a genuine chain of proxies, an untrusted peer, an untrusted client behind the proxy
    assert client_address("10.0.0.5", "1.2.3.4, 10.0.0.9", trusted) == "1.2.3.4"
    assert client_address("198.51.100.1", "127.0.0.1", trusted) == "198.51.100.1"
    assert client_address("10.0.0.5", "127.0.0.1, 203.0.113.7", trusted) == "203.0.113.7"

    monkeypatch.delenv("VANBAN_METRICS_TOKEN", raising=False)
    reset_settings()

    def scrape(client: str, **headers: str) -> Any:
        raw = [(k.lower().replace("_", "-").encode(), v.encode()) for k, v in headers.items()]
        return metrics_denied(Request({"type": "http", "method": "GET", "path": "/metrics", "headers": raw,
                                       "client": (client, 0), "query_string": b""}))

    assert scrape("127.0.0.1") is None  # control: Prometheus on the server itself
    denied = scrape("127.0.0.1", X_Forwarded_For="127.0.0.1, 10.20.30.40")
    assert denied is not None and denied[0] == 403, denied
    assert scrape("127.0.0.1", X_Forwarded_For="203.0.113.7") is not None  # a proxy on the server, untrusted
    assert scrape("127.0.0.1", Forwarded="for=203.0.113.7") is not None
    reset_settings()


def test_the_watched_folder_writes_nothing_through_links_planted_in_its_subfolders(
        client: Any, tmp_path: Any, monkeypatch: Any) -> None:
    """SECURITY.md 69. Whoever may write in the scanner's share may write in its `loi/` and `da-vao-so/` folders too.
    A note `loi/<tên>.loi.txt` planted as a link to a file of the server (the signing secret `secret.key`, the
    database) was written through when a file of that name was refused: the server's file overwritten with the
    note's known words — with the signing secret, a key anyone could then sign an administrator's token with (after
    a restart). A `loi` or `da-vao-so` folder planted as a link to a directory of the server took the moved files
    there. Now a note is written to a new file renamed into place (never into an existing one), and a link where a
    subfolder should be is removed (its target untouched) and a real folder made."""
    import os
    import time

    from services.core.config import get_settings
    from services.registry import intake

    watch = tmp_path / "nhan"
    watch.mkdir()
    monkeypatch.setenv("VANBAN_REGISTRY_WATCH_DIR", str(watch))
    past = time.time() - 10
    data_dir = get_settings().data_dir
    key = data_dir / "khoa-ky-917.key"
    key.write_text("bi-mat-ky-917\n", encoding="utf-8")
    elsewhere = data_dir / "thu-muc-917"
    elsewhere.mkdir()
    (watch / "loi").mkdir()
    (watch / "loi" / "hong.exe.loi.txt").symlink_to(key)
    (watch / "da-vao-so").symlink_to(elsewhere, target_is_directory=True)
    (watch / "hong.exe").write_bytes(b"MZ")
    (watch / "cv-917.txt").write_text("Công văn số 917 về việc kiểm kê kho khokiemke917\n", encoding="utf-8")
    for p in ("hong.exe", "cv-917.txt"):
        os.utime(watch / p, (past, past))
    counts = intake.poll_folder()
    assert key.read_text(encoding="utf-8") == "bi-mat-ky-917\n"  # the server's file is untouched
    assert list(elsewhere.iterdir()) == []  # nothing moved into the server's directory
    assert counts == {"registered": 1, "failed": 1}
    note = watch / "loi" / "hong.exe.loi.txt"
    assert not note.is_symlink() and "unsupported_type" in note.read_text(encoding="utf-8")
    assert not (watch / "da-vao-so").is_symlink()
    assert [p.name for p in (watch / "da-vao-so").iterdir()] == ["0001-cv-917.txt"]


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_guesses_sent_at_once_are_throttled_like_guesses_sent_one_by_one(
        db_backend: str, anon_client: Any, users: Any, monkeypatch: Any) -> None:
    """SECURITY.md 70. The login back-off counted an account's failures, then checked the password (a slow hash),
    then recorded the failure — committed when the answer left. Guesses sent at once all read the count before any
    was recorded: each burst of parallel requests was checked in full, however many, where one by one only
    `VANBAN_LOGIN_MAX_FAILURES` are. Now the count and the check of one account (and of one client address) are
    taken in turn: the attempts after the allowed ones wait for the others' outcome and are refused."""
    from services.core.config import reset_settings

    users.headers("clerk", username="nan-nhan-918")
    monkeypatch.setenv("VANBAN_LOGIN_MAX_FAILURES", "3")
    monkeypatch.setenv("VANBAN_LOGIN_MAX_CLIENT_FAILURES", "100")
    reset_settings()
    start = threading.Barrier(10)
    codes: list[int] = []

    def guess(i: int) -> None:
        start.wait()
        codes.append(anon_client.post("/auth/token", data={"username": "nan-nhan-918",
                                                           "password": f"doan-sai-{i}"}).status_code)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    reset_settings()
    assert sorted(codes) == [401] * 3 + [429] * 7, sorted(codes)


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_refresh_token_used_twice_at_once_is_a_replay(
        db_backend: str, anon_client: Any, users: Any, monkeypatch: Any) -> None:
    """SECURITY.md 71. A refresh token is spent when used; using a spent one again revokes its whole family (someone
    holds a stolen copy). The rotation read the token, issued the new pair and marked the old one spent, with
    nothing held: the stolen copy and the owner's used at the same moment were both rotated — two live chains of one
    family, neither ever a replay, the thief's session kept for good. Now the token is spent by a conditional write
    (still unspent, or nothing): the second use finds it spent, is refused and revokes the family."""
    from services.core.auth import service

    users.headers("clerk", username="phien-919")
    pair = anon_client.post("/auth/token", data={"username": "phien-919", "password": "mat-khau-123"}).json()
    both = threading.Barrier(2)
    real = service._issue

    def issue(*args: Any, **kw: Any) -> Any:  # both requests inside the rotation at once
        try:
            both.wait(2)
        except threading.BrokenBarrierError:
            pass
        return real(*args, **kw)

    monkeypatch.setattr(service, "_issue", issue)
    answers: list[Any] = []

    def use() -> None:
        answers.append(anon_client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]}))

    threads = [threading.Thread(target=use) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    monkeypatch.setattr(service, "_issue", real)
    codes = sorted(a.status_code for a in answers)
    assert codes == [200, 401], codes
    [won] = [a.json() for a in answers if a.status_code == 200]
    # the family is revoked: the pair the winner got ends too
    assert anon_client.post("/auth/refresh", json={"refresh_token": won["refresh_token"]}).status_code == 401
    assert anon_client.get("/documents", headers={"Authorization": f"Bearer {won['access_token']}"}).status_code == 401


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_login_in_flight_with_the_old_password_does_not_outlive_the_reset(
        db_backend: str, anon_client: Any, users: Any, monkeypatch: Any) -> None:
    """SECURITY.md 72. An administrator resets the password of an account an intruder uses: every session and key
    of it ends (finding 26). A login with the old password whose check was under way (the hash takes a while; an
    intruder who keeps logging in is always in one) read the account before the reset committed and wrote its
    new session after: a live refresh token, rotated into a valid session of the account — the reset did not
    shut the intruder out. Now a login holds the account's row from the moment it reads it: the reset waits for it,
    then ends the session it made (or, committed first, the old password is checked against the new hash)."""
    from services.core.auth import service

    admin = users.headers("admin", username="quantri-920")
    users.headers("clerk", username="bi-lo-920")
    real = service.verify_password
    resets: list[int] = []

    def verify(stored: Any, password: str) -> bool:
        if password == "mat-khau-123" and not resets:  # the intruder's login is checking the old password
            t = threading.Thread(target=lambda: resets.append(anon_client.post(
                "/users/bi-lo-920/password", headers=admin, json={"new_password": "mat-khau-moi-920"}).status_code))
            t.start()
            t.join(1.5)  # held: the reset waits for the login in flight
            threads.append(t)
        return bool(real(stored, password))

    threads: list[threading.Thread] = []
    monkeypatch.setattr(service, "verify_password", verify)
    r = anon_client.post("/auth/token", data={"username": "bi-lo-920", "password": "mat-khau-123"})
    for t in threads:
        t.join(60)
    monkeypatch.setattr(service, "verify_password", real)
    assert resets == [204], resets
    if r.status_code == 200:  # the login came first: the reset ends what it made
        pair = r.json()
        assert anon_client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]}).status_code == 401
        assert anon_client.get("/documents",
                               headers={"Authorization": f"Bearer {pair['access_token']}"}).status_code == 401
    else:
        assert r.status_code == 401, r.text
    assert anon_client.post("/auth/token", data={"username": "bi-lo-920", "password": "mat-khau-123"}).status_code \
        == 401
