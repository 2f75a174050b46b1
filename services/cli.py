"""The `vanban` command: serve, worker, ingest, extract, search, reindex, db upgrade."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="vanban — quản lý văn bản và giao ban điện tử", no_args_is_help=True, add_completion=False)


def _shown(text: str) -> str:
    """A name or message read from files or documents, for the operator's terminal: a character that is not
    printable (a terminal escape, a carriage return, a direction mark) is shown as its escape (SECURITY.md 87)."""
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _document(info: object) -> dict[str, object]:
    """The document `vanban extract` prints (both modes): the shared contract plus the API's `citations` (the cited
    documents as GET /documents/{id} stores them), right after `references`."""
    from services.ingest.understanding.references import citations_of

    out: dict[str, object] = {}
    for key, value in info.to_contract().items():  # type: ignore[attr-defined]
        out[key] = value
        if key == "references":
            out["citations"] = citations_of(info.references, info.number)  # type: ignore[attr-defined]
    return out


@app.command()
def extract(
    files: Annotated[list[Path] | None, typer.Argument(help="Files to understand")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Read {id, text} JSONL from stdin")] = False,
) -> None:
    """Understand documents without storing them: one JSON line per input.

    FILE mode prints the document plus "file"; --jsonl prints {"id", "document"}: the same document either way.

    Field names are the API's (GET /documents/{id}): `citations`, and per task `confidence`, `needs_review`,
    `review_reasons`.

    `references` lists the cited numbers (the scoring contract).

    Every field: services/ingest/understanding/README.md in the repository."""
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
                _print_json({"id": ident, "document": _document(understand(text))})
            except Exception as exc:  # one bad line must not stop the run
                _print_json({"id": ident, "error": f"{type(exc).__name__}: {exc}", "code": "invalid_line"})
        return
    from services.core.errors import VanbanError
    from services.ingest.ocr.extract import parse_with_ocr

    failed = False
    for path in files or []:
        try:
            parsed = parse_with_ocr(path.read_bytes(), path.name)  # a scan is read by OCR where Tesseract is
            doc = _document(understand(parsed.text))
            if parsed.ocr:
                doc["ocr"], doc["confidence"] = True, parsed.confidence
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


db_app = typer.Typer(help="Database migrations", no_args_is_help=True)
app.add_typer(db_app, name="db")


def _setup(verbose: bool = False) -> None:
    from services.core.config import get_settings
    from services.core.logs import setup_logging

    s = get_settings()
    setup_logging("DEBUG" if verbose else ("WARNING" if s.log_level.upper() == "INFO" else s.log_level), s.log_json)


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Apply migrations (SQLite file under VANBAN_DATA_DIR, or VANBAN_DATABASE_URL)."""
    from services.core.migrate import upgrade

    _setup()
    upgrade(revision=revision)
    typer.echo(f"database at {revision}")


def _rebuild_embedded_index_if_recreated() -> None:
    """An embedded index left by an older version is emptied when opened: rebuild it from the database before
    serving, so an upgrade never shows an empty search."""
    from services.search import tantivy_engine
    from services.search.service import get_engine, reindex_all

    get_engine()
    if tantivy_engine.RECREATED:
        typer.echo("vanban: chỉ mục tìm kiếm có định dạng cũ — đang lập chỉ mục lại từ cơ sở dữ liệu…", err=True)
        n = reindex_all()
        typer.echo(f"vanban: đã lập chỉ mục lại {n} văn bản.", err=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    service: Annotated[str, typer.Option(help="all | ingest | search | briefing")] = "all",
    migrate: Annotated[bool, typer.Option(help="Apply migrations first")] = True,
    root_path: Annotated[str, typer.Option(help="Path prefix behind a reverse proxy, e.g. /ingest")] = "",
) -> None:
    """Start the backend (all three services in one process by default)."""
    import uvicorn

    from services.core.config import get_settings
    from services.core.logs import setup_logging

    s = get_settings()
    setup_logging(s.log_level, s.log_json)
    if migrate:
        from services.core.migrate import upgrade

        upgrade()
        from services.core.auth.bootstrap import ensure_first_admin

        first = ensure_first_admin()
        if first:
            from services.core.auth.bootstrap import first_admin_notice

            typer.echo(first_admin_notice(first, host, port), err=True)
    from services.app import SERVICES, create_app

    names = SERVICES if service == "all" else tuple(x.strip() for x in service.split(","))
    application = create_app(names)
    if "ingest" in names:
        from services.ingest.service import warm_up

        warm_up()  # the first upload does not pay for loading the readers
    _settle_heap()
    if migrate and not s.elasticsearch_url and "search" in names:
        _rebuild_embedded_index_if_recreated()
    mode = "Elasticsearch" if s.elasticsearch_url else "embedded index"
    db = "PostgreSQL" if s.database_url and s.database_url.startswith("postgres") else "SQLite"
    tasks = "Celery via broker" if s.broker_url else "in-process tasks"
    typer.echo(f"vanban ({', '.join(names)}) on http://{host}:{port}  — {db}, {mode}, {tasks}; "
               f"API docs at http://{host}:{port}/docs", err=True)
    # X-Forwarded-For is read by the request guard, from VANBAN_TRUSTED_PROXIES only
    uvicorn.run(application, host=host, port=port, log_level="info", access_log=False, root_path=root_path,
                proxy_headers=False)


def _settle_heap() -> None:
    """What start-up built and keeps for the life of the process — modules, compiled patterns, the unit directory,
    the readers' tables, the ORM's mappings: some 200,000 objects — is set out of the cyclic garbage collector's
    sight (gc.freeze): otherwise every full collection walks them all again (bench_ingest DOCX: server CPU per
    document about 10% less; the embedded server runs its tasks in this process). A worker freezes before it
    forks: its children share those pages unwritten."""
    import gc

    gc.collect()
    gc.freeze()


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(help="Worker processes")] = 2,
    queues: Annotated[str, typer.Option(help="Queues to consume")] = "vanban",
    beat: Annotated[bool, typer.Option(help="Also run the periodic scheduler")] = False,
) -> None:
    """Run a Celery worker on VANBAN_BROKER_URL."""
    from services.core.celery_app import configure_celery
    from services.core.config import get_settings

    if not get_settings().broker_url:
        typer.echo("VANBAN_BROKER_URL is not set: the embedded default runs tasks in-process, no worker needed.",
                   err=True)
        raise typer.Exit(2)
    from services.core.config import get_settings as _gs
    from services.core.logs import setup_logging
    from services.core.outbox import kick

    setup_logging(_gs().log_level, _gs().log_json)
    app_ = configure_celery()
    kick()  # this process relays the outbox too: messages written while the broker was away go out
    from services.ingest.service import warm_up

    warm_up()  # before the fork: each worker process starts with the readers loaded
    _settle_heap()
    argv = ["worker", "--loglevel=INFO", f"--concurrency={concurrency}", f"--queues={queues}", "--pool=prefork"]
    if beat:
        argv.append("--beat")
    app_.worker_main(argv)


def _collect(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith(".")))
        elif p.exists():
            out.append(p)
        else:
            typer.echo(f"không tìm thấy: {p}", err=True)
    return out


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (recursive)")],
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a worker, per document")] = 600.0,
    workers: Annotated[int, typer.Option(help="Embedded: processes that parse and understand ahead of the database "
                                              "writer (0: one per core; 1: none)")] = 0,
) -> None:
    """Store, index and follow up files (tracked tasks, as an upload); wait until each is searchable; print a summary
    (exit 1 if any failed). Resumable: interrupted and run again, it continues where it stopped (files already
    ingested are recognised by their content, and what they had not finished is finished)."""
    from tqdm import tqdm

    from services.core.config import get_settings
    from services.core.migrate import upgrade
    from services.ingest.prepare import cores
    from services.ingest.runner import ingest_paths
    from services.search.service import index_documents

    _setup()
    upgrade()
    _settle_heap()
    files = _collect(paths)
    try:
        with tqdm(total=len(files), desc="ingest", unit="tệp", file=sys.stderr, disable=None, smoothing=0.05) as bar:
            report = ingest_paths(files, index_documents, progress=bar.update, timeout=timeout,
                                  workers=workers or cores())
        if not get_settings().broker_url:  # in-process follow-ups (task changes re-index their documents) end first
            from services.core.dispatch import wait_idle
            from services.search.service import flush

            wait_idle(timeout)
            flush()
    except KeyboardInterrupt:
        if not get_settings().broker_url:  # the tasks not started are kept for the next run: exit now
            from services.core.dispatch import interrupt

            interrupt()
        typer.echo("Đã dừng. Chạy lại cùng lệnh để tiếp tục: các tệp đã nhập sẽ được bỏ qua.", err=True)
        raise typer.Exit(130) from None
    s = get_settings()
    per_hour = f", {len(files) / report.seconds * 3600:.0f} tệp/giờ" if report.seconds > 0 and files else ""
    typer.echo(
        f"{len(files)} tệp: {report.new} mới, {report.duplicates} trùng ({report.skipped} đã nhập trước đó), "
        f"{report.done} đã xử lý, {report.needs_ocr} cần OCR, {report.failed} lỗi; {report.indexed} đã lập chỉ mục "
        f"({'Elasticsearch' if s.elasticsearch_url else 'embedded'}) trong {report.seconds:.1f} s{per_hour}"
    )
    for name, code, message in report.failures:
        typer.echo(f"  LỖI {_shown(name)}: [{code}] {_shown(message)}")
    for name, registered in report.copies:  # no second set of tasks for these
        typer.echo(f"  ĐÃ ĐĂNG KÝ {_shown(name)}: bản khác của văn bản {registered}, không tạo thêm nhiệm vụ")
    if report.failed or report.needs_ocr:
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[str | None, typer.Argument(help="Query, e.g. \"317/TB-UBND\" or \"Sở Xây dựng\"")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Read {id, q, limit} JSONL from stdin (no QUERY)")] = False,
    limit: Annotated[int, typer.Option(help="Hits")] = 10,
) -> None:
    """Search as a user who may see everything (a local admin): readable results, or JSONL in and out."""
    if jsonl and query is not None:
        typer.echo("Lỗi: --jsonl đọc các truy vấn từ stdin (mỗi dòng {\"id\", \"q\"}); không kèm QUERY. "
                   f"Hãy chạy: vanban search {json.dumps(query, ensure_ascii=False)}  — hoặc: "
                   "echo '{\"q\": \"...\"}' | vanban search --jsonl", err=True)
        raise typer.Exit(2)
    if not jsonl and not (query or "").strip():
        typer.echo("Lỗi: thiếu truy vấn. Ví dụ: vanban search \"317/TB-UBND\"", err=True)
        raise typer.Exit(2)
    import html
    import re

    from services.search.engine import SearchQuery
    from services.search.service import get_engine

    _setup()
    engine = get_engine()
    if jsonl:
        for line in sys.stdin:
            if not line.strip():
                continue
            row = json.loads(line)
            result = engine.search(SearchQuery(q=row.get("q") or "", limit=int(row.get("limit") or limit),
                                               facets=False, highlight=False))
            hits = [{"document_id": h.id, "filename": h.filename, "score": h.score} for h in result.hits]
            _print_json({"id": row.get("id"), "total": result.total, "hits": hits})
        return
    result = engine.search(SearchQuery(q=query or "", limit=limit, facets=False, highlight=True))
    typer.echo(f"{result.total} kết quả cho “{query}”" + (f" (hiện {len(result.hits)})" if result.hits else ""))
    for i, h in enumerate(result.hits, 1):
        head = " · ".join(x for x in (h.number, h.doc_type, h.issued_date.strftime("%d/%m/%Y") if h.issued_date
                                      else None, h.issuer) if x)
        typer.echo(f"{i:>3}. {_shown(head or h.filename)}")
        if h.subject:
            typer.echo(f"     {h.subject}")
        if h.highlights:
            snippet = re.sub(r"</?mark>", "**", html.unescape(h.highlights[0]))
            typer.echo(f"     {snippet}")
        typer.echo(f"     [{h.id}] {_shown(h.filename)}")


@app.command()
def reindex(
    restart: Annotated[bool, typer.Option(help="Start over instead of resuming an interrupted reindex")] = False,
) -> None:
    """Rebuild the search index from the database (the source of truth), with a progress bar.  An interrupted
    run (Ctrl-C, a crash) resumes from its last checkpoint when run again; searches keep working meanwhile."""
    from tqdm import tqdm

    from services.core.db import session_factory
    from services.core.migrate import upgrade
    from services.ingest.service import count_done
    from services.search.service import reindex_all

    _setup()
    upgrade()
    with session_factory()() as session:
        total = count_done(session)
    try:
        with tqdm(total=total, desc="reindex", unit="vb", file=sys.stderr, disable=None) as bar:
            n = reindex_all(progress=bar.update, resume=not restart)
    except KeyboardInterrupt:
        typer.echo("Đã dừng lập chỉ mục lại; chạy lại `vanban reindex` để tiếp tục từ điểm đã lưu.", err=True)
        raise typer.Exit(130) from None
    typer.echo(f"{n} văn bản đã lập chỉ mục lại")


@app.command()
def reprocess(
    stale: Annotated[bool, typer.Option("--stale", help="Documents read by an older version (the default)")] = False,
    everything: Annotated[bool, typer.Option("--all", help="Every document with a reading, any version")] = False,
    since: Annotated[str | None, typer.Option(help="Documents ingested on or after DATE (YYYY-MM-DD), any version "
                                                   "unless --stale")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would be re-read; change nothing")] = False,
    batch: Annotated[int, typer.Option(help="Documents queued per unit of work")] = 100,
    timeout: Annotated[float, typer.Option(help="Embedded: seconds to wait for a batch to be read")] = 600.0,
    ocr: Annotated[bool, typer.Option("--ocr", help="Run OCR on scans again (default: their kept text layer is "
                                                    "read again)")] = False,
) -> None:
    """Read documents again with the understanding rules of this version (after an upgrade), in batches, with a
    progress bar: each as POST /documents/{id}/reprocess does — a known confidential level is never lowered, the
    tasks a clerk decided stay as they are. Resumable and idempotent with --stale (the default; `--stale --since
    DATE`: the stale ones ingested from that day): run again, it skips the documents already read by this version.
    --all, and --since alone (any version), re-read their documents each time they are run. A scan is read again
    from the text layer its OCR kept (no minutes of Tesseract per scan), unless --ocr."""
    from datetime import date

    from tqdm import tqdm

    from services.core.config import get_settings
    from services.core.db import session_factory
    from services.core.migrate import upgrade
    from services.ingest import reread
    from services.ingest.understanding.version import UNDERSTANDING_VERSION

    if stale and everything:
        typer.echo("Lỗi: chọn --stale hoặc --all, không cả hai.", err=True)
        raise typer.Exit(2)
    try:
        day = date.fromisoformat(since) if since else None
    except ValueError:
        typer.echo(f"Lỗi: ngày “{_shown(since or '')}” không hợp lệ; hãy viết YYYY-MM-DD, ví dụ 2025-03-01.", err=True)
        raise typer.Exit(2) from None
    # --since alone: every document ingested from that day, any version (a release that misread them without a new
    # version); with --stale, only the older readings of those
    selection = reread.Selection(everything=everything or (day is not None and not stale), since=day)
    _setup()
    upgrade()
    with session_factory()() as session:
        total = reread.count_selected(session, selection)
        versions = reread.versions_selected(session, selection) if dry_run else {}
    if dry_run:
        by = ", ".join(f"{n} bản {'chưa ghi phiên bản' if v is None else f'phiên bản {v}'}"
                       for v, n in sorted(versions.items(), key=lambda kv: -1 if kv[0] is None else kv[0]))
        typer.echo(f"{total} văn bản sẽ được đọc lại bằng phiên bản {UNDERSTANDING_VERSION}"
                   + (f" ({by})" if by else "") + "; chưa thay đổi gì (--dry-run).")
        return
    from services.core.dispatch import wait_idle

    embedded = not get_settings().broker_url
    try:
        with tqdm(total=total, desc="reprocess", unit="vb", file=sys.stderr, disable=None) as bar:
            # in-process: each batch is read before the next is queued; with a broker, the workers read them
            def progress(n: int, so_far: reread.Queued) -> None:
                bar.set_postfix_str(f"{so_far.from_layer} bản quét không chạy lại OCR", refresh=False)
                bar.update(n)

            queued = reread.reread(selection, batch, progress, (lambda: wait_idle(timeout)) if embedded else None,
                                   ocr=ocr)
        if embedded:
            from services.search.service import flush

            flush()
    except KeyboardInterrupt:
        if embedded:
            from services.core.dispatch import interrupt

            interrupt()
        typer.echo("Đã dừng. Chạy lại cùng lệnh để tiếp tục: các văn bản đã đọc bằng phiên bản này được bỏ qua.",
                   err=True)
        raise typer.Exit(130) from None
    layer = (f" — trong đó {queued.from_layer} văn bản quét đọc lại từ lớp chữ đã lưu, không chạy lại OCR (thêm "
             "--ocr để nhận dạng lại)" if queued.from_layer else "")
    if embedded:
        with session_factory()() as session:
            left = reread.count_stale(session)
        typer.echo(f"{queued.documents} văn bản đã được đọc lại bằng phiên bản {UNDERSTANDING_VERSION}{layer}; "
                   f"còn {left} văn bản được đọc bằng phiên bản cũ.")
    else:
        from services.core.outbox import relay, unsent_count

        try:  # hand the queue to the broker now rather than leave it to a worker's relay
            while relay():
                pass
        except Exception:  # noqa: BLE001 - the database away: what is written waits, said below
            pass
        waiting = unsent_count()
        before = (f"; {queued.waiting} văn bản đã được lần chạy trước xếp hàng, chưa gửi đi nên không xếp lại"
                  if queued.waiting else "")
        typer.echo(f"{queued.documents} văn bản đã được xếp hàng để đọc lại bằng phiên bản {UNDERSTANDING_VERSION}"
                   f"{layer}{before}; " + (
                       f"chưa kết nối được máy chủ hàng đợi (Redis): {waiting} lệnh đang chờ trong cơ sở dữ liệu, "
                       "sẽ tự gửi đi cho worker khi máy chủ hàng đợi hoạt động lại — không mất văn bản nào, chạy lại "
                       "lệnh này không đọc văn bản nào hai lần." if waiting else "các worker đang đọc (xem /readyz)."))


@app.command()
def backup(dest: Annotated[Path, typer.Argument(help="Archive to write (.tar.gz)")]) -> None:
    """Back up the database and the originals (the search index is rebuilt on restore)."""
    from services.core.backup import backup as do_backup
    from services.models import all_metadata

    _setup()
    summary = do_backup(dest, all_metadata())
    rows = sum(summary.tables.values())
    typer.echo(f"{dest}: {rows} rows in {len(summary.tables)} tables, {summary.originals} originals "
               f"(revision {summary.revision})")


@app.command()
def restore(
    src: Annotated[Path, typer.Argument(help="Archive written by `vanban backup`")],
    force: Annotated[bool, typer.Option(help="Replace the data of a non-empty instance")] = False,
) -> None:
    """Restore the database and originals into this instance, then rebuild the search index."""
    from services.core.backup import RestoreError
    from services.core.backup import restore as do_restore
    from services.models import all_metadata
    from services.search.service import reindex_all

    _setup()
    try:
        summary = do_restore(src, all_metadata(), force=force)
    except RestoreError as exc:
        typer.echo(f"restore failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    indexed = reindex_all()
    typer.echo(f"restored {sum(summary.tables.values())} rows, {summary.originals} originals; "
               f"{indexed} documents indexed")


user_app = typer.Typer(help="Accounts", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Option(help="admin | clerk | leader | unit_head | unit_staff")],
    unit: Annotated[str | None, typer.Option(help="Unit name, e.g. 'Sở Xây dựng'")] = None,
    clearance: Annotated[int, typer.Option(help="0 Thường, 1 Mật, 2 Tối mật, 3 Tuyệt mật")] = 0,
    full_name: Annotated[str | None, typer.Option()] = None,
    password: Annotated[str | None, typer.Option(help="Prompted when omitted")] = None,
) -> None:
    """Create an account."""
    from services.core.auth import service
    from services.core.db import session_scope
    from services.core.errors import VanbanError
    from services.core.migrate import upgrade

    _setup()
    upgrade()
    pw = password or typer.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    try:
        with session_scope() as session:
            user = service.create_user(session, username, pw, role, unit, clearance, full_name)
            service.audit(session, None, "change", "user", user.id, {"created": username, "role": role, "via": "cli"})
    except VanbanError as exc:
        typer.echo(f"[{exc.code}] {exc.message}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"created {username} ({role})")


@user_app.command("list")
def user_list() -> None:
    """List accounts."""
    from sqlalchemy import select

    from services.core.auth.models import User
    from services.core.db import session_factory
    from services.core.migrate import upgrade

    _setup()
    upgrade()
    with session_factory()() as session:
        for u in session.scalars(select(User).order_by(User.username)):
            unit = u.unit.name if u.unit else "-"
            typer.echo(f"{u.username:<20} {u.role:<11} clearance={u.clearance} {'DISABLED ' if u.disabled else ''}{unit}")


@user_app.command("disable")
def user_disable(username: Annotated[str, typer.Argument()]) -> None:
    """Disable an account; its tokens and API keys stop working at once."""
    from services.core.auth import service
    from services.core.db import session_scope
    from services.core.errors import VanbanError
    from services.core.migrate import upgrade

    _setup()
    upgrade()
    try:
        with session_scope() as session:
            user = service.set_disabled(session, username, True)
            service.audit(session, None, "change", "user", user.id, {"disabled": True, "via": "cli"})
    except VanbanError as exc:
        typer.echo(f"[{exc.code}] {exc.message}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"disabled {username}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
