"""`vanban extract` speaks the API's language: the same file gives the same fields, with the same names and values,
from the command (file mode and --jsonl) and from GET /documents/{id}; --help points to the documentation in the
repository. Invented notice."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from helpers.briefing import fast_headers, ingest, ok
from helpers.notices import notice_text
from typer.testing import CliRunner

from services.cli import app

ROOT = Path(__file__).resolve().parents[2]
TEXT = notice_text("41/TB-UBND", "09/09/2012", [
    "Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với các Sở: TC, KH&ĐT thẩm định đề án ứng dụng công nghệ sinh "
    "học theo Quyết định số 88/2011/QĐ-UBND ngày 02/12/2011 của UBND tỉnh, báo cáo trước ngày 15/10/2012.",
    "Giao Sở Công Thương kiểm tra việc niêm yết giá tại các chợ, thực hiện theo Chỉ thị số 05/CT-UBND và Quyết định "
    "số 88/2011/QĐ-UBND, hoàn thành trong tháng 10/2012.",
])
SHARED = ("number", "doc_type", "issuer", "issued_date", "place", "subject", "recipients", "confidentiality",
          "urgency", "text")
TASK_FIELDS = ("position", "lead", "support", "action", "deadline", "deadline_text", "recurrence", "sentence",
               "confidence", "needs_review", "review_reasons", "lead_units", "support_units")


def test_the_command_and_the_api_give_the_same_document(client: Any, tmp_path: Path) -> None:
    path = tmp_path / "tb-41.txt"
    path.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    by_file = runner.invoke(app, ["extract", str(path)])
    by_line = runner.invoke(app, ["extract", "--jsonl"], input=json.dumps({"id": "tb-41", "text": TEXT}) + "\n")
    assert by_file.exit_code == 0 and by_line.exit_code == 0, (by_file.output, by_line.output)
    cli_file = json.loads(by_file.stdout.splitlines()[0])
    line = json.loads(by_line.stdout.splitlines()[0])
    assert line["id"] == "tb-41" and cli_file.pop("file") == str(path)
    # one shape, one content (a file's text is tidied by its parser: no trailing blank line)
    assert cli_file["text"] == line["document"]["text"].strip()
    assert {**cli_file, "text": None} == {**line["document"], "text": None}

    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    api = ok(client.get(f"/documents/{ingest(client, 'tb-41.txt', TEXT.encode(), clerk)}", headers=clerk))
    doc = cli_file  # the file, as the API read it
    for key in SHARED:
        assert api[key] == doc[key], key
    assert doc["citations"] and [{k: c[k] for k in ("number", "doc_type", "issued_date")} for c in api["citations"]] \
        == doc["citations"]
    assert [c["number"] for c in doc["citations"]] == list(dict.fromkeys(doc["references"]))
    assert len(api["tasks"]) == len(doc["tasks"]) >= 2
    for mine, theirs in zip(doc["tasks"], api["tasks"], strict=True):
        assert {k: mine[k] for k in TASK_FIELDS} == {k: theirs[k] for k in TASK_FIELDS}
    assert doc["tasks"][0]["support_units"] == ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"]


def test_help_points_to_the_documentation_in_the_repository_and_errors_carry_a_code() -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["extract", "--help"], terminal_width=200)
    assert shown.exit_code == 0
    doc = "services/ingest/understanding/README.md"
    assert doc in shown.stdout and (ROOT / doc).is_file()
    readme = (ROOT / doc).read_text(encoding="utf-8")
    for field in ("`citations`", "`references`", "`confidence`", "`needs_review`", "`lead_units`", "`position`"):
        assert field in readme, field
    bad = runner.invoke(app, ["extract", "--jsonl"], input='{"id": "x", "text": 5}\nnot json\n')
    rows = [json.loads(x) for x in bad.stdout.splitlines()]
    assert [r.get("code") for r in rows] == ["invalid_line", "invalid_line"] and rows[0]["id"] == "x"
    missing = runner.invoke(app, ["extract", "/khong/co/tep.docx"])
    assert missing.exit_code == 1 and json.loads(missing.stdout)["code"] == "unreadable"
