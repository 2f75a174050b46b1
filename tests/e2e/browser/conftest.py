"""Browser tests: the real server (uvicorn, in a thread of this process so that in-process tasks can be awaited)
on a fresh instance, driven by the system Chromium through Playwright (no browser download).

Chromium is required when VANBAN_REQUIRE_SERVICES=1 (CI); elsewhere, without it, the tests are skipped with the
reason. Screenshots of every page go to VANBAN_TEST_OUTPUT (default: test-output/web in the repository).
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
REQUIRE = os.environ.get("VANBAN_REQUIRE_SERVICES") == "1"
PASSWORD = "mat-khau-web-123"


def chromium_path() -> str:
    for candidate in (os.environ.get("VANBAN_CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"),
                      "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    if REQUIRE:
        pytest.fail("Chromium is required (VANBAN_REQUIRE_SERVICES=1) but not installed: apt-get install chromium "
                    "(deploy/local/tools.txt)", pytrace=False)
    pytest.skip("Chromium not installed (apt-get install chromium; see deploy/local/tools.txt)")


@pytest.fixture(scope="session")
def shots_dir() -> Path:
    out = Path(os.environ.get("VANBAN_TEST_OUTPUT") or ROOT / "test-output") / "web"
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="module")  # Playwright's sync API holds an event loop until stopped: never past a module
def browser() -> Iterator[Any]:
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if REQUIRE:
            pytest.fail("the playwright package is required (make install)", pytrace=False)
        pytest.skip("playwright not installed (make install)")
    pw = sync_playwright().start()
    b = pw.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"])
    yield b
    b.close()
    pw.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    url: str

    def create_user(self, username: str, role: str, unit: str | None = None, clearance: int = 0) -> None:
        from services.core.auth import service
        from services.core.db import session_factory

        with session_factory()() as session:
            service.create_user(session, username, PASSWORD, role, unit, clearance)
            session.commit()

    def token(self, username: str) -> dict[str, str]:
        from sqlalchemy import select

        from services.core.auth import service
        from services.core.auth.models import User
        from services.core.db import session_factory

        with session_factory()() as session:
            user = session.scalar(select(User).where(User.username == username))
            assert user is not None
            return {"Authorization": f"Bearer {service._access_token(user)[0]}"}


@pytest.fixture
def live(instance: Path) -> Iterator[Live]:
    import uvicorn
    from tests_support import shared_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(shared_app(), host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start", pytrace=False)
        time.sleep(0.05)
    yield Live(f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def login(browser: Any, live: Live) -> Iterator[Callable[..., Any]]:
    """Open a browser context (its own cookies) and log in through the form; returns the page."""
    contexts: list[Any] = []

    def _login(username: str, viewport: tuple[int, int] = (1366, 768)) -> Any:
        ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True)
        ctx.set_default_timeout(20_000)
        contexts.append(ctx)
        page = ctx.new_page()
        page.goto(f"{live.url}/ui/login")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        assert "/ui/login" not in page.url, page.content()[:2000]
        return page

    yield _login
    for ctx in contexts:
        ctx.close()
