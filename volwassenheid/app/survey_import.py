"""Survey rows added to a traject as respondents E01, E02, ...: the `importeer` command without the printing."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from os import PathLike
from pathlib import Path

from volwassenheid.app.interviews import known_organisations
from volwassenheid.app.survey import ColumnMappingRef, SurveyFile, column_mapping_of, load_survey, refuse_problems
from volwassenheid.app.traject import Traject
from volwassenheid.app.traject_setup import known_spelling
from volwassenheid.core.answers import AnswerTable
from volwassenheid.core.dutch import plural
from volwassenheid.core.errors import UserError, os_error_reason
from volwassenheid.core.models import QuestionSetRef, ScoringSettings, name_key
from volwassenheid.core.partnerships import not_counted_reasons, survey_interview
from volwassenheid.core.scoring import respondents_who_count
from volwassenheid.core.survey import ORGANISATION, same_person
from volwassenheid.core.survey_table import Problem, problems_text
from volwassenheid.storage import respondents
from volwassenheid.storage.traject_folder import load_engagement

IMPORT_PREFIX = "E"
"""Imported respondents are E01, E02, ...; interviews keep their own prefix."""


@dataclass(frozen=True)
class ImportResult:
    folder: Path
    codes: list[str]
    """The codes the new respondents got, in file order."""
    skipped_partnerships: int
    """How many other partnerships the file held (their rows are not imported)."""
    notes: list[str]
    """Remarks on the file that did not stop it, in Dutch."""
    problems: list[Problem]
    """Rows left out (only with skip_invalid): bad rows, and respondents imported before."""
    source_id_folder: Path
    """The private folder where the original respondent ids are kept (never in the interviews)."""
    not_counted: dict[str, list[str]] = field(default_factory=dict)
    """The new codes that do not count as respondents (no score on any dimension), by Dutch reason, as `batch` lists them."""


def import_survey(
    traject_folder: str | PathLike[str], path: str | PathLike[str], *, skip_invalid: bool = False, mapping: ColumnMappingRef = None
) -> ImportResult:
    """Add the survey rows of the traject's partnership as respondents. A respondent imported
    before (case and spaces do not count) is refused; with `skip_invalid` such rows, and bad
    rows, are left out and listed in `.problems`. Only this partnership's rows count: a bad row of
    another one neither stops the import nor is listed. Nothing is written when a UserError is
    raised, except on an OS error halfway, whose message says which codes were added.
    Two imports into one traject at the same moment take turns: the second sees what the first added."""
    folder, path = Path(traject_folder), Path(path)
    loaded = load_engagement(folder)
    name = loaded.engagement.samenwerkingsverband
    survey = load_survey(path, loaded.question_set, name, column_mapping_of(mapping, loaded.question_set))
    problems = _problems_of(survey, name)
    refuse_problems(survey, problems, skip_invalid)
    positions = _rows_of(survey, name, problems)
    _one_measurement(survey, name, positions)
    _as_the_traject_spells(survey, positions, known_organisations(Traject(loaded)))
    with respondents.import_lock(folder):
        positions = _without_earlier_imports(folder, survey, positions, problems, skip_invalid)
        codes = _write_respondents(folder, path, survey, positions)
    return ImportResult(
        folder=folder,
        codes=codes,
        skipped_partnerships=_other_partnerships(survey, name),
        notes=list(survey.notes),
        problems=problems,
        source_id_folder=folder / respondents.SOURCE_IDS,
        not_counted=_not_counted(survey, positions, codes, loaded.engagement.instellingen),
    )


def _not_counted(survey: SurveyFile, positions: list[int], codes: list[str], settings: ScoringSettings) -> dict[str, list[str]]:
    """The codes of the imported respondents who do not count in the traject's scores, by reason."""
    imported = survey.rows.answers.take(positions)
    left_out = respondents_who_count(survey.question_set, imported, settings).not_counted
    reasons = not_counted_reasons(imported, left_out, range(len(codes)), settings)
    return {reason: [codes[index] for index in indexes] for reason, indexes in reasons.items()}


def _problems_of(survey: SurveyFile, name: str) -> list[Problem]:
    """The problems of this partnership's rows, and of rows (or the file) whose partnership cannot be told."""
    ours = name_key(name)
    named = survey.rejected_partnerships
    return [p for p in survey.problems if p.row not in named or name_key(named[p.row]) == ours]


def _other_partnerships(survey: SurveyFile, name: str) -> int:
    """How many other partnerships the file names, in good rows or bad."""
    names = {name_key(other) for other in [*survey.partnerships, *survey.rejected_partnerships.values()]}
    return len(names - {name_key(name)})


def _rows_of(survey: SurveyFile, name: str, problems: list[Problem]) -> list[int]:
    """Positions of the partnership's rows. Names match as batch groups them:
    'veiligheidshuis  Noord' is 'Veiligheidshuis Noord'."""
    groups = survey.rows.partnerships()
    ours = [group for group in groups if name_key(group) == name_key(name)]
    if not ours and problems:  # every row of this partnership is bad
        raise UserError(f"{survey.source}: {plural(len(problems), 'probleem', 'problemen')}; er is niets geschreven.", problems_text(problems))
    if not ours:
        raise UserError(f"{survey.path}: geen rijen voor '{name}'. In het bestand staan: {', '.join(sorted(groups))}.")
    return groups[ours[0]]


def _one_measurement(survey: SurveyFile, name: str, positions: list[int]) -> None:
    """A traject is one measurement: rows of several (a column meting) are refused, not mixed."""
    if not survey.rows.measured:
        return
    found = list(dict.fromkeys(survey.rows.measurement_names[p] for p in positions))
    if len(found) > 1:
        shown = ", ".join(f"'{measurement}'" for measurement in found)
        raise UserError(
            f"{survey.path}: de rijen van '{name}' horen bij {len(found)} metingen ({shown}); een traject is één meting. "
            "Importeer de rijen van één meting, of score het bestand met 'volwassenheid batch' (elke meting apart, met de vergelijking). "
            "Er is niets geschreven."
        )


def _as_the_traject_spells(survey: SurveyFile, positions: list[int], known: list[str]) -> None:
    """Each organisation of these rows in the spelling the traject already has (traject.yaml first,
    then its interviews), as a survey groups names: 'politie' joins the traject's 'Politie' instead
    of becoming a partner of its own. The notes say which spelling was taken."""
    answers = survey.rows.answers
    renamed = {name: known_spelling(name, known) for name in dict.fromkeys(answers.organisations[p] for p in positions)}
    renamed = {name: spelling for name, spelling in renamed.items() if spelling != name}
    if not renamed:
        return
    organisations = [renamed.get(name, name) for name in answers.organisations]
    survey.rows.answers = AnswerTable(organisations, answers.levels, answers.columns)
    notes = survey.notes
    for name, spelling in renamed.items():
        # the file's own spellings were taken together as `name` (core.survey); say where they went instead
        merged = f"; samengenomen als '{name}'"
        note = next((i for i, text in enumerate(notes) if text.startswith(f"{ORGANISATION} '{name}' ") and text.endswith(merged)), None)
        if note is None:
            notes.append(f"{ORGANISATION} '{name}' geïmporteerd als '{spelling}', zoals het traject die al kent")
        else:
            notes[note] = f"{notes[note].removesuffix(merged)}; samengenomen als '{spelling}', zoals het traject die al kent"


def _without_earlier_imports(folder: Path, survey: SurveyFile, positions: list[int], problems: list[Problem], skip_invalid: bool) -> list[int]:
    """The positions whose respondent was not imported before; those that were are refused,
    or (with skip_invalid) added to `problems` and left out."""
    # 'A.Jansen@x.nl' imported before is 'a.jansen@x.nl ' now: case and spaces do not count
    already = {same_person(source_id): code for source_id, code in respondents.imported_ids(folder).items()}
    ids = survey.rows.respondent_ids
    duplicates = [p for p in positions if same_person(ids[p]) in already]
    if not duplicates:
        return positions
    refused = survey.located(
        Problem(survey.rows.row_numbers[p], "respondent", f"al eerder geïmporteerd (als {already[same_person(ids[p])]})") for p in duplicates
    )
    if not skip_invalid or len(duplicates) == len(positions):
        raise UserError(f"{survey.path}: {plural(len(duplicates), 'rij', 'rijen')} al geïmporteerd; er is niets geschreven.", problems_text(refused))
    problems.extend(refused)
    left_out = set(duplicates)
    return [p for p in positions if p not in left_out]


def _write_respondents(folder: Path, path: Path, survey: SurveyFile, positions: list[int]) -> list[str]:
    ref = QuestionSetRef(id=survey.question_set.id, versie=survey.question_set.versie)
    answers = survey.rows.answers
    codes: list[str] = []
    for position in positions:
        # Answers first: a crash in between then shows up as a duplicate, never as a lost row.
        # The code is claimed exclusively: an interview started meanwhile keeps its own file.
        try:
            claimed = respondents.claim_new_interview(folder, IMPORT_PREFIX, partial(survey_interview, answers, position, ref))
            respondents.save_source_id(folder, claimed.code, survey.rows.respondent_ids[position])
        except OSError as error:
            done = f"{codes[0]} t/m {codes[-1]} zijn toegevoegd" if codes else "er is niets toegevoegd"
            raise UserError(
                f"Kan '{error.filename or folder}' niet schrijven: {os_error_reason(error)}. Van {path}: {done}; "
                "importeer opnieuw als het weer kan (al geïmporteerde rijen worden dan herkend)."
            ) from error
        codes.append(claimed.code)
    return codes
