"""Read YAML safely and keep where each value stood, for messages with line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from volwassenheid.errors import UserError

# libyaml's loader is about ten times faster and keeps the same line marks.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def _child(node: yaml.Node | None, key: object) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]
    return None


def parse_yaml(text: str, source: str) -> YamlDocument:
    """Parse with the safe loader; a syntax error names file, line and column."""
    loader = _SAFE_LOADER(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f", regel {mark.line + 1}, kolom {mark.column + 1}" if mark else ""
        problem = error.problem or error.context or "onleesbare YAML"
        raise UserError(f"{source}{where}: geen geldige YAML ({problem}).") from error
    except yaml.YAMLError as error:
        raise UserError(f"{source}: geen geldige YAML ({error}).") from error
    finally:
        loader.dispose()
    return YamlDocument(data=data, root=root)


def read_yaml(path: Path) -> YamlDocument:
    return parse_yaml(read_text(path), str(path))


def read_text(path: Path) -> str:
    """Read a UTF-8 text file; a missing or unreadable file is a user error."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise UserError(f"{path}: bestand bestaat niet.") from error
    except IsADirectoryError as error:
        raise UserError(f"{path}: is een map, geen bestand.") from error
    except UnicodeDecodeError as error:
        raise UserError(f"{path}: geen UTF-8-tekst (byte {error.start}).") from error
    except OSError as error:
        raise UserError(f"{path}: kan niet gelezen worden ({error.strerror}).") from error
