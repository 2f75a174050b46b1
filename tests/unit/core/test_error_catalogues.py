"""The error catalogues: every entry gives a VanbanError with its code, its status and its message, the fields of the
message filled in; a message without fields (even one showing braces, like a URL template) is given as written."""
from __future__ import annotations

import importlib
import string

import pytest

from services.core.errors import ErrorCatalogue, VanbanError

CATALOGUES = ["services.core.errors", "services.briefing.errors", "services.registry.errors", "services.core.auth.errors",
              "services.ingest.errors", "services.search.errors", "services.web.errors"]


def _members() -> list[ErrorCatalogue]:
    out: list[ErrorCatalogue] = []
    for name in CATALOGUES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, ErrorCatalogue) and value is not ErrorCatalogue:
                out.extend(value)
    return out


MEMBERS = _members()


def test_every_service_has_entries() -> None:
    assert len({type(m) for m in MEMBERS}) == len(CATALOGUES)
    codes = [m.value[0] for m in MEMBERS]
    assert all(code and code == code.strip() and " " not in code for code in codes)


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: f"{type(m).__name__}.{m.name}")
def test_entry_builds_its_error(member: ErrorCatalogue) -> None:
    code, message, status = member.value
    fields = [f for _, f, _, _ in string.Formatter().parse(message) if f]
    values = {f: f"<{f}>" for f in fields}
    err = member(**values)
    assert isinstance(err, VanbanError)
    assert err.code == code
    assert err.http_status == (status if status is not None else VanbanError.http_status)
    for f in fields:
        assert f"<{f}>" in err.message
    if not fields:
        assert err.message == message  # braces shown as written
    assert "{" not in err.message or not fields


def test_status_can_be_given_at_the_raise() -> None:
    from services.web.errors import PageError

    assert PageError.not_found(http_status=405).http_status == 405
