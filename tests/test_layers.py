"""The layers of the package, checked on every import statement (also those inside functions).

core     pure: models, scoring, advice; no files, no terminal, no rendering
storage  reads and writes files; knows the core
report   builds and renders the report; knows core and storage
app      the Python API the CLI calls; knows core, storage and report
cli      parses, calls the app, prints; the only layer that may import click, rich or questionary
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import volwassenheid

PACKAGE = Path(__file__).resolve().parent.parent / "volwassenheid"
LAYERS = ("core", "storage", "report", "app", "cli")
MAY_IMPORT = {
    "core": {"core"},
    "storage": {"core", "storage"},
    "report": {"core", "storage", "report"},
    "app": {"core", "storage", "report", "app"},
    "cli": set(LAYERS),
}
TERMINAL = {"click", "rich", "questionary", "prompt_toolkit"}
RENDERING = {"weasyprint", "jinja2", "markupsafe"}
CORE_MAY_IMPORT = {
    # the models' library
    "pydantic", "pydantic_core",
    # arrays for the bootstrap (core.uncertainty, core.phase_rule), imported inside functions
    "numpy",
    # standard library modules without files, processes or terminal
    "__future__", "abc", "bisect", "collections", "copy", "dataclasses", "datetime", "decimal", "difflib", "enum", "errno",
    "fractions", "functools", "hashlib", "heapq", "html", "itertools", "json", "math", "numbers", "operator", "re", "statistics",
    "string", "textwrap", "types", "typing", "unicodedata",
}  # fmt: skip
TOP_LEVEL_NAMES = {**volwassenheid._API, "__main__": "volwassenheid.cli.main"}
"""What `from volwassenheid import X` loads: the public API lives in app/ (and __main__ starts the CLI)."""
CORE_MAY_NOT_CALL = {"open", "print", "input", "exec", "eval", "compile", "__import__"}


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, and of every module
    named as a string to importlib.import_module or __import__."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = ".".join(parts[:-1])  # for __init__.py too: its package is its folder
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            if name == "volwassenheid":  # from volwassenheid import cli, or an API name that loads a layer
                found += [(node.lineno, TOP_LEVEL_NAMES.get(alias.name, f"{name}.{alias.name}")) for alias in node.names]
        elif isinstance(node, ast.Call) and _names_a_module(node.func) and node.args:
            argument = node.args[0]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.append((node.lineno, argument.value))
    return found


def _names_a_module(function: ast.expr) -> bool:
    """importlib.import_module(...), import_module(...) or __import__(...)."""
    name = function.attr if isinstance(function, ast.Attribute) else function.id if isinstance(function, ast.Name) else ""
    return name in ("import_module", "__import__")


def layer_of(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 and parts[0] in LAYERS else None


def violations(path: Path) -> list[str]:
    layer = layer_of(path)
    where = path.relative_to(PACKAGE.parent)
    problems = []
    for line, name in imports_of(path):
        top, *rest = name.split(".")
        if top == "volwassenheid":
            target = rest[0] if rest else None
            if target == "cli" and layer != "cli" and path.name != "__main__.py":  # `python -m volwassenheid` starts the CLI
                problems.append(f"{where}:{line} imports {name}: only cli/ may import cli")
            elif layer and target in LAYERS and target not in MAY_IMPORT[layer]:
                problems.append(f"{where}:{line} imports {name}: {layer}/ may import {sorted(MAY_IMPORT[layer])}")
            continue
        if layer in ("core", "storage", "report", "app") and top in TERMINAL:
            problems.append(f"{where}:{line} imports {name}: no terminal outside cli/")
        if layer in ("core", "storage") and top in RENDERING:
            problems.append(f"{where}:{line} imports {name}: rendering belongs in report/")
        if layer == "core" and top not in CORE_MAY_IMPORT:
            problems.append(f"{where}:{line} imports {name}: the core does no I/O")
    if layer == "core":
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CORE_MAY_NOT_CALL:
                problems.append(f"{where}:{node.lineno} calls {node.func.id}(): the core does no I/O")
    return problems


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_sits_in_a_layer():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    assert loose == []


def test_the_layers_import_only_what_they_may():
    problems = [problem for path in modules() for problem in violations(path)]
    assert problems == []


@pytest.mark.parametrize(
    ("layer", "source", "complaint"),
    [
        ("core", "import os\n", "the core does no I/O"),
        ("core", "def f():\n    from pathlib import Path\n", "the core does no I/O"),
        ("core", "import yaml\n", "the core does no I/O"),
        ("core", "import sys\n", "the core does no I/O"),
        ("core", "def f():\n    exec('x = 1')\n", "calls exec()"),
        ("core", "def f():\n    print('x')\n", "calls print()"),
        ("core", "from volwassenheid.storage import atomic\n", "core/ may import"),
        ("core", "from ..report import data\n", "core/ may import"),
        ("storage", "import rich\n", "no terminal outside cli/"),
        ("storage", "import jinja2\n", "rendering belongs in report/"),
        ("report", "from volwassenheid.app import traject\n", "report/ may import"),
        ("app", "from volwassenheid.cli.common import console\n", "only cli/ may import cli"),
        ("storage", "from volwassenheid import cli\n", "only cli/ may import cli"),
        ("core", "from volwassenheid import Traject\n", "core/ may import"),
        ("app", "from volwassenheid import __main__\n", "only cli/ may import cli"),
        ("app", "import importlib\nimportlib.import_module('volwassenheid.cli.main')\n", "only cli/ may import cli"),
        ("storage", "__import__('volwassenheid.cli')\n", "only cli/ may import cli"),
        ("app", "import click\n", "no terminal outside cli/"),
    ],
)
def test_the_rule_catches_each_kind_of_breach(tmp_path, monkeypatch, layer, source, complaint):
    """The check itself: a module that breaks the rule is reported."""
    problems = violations_of_a_fake_module(tmp_path, monkeypatch, layer, "breach.py", source)
    assert any(complaint in problem for problem in problems)


def violations_of_a_fake_module(tmp_path, monkeypatch, layer: str, name: str, source: str) -> list[str]:
    fake = tmp_path / "volwassenheid"
    (fake / layer).mkdir(parents=True)
    module = fake / layer / name
    module.write_text(source, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    return violations(module)


def test_the_rule_lets_a_proper_core_module_pass(tmp_path, monkeypatch):
    source = "import math\nfrom pydantic import BaseModel\nfrom . import dutch\nfrom volwassenheid.core import scoring\n"
    assert violations_of_a_fake_module(tmp_path, monkeypatch, "core", "fine.py", source) == []


@pytest.mark.parametrize(
    ("layer", "source", "complaint"),
    [
        ("app", "from ..cli import common\n", "only cli/ may import cli"),
        ("core", "from ..storage import atomic\n", "core/ may import"),
        ("core", "from . import scoring\nfrom .. import cli\n", "only cli/ may import cli"),
    ],
)
def test_a_relative_import_in_a_package_init_is_resolved_from_its_folder(tmp_path, monkeypatch, layer, source, complaint):
    problems = violations_of_a_fake_module(tmp_path, monkeypatch, layer, "__init__.py", source)
    assert any(complaint in problem for problem in problems)
