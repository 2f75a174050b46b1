"""deploy/entrypoint.sh starts what the `vanban` CLI really accepts, and deploy/Dockerfile wires it up.

The script runs for real (sh) with stand-ins for `vanban`, `python` and `celery` on PATH that record their
arguments; the recorded `vanban` arguments are then parsed by the real Typer/Click command of services/cli.py.
"""
from __future__ import annotations

import ast
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
from deploy_support import DEPLOY, ROLES, SERVICE_ROLES

ENTRYPOINT = DEPLOY / "entrypoint.sh"
SECRET = "a-real-looking-secret-0123456789"
CELERY_APP = DEPLOY.parent / "services" / "core" / "celery_app.py"


@pytest.fixture()
def stubs(tmp_path: Path) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("vanban", "python", "celery"):
        stub = bin_dir / name
        # one record per call (ended by \\001): the command name, then each argument, NUL-terminated
        stub.write_text(f'#!/bin/sh\nprintf "%s\\0" {name} "$@" >>"{tmp_path}/calls"\n'
                        f'printf "\\001" >>"{tmp_path}/calls"\n')
        stub.chmod(stub.stat().st_mode | stat.S_IXUSR)
    return tmp_path


def run(stubs: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, list[list[str]], str]:
    base = {"PATH": f"{stubs / 'bin'}:/usr/bin:/bin", "VANBAN_ROLE_FILE": str(stubs / "role"),
            "HOME": str(stubs)}
    proc = subprocess.run(["sh", str(ENTRYPOINT), *args], env={**base, **(env or {})}, capture_output=True,
                          text=True, timeout=20)
    calls_file = stubs / "calls"
    records = calls_file.read_text().split("\x01")[:-1] if calls_file.exists() else []
    calls = [record.split("\0")[:-1] for record in records]
    calls_file.unlink(missing_ok=True)
    return proc.returncode, calls, proc.stderr


def parse_cli(argv: list[str]) -> tuple[str, dict[str, Any]]:
    """Parse `vanban ARGV…` with the real command tree, without running it: (command path, parameters)."""
    import typer.main

    from services.cli import app

    cmd: Any = typer.main.get_command(app)  # a Click command (typer may vendor its own Click)
    ctx: Any = None
    path: list[str] = []
    while hasattr(cmd, "list_commands"):  # a group
        name, argv = argv[0], argv[1:]
        ctx = cmd.context_class(cmd, info_name=name, parent=ctx)
        sub = cmd.get_command(ctx, name)
        assert sub is not None, f"`vanban {' '.join(path + [name])}` does not exist"
        path.append(name)
        cmd = sub
    sub_ctx = cmd.make_context(path[-1], list(argv), parent=ctx)
    return " ".join(path), sub_ctx.params


def case_labels() -> set[str]:
    """The roles of the top-level `case "$role"` in the script."""
    text = ENTRYPOINT.read_text()
    body = text[text.index('case "$role" in', text.index("role=${1:-}")):]
    labels: set[str] = set()
    for m in re.finditer(r"^    ([a-z|\"]+)\)$", body, re.M):
        labels.update(x.strip('"') for x in m.group(1).split("|"))
    return labels - {""}


def test_roles() -> None:
    assert case_labels() == ROLES


@pytest.mark.parametrize("role", SERVICE_ROLES)
def test_service_roles_serve_one_service(stubs: Path, role: str) -> None:
    code, calls, err = run(stubs, role, env={"VANBAN_JWT_SECRET": SECRET})
    assert code == 0, err
    assert len(calls) == 1 and calls[0][0] == "vanban"
    command, params = parse_cli(calls[0][1:])
    assert command == "serve"
    assert params["service"] == role and params["host"] == "0.0.0.0" and params["port"] == 8000
    assert params["migrate"] is False  # the migrate role owns the schema
    assert (stubs / "role").read_text().strip() == role


def test_all_role_migrates_and_serves_everything(stubs: Path) -> None:
    code, calls, err = run(stubs, "all")
    assert code == 0, err
    command, params = parse_cli(calls[0][1:])
    assert command == "serve" and params["service"] == "all" and params["migrate"] is True


@pytest.mark.parametrize("role", [*SERVICE_ROLES, "worker"])
@pytest.mark.parametrize("secret", ["", "CHANGE-ME-generate-a-long-random-secret"])
def test_split_roles_need_a_shared_jwt_secret(stubs: Path, role: str, secret: str) -> None:
    code, calls, err = run(stubs, role, env={"VANBAN_JWT_SECRET": secret} if secret else {})
    assert code == 78 and calls == []
    assert "VANBAN_JWT_SECRET" in err


def test_worker_role(stubs: Path) -> None:
    code, calls, err = run(stubs, "worker", env={"VANBAN_JWT_SECRET": SECRET, "WORKER_CONCURRENCY": "3"})
    assert code == 0, err
    command, params = parse_cli(calls[0][1:])
    assert command == "worker" and params["concurrency"] == 3 and params["beat"] is False
    assert params["queues"] == "vanban"


def test_beat_role_schedules_without_taking_document_tasks(stubs: Path) -> None:
    code, calls, err = run(stubs, "beat")
    assert code == 0, err
    command, params = parse_cli(calls[0][1:])
    assert command == "worker" and params["beat"] is True and params["concurrency"] == 1
    _, worker_params = parse_cli(["worker"])  # the queue the ordinary workers consume
    assert params["queues"] != worker_params["queues"]
    assert f'task_default_queue="{worker_params["queues"]}"' in CELERY_APP.read_text()


def test_migrate_role_upgrades_then_creates_the_first_admin(stubs: Path) -> None:
    code, calls, err = run(stubs, "migrate")
    assert code == 0, err
    assert [c[0] for c in calls] == ["vanban", "python"]
    command, params = parse_cli(calls[0][1:])
    assert command == "db upgrade" and params["revision"] == "head"
    assert calls[1][1] == "-c"
    code_text = calls[1][2]
    compile(code_text, "<migrate>", "exec")
    m = re.search(r"from (\S+) import (\w+)", code_text)
    assert m, code_text
    module = DEPLOY.parent.joinpath(*m.group(1).split(".")).with_suffix(".py")
    functions = {n.name for n in ast.parse(module.read_text()).body if isinstance(n, ast.FunctionDef)}
    assert m.group(2) in functions, f"{m.group(1)} has no function {m.group(2)}"


def test_healthchecks(stubs: Path) -> None:
    (stubs / "role").write_text("search\n")
    code, calls, err = run(stubs, "healthcheck")
    assert code == 0, err
    assert calls[0][:2] == ["python", "-c"] and "http://127.0.0.1:8000/healthz" in calls[0][2]
    compile(calls[0][2], "<healthcheck>", "exec")

    code, calls, err = run(stubs, "healthcheck", "worker")
    assert code == 0, err
    argv = calls[-1]
    assert argv[0] == "celery" and argv[argv.index("-A") + 1] == "services.core.celery_app:celery_app"
    assert argv[argv.index("-A") + 2:][:2] == ["inspect", "ping"]
    destination = argv[argv.index("--destination") + 1]
    assert destination.startswith("celery@")
    assert re.search(r"^celery_app = Celery\(", CELERY_APP.read_text(), re.M)  # what -A names, without importing

    (stubs / "role").unlink()
    code, calls, _ = run(stubs, "healthcheck")
    assert code == 1 and calls == []


def test_other_commands_pass_through(stubs: Path) -> None:
    code, calls, _ = run(stubs, "vanban", "user", "list")
    assert code == 0 and calls == [["vanban", "user", "list"]]
    parse_cli(calls[0][1:])
    code, calls, _ = run(stubs)
    assert code == 64 and calls == []


def test_entrypoint_syntax() -> None:
    for shell in ("sh", "dash", "bash"):
        if shutil.which(shell):
            subprocess.run([shell, "-n", str(ENTRYPOINT)], check=True, timeout=10)
    assert ENTRYPOINT.read_text().startswith("#!/bin/sh\n")
    assert os.access(ENTRYPOINT, os.X_OK)


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (DEPLOY / "Dockerfile").read_text()
    text = re.sub(r"\\\n", " ", text)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_dockerfile() -> None:
    instructions = dockerfile_instructions()
    froms = [rest for word, rest in instructions if word == "FROM"]
    assert all(f.split()[0] == "python:3.11-slim" for f in froms)
    runtime = instructions[max(i for i, (w, _) in enumerate(instructions) if w == "FROM"):]
    users = [rest for word, rest in runtime if word == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert ("EXPOSE", "8000") in runtime
    healthcheck = next(rest for word, rest in runtime if word == "HEALTHCHECK")
    assert healthcheck.endswith('CMD ["vanban-entrypoint", "healthcheck"]')
    assert ("ENTRYPOINT", '["vanban-entrypoint"]') in runtime
    cmd = next(rest for word, rest in runtime if word == "CMD")
    assert cmd.strip('[]"') in ROLES
    runs = " ".join(rest for word, rest in instructions if word == "RUN")
    assert "pip install ." in runs
    # every file copied from the build context exists (the context is the repository root)
    for word, rest in instructions:
        if word == "COPY" and "--from=" not in rest:
            sources = [p for p in rest.split() if not p.startswith("--")][:-1]
            for src in sources:
                assert (DEPLOY.parent / src).exists(), f"COPY {src}: missing"
    envs = " ".join(rest for word, rest in runtime if word == "ENV")
    assert "VANBAN_DATA_DIR=/var/lib/vanban" in envs and "PIP_NO_INDEX=1" in envs
