"""The architecture's rules, checked like code: pages only render, SQL only in queries/, docs true."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VIEWS = sorted((ROOT / "views").glob("*.py"))
PY_FILES = [p for p in ROOT.rglob("*.py") if ".venv" not in p.parts and "tests" not in p.parts]


@pytest.mark.parametrize("view", VIEWS, ids=lambda p: p.name)
def test_views_only_render(view):
    text = view.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 120, f"{view.name} is too long: move logic to queries/ or charts.py"
    for forbidden in ("duckdb", "pdk.Layer", "read_csv", "open(", "SELECT ", "set_page_config", "sys.path"):
        assert forbidden not in text, f"{view.name} uses {forbidden!r}: pages only render"


def test_views_exist_and_are_all_in_navigation():
    nav = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    assert VIEWS, "no pages found in views/"
    for view in VIEWS:
        assert f'"views/{view.name}"' in nav, f"{view.name} is not in st.navigation"
    assert not (ROOT / "pages").exists(), "a pages/ folder turns on Streamlit's old multipage mode"


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sql_built_from_strings(path):
    text = path.read_text(encoding="utf-8")
    hits = re.findall(r"(?:execute|sql|query)\(\s*f[\"']", text)
    assert not hits, f"SQL built with an f-string in {path.name}: use $named parameters"


def test_readme_shows_the_two_commands_and_every_make_target():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    targets = re.findall(r"^([a-z]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), flags=re.M)
    undocumented = [t for t in targets if t not in ("help", "browser") and f"make {t}" not in readme]
    assert not undocumented, f"Makefile targets missing from README: {undocumented}"


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_raw_file_is_listed_in_sources():
    sources = (ROOT / "data" / "raw" / "SOURCES.md").read_text(encoding="utf-8")
    for path in (ROOT / "data" / "raw").rglob("*"):
        if "cbs_refresh" in path.parts:  # a refresh's own cache: listed in its manifest.json
            continue
        if path.is_file() and path.name != "SOURCES.md":
            assert path.name in sources, f"{path.relative_to(ROOT)} has no provenance in SOURCES.md"


# Which top-level packages each package may import (issue 9): imports run one way, no circles.
ALLOWED = {
    "geo": set(),
    "refresh": set(),
    "warehouse": {"geo", "refresh"},
    "orgdata": {"warehouse"},
    "admin": {"orgdata", "warehouse", "refresh"},  # everything that writes and is audited (issues 17, 19)
    "queries": {"warehouse"},
    "formatting": {"queries"},
    "analysis": {"queries", "formatting"},
    "charts": {"queries", "formatting", "analysis", "orgdata"},
}
PROJECT = {"geo", "refresh", "warehouse", "orgdata", "queries", "formatting", "analysis", "charts", "reports",
           "views", "ui", "dashboard", "admin", "signin"}


# Single modules a package may import beyond ALLOWED, only as ``from <module> import …``, with the reason.
# The build fits the expected-use model (issue 11): a pure method that belongs in analysis/ with the
# others. It imports nothing of the project (test below), so warehouse importing exactly it makes no circle.
ALLOWED_MODULES = {"warehouse": {"analysis.expected"}}


def _imports(path: Path, allowed_modules: frozenset = frozenset()) -> set[str]:
    import ast
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module not in allowed_modules:
                names.add(node.module.split(".")[0])
    return names & PROJECT


def test_the_modules_allowed_below_their_layer_import_nothing_of_the_project():
    for module in set().union(*ALLOWED_MODULES.values()):
        path = ROOT / (module.replace(".", "/") + ".py")
        assert not _imports(path), f"{module} is imported from below its layer, so it must import nothing of ours"


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_run_one_way(package):
    files = [ROOT / f"{package}.py"] if (ROOT / f"{package}.py").exists() else sorted((ROOT / package).glob("*.py"))
    assert files
    for path in files:
        wrong = _imports(path, frozenset(ALLOWED_MODULES.get(package, ()))) - ALLOWED[package] - {package}
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}; {package} may import {sorted(ALLOWED[package])}"


@pytest.mark.parametrize("package", ["warehouse", "orgdata", "refresh", "admin"])
def test_each_package_says_its_job_and_what_it_may_import(package):
    doc = (ROOT / package / "__init__.py").read_text(encoding="utf-8")
    assert "One job" in doc and "May import" in doc



UNCHECKED_WRITE = re.compile(r"\b(?:orgstore|store)\.(?:import_file|rollback|remove_demo|restore|settle|backup)\(|"
                             r"publish_org_data\(|warehouse\.build\b")


@pytest.mark.parametrize("path", [*VIEWS, *ROOT.glob("ui*.py"), *ROOT.glob("ui/*.py"), ROOT / "signin.py",
                                  ROOT / "dashboard.py"], ids=lambda p: p.name)
def test_pages_write_only_through_the_audited_admin_package(path):
    """A page that calls orgdata.store's unchecked writes would skip the check and the audit trail (issue 19)."""
    if not path.exists():
        pytest.skip(f"{path.name} moved")
    hits = UNCHECKED_WRITE.findall(path.read_text(encoding="utf-8"))
    assert not hits, f"{path.name} writes without admin: {hits}; write through admin.writes (checked and recorded)"


def test_the_unchecked_write_pattern_finds_a_planted_call():
    assert UNCHECKED_WRITE.search("result = orgstore.import_file(data, name, kind, org)")
    assert not UNCHECKED_WRITE.search("result = writes.import_file(data, name, kind, org, actor=me)")
