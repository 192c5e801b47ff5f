"""Deployment files: the Helm chart renders to valid manifests with what Streamlit needs behind
several replicas; publiccode.yml follows schema 0.4; the Containerfile runs as non-root with a
HEALTHCHECK and bakes in no secrets. The chart is rendered without helm (tests/helm_template.py).
`make image-test` (deploy/image_test.py) checks the built image itself."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from helm_template import RenderFailed, Unsupported, render_chart, render_text

ROOT = Path(__file__).resolve().parent.parent
CHART = ROOT / "deploy" / "helm" / "vroegdoen"
VALUES = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))


def docs(overrides: dict | None = None) -> list[dict]:
    return [d for file in render_chart(CHART, overrides).values() for d in file]


def one(manifests: list[dict], kind: str) -> dict:
    found = [d for d in manifests if d["kind"] == kind]
    assert len(found) == 1, f"{kind}: {len(found)} manifests"
    return found[0]


def pod_spec(manifests: list[dict]) -> dict:
    return one(manifests, "Deployment")["spec"]["template"]["spec"]


def env_of(container: dict) -> dict[str, dict]:
    return {e["name"]: e for e in container.get("env", [])}


# --- the renderer itself ---------------------------------------------------------------------------

def test_renderer_trims_indents_and_refuses_what_it_does_not_know():
    src = "a:\n  {{- toYaml .Values.m | nindent 2 }}\nb: {{ .Values.s | default \"x\" | quote }}\n{{- if not .Values.f }}\nc: 1\n{{- end }}\n"
    assert render_text(src, {"m": {"k": [1, 2]}, "s": "", "f": False}) == 'a:\n  k:\n  - 1\n  - 2\nb: "x"\nc: 1\n'
    with pytest.raises(Unsupported):
        render_text("{{ range .Values.l }}{{ . }}{{ end }}", {"l": [1]})
    with pytest.raises(KeyError):
        render_text("{{ .Values.missing }}", {})
    with pytest.raises(Unsupported):
        render_text("{{ .Values.m }}", {"m": {"k": 1}})


# --- the chart -------------------------------------------------------------------------------------

def test_every_manifest_parses_with_kind_and_name():
    manifests = docs()
    kinds = sorted(d["kind"] for d in manifests)
    assert kinds == sorted(["ConfigMap", "CronJob", "Deployment", "Ingress", "PersistentVolumeClaim",
                            "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount"])
    for d in manifests:
        assert d["apiVersion"] and d["metadata"]["name"].startswith("rel-vroegdoen"), d
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", d["metadata"]["name"]), d["metadata"]["name"]


def test_deployment_replicas_probes_resources_and_non_root():
    manifests = docs()
    deployment = one(manifests, "Deployment")
    assert deployment["spec"]["replicas"] >= 2
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    spec = pod_spec(manifests)
    [container] = spec["containers"]
    assert {"name": "http", "containerPort": 8501, "protocol": "TCP"} in container["ports"]
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": "http"}, probe
    assert {"cpu", "memory"} <= set(container["resources"]["requests"])
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] == container_uid()
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert spec["affinity"]["podAntiAffinity"]
    mounts = {m["name"] for m in container["volumeMounts"]}
    assert mounts <= {v["name"] for v in spec["volumes"]}
    # Writable places on a read-only root: the warehouse copy, /tmp and the stable downloads.
    assert {m["mountPath"] for m in container["volumeMounts"]} >= {"/var/lib/vroegdoen", "/tmp", "/app/static/downloads"}


def test_secrets_are_references_never_values():
    manifests = docs(SIGNED_IN)
    spec = pod_spec(manifests)
    env = env_of(spec["containers"][0])
    # The rounding key lives in the store (made there once), never in the environment or the chart.
    assert not any("SLEUTEL" in name for name in env)
    shared = env_of(pod_spec(docs(SHARED))["containers"][0])["VROEGDOEN_ORGSTORE"]
    assert "value" not in shared and shared["valueFrom"]["secretKeyRef"] == {"name": "vroegdoen-pg", "key": "url"}
    auth = next(m for m in spec["containers"][0]["volumeMounts"] if m["name"] == "auth")
    assert auth == {"name": "auth", "mountPath": "/app/.streamlit/secrets.toml", "subPath": "secrets.toml",
                    "readOnly": True}
    assert next(v for v in spec["volumes"] if v["name"] == "auth")["secret"]["secretName"] == "vroegdoen-auth"
    assert not any(d["kind"] == "Secret" for d in manifests), "the chart must not carry secret values"
    # Without an auth Secret nothing is mounted there, and the dashboard stays read-only.
    plain = pod_spec(docs())
    assert "auth" not in {v["name"] for v in plain["volumes"]}
    assert "VROEGDOEN_ORGSTORE" not in env_of(plain["containers"][0])


SIGNED_IN = {"secrets": {"auth": {"secretName": "vroegdoen-auth"}}, "replicaCount": 1,
             "orgStore": {"persistence": {"enabled": True}}}
SHARED = {"secrets": {"auth": {"secretName": "vroegdoen-auth"}}, "replicaCount": 3,
          "orgStore": {"postgresql": {"secretName": "vroegdoen-pg"}, "followSeconds": 2}}


def test_with_sign_in_one_writer_keeps_the_store_on_a_volume():
    manifests = docs(SIGNED_IN)
    spec = pod_spec(manifests)
    store = env_of(spec["containers"][0])["VROEGDOEN_ORGSTORE"]["value"]
    mount = next(m for m in spec["containers"][0]["volumeMounts"] if m["name"] == "store")
    assert store.startswith(mount["mountPath"] + "/")
    claims = {d["metadata"]["name"] for d in manifests if d["kind"] == "PersistentVolumeClaim"}
    assert next(v for v in spec["volumes"] if v["name"] == "store")["persistentVolumeClaim"]["claimName"] in claims
    assert one(manifests, "Deployment")["spec"]["strategy"] == {"type": "Recreate"}
    # A DuckDB store has one writer: two signed-in replicas, or a store on an emptyDir, are refused.
    with pytest.raises(RenderFailed, match="replicaCount 1"):
        docs({**SIGNED_IN, "replicaCount": 2})
    with pytest.raises(RenderFailed, match="orgStore.persistence"):
        docs({**SIGNED_IN, "orgStore": {"persistence": {"enabled": False}}})


def test_with_a_shared_postgresql_store_several_signed_in_replicas_roll_and_follow():
    manifests = docs(SHARED)
    deployment = one(manifests, "Deployment")
    assert deployment["spec"]["replicas"] == 3
    assert deployment["spec"]["strategy"]["type"] == "RollingUpdate"
    spec = pod_spec(manifests)
    env = env_of(spec["containers"][0])
    assert env["VROEGDOEN_VOLGTIJD"]["value"] == "2"
    assert "store" not in {v["name"] for v in spec["volumes"]}  # no file store volume
    assert not any(d["kind"] == "PersistentVolumeClaim" and d["metadata"]["name"].endswith("-store")
                   for d in manifests)
    job = one(manifests, "CronJob")["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    job_env = {e["name"]: e for c in job.get("initContainers", []) + job["containers"] for e in c.get("env", [])}
    assert job_env["VROEGDOEN_ORGSTORE"]["valueFrom"]["secretKeyRef"]["name"] == "vroegdoen-pg"


def test_service_and_ingress_keep_a_browser_on_one_pod():
    manifests = docs()
    service, ingress = one(manifests, "Service"), one(manifests, "Ingress")
    assert service["spec"]["sessionAffinity"] == "ClientIP"
    assert service["spec"]["selector"] == one(manifests, "Deployment")["spec"]["selector"]["matchLabels"]
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": service["metadata"]["name"], "port": {"name": "http"}}
    # The proxy accepts what Streamlit and the importer accept (50 MB).
    upload = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    assert int(notes["nginx.ingress.kubernetes.io/proxy-body-size"].rstrip("m")) >= upload
    assert "ingress.yaml" in render_chart(CHART, {"ingress": {"enabled": False}})
    assert render_chart(CHART, {"ingress": {"enabled": False}})["ingress.yaml"] == []


def test_refresh_cronjob_fetches_into_the_shared_volume_and_restarts_the_deployment():
    manifests = docs()
    cron = one(manifests, "CronJob")
    fields = cron["spec"]["schedule"].split()
    assert len(fields) == 5
    job = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    [refresh] = job["initContainers"]
    assert refresh["args"] == ["refresh"]
    assert refresh["image"] == pod_spec(manifests)["containers"][0]["image"]
    claim = one(manifests, "PersistentVolumeClaim")["metadata"]["name"]
    assert {"name": "refresh", "persistentVolumeClaim": {"claimName": claim}} in job["volumes"]
    app_refresh = next(v for v in pod_spec(manifests)["volumes"] if v["name"] == "refresh")
    assert app_refresh["persistentVolumeClaim"] == {"claimName": claim, "readOnly": True}
    deployment = one(manifests, "Deployment")["metadata"]["name"]
    assert job["containers"][0]["command"][-1] == f"deployment/{deployment}"
    assert job["serviceAccountName"] == one(manifests, "ServiceAccount")["metadata"]["name"]
    assert one(manifests, "Role")["rules"][0]["resourceNames"] == [deployment]
    off = docs({"refresh": {"enabled": False}})
    assert not {"CronJob", "PersistentVolumeClaim", "Role"} & {d["kind"] for d in off}
    assert "refresh" not in {v["name"] for v in pod_spec(off)["volumes"]}


def test_metrics_endpoint_is_annotated():
    annotations = one(docs(), "Deployment")["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/path"] == "/_stcore/metrics"
    assert "annotations" not in one(docs({"metrics": {"annotations": False}}), "Deployment")["spec"]["template"]["metadata"]


def _leaves(tree: dict, prefix: str = "") -> list[str]:
    out = []
    for key, value in tree.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and value and key not in ("annotations", "resources", "affinity"):
            out += _leaves(value, path)
        else:
            out.append(path)
    return out


def test_every_value_is_used_and_documented():
    templates = "".join(p.read_text(encoding="utf-8") for p in (CHART / "templates").iterdir())
    used = set(re.findall(r"\.Values\.([A-Za-z0-9_.]+)", templates))
    for leaf in _leaves(VALUES):
        assert leaf in used, f"values.yaml: {leaf} is not used by any template"
    guide = (ROOT / "docs" / "installatie.md").read_text(encoding="utf-8")
    for key in VALUES:
        assert f"`{key}" in guide, f"docs/installatie.md does not explain the value {key}"
    values_text = (CHART / "values.yaml").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(values_text):
        if re.match(r"^[A-Za-z]", line):
            assert values_text[i - 1].startswith("#") or values_text[i - 1] == "" and values_text[i - 2].startswith("#"), line


def container_uid() -> int:
    containerfile = (ROOT / "deploy" / "Containerfile").read_text(encoding="utf-8")
    users = re.findall(r"^USER\s+(\d+)", containerfile, re.M)
    assert users, "the Containerfile sets no numeric USER"
    return int(users[-1])


# --- image and repository files -------------------------------------------------------------------

def test_containerfile_runs_unprivileged_with_a_healthcheck_and_no_secrets():
    text = (ROOT / "deploy" / "Containerfile").read_text(encoding="utf-8")
    assert container_uid() != 0
    assert re.search(r"^HEALTHCHECK .*\n?.*/_stcore/health", text, re.M)
    assert "secrets.toml" not in re.sub(r"#.*", "", text).replace("rm -f /app/.streamlit/secrets.toml", "")
    assert "AFRONDSLEUTEL" not in text
    ignored = (ROOT / ".containerignore").read_text(encoding="utf-8").split()
    for path in (".streamlit/secrets.toml", "data/organisations.duckdb", "data/warehouse.duckdb", ".git", ".venv"):
        assert path in ignored, path
    conf = tomllib.loads((ROOT / "deploy" / "containers.conf").read_text(encoding="utf-8"))
    assert conf["engine"]["runtime"] == "runc"
    code = re.sub(r"#.*", "", text)
    for setting in ("runc", "cgroupfs", "ulimit", "nofile"):
        assert setting not in code, f"{setting}: this machine's podman settings stay in deploy/containers.conf"


PUBLICCODE_STATUS = {"concept", "development", "beta", "stable", "obsolete"}
PUBLICCODE_TYPES = {"standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web",
                    "standalone/backend", "standalone/other", "addon", "library", "configurationFiles"}


def test_publiccode_yml_has_the_fields_of_schema_0_4():
    code = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
    assert str(code["publiccodeYmlVersion"]) == "0.4"
    for key in ("name", "url", "platforms", "developmentStatus", "softwareType", "description", "legal",
                "maintenance", "localisation"):
        assert code.get(key), key
    assert code["developmentStatus"] in PUBLICCODE_STATUS
    assert code["softwareType"] in PUBLICCODE_TYPES
    assert code["legal"]["license"]
    assert code["maintenance"]["type"] in {"internal", "contract", "community", "none"}
    if code["maintenance"]["type"] in {"internal", "contract"}:
        assert code["maintenance"]["contacts"][0]["name"]
    assert set(code["description"]) >= {"nl", "en"}
    for lang, text in code["description"].items():
        assert 0 < len(text["shortDescription"]) <= 150, lang
        assert 150 <= len(text["longDescription"]) <= 10000, lang
        assert text["features"], lang
    assert "nl" in code["localisation"]["availableLanguages"]
    assert (ROOT / "SECURITY.md").read_text(encoding="utf-8").count("##") >= 2


def test_scripts_parse_and_the_chart_uses_what_the_entrypoint_offers():
    import subprocess
    for script, shell in (("deploy/entrypoint.sh", "sh"), ("deploy/base-image", "bash"), (".ci/run", "bash"),
                          (".ci/install-image-tools", "bash")):
        done = subprocess.run([shell, "-n", str(ROOT / script)], capture_output=True, text=True)
        assert done.returncode == 0, f"{script}: {done.stderr}"
    entry = (ROOT / "deploy" / "entrypoint.sh").read_text(encoding="utf-8")
    offered = set(re.findall(r"^  ([a-z]+)\)", entry, re.M))
    manifests = docs()
    assert pod_spec(manifests)["containers"][0]["args"][0] in offered
    assert one(manifests, "CronJob")["spec"]["jobTemplate"]["spec"]["template"]["spec"]["initContainers"][0]["args"][0] in offered
    # The roles file the pods are told to read is the key of the ConfigMap, where it is mounted.
    container = pod_spec(manifests)["containers"][0]
    path = Path(env_of(container)["VROEGDOEN_TOEGANG"]["value"])
    mount = next(m for m in container["volumeMounts"] if m["name"] == "toegang")
    assert str(path.parent) == mount["mountPath"] and path.name in one(manifests, "ConfigMap")["data"]
    # The refresh downloads land where the build looks for them (warehouse/refresh -> data/raw/cbs_refresh).
    from refresh.download import CACHE
    refresh_mount = next(m for m in container["volumeMounts"] if m["name"] == "refresh")
    assert refresh_mount["mountPath"] == f"/app/data/raw/{CACHE}"
