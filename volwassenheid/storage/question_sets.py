"""Find, read and validate question sets (YAML files under vragen/ or anywhere).

`erft_van` may name a shipped set by its id, or a .yaml/.yml file by a path
relative to the folder of the inheriting file, inside that folder (no `..` out
of it, no absolute path, no symlink pointing out). A base file that is not a
question set is called so, without echoing anything from it. A cycle of
inheritance is named with its chain.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TypeGuard

from pydantic import ValidationError

from volwassenheid.core.dutch import plural
from volwassenheid.core.errors import UserError
from volwassenheid.core.questionset import (
    ID_PATTERN,
    QuestionSet,
    consistency_problems,
    cut_to_limits,
    version_order,
)
from volwassenheid.core.validation import key_path, printable, pydantic_problems
from volwassenheid.storage.input_files import FileWording, read_text
from volwassenheid.storage.resources import data_dir
from volwassenheid.storage.yamlfile import YamlDocument, parse_yaml

INHERITED_KEYS = ("fasen", "modules", "begrippen", "dimensies", "adviezen", "patronen")
INHERITED_METHOD = ("fase_regel", "drempel")
"""Taken from the base set too, unless the inheriting set gives them."""
MAX_SET_BYTES = 1024 * 1024
"""A question set file is read only up to this size (1 MB); the largest shipped set is about 120 kB."""
MAX_SHOWN_PROBLEMS = 25
"""Problems printed for one file; the rest are counted."""
MAX_INHERITANCE_DEPTH = 10
SET_KEYS = frozenset(QuestionSet.model_fields)
NOT_A_SET = "geen vragenlijst (dat is een YAML-bestand met de sleutels id, naam, versie, fasen, dimensies en vragen)"


def shipped_set_dir() -> Path:
    return data_dir("vragen")


def shipped_set_paths() -> list[Path]:
    return sorted(shipped_set_dir().glob("*.y*ml"))


Origins = dict[str, tuple[Path, YamlDocument]]
"""For each inheritable key: the file (and its parsed document) that really holds it."""


def load_question_set(path: Path) -> QuestionSet:
    """Load and validate one set; every problem of the file is reported at once."""
    return _load(Path(path), chain=())[0]


def _load(path: Path, chain: tuple[Path, ...]) -> tuple[QuestionSet, Origins]:
    """`chain` holds the (resolved) files that inherit from this one, outermost first."""
    is_base = bool(chain)
    document = read_set_file(path, is_base)
    data = document.data
    if not looks_like_a_set(data, strict=is_base):
        raise UserError(f"{path}: {NOT_A_SET}.")
    number_problems = plain_number_problems(document)
    data, over_limit = cut_to_limits(data)
    data, inherited = _with_inherited_parts(data, path, chain)

    problems = consistency_problems(data)
    try:
        question_set = QuestionSet.model_validate(data)
    except ValidationError as error:
        problems = pydantic_problems(error) + problems
        question_set = None
    _raise_if_problems(over_limit + number_problems + problems, document, data, path, inherited)
    assert question_set is not None
    return question_set, {key: inherited.get(key, (path, document)) for key in INHERITED_KEYS}


_DECIMAL = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_INFINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def plain_number_problems(document: YamlDocument) -> list[tuple[tuple, str]]:
    """Numbers in a question set are plain decimals: 90, 1.5, 1e3.

    YAML 1.1 also reads 1:30 (base 60) as 90, 0x10 as 16 and 1_0 as 10; those are
    refused here, with their key. A plain 1e3, which YAML 1.1 leaves as text, is
    turned into the number 1000.0 in `document.data` (quoted text stays text,
    and the model refuses text where a number belongs).
    """
    import yaml

    problems: list[tuple[tuple, str]] = []

    def visit(node, container, key, path: tuple) -> None:
        if isinstance(node, yaml.MappingNode):
            value = container[key] if container is not None else document.data
            for key_node, value_node in node.value:
                if isinstance(value, dict) and isinstance(key_node, yaml.ScalarNode) and key_node.value in value:
                    visit(value_node, value, key_node.value, (*path, key_node.value))
        elif isinstance(node, yaml.SequenceNode):
            value = container[key] if container is not None else document.data
            if isinstance(value, list):
                for index, item in enumerate(node.value[: len(value)]):
                    visit(item, value, index, (*path, index))
        elif isinstance(node, yaml.ScalarNode) and not node.style and container is not None:  # plain, not quoted
            text = node.value
            if node.tag in _NUMBER_TAGS and not (_DECIMAL.fullmatch(text) or _INFINITE.fullmatch(text)):
                problems.append((path, f"'{text[:20]}' is geen gewoon getal; schrijf het als decimaal getal (zoals 90 of 1.5)"))
            elif node.tag == "tag:yaml.org,2002:str" and _DECIMAL.fullmatch(text):
                container[key] = float(text)

    if document.root is not None:
        visit(document.root, None, None, ())
    return problems


def _raise_if_problems(problems: list[tuple[tuple, str]], document: YamlDocument, data: dict, path: Path, inherited: Origins | None = None) -> None:
    """All problems, each with its line; one in an inherited part names the base file that holds it."""
    if not problems:
        return
    inherited = inherited or {}
    located = []
    for loc, message in problems:
        origin = inherited.get(loc[0]) if loc else None
        file_note, line = ("", document.line_of(loc)) if origin is None else (f"geërfd van {origin[0]}, ", origin[1].line_of(loc))
        located.append((origin is not None, line or 0, file_note, key_path(loc, data), message))
    located.sort(key=lambda item: item[:2])
    lines = [f"{file_note}{f'regel {line}, ' if line else ''}{where}: {message}" for _, line, file_note, where, message in located]
    if len(lines) > MAX_SHOWN_PROBLEMS:
        hidden = len(lines) - MAX_SHOWN_PROBLEMS
        lines = [*lines[:MAX_SHOWN_PROBLEMS], f"... en nog {plural(hidden, 'probleem', 'problemen')}"]
    raise UserError(f"{path}: {plural(len(problems), 'probleem', 'problemen')} in de vragenlijst:", lines)


SET_FILE_WORDING = FileWording(
    missing=lambda path, error: f"{path}: bestand bestaat niet.",
    not_regular=lambda path, mode: f"{path}: geen gewoon bestand; een vragenlijst is een YAML-bestand.",
    too_large=lambda path, size, limit: f"{path}: {size // 1024} kB is te groot voor een vragenlijst; hoogstens {limit // (1024 * 1024)} MB.",
)


def read_set_file(path: Path, is_base: bool) -> YamlDocument:
    """Read a regular file below the size limit; a broken base file is named by line only."""
    text = read_text(path, MAX_SET_BYTES, SET_FILE_WORDING)  # its messages name the file, never the content
    try:
        return parse_yaml(text, str(path))
    except UserError as error:
        if not is_base:
            raise
        raise UserError(f"{path}{_yaml_error_line(error)}: geen geldige YAML, dus {NOT_A_SET}.") from error


def _yaml_error_line(error: UserError) -> str:
    """', regel N' of a YAML error, without any of the text around it."""
    mark = getattr(error.__cause__, "problem_mark", None) or getattr(error.__cause__, "context_mark", None)
    if mark is not None:
        return f", regel {mark.line + 1}"
    found = re.search(r"regel (\d+)", error.message)
    return f", regel {found.group(1)}" if found else ""


def looks_like_a_set(data: object, strict: bool) -> TypeGuard[dict]:
    """A mapping with question-set keys. A base file must have only such keys and an id,
    so nothing of a file that is not a set ends up in a message."""
    if not isinstance(data, dict):
        return False
    keys = set(data)
    if strict:
        return "id" in keys and keys <= SET_KEYS
    return bool(keys & SET_KEYS)


def _with_inherited_parts(data: dict, path: Path, chain: tuple[Path, ...]) -> tuple[dict, Origins]:
    """A set with `erft_van` takes phases, dimensions, advice and patterns from its base set, and its
    phase rule and threshold, where it does not give its own."""
    reference = data.get("erft_van")
    if not isinstance(reference, str) or not reference:
        return data, {}  # absent, or the model reports the wrong type
    here = path.resolve()
    base_path = _base_path(reference, path)
    trail = (*chain, here)
    if base_path in trail:
        names = " → ".join(str(p) for p in (*trail[trail.index(base_path) :], base_path))
        raise UserError(f"{path}: erft_van vormt een kring: {names}. Een vragenlijst kan niet (via andere) van zichzelf erven.")
    if len(trail) > MAX_INHERITANCE_DEPTH:
        raise UserError(f"{path}: erft_van gaat meer dan {MAX_INHERITANCE_DEPTH} lijsten diep; dat is te veel.")
    try:
        base, base_origins = _load(base_path, trail)
    except UserError as error:
        raise UserError(f"{path}: erft_van '{reference}' kan niet geladen worden.", [error.message, *error.details]) from error
    merged, inherited = dict(data), {}
    for key in INHERITED_KEYS:
        if key not in merged:
            # inherited advice names the base set's questions, not this set's: it counts for the whole step
            dropped = {"vraag"} if key == "adviezen" else None
            merged[key] = [item.model_dump(exclude_none=True, exclude=dropped) for item in getattr(base, key)]
            inherited[key] = base_origins[key]
    for key in INHERITED_METHOD:
        merged.setdefault(key, getattr(base, key))  # the phases come with the rule that assigns them
    return merged, inherited


def _base_path(reference: str, inheriting: Path) -> Path:
    """The resolved file `erft_van: reference` of `inheriting` points at (see the module doc)."""
    prefix = f"{inheriting}: erft_van '{printable(reference)}'"
    if "\x00" in reference:
        raise UserError(f"{inheriting}: erft_van bevat een nul-teken; geef de id van een meegeleverde vragenlijst of een gewoon pad.")
    set_id, version = split_reference(reference)
    if re.fullmatch(ID_PATTERN, set_id):
        versions = shipped_versions(set_id)
        if not versions:
            raise UserError(
                f"{prefix}: geen meegeleverde vragenlijst met die id (let op hoofdletters). Beschikbaar: {_available()}; "
                "of geef een pad naar een .yaml-bestand naast dit bestand."
            )
        if version is None and len(versions) > 1:
            # a base set decides the phases and dimensions: never switch it silently when a new version ships
            choices = " of ".join(f"'{set_id}@{v}'" for v, _ in versions)
            raise UserError(f"{prefix}: die lijst bestaat in meer versies; schrijf welke, bijvoorbeeld erft_van: {choices}.")
        try:
            return shipped_path(set_id, version)
        except UserError as error:
            raise UserError(f"{prefix}: {error.message[:1].lower()}{error.message[1:]}") from error
    return set_file_inside(
        inheriting.parent,
        reference,
        prefix,
        absolute="geef de id van een meegeleverde vragenlijst, of een pad relatief aan de map van dit bestand.",
        outside=(
            "ligt buiten de map {folder} (via .. of een koppeling); een basislijst staat in dezelfde map "
            "of een map daaronder, of is een meegeleverde lijst."
        ),
    )


def set_file_inside(folder: Path, reference: str, prefix: str, absolute: str, outside: str) -> Path:
    """The resolved YAML file `reference` names, relative to `folder`: the one rule for `erft_van`
    and `vragenlijst.pad`. Refused when absolute, not YAML, or (via .. or a symlink) outside
    `folder`; `absolute` and `outside` ({folder} filled in) say why in the caller's words."""
    if Path(reference).is_absolute() or reference.startswith("~") or re.match(r"^[A-Za-z]:", reference):
        raise UserError(f"{prefix}: {absolute}")
    if Path(reference).suffix.lower() not in (".yaml", ".yml"):
        raise UserError(f"{prefix}: een pad moet naar een .yaml- of .yml-bestand wijzen.")
    folder = Path(folder).resolve()
    try:
        target = (folder / reference).resolve()
    except (OSError, RuntimeError) as error:  # a symlink loop
        raise UserError(f"{prefix}: kan niet gevolgd worden.") from error
    if not target.is_relative_to(folder):
        raise UserError(f"{prefix}: {outside.format(folder=folder)}")
    if not target.exists():
        raise UserError(f"{prefix}: dat bestand bestaat niet.")
    return target


def shipped_path(set_id: str, version: str | None = None) -> Path:
    """The file of the shipped set with this id and version (the newest version when none is given);
    a UserError listing what is there when there is none."""
    if version is not None:
        named = shipped_set_dir() / f"{set_id}-{version}.yaml"
        if _PLAIN_VERSION.fullmatch(version) and named.is_file() and _declared(named) == (set_id, version):
            return named.resolve()  # the usual place: one file read, not all of them
    versions = shipped_versions(set_id)
    if not versions:
        raise UserError(f"Vragenlijst '{set_id}' niet gevonden. Beschikbaar: {_available()}.")
    if version is None:
        return versions[-1][1]
    for found_version, path in versions:
        if found_version == version:
            return path
    known = ", ".join(v for v, _ in versions)
    raise UserError(f"Vragenlijst '{set_id}' versie {printable_version(version)} niet gevonden; meegeleverd zijn de versies {known}.")


def shipped_versions(set_id: str) -> list[tuple[str, Path]]:
    """(version, resolved file) of every shipped set with this id, oldest version first."""
    found = [(declared[1], path.resolve()) for path in shipped_set_paths() if (declared := _declared(path)) and declared[0] == set_id]
    return sorted(found, key=lambda item: version_order(item[0]))


def split_reference(reference: str) -> tuple[str, str | None]:
    """'samenwerking@1.0' -> ('samenwerking', '1.0'); anything else -> (reference, None)."""
    found = None if reference.lower().endswith((".yaml", ".yml")) else _VERSIONED.fullmatch(reference)
    return (found.group(1), found.group(2)) if found else (reference, None)


_VERSIONED = re.compile(r"([A-Za-z][A-Za-z0-9_]*)@([^\s/\\@]{1,40})")
_PLAIN_VERSION = re.compile(r"[\w.\-]{1,40}")
"""A version that may stand in a file name and in a message as it is."""


def printable_version(version: str) -> str:
    return version if _PLAIN_VERSION.fullmatch(version) else repr(version[:40])


def find_question_set(reference: str | os.PathLike[str], relative_to: Path | None = None) -> QuestionSet:
    """A set by path (absolute, or relative to `relative_to`), or by the id of a shipped set:
    `samenwerking` is its newest version, `samenwerking@1.0` that version."""
    if isinstance(reference, os.PathLike):
        reference = os.fspath(reference)
    if "\x00" in reference:
        raise UserError(f"Vragenlijst {reference!r}: de naam bevat een nul-teken; geef een id of een gewoon pad.")
    candidates = _path_candidates(reference, relative_to)
    for candidate in candidates:
        if candidate.exists() and not candidate.is_dir():  # a FIFO or device is named as such by the loader
            return load_question_set(candidate)
    set_id, version = split_reference(reference)
    folder = next((candidate for candidate in candidates if candidate.is_dir()), None)
    path_like = reference.endswith((".yaml", ".yml")) or "/" in reference
    if folder is not None and (path_like or not shipped_versions(set_id)):
        raise UserError(
            f"Vragenlijst '{reference}': {folder} is een map, geen bestand; geef het YAML-bestand van de vragenlijst "
            "(bijvoorbeeld MAP/mijnlijst.yaml)."
        )
    if path_like:
        raise UserError(f"Vragenlijst '{reference}' niet gevonden: dat bestand bestaat niet.")
    if fast := _named_file(set_id, version):
        return fast
    if not shipped_versions(set_id):
        raise UserError(f"Vragenlijst '{reference}' niet gevonden. Beschikbaar: {_available()}; of geef een pad naar een YAML-bestand.")
    return load_question_set(shipped_path(set_id, version))


def _named_file(set_id: str, version: str | None) -> QuestionSet | None:
    """A shipped set mostly lives in the file ID-VERSION.yaml: read that one file, once.

    Without a version the newest such file is tried; None when the names do not tell (the caller then
    reads every file's id and version)."""
    named = [(path.stem[len(set_id) + 1 :], path) for path in shipped_set_paths() if path.stem.startswith(f"{set_id}-")]
    if version is not None:
        named = [(v, path) for v, path in named if v == version]
    if not named:
        return None
    newest_version, path = max(named, key=lambda item: version_order(item[0]))
    found = load_question_set(path)
    if (found.id, found.versie) != (set_id, newest_version):
        return None
    return found


def _available() -> str:
    sets = sorted({declared for p in shipped_set_paths() if (declared := _declared(p))})
    return ", ".join(f"{set_id}@{version}" for set_id, version in sets) or "(geen)"


def _path_candidates(reference: str, relative_to: Path | None) -> list[Path]:
    candidates = [Path(reference).expanduser()]
    if relative_to is not None and not Path(reference).is_absolute():
        candidates.insert(0, relative_to / reference)
    return candidates


def _declared(path: Path) -> tuple[str, str] | None:
    """The `id` and `versie` a shipped file declares, read without full validation."""
    try:
        data = read_set_file(path, is_base=True).data
    except UserError:
        return None
    if not isinstance(data, dict):
        return None
    set_id, version = data.get("id"), data.get("versie")
    return (set_id, version) if isinstance(set_id, str) and isinstance(version, str) else None
