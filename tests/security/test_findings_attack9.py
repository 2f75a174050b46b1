"""Findings of the ninth attack (a review of the last two sessions' changes): one test each, against the real
application. Each failed before its fix. Invented notices."""
from __future__ import annotations

from typing import Any


def test_accepting_a_units_name_again_shows_no_webhook_address(client: Any) -> None:
    """A unit's webhook address is shown to administrators only (finding 39), but accepting a proposed unit name
    (`POST /units/proposals/accept`, clerks and leaders) answers the unit it lands on — and a name the directory
    already holds lands on that unit: a clerk posting "Sở Y tế" got Sở Y tế's webhook address. The answer now
    passes through the same decision as the unit list (`permissions.sees_webhooks`)."""
    from helpers.briefing import fast_headers, ok, unit_ids

    admin = fast_headers("admin", clearance=3, username="quantri-hook9")
    fast_headers("unit_staff", "Sở Y tế", 0, "nv-hook9")  # the unit is in the directory
    hook = "https://93.184.216.34/hooks/bi-mat-kinhhook47"
    unit = unit_ids(client, admin)["Sở Y tế"]
    ok(client.put(f"/units/{unit}/contacts", headers=admin, json={"email": "syt@example.vn", "webhook_url": hook}))
    for role in ("clerk", "leader"):
        who = fast_headers(role, clearance=3, username=f"{role}-hook9")
        got = ok(client.post("/units/proposals/accept", headers=who, json={"name": "Sở Y tế"}))
        assert got["id"] == unit and got["webhook_url"] is None, got
        assert "kinhhook47" not in str(got)
    assert ok(client.post("/units/proposals/accept", headers=admin, json={"name": "Sở Y tế"}))["webhook_url"] == hook
