"""Read YAML with line marks and Dutch messages, bounded in size, values and references.

The file itself is read by storage.input_files (only a regular file, within a limit).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from volwassenheid.core.errors import UserError
from volwassenheid.core.validation import key_path, pydantic_problems
from volwassenheid.storage.input_files import MEGABYTE, read_text

# libyaml's loader is about ten times faster and keeps the same line marks.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_YAML_BYTES = 5 * MEGABYTE
"""traject.yaml, a question set, a house style: far above any real one."""
MAX_YAML_VALUES = 1_000_000
"""Values in one YAML document, each reference (*naam) counted in full: a few kilobytes of
nested references could otherwise stand for billions of values."""
MAX_YAML_CHARACTERS = 2 * MAX_YAML_BYTES
"""Characters of text in one YAML document, each reference counted in full: a long text
referenced a thousand times would otherwise be printed, stored and checked a thousand times."""


@dataclass
class YamlDocument:
    data: object
    root: yaml.Node | None

    def line_of(self, path: tuple) -> int | None:
        """1-based line of the deepest node along `path` that exists."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for key in path:
            node = _child(node, key)
            if node is None:
                break
            line = node.start_mark.line + 1
        return line


def located_problems(document: YamlDocument, problems: list[tuple[tuple, str]]) -> list[str]:
    """Each (key path, message) as 'regel 4, huisstijl.logo: message', the line where the file has that key."""
    lines = []
    for loc, message in problems:
        line = document.line_of(loc)
        lines.append(f"{f'regel {line}, ' if line else ''}{key_path(loc, document.data)}: {message}")
    return lines


def _child(node: yaml.Node | None, key: object) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]
    return None


def parse_yaml(text: str, source: str) -> YamlDocument:
    """Parse with the safe loader; a syntax error names file, line and column, in Dutch."""
    loader = _SAFE_LOADER(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            nodes, shared = _distinct_nodes(root)
            if shared:  # only references (*naam) can make the document larger than its nodes
                _check_expanded_size(root, source)
            _check_duplicate_keys(nodes, source)
        data = _construct(loader, root, source)
    except yaml.MarkedYAMLError as error:
        raise UserError(yaml_error_message(error, source, text)) from error
    except yaml.reader.ReaderError as error:
        line, column = _line_and_column(text, error.position)
        raise UserError(
            f"{source}, regel {line}, kolom {column}: geen geldige YAML: een onzichtbaar stuurteken dat in YAML niet mag; haal het weg."
        ) from error
    except yaml.YAMLError as error:
        raise UserError(f"{source}: geen geldige YAML.") from error
    finally:
        loader.dispose()
    return YamlDocument(data=data, root=root)


def _construct(loader, root: yaml.Node | None, source: str) -> object:
    """Build the Python values; a value that fits no type (`2026-13-45`, `!!int abc`) is named by its place."""
    if root is None:
        return None
    try:
        return loader.construct_document(root)
    except (ValueError, TypeError, OverflowError) as error:
        node = _unconstructable_scalar(root)
        where = _where(node.start_mark) if node is not None else ""
        raise UserError(
            f"{source}{where}: geen geldige YAML: deze waarde is geen bestaande datum of geen getal van het "
            "aangegeven soort; zet tekst tussen aanhalingstekens."
        ) from error


def _unconstructable_scalar(root: yaml.Node) -> yaml.Node | None:
    constructor = yaml.constructor.SafeConstructor()
    for node in _distinct_nodes(root)[0]:
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node)
            except (ValueError, TypeError, OverflowError, yaml.YAMLError):
                return node
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expanded_size(root: yaml.Node, source: str) -> None:
    """Count the values and characters as the program will see them (references expanded), without
    expanding them; a reference to a collection that holds it would never end."""
    sizes: dict[int, int] = {}
    characters: dict[int, int] = {}
    started: set[int] = set()  # begun but not finished: the path from the root to here
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_counted = stack.pop()
        key = id(node)
        if children_counted:
            started.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            characters[key] = _own_characters(node) + sum(characters[id(child)] for child in children)
            if sizes[key] > MAX_YAML_VALUES:
                raise UserError(
                    f"{source}{_where(node.start_mark)}: geen geldige YAML: meer dan {_dutch_number(MAX_YAML_VALUES)} "
                    "waarden (verwijzingen met * volledig meegeteld); dit kan geen traject of vragenlijst zijn."
                )
            if characters[key] > MAX_YAML_CHARACTERS:
                raise UserError(
                    f"{source}{_where(node.start_mark)}: geen geldige YAML: meer dan "
                    f"{_dutch_number(MAX_YAML_CHARACTERS)} tekens tekst (verwijzingen met * volledig meegeteld); "
                    "dit kan geen traject of vragenlijst zijn."
                )
            continue
        if key in sizes:
            continue
        if key in started:
            raise UserError(f"{source}{_where(node.start_mark)}: geen geldige YAML: een verwijzing (*naam) naar het geheel waar ze zelf in staat.")
        started.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _own_characters(node: yaml.Node) -> int:
    return len(node.value) if isinstance(node, yaml.ScalarNode) else 0


def _dutch_number(number: int) -> str:
    return f"{number:_}".replace("_", ".")


def _distinct_nodes(root: yaml.Node) -> tuple[list[yaml.Node], bool]:
    """Every node once in document order, without recursion, and whether any is reached twice (through a reference)."""
    seen: set[int] = set()
    nodes = []
    shared = False
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            shared = True
            continue
        seen.add(id(node))
        nodes.append(node)
        stack.extend(reversed(_children(node)))
    return nodes, shared


def _check_duplicate_keys(nodes: list[yaml.Node], source: str) -> None:
    """YAML keeps only the last of two equal keys; silently losing the first is worse than saying so."""
    for node in nodes:
        if not isinstance(node, yaml.MappingNode):
            continue
        first_line: dict[tuple[str, str], int] = {}
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                continue
            identity = (key.tag, key.value)
            if identity in first_line:
                raise UserError(
                    f"{source}{_where(key.start_mark)}: geen geldige YAML: deze sleutel staat al eerder in dezelfde "
                    f"verzameling (op regel {first_line[identity]}); YAML zou de eerste stilzwijgend vergeten."
                )
            first_line[identity] = key.start_mark.line + 1


def _where(mark) -> str:
    return f", regel {mark.line + 1}, kolom {mark.column + 1}" if mark is not None else ""


def _character_at(text: str, line: int, column: int) -> str | None:
    lines = text.split("\n")
    return lines[line][column] if line < len(lines) and column < len(lines[line]) else None


def _line_and_column(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


# (pattern on PyYAML's or libyaml's English problem text, Dutch explanation).
# Both loaders are covered: they word the same problem differently.
_YAML_PROBLEMS = [
    (
        r"exceeded maximum nesting depth",
        "de gegevens zijn te diep genest (hoogstens 1000 niveaus)",
    ),
    (
        r"mapping values are not allowed",
        (
            "een dubbele punt op een plek waar die niet mag. Staat er ': ' in een tekst, zet de tekst dan "
            "tussen aanhalingstekens; anders klopt de inspringing niet"
        ),
    ),
    (
        r"could not find expected ':'",
        "een regel zonder 'sleutel: waarde'; de dubbele punt ontbreekt",
    ),
    (
        r"sequence entries are not allowed",
        "een lijstitem ('- ') op een plek waar dat niet mag; zet het op een eigen regel, ingesprongen onder de sleutel",
    ),
    (
        r"tab character|'\\t'",
        "een tab; spring in met spaties, niet met tabs",
    ),
    (
        r"cannot start any token",
        "een teken waarmee een waarde niet mag beginnen (zoals @ of `); zet de tekst tussen aanhalingstekens",
    ),
    (
        r"expected ',' or '\]'",
        "een lijst tussen [ ] is niet goed afgesloten: er mist een ']' of een komma",
    ),
    (
        r"expected ',' or '\}'",
        "een verzameling tussen { } is niet goed afgesloten: er mist een '}' of een komma",
    ),
    (
        r"expected '-' indicator|block end>, but found '\?'",
        "in een lijst moet elk item met '- ' beginnen, even ver ingesprongen als de items erboven",
    ),
    (
        r"did not find expected key|expected <block end>",
        (
            "de inspringing klopt hier niet, of er staat iets na een waarde dat er niet hoort (bijv. tekst achter "
            "een afsluitend aanhalingsteken); spring in met spaties, even ver als de sleutels erboven"
        ),
    ),
    (
        r"node content",
        "hier wordt een waarde verwacht, maar er staat een los leesteken (zoals een komma)",
    ),
    (
        r"unknown escape character",
        ("een onbekende code na een backslash (\\) tussen dubbele aanhalingstekens; gebruik enkele aanhalingstekens of schrijf \\\\"),
    ),
    (
        r"undefined alias",
        "een verwijzing (*naam) naar een anker (&naam) dat niet bestaat",
    ),
    (
        r"duplicate anchor",
        "hetzelfde anker (&naam) staat er twee keer",
    ),
    (
        r"alphabetic or numeric character",
        "na & of * moet een naam volgen (letters of cijfers)",
    ),
    (
        r"constructor for the tag",
        "een YAML-tag (zoals !!python/...) die niet wordt ondersteund; tags worden nooit uitgevoerd, laat de tag weg",
    ),
    (
        r"another document|document start",
        "meer dan één document; een bestand bevat precies één (geen tweede '---')",
    ),
    (
        r"unhashable key",
        "een lijst of verzameling als sleutel; een sleutel is een gewone tekst",
    ),
    (
        r"incompatible YAML document|directive",
        "een onbekende %-regel; laat die weg",
    ),
]


def yaml_error_message(error: yaml.MarkedYAMLError, source: str, text: str = "") -> str:
    """A PyYAML error as a Dutch sentence with file, line and column; no file content is echoed."""
    problem = error.problem or ""
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    where = _where(mark)
    if mark is not None and _character_at(text, mark.line, mark.column) == "\t":
        problem = "tab character"  # libyaml does not say which character it could not read
    if "end of stream" in problem and "quoted scalar" in context and error.context_mark is not None:
        start = error.context_mark
        return (
            f"{source}{where}: geen geldige YAML: het aanhalingsteken op regel {start.line + 1}, "
            f"kolom {start.column + 1} wordt nooit gesloten. Een ' binnen '...' schrijft u als ''."
        )
    if "end of stream" in problem:
        return f"{source}{where}: geen geldige YAML: het bestand houdt midden in een waarde op."
    for pattern, explanation in _YAML_PROBLEMS:
        if re.search(pattern, problem) or re.search(pattern, context):
            return f"{source}{where}: geen geldige YAML: {explanation}."
    return f"{source}{where}: geen geldige YAML: de opbouw klopt hier niet; controleer inspringing, dubbele punten en aanhalingstekens."


def read_yaml(path: Path, limit: int = MAX_YAML_BYTES) -> YamlDocument:
    return parse_yaml(read_text(path, limit), str(path))


Model = TypeVar("Model", bound=BaseModel)
Problems = list[tuple[tuple, str]]


def read_model(
    path: Path,
    model: type[Model],
    invalid: str,
    expected: str,
    explain: Callable[[tuple, str], tuple[tuple, str]] = lambda loc, message: (loc, message),
) -> tuple[Model, YamlDocument]:
    """A small YAML file of keys as `model`. Every problem is a UserError '{path}: {invalid}:' with
    the line and key of each (`explain` may say more of one); not a mapping: '{invalid}: {expected}.'"""
    document = read_yaml(path)
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        raise UserError(f"{path}: {invalid}: {expected}.")
    try:
        return model.model_validate(data), document
    except ValidationError as error:
        raise invalid_file(path, document, invalid, [explain(loc, message) for loc, message in pydantic_problems(error)]) from error


def invalid_file(path: Path, document: YamlDocument, invalid: str, problems: Problems) -> UserError:
    """'{path}: {invalid}:' with each (key path, message) as 'regel 4, key: message', in file order."""
    in_file_order = sorted(problems, key=lambda problem: document.line_of(problem[0]) or 0)
    return UserError(f"{path}: {invalid}:", located_problems(document, in_file_order))
