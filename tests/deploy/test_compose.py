"""deploy/compose.yaml against the Compose Specification JSON schema, offline, plus the wiring the schema cannot see.

The schema is the compose-spec one (github.com/compose-spec/compose-spec, schema/compose-spec.json) as shipped inside
the check-jsonschema package (check_jsonschema/builtin_schemas/vendor/compose-spec.json, a dev dependency).
"""
from __future__ import annotations

import copy
import json
import re
from importlib import resources
from typing import Any

import jsonschema
import pytest
from deploy_support import DEPLOY, ROLES, SERVICE_ROLES, parse_env_file

APP_IMAGE = "vanban:latest"


@pytest.fixture(scope="module")
def compose_schema() -> dict[str, Any]:
    text = (resources.files("check_jsonschema") / "builtin_schemas" / "vendor" / "compose-spec.json").read_text()
    schema = json.loads(text)
    assert schema["title"] == "Compose Specification" and "services" in schema["properties"]
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def _errors(schema: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


def interpolate(value: Any, env: dict[str, str]) -> Any:
    """Compose's ${VAR}, ${VAR:-default}, ${VAR:?error} and $$ substitution, as `docker compose config` does."""
    if isinstance(value, dict):
        return {interpolate(k, env): interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def sub(m: re.Match[str]) -> str:
        if m.group(0) == "$$":
            return "$"
        name, op, arg = m.group("name"), m.group("op"), m.group("arg")
        if op == ":?" and not env.get(name):
            raise AssertionError(f"{name} is required: {arg}")
        if op == ":-" and not env.get(name):
            return arg or ""
        assert name in env, f"${{{name}}} is not set in .env.example"
        return env[name]

    return re.sub(r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:-|:\?)(?P<arg>[^}]*))?\}", sub, value)


def app_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in compose["services"].items() if s.get("image") == APP_IMAGE}


def test_compose_file_is_valid(compose, compose_schema) -> None:
    assert _errors(compose_schema, compose) == []


def test_compose_file_is_valid_after_interpolation(compose, compose_schema) -> None:
    env, _ = parse_env_file(DEPLOY / ".env.example")
    resolved = interpolate(compose, env)
    assert _errors(compose_schema, resolved) == []
    assert resolved["services"]["proxy"]["ports"] == ["8080:80"]


def test_the_schema_rejects_mistakes(compose, compose_schema) -> None:
    """The validation is not vacuous: a misspelt key, a wrong type and a bad condition are caught."""
    for mutate in (
        lambda c: c["services"]["ingest"].__setitem__("helthcheck", {"test": ["CMD", "true"]}),
        lambda c: c["services"]["worker"]["deploy"].__setitem__("replicas", [2]),
        lambda c: c["services"]["redis"]["healthcheck"].__setitem__("retrys", 3),
        lambda c: c["services"]["search"]["depends_on"]["migrate"].__setitem__("condition", "service_done"),
        lambda c: c.__setitem__("volume", {}),
    ):
        bad = copy.deepcopy(compose)
        mutate(bad)
        assert _errors(compose_schema, bad), "a broken compose file passed the schema"


def test_every_part_is_there(compose) -> None:
    services = compose["services"]
    for name in ("postgres", "redis", "elasticsearch", "migrate", *SERVICE_ROLES, "worker", "beat", "proxy"):
        assert name in services, f"compose.yaml lacks {name}"
    apps = app_services(compose)
    roles = {name: s["command"][0] for name, s in apps.items()}
    assert roles == {"migrate": "migrate", "ingest": "ingest", "search": "search", "briefing": "briefing",
                     "worker": "worker", "beat": "beat"}
    assert set(roles.values()) <= ROLES


def test_app_services_share_image_and_env(compose) -> None:
    for name, s in app_services(compose).items():
        assert s["env_file"] == ".env", name
        assert s["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}, name
        assert (DEPLOY / s["build"]["context"] / s["build"]["dockerfile"]).is_file()
        assert s["read_only"] is True and "/tmp" in s["tmpfs"], name


def test_healthchecks(compose) -> None:
    services = compose["services"]
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"][-1] == "ping"
    assert "_cluster/health" in " ".join(services["elasticsearch"]["healthcheck"]["test"])
    for name in (*SERVICE_ROLES, "worker"):
        test = services[name]["healthcheck"]["test"]
        assert test[:3] == ["CMD", "vanban-entrypoint", "healthcheck"], name
    assert "/healthz" in " ".join(services["proxy"]["healthcheck"]["test"])


def test_elasticsearch_single_node_without_security(compose) -> None:
    es = compose["services"]["elasticsearch"]
    env = es["environment"]
    assert env["discovery.type"] == "single-node"
    assert env["xpack.security.enabled"] == "false"
    assert re.search(r"-Xms\S+ -Xmx\S+", env["ES_JAVA_OPTS"])
    assert any(v.endswith(":/usr/share/elasticsearch/data") for v in es["volumes"])


def test_depends_on_conditions_and_no_cycle(compose) -> None:
    services = compose["services"]
    for name, s in services.items():
        for dep, spec in (s.get("depends_on") or {}).items():
            assert dep in services, f"{name} depends on unknown {dep}"
            expected = "service_completed_successfully" if dep == "migrate" else "service_healthy"
            assert spec["condition"] == expected, f"{name} → {dep}"
    for name in (*SERVICE_ROLES, "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["restart"] == "no"
    assert set(services["proxy"]["depends_on"]) == set(SERVICE_ROLES)

    seen: dict[str, int] = {}

    def visit(n: str) -> None:
        assert seen.get(n) != 1, f"depends_on cycle through {n}"
        if seen.get(n) == 2:
            return
        seen[n] = 1
        for d in services[n].get("depends_on") or {}:
            visit(d)
        seen[n] = 2

    for n in services:
        visit(n)


def test_volumes(compose) -> None:
    env, _ = parse_env_file(DEPLOY / ".env.example")
    data_dir = env["VANBAN_DATA_DIR"]
    services = compose["services"]

    def mounts(name: str) -> dict[str, str]:
        return {v.split(":")[1]: v.split(":")[0] for v in services[name].get("volumes", [])}

    # originals written by ingest are read by the workers: the same named volume at the data dir
    assert mounts("ingest")[data_dir] == mounts("worker")[data_dir] == mounts("briefing")[data_dir]
    declared = set(compose["volumes"])
    for name, s in services.items():
        for v in s.get("volumes", []):
            source = v.split(":")[0]
            if not source.startswith((".", "/")):
                assert source in declared, f"{name}: volume {source} not declared"
    assert mounts("postgres")["/var/lib/postgresql/data"] in declared
    assert mounts("redis")["/data"] in declared
    proxy_conf = next(v for v in services["proxy"]["volumes"] if "nginx.conf" in v)
    assert (DEPLOY / proxy_conf.split(":")[0]).resolve() == (DEPLOY / "nginx.conf").resolve()


def test_only_the_proxy_is_published(compose) -> None:
    for name, s in compose["services"].items():
        if name != "proxy":
            assert "ports" not in s, f"{name} should be reached through the proxy only"
    for name in SERVICE_ROLES:
        assert compose["services"][name]["expose"] == ["8000"]
