"""Read input files safely, and YAML with line marks and Dutch messages.

Only regular files are read, up to a size limit: a FIFO, a device (a symlink
to /dev/zero) or a folder where a file is expected is named, never waited on
or read without end.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from volwassenheid.core.errors import UserError, os_error_message

# libyaml's loader is about ten times faster and keeps the same line marks.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MEGABYTE = 1024 * 1024
MAX_YAML_BYTES = 5 * MEGABYTE
"""traject.yaml, a question set, a house style: far above any real one."""
MAX_TEXT_BYTES = MEGABYTE
"""An interview file or a file in vertrouwelijk/ (40 answers with a 1000-character remark each: about 80 kB)."""
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


BYTE_ORDER_MARKS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""The one table of byte-order marks, for every text file the program reads."""


def encoding_by_mark(data: bytes) -> str | None:
    """The encoding the byte-order mark at the start of `data` names, or None without one."""
    return next((encoding for mark, encoding in BYTE_ORDER_MARKS if data.startswith(mark)), None)


def read_text(path: Path, limit: int = MAX_TEXT_BYTES, wording: FileWording | None = None) -> str:
    """A UTF-8 text file (a byte-order mark is allowed), or UTF-16 or UTF-32 with a byte-order mark."""
    data = read_regular_file(path, limit, wording)
    try:
        encoding = encoding_by_mark(data)
        if encoding not in (None, "utf-8-sig"):
            return data.decode(encoding)
        if b"\x00" in data:  # never in UTF-8 text; every other byte in UTF-16, three of four in UTF-32
            raise UserError(
                f"{path}: geen UTF-8-tekst: het bestand bevat nul-bytes en lijkt UTF-16 of UTF-32 zonder "
                "byte-order mark. Sla het bestand op als UTF-8."
            )
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(f"{path}: geen UTF-8-tekst (byte {error.start}); sla het bestand op als UTF-8.") from error


def _say_os_error(path: Path, error: OSError) -> str:
    return f"{path}: {os_error_message(error, reading=True)}"


def _say_not_regular(path: Path, mode: int) -> str:
    return f"{path}: {_not_regular(path, mode)}"


def _say_too_large(path: Path, size: int, limit: int) -> str:
    return f"{path}: het bestand is groter dan {limit // MEGABYTE} MB en wordt niet gelezen; is het wel het goede bestand?"


@dataclass(frozen=True)
class FileWording:
    """The Dutch sentences in which read_regular_file refuses a file; the defaults suit any input file.

    A caller with its own wording (the logo, a question set) passes its own. `size` in too_large
    is what the file holds (or, when it grew while being read, what was read)."""

    missing: Callable[[Path, OSError], str] = _say_os_error
    unreadable: Callable[[Path, OSError], str] = _say_os_error
    not_regular: Callable[[Path, int], str] = _say_not_regular
    too_large: Callable[[Path, int, int], str] = _say_too_large
    more_than_one_name: Callable[[Path], str] | None = None
    """Set, a file with more than one name (a hard link could bring in any file) is refused so."""


def read_regular_file(path: Path, limit: int, wording: FileWording | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is a UserError naming it.

    The file is opened without blocking (a FIFO would otherwise wait for a
    writer forever) and checked with fstat on the open descriptor, so it cannot
    be swapped between the check and the read.
    """
    say = wording or FileWording()
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        _refuse_special(path, os.stat(path).st_mode, say)  # before opening: opening a device can itself do something
        fd = os.open(path, flags)
    except OSError as error:
        raise UserError(_os_refusal(path, error, say)) from error
    try:
        info = os.fstat(fd)
        _refuse_special(path, info.st_mode, say)  # again on what was opened: it may have been swapped meanwhile
        if info.st_size > limit:
            raise UserError(say.too_large(path, info.st_size, limit))
        if say.more_than_one_name is not None and info.st_nlink > 1:
            raise UserError(say.more_than_one_name(path))
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while we read
            raise UserError(say.too_large(path, size, limit))
        return b"".join(chunks)
    except OSError as error:
        raise UserError(_os_refusal(path, error, say)) from error
    finally:
        os.close(fd)


def _os_refusal(path: Path, error: OSError, say: FileWording) -> str:
    return say.missing(path, error) if isinstance(error, FileNotFoundError) else say.unreadable(path, error)


def _refuse_special(path: Path, mode: int, say: FileWording) -> None:
    if not stat.S_ISREG(mode):
        raise UserError(say.not_regular(path, mode))


def _not_regular(path: Path, mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is een map, geen bestand."
    kind = {
        stat.S_ISFIFO(mode): "een named pipe (FIFO)",
        stat.S_ISCHR(mode): "een apparaat (zoals /dev/zero)",
        stat.S_ISBLK(mode): "een apparaat (schijf)",
        stat.S_ISSOCK(mode): "een socket",
    }.get(True, "een speciaal bestand")
    via = " via een symbolische koppeling" if Path(path).is_symlink() else ""
    return f"is geen gewoon bestand maar {kind}{via}; alleen gewone bestanden worden gelezen. Haal het uit de map."
