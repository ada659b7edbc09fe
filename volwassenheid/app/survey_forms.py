"""A question set as a survey to build elsewhere: a LimeSurvey structure file, a Word document for
Microsoft Forms' quick import (and for paper), an Excel form for one respondent, or the CSV header.

What `volwassenheid vragen exporteer` does, without the printing. A LimeSurvey file gets a mapping
beside it (`<naam>.koppeling.yaml`) that reads its response export back, codes and all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from volwassenheid.app.question_sets import csv_template
from volwassenheid.app.survey import question_set_of
from volwassenheid.core.errors import UserError
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.survey_form import SurveyForm, survey_form
from volwassenheid.storage.atomic import write_or_refuse

FORMATS = {"limesurvey": ".lss", "word": ".docx", "excel": ".xlsx", "csv": ".csv"}
"""Each format with the suffix its file must have."""
MAPPING_SUFFIX = ".koppeling.yaml"


@dataclass(frozen=True)
class ExportedForm:
    path: Path
    format: str
    questions: int
    """The questions of the set in the form (organisation and level not counted)."""
    mapping: Path | None = None
    """The saved mapping written beside a LimeSurvey file, for reading its response export."""


def export_form(
    output: str | PathLike[str],
    format: str,
    question_set: str | PathLike[str] | QuestionSet | None = None,
    *,
    modules: Iterable[str] = (),
    traject: str | PathLike[str] | None = None,
    delimiter: str = ";",
) -> ExportedForm:
    """Write the survey for `question_set` (an id, a path, or a set; None: the default) with its core
    and `modules`, or for the set, modules and organisations of the traject in folder `traject`.
    The file is written atomically; an existing one is replaced."""
    if format not in FORMATS:
        raise UserError(f"Onbekend formaat '{format}'; kies {', '.join(FORMATS)}.")
    output = Path(output)
    if output.suffix.lower() != FORMATS[format]:
        raise UserError(f"'{output}': een bestand in formaat {format} eindigt op {FORMATS[format]}.")
    if not output.parent.is_dir():
        raise UserError(f"Kan '{output}' niet schrijven: map '{output.parent}' bestaat niet.")
    _refuse_traject_data(output)
    mapping = output.with_name(output.name.removesuffix(output.suffix) + MAPPING_SUFFIX) if format == "limesurvey" else None
    for target in (output, mapping):
        if target is not None and target.is_dir():
            raise UserError(f"Kan '{target}' niet schrijven: dat is een map. Er is niets geschreven.")
    chosen, form = _form(question_set, modules, traject)
    if format == "csv":
        write_or_refuse(output, csv_template(chosen, delimiter))
        return ExportedForm(output, format, len(chosen.vragen))
    if mapping is not None:  # the mapping first: a survey file is never left beside an old mapping
        write_or_refuse(mapping, _mapping_text(form))
    write_or_refuse(output, WRITERS[format]()(form))
    return ExportedForm(output, format, len(chosen.vragen), mapping)


def _refuse_traject_data(output: Path) -> None:
    """Nothing in a traject's interviews/ or vertrouwelijk/: the traject would no longer open."""
    from volwassenheid.storage.respondents import NAMES_DIR
    from volwassenheid.storage.traject_folder import ENGAGEMENT_FILE, INTERVIEW_DIR

    for folder in (output.parent.resolve(), *output.parent.resolve().parents):
        if folder.name in (INTERVIEW_DIR, NAMES_DIR) and (folder.parent / ENGAGEMENT_FILE).exists():
            raise UserError(f"{output}: in de map {folder.name}/ van een traject hoort alleen wat het traject zelf schrijft; kies een andere plek.")


def _form(
    question_set: str | PathLike[str] | QuestionSet | None, modules: Iterable[str], traject: str | PathLike[str] | None
) -> tuple[QuestionSet, SurveyForm]:
    if traject is None:
        chosen = question_set_of(question_set, modules)
        return chosen, survey_form(chosen)
    if question_set is not None or list(modules):
        raise UserError("Geef een traject of een vragenlijst met modules, niet allebei: het traject bepaalt zijn vragenlijst en modules.")
    from volwassenheid.app.traject import Traject

    opened = Traject.open(traject)
    engagement = opened.engagement
    form = survey_form(
        opened.question_set,
        organisations=engagement.organisaties,
        partnership=engagement.samenwerkingsverband,
        minimum_group=engagement.instellingen.minimale_groep,
    )
    return opened.question_set, form


def _mapping_text(form: SurveyForm) -> str:
    from volwassenheid.storage.column_mapping_file import mapping_yaml

    mapping = form.mapping()
    renamed = [(code, meaning) for code, meaning in mapping.columns.items() if code != meaning]
    comment = (
        f"Koppeling voor de antwoorden van de LimeSurvey-enquête '{form.title}'.",
        "Lees de export ervan (CSV, met vraagcodes of volledige teksten) met --koppeling en dit bestand;",
        "de codes van organisaties en niveaus staan hieronder. Zie 'Enquête afnemen' in de README.",
    )
    return mapping_yaml(renamed, mapping.answers, form.question_set, comment)


def _limesurvey() -> Callable[[SurveyForm], bytes]:
    from volwassenheid.storage.form_limesurvey import limesurvey_structure

    return limesurvey_structure


def _word() -> Callable[[SurveyForm], bytes]:
    from volwassenheid.storage.form_word import word_form

    return word_form


def _excel() -> Callable[[SurveyForm], bytes]:
    from volwassenheid.storage.form_excel import excel_form

    return excel_form


WRITERS: dict[str, Callable[[], Callable[[SurveyForm], bytes]]] = {"limesurvey": _limesurvey, "word": _word, "excel": _excel}
"""Per format the writer, imported when used: python-docx and openpyxl are slow to load."""
