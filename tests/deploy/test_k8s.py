"""deploy/k8s/*.yaml against the Kubernetes JSON schemas shipped by the kubernetes-validate package (strict: unknown
fields are errors), offline, plus the references between the objects that no schema checks."""
from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from deploy_support import DEPLOY, ROLES, SERVICE_ROLES, parse_env_file
from kubernetes_validate import utils as kv

NAMESPACE = "vanban"
# the newest schemas the package ships (every field used here is GA for years: older releases accept them too)
VERSIONS = (kv.latest_version(),)


def by_kind(k8s_docs, kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for _, d in k8s_docs if d["kind"] == kind}


def workloads(k8s_docs) -> dict[str, dict[str, Any]]:
    """Deployments and Jobs by name → their pod spec."""
    out = {n: d["spec"]["template"]["spec"] for n, d in by_kind(k8s_docs, "Deployment").items()}
    out.update({n: d["spec"]["template"]["spec"] for n, d in by_kind(k8s_docs, "Job").items()})
    return out


@pytest.mark.parametrize("version", VERSIONS)
def test_manifests_match_the_kubernetes_schemas(k8s_docs, version: str) -> None:
    failures = []
    for filename, doc in k8s_docs:
        try:
            kv.validate(doc, version, strict=True)
        except kv.ValidationError as exc:
            failures.append(f"{filename} {doc.get('kind')}/{doc['metadata'].get('name')}: "
                            f"{'/'.join(map(str, exc.absolute_path))}: {exc.message}")
        except kv.SchemaNotFoundError as exc:
            failures.append(f"{filename}: {exc.message}")
    assert not failures, "\n".join(failures)


def test_the_schemas_reject_mistakes(k8s_docs) -> None:
    deployment = next(d for _, d in k8s_docs if d["kind"] == "Deployment")
    for mutate in (
        lambda d: d["spec"].__setitem__("replica", 2),  # misspelt
        lambda d: d["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"].__setitem__("port", []),
        lambda d: d["spec"]["template"]["spec"]["containers"][0]["resources"].__setitem__("limit", {}),
    ):
        bad = copy.deepcopy(deployment)
        mutate(bad)
        with pytest.raises(kv.ValidationError):
            kv.validate(bad, kv.latest_version(), strict=True)


def test_every_object_is_in_the_namespace(k8s_docs) -> None:
    assert set(by_kind(k8s_docs, "Namespace")) == {NAMESPACE}
    for filename, doc in k8s_docs:
        if doc["kind"] != "Namespace":
            assert doc["metadata"].get("namespace") == NAMESPACE, filename


def test_the_expected_objects_exist(k8s_docs) -> None:
    assert set(by_kind(k8s_docs, "Deployment")) == {f"vanban-{r}" for r in (*SERVICE_ROLES, "worker", "beat")}
    assert set(by_kind(k8s_docs, "Service")) == {f"vanban-{r}" for r in SERVICE_ROLES}
    assert set(by_kind(k8s_docs, "Job")) == {"vanban-migrate"}
    assert len(by_kind(k8s_docs, "Ingress")) == 1
    assert len(by_kind(k8s_docs, "PersistentVolumeClaim")) == 1
    assert len(by_kind(k8s_docs, "ConfigMap")) == 1 and len(by_kind(k8s_docs, "Secret")) == 1


def test_containers(k8s_docs) -> None:
    configmaps, secrets = set(by_kind(k8s_docs, "ConfigMap")), set(by_kind(k8s_docs, "Secret"))
    claims = set(by_kind(k8s_docs, "PersistentVolumeClaim"))
    for name, pod in workloads(k8s_docs).items():
        sc = pod["securityContext"]
        assert sc["runAsNonRoot"] is True and sc["runAsUser"] == 10001, name  # the Dockerfile's USER
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        for v in volumes.values():
            if "persistentVolumeClaim" in v:
                assert v["persistentVolumeClaim"]["claimName"] in claims, name
        for c in pod["containers"]:
            assert c["args"][0] in ROLES and name == f"vanban-{c['args'][0]}", name
            assert c["image"] == pod["containers"][0]["image"]
            for key in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(c["resources"][key]), f"{name}: resources.{key}"
            refs = c.get("envFrom", [])
            assert {r["configMapRef"]["name"] for r in refs if "configMapRef" in r} == configmaps, name
            assert {r["secretRef"]["name"] for r in refs if "secretRef" in r} == secrets, name
            assert c["securityContext"]["readOnlyRootFilesystem"] is True, name
            mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
            assert "/tmp" in mounts, f"{name}: a writable /tmp (uploads spool there)"
            for volume in mounts.values():
                assert volume in volumes, f"{name}: mount of unknown volume {volume}"


def test_images_are_the_same_everywhere(k8s_docs) -> None:
    images = {c["image"] for pod in workloads(k8s_docs).values() for c in pod["containers"]}
    assert len(images) == 1


def test_probes(k8s_docs) -> None:
    deployments = by_kind(k8s_docs, "Deployment")
    for role in SERVICE_ROLES:
        c = deployments[f"vanban-{role}"]["spec"]["template"]["spec"]["containers"][0]
        ports = {p["name"]: p["containerPort"] for p in c["ports"]}
        assert ports == {"http": 8000}  # the entrypoint's --port
        assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            assert c[probe]["httpGet"]["port"] in ports
    worker = deployments["vanban-worker"]["spec"]["template"]["spec"]["containers"][0]
    assert worker["livenessProbe"]["exec"]["command"] == ["vanban-entrypoint", "healthcheck", "worker"]


def test_single_beat_and_a_migrate_job(k8s_docs) -> None:
    beat = by_kind(k8s_docs, "Deployment")["vanban-beat"]["spec"]
    assert beat["replicas"] == 1 and beat["strategy"]["type"] == "Recreate"
    job = by_kind(k8s_docs, "Job")["vanban-migrate"]["spec"]
    assert job["template"]["spec"]["restartPolicy"] == "Never"
    assert job["template"]["spec"]["containers"][0]["args"] == ["migrate"]


def test_originals_are_shared_by_ingest_briefing_and_workers(k8s_docs) -> None:
    data_dir = next(iter(by_kind(k8s_docs, "ConfigMap").values()))["data"]["VANBAN_DATA_DIR"]
    env, _ = parse_env_file(DEPLOY / ".env.example")
    assert data_dir == env["VANBAN_DATA_DIR"]
    (claim,) = by_kind(k8s_docs, "PersistentVolumeClaim").values()
    assert "ReadWriteMany" in claim["spec"]["accessModes"]
    pods = workloads(k8s_docs)
    for name in ("vanban-ingest", "vanban-briefing", "vanban-worker", "vanban-migrate"):
        pod = pods[name]
        volumes = {v["name"]: v for v in pod["volumes"]}
        mount = next(m for m in pod["containers"][0]["volumeMounts"] if m["mountPath"] == data_dir)
        assert volumes[mount["name"]]["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"], name


def test_services_select_their_deployment(k8s_docs) -> None:
    deployments = by_kind(k8s_docs, "Deployment")
    for name, svc in by_kind(k8s_docs, "Service").items():
        selector = svc["spec"]["selector"]
        matching = [d for d, dep in deployments.items()
                    if selector.items() <= dep["spec"]["template"]["metadata"]["labels"].items()]
        assert matching == [name], f"Service {name} selects {matching}"
        dep = deployments[name]
        assert dep["spec"]["selector"]["matchLabels"].items() <= dep["spec"]["template"]["metadata"]["labels"].items()
        port_names = {p["name"] for c in dep["spec"]["template"]["spec"]["containers"] for p in c.get("ports", [])}
        for port in svc["spec"]["ports"]:
            assert port["targetPort"] in port_names


def test_ingress_routes_the_three_prefixes(k8s_docs) -> None:
    (ingress,) = by_kind(k8s_docs, "Ingress").values()
    services = by_kind(k8s_docs, "Service")
    rewrite = ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/rewrite-target"]
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/use-regex"] == "true"
    routes = {}
    for rule in ingress["spec"]["rules"]:
        for p in rule["http"]["paths"]:
            backend = p["backend"]["service"]
            assert backend["name"] in services
            assert backend["port"]["name"] in {x["name"] for x in services[backend["name"]]["spec"]["ports"]}
            routes[p["path"]] = backend["name"]

    def route(path: str) -> tuple[str, str]:
        for pattern, service in routes.items():
            m = re.match(pattern, path)  # ingress-nginx matches path regexes as prefixes
            if m:
                return service, re.sub(r"\$(\d)", lambda g, m=m: m.group(int(g.group(1))), rewrite)
        raise AssertionError(f"no route for {path}")

    for role in SERVICE_ROLES:
        assert route(f"/{role}/documents/42") == (f"vanban-{role}", "/documents/42")
        assert route(f"/{role}") == (f"vanban-{role}", "/")
        assert route(f"/{role}/") == (f"vanban-{role}", "/")
    with pytest.raises(AssertionError):
        route("/ingestion/x")
