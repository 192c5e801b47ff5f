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
    assert len(text.splitlines()) <= 120, f"{view.name} is too long: move logic to queries/, charts/ or ui/"
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


# The rooms and the order of their imports (issues 9 and 17). A room is every top-level package and
# every top-level module, found in the tree (tests/ excluded), so a new one is checked without editing
# a list — and fails until it is given a place here. Top to bottom; a room may import every room in a
# lower layer, never one in its own layer (unless SIDEWAYS says so) or above.
LAYERS = [
    {"dashboard", "bench", "deploy"},   # the entry file, the measurements and the image test: they may use everything
    {"views"},                # one file per page
    {"ui", "reports"},        # the Streamlit building blocks and sign-in; the exports
    {"charts", "queries"},    # figure builders (pure); the query layer with privacy suppression
    {"admin"},                # everything that writes and is audited: access, audit trail, writes (issue 19)
    {"orgdata"},
    {"warehouse"},
    {"refresh"},
    {"geo"},
    # Pure methods and number format: they import nothing of the project but ``settings`` (and
    # ``analysis`` the ``formatting``), so they stand at the bottom and every room may use them; the
    # build fitting the expected-use model (warehouse/expected.py → analysis.expected) is then no
    # exception but the rule.
    {"analysis", "formatting"},
    {"settings"},             # paths, threshold, DuckDB configuration: imports nothing of the project
]
SIDEWAYS = {"ui": {"reports"}, "analysis": {"formatting"}}  # allowed within one layer, one way
# Pure rooms load neither Streamlit nor DuckDB, not even through what they import (checked below in a
# fresh interpreter); directly they may not name them at all.
PURE = {"analysis", "charts", "formatting"}
IMPURE = {"streamlit", "duckdb"}


def project_rooms(root: Path = ROOT) -> dict[str, list[Path]]:
    """Every top-level package (a folder with Python files) and top-level module, with its files."""
    rooms = {}
    for path in sorted(root.iterdir()):
        if path.name.startswith((".", "_")) or path.name == "tests":
            continue
        if path.is_dir() and (files := sorted(path.rglob("*.py"))):
            rooms[path.name] = files
        elif path.suffix == ".py":
            rooms[path.stem] = [path]
    return rooms


def allowed_imports(room: str) -> set[str]:
    """The rooms ``room`` may import: every lower layer, and what SIDEWAYS allows in its own."""
    level = next(i for i, layer in enumerate(LAYERS) if room in layer)
    return set().union(*LAYERS[level + 1:]) | SIDEWAYS.get(room, set())


def imported_names(source: str) -> set[str]:
    """The top-level names a source imports (absolute imports, also those inside functions)."""
    import ast
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def wrong_imports(room: str, source: str, rooms: set[str]) -> set[str]:
    """What ``source`` (a file of ``room``) imports against the order: upward, sideways, impure."""
    names = imported_names(source)
    wrong = (names & rooms) - allowed_imports(room) - {room}
    if room in PURE:
        wrong |= names & IMPURE
    return wrong


ROOMS = project_rooms()
KNOWN = set().union(*LAYERS)


def test_the_rooms_come_from_the_tree_and_each_has_a_place():
    assert {"views", "ui", "reports", "bench", "dashboard", "settings", "warehouse"} <= set(ROOMS)
    assert "tests" not in ROOMS
    unplaced = set(ROOMS) - KNOWN
    assert not unplaced, f"new room(s) {sorted(unplaced)}: give each a layer in LAYERS (tests/test_layers.py)"


def test_a_new_room_is_found_and_fails_until_placed(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("")
    (tmp_path / "newroom").mkdir()
    (tmp_path / "newroom" / "__init__.py").write_text("")
    (tmp_path / "loose.py").write_text("")
    (tmp_path / "docs").mkdir()
    assert set(project_rooms(tmp_path)) == {"newroom", "loose"}
    assert set(project_rooms(tmp_path)) - KNOWN == {"newroom", "loose"}


@pytest.mark.parametrize("room", sorted(ROOMS))
def test_imports_run_one_way(room):
    for path in ROOMS[room]:
        wrong = wrong_imports(room, path.read_text(encoding="utf-8"), KNOWN)
        assert not wrong, (f"{path.relative_to(ROOT)} imports {sorted(wrong)}; {room} may import "
                           f"{sorted(allowed_imports(room) & KNOWN)}")


def _above(room: str) -> str:
    """A room the checker must refuse for ``room``: one layer up, or a sideways one in the top layer."""
    level = next(i for i, layer in enumerate(LAYERS) if room in layer)
    candidates = LAYERS[level - 1] if level else LAYERS[0] - {room}
    return sorted(candidates)[0]


@pytest.mark.parametrize("room", sorted(ROOMS))
@pytest.mark.parametrize("form", ["import {0}", "from {0} import x", "def f():\n    from {0}.sub import y"])
def test_a_planted_upward_import_fails_in_every_room(room, form):
    """Plant an import of the room above into each file of every room: the checker must refuse each."""
    target = _above(room)
    for path in ROOMS[room]:
        planted = path.read_text(encoding="utf-8") + "\n" + form.format(target) + "\n"
        assert target in wrong_imports(room, planted, KNOWN), f"{path.relative_to(ROOT)}: planted {target!r} passed"


@pytest.mark.parametrize("room", sorted(PURE))
def test_a_planted_streamlit_or_duckdb_import_fails_in_a_pure_room(room):
    for module in sorted(IMPURE):
        assert module in wrong_imports(room, f"import {module}\n", KNOWN)


def test_pure_rooms_load_no_streamlit_and_no_duckdb():
    """Import formatting, every analysis and every charts module in a fresh interpreter: neither loads."""
    import subprocess
    import sys
    modules = ["settings", "formatting"] + [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for room in ("analysis", "charts") for p in ROOMS[room]]
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "print(sorted(m for m in ('streamlit', 'duckdb') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", f"a pure room loads {out.stdout.strip()}"
    assert len(modules) > 10


def test_the_check_can_fail_on_an_impure_import():
    """The fresh-interpreter check above would see it: importing queries loads DuckDB."""
    import subprocess
    import sys
    code = "import sys, queries; print('duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_settings_imports_nothing_of_the_project():
    assert not imported_names((ROOT / "settings.py").read_text(encoding="utf-8")) & KNOWN


# Rooms whose job is said elsewhere: each page's own docstring; bench/README.md.
JOB_SAID_ELSEWHERE = {"views": None, "bench": ROOT / "bench" / "README.md", "deploy": ROOT / "deploy" / "image_test.py"}


@pytest.mark.parametrize("room", sorted(ROOMS))
def test_each_room_says_its_job_and_what_it_may_import(room):
    if room in JOB_SAID_ELSEWHERE:
        paths = [JOB_SAID_ELSEWHERE[room]] if JOB_SAID_ELSEWHERE[room] else ROOMS[room]
        assert all(p.read_text(encoding="utf-8").lstrip().startswith(("\"\"\"", "#")) for p in paths)
        return
    path = ROOT / room / "__init__.py" if (ROOT / room).is_dir() else ROOT / f"{room}.py"
    import ast
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    assert "One job" in doc and "May import" in doc, f"{path.relative_to(ROOT)}: say its job and what it may import"


def module_cycles(sources: dict[str, str]) -> list[set[str]]:
    """The import circles among modules (``name: source``), also through imports inside functions."""
    import ast
    edges = {name: set() for name in sources}
    for name, source in sources.items():
        for node in ast.walk(ast.parse(source)):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            edges[name] |= {t for t in targets if t in sources and t != name}

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in edges[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        return seen

    reachable = {name: reach(name) for name in sources}
    cycles = []
    for name in sorted(sources):
        circle = {name} | {other for other in reachable[name] if name in reachable[other]}
        if len(circle) > 1 and circle not in cycles:
            cycles.append(circle)
    return cycles


def test_no_module_imports_itself_in_a_circle():
    """Not within a room either (bench/benchmark.py and bench/national.py once imported each other)."""
    sources = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p.read_text(encoding="utf-8")
               for files in ROOMS.values() for p in files}
    assert not module_cycles(sources)
    planted = dict(sources)
    planted["bench.national"] += "\ndef main():\n    from bench.benchmark import PAGES\n"
    assert {"bench.benchmark", "bench.national"} in module_cycles(planted)


UNCHECKED_WRITE = re.compile(r"\b(?:orgstore|store)\.(?:import_file|rollback|remove_demo|restore|settle|backup)\(|"
                             r"publish_org_data\(|warehouse\.build\b")


@pytest.mark.parametrize("path", [*VIEWS, *ROOT.glob("ui/*.py"), ROOT / "dashboard.py"], ids=lambda p: p.name)
def test_pages_write_only_through_the_audited_admin_package(path):
    """A page that calls orgdata.store's unchecked writes would skip the check and the audit trail (issue 19)."""
    hits = UNCHECKED_WRITE.findall(path.read_text(encoding="utf-8"))
    assert not hits, f"{path.name} writes without admin: {hits}; write through admin.writes (checked and recorded)"


def test_the_unchecked_write_pattern_finds_a_planted_call():
    assert UNCHECKED_WRITE.search("result = orgstore.import_file(data, name, kind, org)")
    assert not UNCHECKED_WRITE.search("result = writes.import_file(data, name, kind, org, actor=me)")
