"""The question set (vragenlijst): phases, dimensions, questions and advice, as data.

The models check types and single values. Checks that span the whole set
(unique ids, references, one option per phase) live in `consistency_problems`,
so the loader can report every problem of a file at once.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, model_validator

from volwassenheid.core.dutch import plural

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
MODULE_ID_PATTERN = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
"""A module id is written as on the command line: lower case, words joined by '-' (zorg-en-veiligheid)."""
MAX_PHASES = 9
"""One key per phase in the interview (1-9), and answers fit one byte in scoring."""
MAX_QUESTIONS_PER_DIMENSION = 24
"""Scoring packs a respondent's phase total and answer count into one byte per answer."""

# Bounds on what one set may hold, so a hostile or broken file costs little and
# prints little; each is far above what a real interview can use.
MAX_DIMENSIONS = 20
MAX_QUESTIONS = MAX_DIMENSIONS * MAX_QUESTIONS_PER_DIMENSION
MAX_RECOMMENDATIONS = 500
MAX_PATTERNS = 100
MAX_CONDITIONS = 10
MAX_LIST_ITEMS = 50
"""Themes and sources of one dimension."""
MAX_TERMS = 300
LIST_LIMITS = {
    "fasen": MAX_PHASES,
    "modules": MAX_DIMENSIONS,
    "begrippen": MAX_TERMS,
    "dimensies": MAX_DIMENSIONS,
    "vragen": MAX_QUESTIONS,
    "adviezen": MAX_RECOMMENDATIONS,
    "patronen": MAX_PATTERNS,
}
MIN_WEIGHT, MAX_WEIGHT = 0.01, 100.0
"""A dimension's weight in the total: relative, so 0.01-100 covers every sensible ratio."""

Level = Literal["strategisch", "tactisch", "operationeel"]
LEVELS: tuple[Level, ...] = ("strategisch", "tactisch", "operationeel")
LEVEL_LABELS = {
    "strategisch": "Strategisch (bestuur, directie)",
    "tactisch": "Tactisch (management, ketenregie)",
    "operationeel": "Operationeel (uitvoering)",
}
Horizon = Literal["kort", "middellang", "lang"]
Actor = Literal["bestuur", "ketenregisseur", "management", "professionals"]
Operator = Literal[">=", ">", "<=", "<"]
PhaseRule = Literal["drempel", "gemiddelde"]
"""How a dimension's phase follows from its answers (see core.phase_rule)."""
DEFAULT_THRESHOLD = 0.75


def _no_control_characters(text: str) -> str:
    """A text is shown in a terminal, a report and the survey files: no invisible control characters
    (a line break and a tab are text)."""
    from volwassenheid.core.validation import control_characters, escaped

    found = control_characters(text, allowed="\n\t")
    if found:
        raise ValueError(f"bevat een onzichtbaar stuurteken ({', '.join(map(escaped, found))}); haal het weg")
    return text


Text = Annotated[str, Field(min_length=1), AfterValidator(_no_control_characters)]
Identifier = Annotated[str, Field(pattern=ID_PATTERN)]
ModuleId = Annotated[str, Field(pattern=MODULE_ID_PATTERN, max_length=40)]


def _not_a_truth_value(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("moet een getal zijn, geen ja/nee (true/false)")  # pydantic turns only ValueError into a validation message
    if isinstance(value, str):
        raise ValueError(
            "moet een getal zijn, geen tekst (schrijf het zonder aanhalingstekens)"
        )  # pydantic turns only ValueError into a validation message
    return value


# Whole numbers are strict (no true, "3" or 4.0). Other numbers are finite (no
# .inf or .nan), bounded, and never text. The loader turns a plain YAML "1e3"
# (a string to YAML 1.1) into 1000.0 and refuses 1:30, 0x10 and 1_0.
PhaseNumber = Annotated[int, Field(strict=True, ge=1, le=MAX_PHASES)]
Number = Annotated[float, BeforeValidator(_not_a_truth_value), Field(allow_inf_nan=False)]
Weight = Annotated[Number, Field(ge=MIN_WEIGHT, le=MAX_WEIGHT)]
ScoreLevel = Annotated[Number, Field(ge=0, le=MAX_PHASES)]
"""A score or a spread: scores lie between 1 and the number of phases."""
ScoreDifference = Annotated[Number, Field(ge=-MAX_PHASES, le=MAX_PHASES)]
Threshold = Annotated[Number, Field(ge=0.5, le=1)]
"""The share of answers that must be at a phase or higher for it to count as reached."""
"""A difference between two scores."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Phase(_Strict):
    nummer: PhaseNumber
    naam: Text
    beschrijving: Text


class Module(_Strict):
    """A context module: dimensions a traject adds to the core set when its kind of partnership needs them."""

    id: ModuleId
    naam: Text
    beschrijving: Text


class Term(_Strict):
    """A word from the set that not every partner knows, with its explanation (begrippenlijst)."""

    term: Annotated[str, Field(min_length=1, max_length=60)]
    uitleg: Text


class Dimension(_Strict):
    id: Identifier
    naam: Text
    kort: Annotated[str, Field(min_length=1, max_length=24)] | None = None
    """Short label for tables and charts; the full name when absent."""
    beschrijving: Text
    gewicht: Weight = 1.0
    themas: list[Text] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    bronnen: list[Text] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    samengesteld: bool = False
    """A composite: its questions cover different things on purpose, so Cronbach's alpha says nothing about it."""
    module: ModuleId | None = None
    """The module this dimension belongs to; a core dimension has none and is in every traject."""

    @property
    def label(self) -> str:
        return self.kort or self.naam


class InterviewerHelp(_Strict):
    luisteren: Text | None = None
    doorvragen: Text | None = None


SURVEY_COLUMNS = ("respondent", "organisatie", "niveau", "samenwerkingsverband", "meting", "negeren")
"""What a survey file or a column mapping calls its own columns: no question may be called so."""


def _not_a_survey_column(question_id: str) -> str:
    if question_id.lower() in SURVEY_COLUMNS:
        raise ValueError(f"'{question_id}' is de naam van een kolom in een enquêtebestand; kies een andere id")
    return question_id


class Question(_Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN), AfterValidator(_not_a_survey_column)]
    dimensie: Identifier
    tekst: Text
    opties: list[Text] = Field(max_length=MAX_PHASES)
    nvt_als: Text | None = None
    """When 'niet van toepassing' is the right answer; absent where it never is."""
    hulp: InterviewerHelp | None = None


class Advice(_Strict):
    titel: Text
    toelichting: Text
    horizon: Horizon
    actor: Actor


class Recommendation(Advice):
    """Advice for one dimension, for the step from phase `van_fase` to the next."""

    dimensie: Identifier
    van_fase: PhaseNumber
    vraag: Identifier | None = None
    """The question of this dimension whose next option this advice helps reach (see core.advice)."""


# --- pattern rules: structured conditions, never code -----------------------


class ScoreCondition(_Strict):
    soort: Literal["score"]
    dimensie: Identifier
    operator: Operator
    waarde: ScoreLevel


class DifferenceCondition(_Strict):
    """score(dimensie) - score(ten_opzichte_van)."""

    soort: Literal["verschil"]
    dimensie: Identifier
    ten_opzichte_van: Identifier
    operator: Operator
    waarde: ScoreDifference


class SpreadCondition(_Strict):
    """Standard deviation of the respondents' scores on one dimension."""

    soort: Literal["spreiding"]
    dimensie: Identifier
    operator: Operator
    waarde: ScoreLevel


class AgreementCondition(_Strict):
    """Agreement among the respondents on one dimension: rwg(J), 0 (none) to 1 (all alike)."""

    soort: Literal["overeenstemming"]
    dimensie: Identifier
    operator: Operator
    waarde: Annotated[Number, Field(ge=0, le=1)]


class LevelDifferenceCondition(_Strict):
    """Mean score of level `hoog` minus that of `laag`; all dimensions when none given."""

    soort: Literal["niveauverschil"]
    hoog: Level
    laag: Level
    dimensie: Identifier | None = None
    operator: Operator
    waarde: ScoreDifference


class OrganisationDifferenceCondition(_Strict):
    """Highest minus lowest organisation score; all dimensions when none given."""

    soort: Literal["organisatieverschil"]
    dimensie: Identifier | None = None
    operator: Operator
    waarde: ScoreDifference


class GapCountCondition(_Strict):
    """How many dimensions lie at least `minimale_kloof` below their ambition."""

    soort: Literal["aantal_kloven"]
    minimale_kloof: Annotated[Number, Field(gt=0, le=MAX_PHASES)]
    operator: Operator
    waarde: Annotated[int, Field(strict=True, ge=0, le=MAX_DIMENSIONS)]


class ChangeCondition(_Strict):
    """The change of a score since the previous measurement (`vorige_meting`); only holds when a
    comparison with it is available (see core.patterns).

    With `dimensie`, that dimension's change; with `niveau` too, that level's change on it. With
    `niveau` only, that level's change averaged over the dimensions where it is shown in both
    measurements. With neither, the condition holds when at least one dimension meets it. `echt`
    asks that the change be real (its 95% interval excludes 0) or not (`echt: false`: no demonstrable
    change); `op_vorige_agenda` that the dimension was below its doelfase at the previous measurement,
    so that its next step was on that measurement's agenda (`false`: it was not). A level's change has no interval, so
    neither goes with `niveau`."""

    soort: Literal["verandering"]
    dimensie: Identifier | None = None
    niveau: Level | None = None
    operator: Operator
    waarde: ScoreDifference
    echt: Annotated[bool, Field(strict=True)] | None = None
    op_vorige_agenda: Annotated[bool, Field(strict=True)] | None = None

    @model_validator(mode="after")
    def _fits_a_level(self) -> ChangeCondition:
        if self.niveau is not None:
            for key in ("echt", "op_vorige_agenda"):
                if getattr(self, key) is not None:
                    raise ValueError(
                        f"'{key}' kan niet samen met 'niveau': de verandering van een niveau heeft geen interval en geen doelfase; "
                        f"haal '{key}' of 'niveau' weg"
                    )
        return self


Condition = Annotated[
    ScoreCondition
    | DifferenceCondition
    | SpreadCondition
    | AgreementCondition
    | LevelDifferenceCondition
    | OrganisationDifferenceCondition
    | GapCountCondition
    | ChangeCondition,
    Field(discriminator="soort"),
]


class PatternRule(_Strict):
    id: Identifier
    naam: Text
    uitleg: Text
    voorwaarden: list[Condition] = Field(min_length=1, max_length=MAX_CONDITIONS)
    advies: Advice


class QuestionSet(_Strict):
    id: Identifier
    naam: Text
    versie: Text
    beschrijving: Text | None = None
    erft_van: Text | None = None
    """Id of a shipped set, or a .yaml path relative to this file, inside its folder: phases, dimensions and advice come from there."""
    fase_regel: PhaseRule = "drempel"
    drempel: Threshold = DEFAULT_THRESHOLD
    fasen: list[Phase] = Field(min_length=2, max_length=MAX_PHASES)
    modules: list[Module] = Field(default_factory=list, max_length=MAX_DIMENSIONS)
    begrippen: list[Term] = Field(default_factory=list, max_length=MAX_TERMS)
    dimensies: list[Dimension] = Field(min_length=1, max_length=MAX_DIMENSIONS)
    vragen: list[Question] = Field(min_length=1, max_length=MAX_QUESTIONS)
    adviezen: list[Recommendation] = Field(default_factory=list, max_length=MAX_RECOMMENDATIONS)
    patronen: list[PatternRule] = Field(default_factory=list, max_length=MAX_PATTERNS)
    _left_out: dict[str, str] = PrivateAttr(default_factory=dict)
    """Question or dimension id -> module, for the modules a traject did not choose (see core.modules)."""

    @property
    def left_out(self) -> dict[str, str]:
        """Each question and dimension of a module this traject or survey did not choose, with that
        module: so a message can say why such a column or answer does not count."""
        return dict(self._left_out)

    @property
    def phase_count(self) -> int:
        return len(self.fasen)

    def phase_name(self, number: int) -> str:
        return self.fasen[number - 1].naam

    def dimension(self, dimension_id: str) -> Dimension:
        for dimension in self.dimensies:
            if dimension.id == dimension_id:
                return dimension
        raise KeyError(dimension_id)

    def questions_of(self, dimension_id: str) -> list[Question]:
        return [q for q in self.vragen if q.dimensie == dimension_id]

    def question_ids(self) -> list[str]:
        return [q.id for q in self.vragen]

    def module_ids(self) -> list[str]:
        return [m.id for m in self.modules]


def version_order(version: str) -> tuple:
    """'1.10' after '1.9': numeric parts compare as numbers, other parts as text after them."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.\-]", version))


# --- checks across the whole set --------------------------------------------


def cut_to_limits(data: dict) -> tuple[dict, list[tuple[tuple, str]]]:
    """Lists longer than their bound, cut to it before anything looks at the items.

    A hostile file then costs little and prints little; the items past the bound
    are not checked, and the message says so.
    """
    cut = dict(data)
    problems: list[tuple[tuple, str]] = []
    for key, limit in LIST_LIMITS.items():
        items = data.get(key)
        if isinstance(items, list) and len(items) > limit:
            cut[key] = items[:limit]
            problems.append(
                (
                    (key,),
                    f"mag hoogstens {plural(limit, 'item', 'items')} bevatten (het zijn er {len(items)}; alleen de eerste {limit} zijn gecontroleerd)",
                )
            )
    return cut, problems


def consistency_problems(data: object) -> list[tuple[tuple, str]]:
    """Problems that span the set, as (key path, Dutch message).

    Works on the raw mapping and skips whatever has the wrong type (the model
    reports that), so a file with type errors still gets these checks too.
    """
    if not isinstance(data, dict):
        return []
    problems: list[tuple[tuple, str]] = []
    phases = _dict_items(data, "fasen")
    dimensions = _dict_items(data, "dimensies")
    questions = _dict_items(data, "vragen")

    for position, (index, phase) in enumerate(phases, start=1):
        number = phase.get("nummer")
        if isinstance(number, int) and number != position:
            problems.append((("fasen", index, "nummer"), f"is {number}, verwacht {position}: fasen worden genummerd 1, 2, 3, ... in volgorde"))

    problems += _duplicate_ids(_dict_items(data, "modules"), "modules", "module")
    problems += _duplicate_ids(dimensions, "dimensies", "dimensie")
    problems += _duplicate_ids(questions, "vragen", "vraag")
    problems += _duplicate_ids(_dict_items(data, "patronen"), "patronen", "patroon")

    dimension_ids = {found for _, d in dimensions if isinstance(found := d.get("id"), str)}
    known = ", ".join(sorted(dimension_ids)) or "(geen)"
    phase_count = len(phases)

    def check_dimension(path: tuple, value: object) -> None:
        if isinstance(value, str) and dimension_ids and value not in dimension_ids:
            problems.append((path, f"onbekende dimensie '{value}'; bekend zijn: {known}"))

    for index, question in questions:
        check_dimension(("vragen", index, "dimensie"), question.get("dimensie"))
        options = question.get("opties")
        if isinstance(options, list) and phase_count and len(options) != phase_count and len(options) <= MAX_PHASES:
            problems.append(
                (
                    ("vragen", index, "opties"),
                    f"heeft {plural(len(options), 'antwoordoptie', 'antwoordopties')}, verwacht {phase_count} (één per fase)",
                )
            )

    problems += _module_problems(data, dimensions)
    problems += _duplicate_ids(_dict_items(data, "begrippen"), "begrippen", "begrip", field="term")
    dimension_of_question = {q.get("id"): q.get("dimensie") for _, q in questions}
    for index, advice in _dict_items(data, "adviezen"):
        check_dimension(("adviezen", index, "dimensie"), advice.get("dimensie"))
        question_id = advice.get("vraag")
        if isinstance(question_id, str) and questions:
            if question_id not in dimension_of_question:
                problems.append((("adviezen", index, "vraag"), f"onbekende vraag '{question_id}'"))
            elif dimension_of_question[question_id] != advice.get("dimensie"):
                problems.append(
                    (
                        ("adviezen", index, "vraag"),
                        f"vraag '{question_id}' hoort bij dimensie '{dimension_of_question[question_id]}', niet bij '{advice.get('dimensie')}'",
                    )
                )
        step = advice.get("van_fase")
        if isinstance(step, int) and phase_count and not 1 <= step < phase_count:
            problems.append((("adviezen", index, "van_fase"), f"is {step}, verwacht 1 t/m {phase_count - 1} (de stap van fase k naar k+1)"))

    for index, rule in _dict_items(data, "patronen"):
        conditions = rule.get("voorwaarden")
        for c_index, condition in enumerate(conditions if isinstance(conditions, list) else []):
            if not isinstance(condition, dict):
                continue
            for key in ("dimensie", "ten_opzichte_van"):
                check_dimension(("patronen", index, "voorwaarden", c_index, key), condition.get(key))
            if condition.get("soort") == "niveauverschil" and condition.get("hoog") == condition.get("laag"):
                problems.append((("patronen", index, "voorwaarden", c_index), "'hoog' en 'laag' zijn hetzelfde niveau"))

    per_dimension = Counter(q.get("dimensie") for _, q in questions)
    for index, dimension in dimensions:
        count = per_dimension.get(dimension.get("id"), 0)
        if dimension.get("id") in dimension_ids and questions and not count:
            problems.append((("dimensies", index), f"dimensie '{dimension.get('id')}' heeft geen vragen"))
        elif count > MAX_QUESTIONS_PER_DIMENSION:
            problems.append((("dimensies", index), f"dimensie '{dimension.get('id')}' heeft {count} vragen; hoogstens {MAX_QUESTIONS_PER_DIMENSION}"))
    return problems


def _module_problems(data: dict, dimensions: list[tuple[int, dict]]) -> list[tuple[tuple, str]]:
    """Every module a dimension names is declared, and every declared module has a dimension."""
    declared = {found for _, m in _dict_items(data, "modules") if isinstance(found := m.get("id"), str)}
    used = {d.get("module") for _, d in dimensions}
    problems: list[tuple[tuple, str]] = []
    for index, dimension in dimensions:
        module = dimension.get("module")
        if isinstance(module, str) and module not in declared:
            known = ", ".join(sorted(declared)) or "(geen: zet ze onder 'modules')"
            problems.append((("dimensies", index, "module"), f"onbekende module '{module}'; bekend zijn: {known}"))
    for index, module in _dict_items(data, "modules"):
        if isinstance(module.get("id"), str) and dimensions and module["id"] not in used:
            problems.append((("modules", index), f"module '{module['id']}' heeft geen dimensie (geef een dimensie 'module: {module['id']}')"))
    return problems


def _dict_items(data: dict, key: str) -> list[tuple[int, dict]]:
    items = data.get(key)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _duplicate_ids(items: list[tuple[int, dict]], key: str, noun: str, field: str = "id") -> list[tuple[tuple, str]]:
    """Items whose `field` repeats an earlier one; a term (field 'term') repeats whatever its case."""
    first_seen: dict[str, int] = {}
    problems = []
    for index, item in items:
        value = item.get(field)
        if not isinstance(value, str):
            continue
        seen_as = value.casefold() if field == "term" else value
        if seen_as in first_seen:
            label = f"{noun}-id" if field == "id" else noun
            problems.append(((key, index, field), f"{label} '{value}' komt dubbel voor (ook bij {key}[{first_seen[seen_as]}])"))
        else:
            first_seen[seen_as] = index
    return problems
