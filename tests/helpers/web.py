"""The web pages over HTTP in tests: a page's CSRF token, and signing in through the login form."""

from __future__ import annotations

import re
from typing import Any

_CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')


def csrf_of(html: str) -> str:
    """The CSRF token of the first form of a page (fails, showing the page's start, when it has none)."""
    m = _CSRF.search(html)
    assert m, html[:500]
    return m.group(1)


def ui_login(client: Any, username: str, password: str, next_: str | None = None, **kwargs: Any) -> Any:
    """Sign in through /ui/login as `username` (the form's own token); the answer to the POST (`kwargs`: e.g.
    follow_redirects)."""
    form = client.get("/ui/login")
    data = {"username": username, "password": password, "csrf": csrf_of(form.text)}
    if next_ is not None:
        data["next"] = next_
    return client.post("/ui/login", data=data, **kwargs)
