"""Find, read and validate question sets (YAML files under vragen/ or anywhere)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from volwassenheid.dutch import plural
from volwassenheid.errors import UserError
from volwassenheid.questionset import QuestionSet, consistency_problems
from volwassenheid.resources import data_dir
from volwassenheid.validation import key_path, pydantic_problems
from volwassenheid.yamlfile import read_yaml

INHERITED_KEYS = ("fasen", "dimensies", "adviezen", "patronen")


def shipped_set_dir() -> Path:
    return data_dir("vragen")


def shipped_set_paths() -> list[Path]:
    return sorted(shipped_set_dir().glob("*.y*ml"))


def load_question_set(path: Path) -> QuestionSet:
    """Load and validate one set; every problem of the file is reported at once."""
    path = Path(path)
    document = read_yaml(path)
    data = document.data
    if not isinstance(data, dict):
        raise UserError(f"{path}: een vragenlijst moet een verzameling sleutels zijn (id, naam, versie, fasen, ...).")
    data = _with_inherited_parts(data, path)

    problems = consistency_problems(data)
    try:
        question_set = QuestionSet.model_validate(data)
    except ValidationError as error:
        problems = pydantic_problems(error) + problems
        question_set = None
    if problems:
        located = sorted(
            ((document.line_of(loc) or 0, key_path(loc, data), message) for loc, message in problems),
            key=lambda item: item[0],
        )
        lines = [f"{'regel %d, ' % line if line else ''}{path}: {message}" for line, path, message in located]
        raise UserError(f"{path}: {plural(len(problems), 'probleem', 'problemen')} in de vragenlijst:", lines)
    assert question_set is not None
    return question_set


def _with_inherited_parts(data: dict, path: Path) -> dict:
    """A set with `erft_van` takes phases, dimensions and advice from its base set."""
    base_id = data.get("erft_van")
    if base_id is None:
        return data
    if not isinstance(base_id, str):
        return data  # the model reports the wrong type
    try:
        base = find_question_set(base_id, relative_to=path.parent)
    except UserError as error:
        raise UserError(f"{path}: erft_van '{base_id}' kan niet geladen worden.", [error.message, *error.details]) from error
    merged = dict(data)
    for key in INHERITED_KEYS:
        if key not in merged:
            merged[key] = [item.model_dump(exclude_none=True) for item in getattr(base, key)]
    return merged


def find_question_set(reference: str, relative_to: Path | None = None) -> QuestionSet:
    """A set by path (absolute, or relative to `relative_to`) or by the id of a shipped set."""
    for candidate in _path_candidates(reference, relative_to):
        if candidate.is_file():
            return load_question_set(candidate)
    if reference.endswith((".yaml", ".yml")) or "/" in reference:
        raise UserError(f"Vragenlijst '{reference}' niet gevonden: dat bestand bestaat niet.")
    for path in shipped_set_paths():
        if _declared_id(path) == reference:
            return load_question_set(path)
    available = ", ".join(_declared_id(p) or p.stem for p in shipped_set_paths()) or "(geen)"
    raise UserError(f"Vragenlijst '{reference}' niet gevonden. Beschikbaar: {available}; of geef een pad naar een YAML-bestand.")


def _path_candidates(reference: str, relative_to: Path | None) -> list[Path]:
    candidates = [Path(reference).expanduser()]
    if relative_to is not None and not Path(reference).is_absolute():
        candidates.insert(0, relative_to / reference)
    return candidates


def _declared_id(path: Path) -> str | None:
    """The `id` a shipped file declares, read cheaply without full validation."""
    try:
        data = read_yaml(path).data
    except UserError:
        return None
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None
