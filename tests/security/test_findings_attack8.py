"""Findings of the eighth attack (a review of the day's changes): one test each, against the real application. Each
failed before its fix. Invented notices."""
from __future__ import annotations

from typing import Any


def test_a_client_cannot_grow_the_metrics_by_inventing_methods(anon_client: Any) -> None:
    """Every request is counted in the latency histogram under its method, route and status — before any credential
    is checked (the request-context middleware is outermost). The method was the client's own token: each new one
    ("ZZQ0", "ZZQ1", …) made a new series, kept for the life of the process and written into every /metrics
    scrape, so an anonymous client grew the server's memory and the scrape without bound. Methods outside the
    standard ones are counted together as OTHER."""
    from services.core.observability import REQUEST_LATENCY

    def series() -> set[tuple[str, ...]]:
        return set(REQUEST_LATENCY._metrics)  # the label sets the process keeps

    before = series()
    for i in range(12):
        r = anon_client.request(f"ZZQ{i}", "/healthz")
        assert r.status_code == 405
    assert anon_client.get("/healthz").status_code == 200
    new = series() - before
    assert {labels[0] for labels in new} <= {"GET", "OTHER"}, sorted(new)
    assert ("OTHER", "/healthz", "405") in series()
