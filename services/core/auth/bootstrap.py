"""The first administrator of a new instance (`make run` on a fresh machine)."""
from __future__ import annotations

import os
import secrets

from sqlalchemy import func, select

from services.core.auth import service
from services.core.auth.models import User
from services.core.config import get_settings
from services.core.db import session_scope


def ensure_first_admin() -> tuple[str, str, str] | None:
    """Create `admin` when there is no account yet. Returns (username, password, where it is written) or None.

    The password comes from VANBAN_ADMIN_PASSWORD, or is generated and written to <data_dir>/admin-password.txt
    (mode 600) so that it can be read again.
    """
    with session_scope() as session:
        if (session.scalar(select(func.count()).select_from(User)) or 0) > 0:
            return None
        password = os.environ.get("VANBAN_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        service.create_user(session, "admin", password, "admin", None, clearance=3, full_name="Quản trị hệ thống")
    path = get_settings().data_dir / "admin-password.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(password + "\n")
    return "admin", password, str(path)


def first_admin_notice(first: tuple[str, str, str], host: str, port: int) -> str:
    """What `vanban serve` prints when it created the administrator: where the password is, never the password
    itself (the server's output ends up in logs)."""
    username, _password, where = first
    return (f"First administrator created: user “{username}”; the password is in {where} (readable by you only).\n"
            f"  Log in: curl -d \"username={username}&password=$(cat {where})\" http://{host}:{port}/auth/token")
