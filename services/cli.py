"""The `vanban` command: serve, worker, ingest, extract, search, reindex, db upgrade."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="vanban — quản lý văn bản và giao ban điện tử", no_args_is_help=True, add_completion=False)


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


@app.command()
def extract(
    files: Annotated[list[Path] | None, typer.Argument(help="Files to understand")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Read {id, text} JSONL from stdin")] = False,
) -> None:
    """Understand documents without storing them: one JSON line per input (../shared/CONTRACT.md)."""
    from services.ingest.understanding import understand
    from services.vntext.repair import repair_text

    if jsonl:
        for line in sys.stdin:
            if not line.strip():
                continue
            ident = None
            try:
                row = json.loads(line)
                ident = row.get("id")
                text = repair_text(row.get("text") or "").text
                _print_json({"id": ident, "document": understand(text).to_contract()})
            except Exception as exc:  # one bad line must not stop the run
                _print_json({"id": ident, "error": f"{type(exc).__name__}: {exc}"})
        return
    from services.core.errors import VanbanError
    from services.ingest.parsers import parse_document

    failed = False
    for path in files or []:
        try:
            parsed = parse_document(path.read_bytes(), path.name)
            doc = understand(parsed.text).to_contract()
            doc["file"] = str(path)
            _print_json(doc)
        except VanbanError as exc:
            failed = True
            _print_json({"file": str(path), "error": exc.message, "code": exc.code})
        except OSError as exc:
            failed = True
            _print_json({"file": str(path), "error": str(exc), "code": "unreadable"})
    if failed:
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
