"""deploy/nginx.conf: parsed (a small nginx-syntax reader), then its routing checked against compose.yaml and the
entrypoint: /ingest/, /search/, /briefing/ go to the service of that name on port 8000 with the prefix stripped."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from deploy_support import DEPLOY, SERVICE_ROLES, parse_env_file


@dataclass
class Directive:
    name: str
    args: list[str]
    block: list[Directive] | None = None
    children: list[Directive] = field(default_factory=list)

    def find(self, name: str) -> list[Directive]:
        return [d for d in self.children if d.name == name]

    def one(self, name: str) -> Directive:
        (d,) = self.find(name)
        return d


TOKEN = re.compile(r"""\s+|#[^\n]*|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([{};])|([^\s{};'"#]+)""")


def tokens(text: str) -> list[tuple[str, bool]]:
    """(token, is_punctuation) pairs; quotes removed."""
    out: list[tuple[str, bool]] = []
    pos = 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        assert m, f"nginx.conf: cannot read at {text[pos:pos + 40]!r}"
        pos = m.end()
        if m.group(1) is not None or m.group(2) is not None:
            out.append((m.group(1) if m.group(1) is not None else m.group(2), False))
        elif m.group(3):
            out.append((m.group(3), True))
        elif m.group(4):
            out.append((m.group(4), False))
    return out


def parse(text: str) -> Directive:
    root = Directive("main", [])
    stack = [root]
    words: list[str] = []
    for tok, punct in tokens(text):
        if not punct:
            words.append(tok)
        elif tok == ";":
            assert words, "empty directive"
            stack[-1].children.append(Directive(words[0], words[1:]))
            words = []
        elif tok == "{":
            assert words, "block without a name"
            d = Directive(words[0], words[1:])
            stack[-1].children.append(d)
            stack.append(d)
            words = []
        else:
            assert not words, f"directive {words} not ended by ';'"
            assert len(stack) > 1, "unbalanced '}'"
            stack.pop()
    assert not words and len(stack) == 1, "unbalanced braces or a directive without ';'"
    return root


@pytest.fixture(scope="module")
def conf() -> Directive:
    return parse((DEPLOY / "nginx.conf").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server(conf: Directive) -> Directive:
    (server,) = conf.one("http").find("server")
    return server


def locations(server: Directive) -> dict[tuple[str, ...], Directive]:
    return {tuple(d.args): d for d in server.find("location")}


def route(server: Directive, path: str) -> tuple[str, str] | None:
    """nginx's prefix-location choice (exact match first, then the longest prefix), then rewrite…break and the
    variable in proxy_pass: (upstream, URI sent upstream), or None when the proxy answers itself."""
    locs = locations(server)
    exact = locs.get(("=", path))
    if exact is not None:
        loc = exact
    else:
        prefixes = [args[0] for args in locs if len(args) == 1 and path.startswith(args[0])]
        loc = locs[(max(prefixes, key=len),)]
    if loc.find("return"):
        return None
    uri = path
    for rw in loc.find("rewrite"):
        pattern, replacement, flag = rw.args
        m = re.match(pattern, uri)
        if m:
            uri = re.sub(r"\$(\d)", lambda g, m=m: m.group(int(g.group(1))), replacement)
            assert flag == "break"
            break
    variables = {d.args[0]: d.args[1] for d in loc.find("set")}
    target = loc.one("proxy_pass").args[0]
    target = variables.get(target, target)
    return target, uri


def test_the_three_prefixes_route_to_their_service(server: Directive, compose) -> None:
    for role in SERVICE_ROLES:
        upstream, uri = route(server, f"/{role}/documents/42")
        assert upstream == f"http://{role}:8000"  # compose service name, the entrypoint's port
        assert role in compose["services"] and compose["services"][role]["expose"] == ["8000"]
        assert uri == "/documents/42"
        assert route(server, f"/{role}/") == (f"http://{role}:8000", "/")
        assert route(server, f"/{role}") is None  # redirected to /{role}/
    assert route(server, "/healthz") is None
    assert route(server, "/ingestion/x") is None  # the catch-all answers 404


def test_headers_are_not_reset_per_location(conf: Directive, server: Directive) -> None:
    """A proxy_set_header inside a location would silently drop every header set at the http level."""
    http = conf.one("http")
    headers = {d.args[0].lower(): d.args[1] for d in http.find("proxy_set_header")}
    for name in ("host", "x-forwarded-for", "x-forwarded-proto", "x-request-id", "x-forwarded-prefix"):
        assert name in headers, name
    for loc in server.find("location"):
        assert not loc.find("proxy_set_header"), f"location {loc.args} resets the proxy headers"


def test_docker_dns_and_body_size(conf: Directive) -> None:
    http = conf.one("http")
    assert http.one("resolver").args[0] == "127.0.0.11"  # Docker's embedded DNS: restarted services re-resolve
    size = http.one("client_max_body_size").args[0]
    units = {"k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
    limit = int(size[:-1]) * units[size[-1].lower()] if size[-1].isalpha() else int(size)
    env, _ = parse_env_file(DEPLOY / ".env.example")
    assert limit >= int(env["VANBAN_MAX_UPLOAD_BYTES"])


def test_the_reader_rejects_broken_files() -> None:
    for broken in ("http { server { listen 80 } }", "http { server { listen 80; }", "events { } }"):
        with pytest.raises(AssertionError):
            parse(broken)
