"""The apps are layered one way: each may use the ones below it, never one above.

    core < organisations < processes < debate < live < catalog < implementation < spreading
        < evaluation < cycles < privacy

`core` (form rendering, template tags, health check) may be imported by every app; its
`load_demo` command builds a whole demo and so may import everything. An app above reaches
into an app below through the seams the lower one offers (readiness checks, process-page
panels), never the other way round.

The test reads every module's source (no import side effects): `import` and `from … import`
statements anywhere in the file (also inside functions), relative imports resolved, and the
app labels named in `apps.get_model(...)` calls.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

LAYERS = [
    "core",
    "organisations",
    "processes",
    "debate",
    "live",
    "catalog",
    "implementation",
    "spreading",
    "evaluation",
    "cycles",
    "privacy",
]

# What each app must not import: every app above it.
FORBIDDEN = {app: set(LAYERS[i + 1 :]) for i, app in enumerate(LAYERS)}

EXEMPT = [ROOT / "core" / "management" / "commands"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    """The absolute module name a `from … import` names."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    # A package's own `from . import x` is relative to the package itself.
    drop = node.level - 1 if is_package else node.level
    base = base[: len(base) - drop] if drop else base
    return ".".join([*base, node.module] if node.module else base)


def _get_model_label(call: ast.Call) -> str | None:
    """The app label of `apps.get_model("debate", "Value")` or `get_model("debate.Value")`."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name != "get_model" or not call.args:
        return None
    first = call.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value.split(".")[0]
    return None


def imported_apps(source: str, module: str, is_package: bool = False) -> set[tuple[str, int]]:
    """(top-level name, line) for everything the source imports or loads by app label."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update((alias.name.split(".")[0], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node, is_package)
            found.add((target.split(".")[0], node.lineno))
        elif isinstance(node, ast.Call):
            label = _get_model_label(node)
            if label:
                found.add((label, node.lineno))
    return found


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if any(path.is_relative_to(exempt) for exempt in EXEMPT):
            continue
        yield path


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_never_imports_an_app_above_it(app):
    violations = []
    for path in _modules(app):
        found = imported_apps(
            path.read_text(encoding="utf-8"),
            _module_name(path),
            is_package=path.name == "__init__.py",
        )
        for name, line in sorted(found):
            if name in FORBIDDEN[app]:
                violations.append(f"{path.relative_to(ROOT)}:{line} uses {name}")
    assert not violations, f"{app} reaches up the layers:\n" + "\n".join(violations)


# The apps whose services already queue their tasks without importing `tasks`.
TASKS_DEFINED_BESIDE_SERVICES = ["catalog", "implementation", "privacy", "evaluation"]


@pytest.mark.parametrize("app", TASKS_DEFINED_BESIDE_SERVICES)
def test_services_never_import_the_tasks_that_run_them(app):
    """Tasks are entry points that call services (like views); a service that imported its
    app's tasks would close a loop. Services queue a task defined beside them instead."""
    services = [ROOT / app / "services.py", *sorted((ROOT / app / "services").rglob("*.py"))]
    loops = []
    for path in (p for p in services if p.exists()):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = _module_name(path)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                target = _resolve(module, node, path.name == "__init__.py")
                names = [f"{target}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any(n == f"{app}.tasks" or n.startswith(f"{app}.tasks.") for n in names):
                loops.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not loops, "services import tasks:\n" + "\n".join(loops)


def test_the_walk_finds_local_relative_and_get_model_imports():
    source = """
from django.apps import apps
import debate.models

def view():
    from catalog.services import publish
    Value = apps.get_model("implementation", "Initiative")
    Idea = get_model("organisations.Membership")
    from ..panels import register
    return publish, Value, Idea, register
"""
    names = {name for name, _line in imported_apps(source, "processes.views.process")}
    assert names == {
        "django",
        "debate",
        "catalog",
        "implementation",
        "organisations",
        "processes",
    }


def test_relative_imports_resolve_within_the_app():
    def resolve(source, module, is_package=False):
        return _resolve(module, ast.parse(source).body[0], is_package)

    assert resolve("from ..access import x", "debate.views.values") == "debate.access"
    assert resolve("from . import readiness", "debate.apps") == "debate"
    assert resolve("from .compile import x", "catalog.services", True) == "catalog.services.compile"


def test_the_walk_sees_the_whole_project():
    """Every app is a package with modules, so a renamed folder cannot silently pass."""
    for app in LAYERS:
        assert len(list(_modules(app))) > 1, app
