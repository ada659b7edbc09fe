"""The layers, checked: the core is pure (no files, terminal, click, rich,
questionary or WeasyPrint), and nothing outside `cli/` uses the command line.

Read from the source (ast), so an import inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "volwassenheid"

CORE_MAY_IMPORT = {
    # the core itself and the models' library
    "volwassenheid.core", "pydantic", "pydantic_core",
    # standard library modules without files, processes or terminal
    "__future__", "abc", "bisect", "collections", "copy", "dataclasses", "datetime", "decimal", "enum", "errno",
    "fractions", "functools", "heapq", "itertools", "json", "math", "numbers", "operator", "re", "statistics",
    "string", "textwrap", "types", "typing", "unicodedata",
}  # fmt: skip
CORE_MAY_NOT_CALL = {"open", "print", "input", "exec", "eval", "__import__"}
ENTRY_POINT = PACKAGE / "__main__.py"  # `python -m volwassenheid` starts the command line


def imported_modules(source: str) -> set[str]:
    """Every module an import statement names, and for `from m import n` also m.n
    (`from volwassenheid import cli`); absolute imports only, as the package uses."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative import"
            names.add(node.module or "")
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def called_builtins(source: str) -> set[str]:
    return {
        node.func.id for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    } & CORE_MAY_NOT_CALL


def allowed_in_core(module: str) -> bool:
    return any(module == allowed or module.startswith(allowed + ".") for allowed in CORE_MAY_IMPORT)


def core_problems(source: str) -> list[str]:
    """Why a core module's source is not pure; empty if it is."""
    imports = {name for name in imported_modules(source) if not allowed_in_core(name)}
    return [f"import {name}" for name in sorted(imports)] + [f"{name}()" for name in sorted(called_builtins(source))]


def uses_cli(source: str) -> bool:
    return any(name == "volwassenheid.cli" or name.startswith("volwassenheid.cli.") for name in imported_modules(source))


def modules(under: Path) -> list[Path]:
    return sorted(under.rglob("*.py"))


def test_the_core_is_pure():
    found = {
        str(path.relative_to(PACKAGE)): problems
        for path in modules(PACKAGE / "core")
        if (problems := core_problems(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_nothing_outside_cli_uses_the_command_line():
    outside = [path for path in modules(PACKAGE) if PACKAGE / "cli" not in path.parents and path != ENTRY_POINT]
    assert len(outside) > 20
    assert [str(path.relative_to(PACKAGE)) for path in outside if uses_cli(path.read_text(encoding="utf-8"))] == []


def test_the_checks_see_what_they_must_refuse():
    assert core_problems("import os\nfrom pathlib import Path\n") == ["import os", "import pathlib", "import pathlib.Path"]
    assert core_problems("def f():\n    import rich.console\n    print('x')\n") == ["import rich.console", "print()"]
    for module in ("click", "questionary", "weasyprint", "volwassenheid.storage.atomic", "volwassenheid.report", "yaml"):
        assert core_problems(f"import {module}\n") == [f"import {module}"], module
    assert core_problems("from volwassenheid.core.models import Engagement\nfrom collections import Counter\nimport math\n") == []
    assert core_problems("with open('x') as f:\n    pass\n") == ["open()"]
    assert uses_cli("from volwassenheid.cli.common import console\n")
    assert uses_cli("def f():\n    import volwassenheid.cli\n")
    assert not uses_cli("from volwassenheid.client import x\n")
