"""Score and advise many partnerships from one survey. Pure: no files, no printing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from volwassenheid.core.advice import AdviceReport, with_comparison
from volwassenheid.core.answers import NO_ANSWER, AnswerTable
from volwassenheid.core.assessment import Assessment, Fieldwork, assess
from volwassenheid.core.comparison import Comparison, compare, measurement_label
from volwassenheid.core.dutch import below_ambition, percentage
from volwassenheid.core.json_documents import advice_document, score_document, written_difference
from volwassenheid.core.measurements import measurement_date, order_measurements
from volwassenheid.core.models import (
    Answer,
    Engagement,
    EngagementTemplate,
    Interview,
    QuestionSetRef,
    ScoringSettings,
)
from volwassenheid.core.questionset import MAX_PHASES, Level, QuestionSet
from volwassenheid.core.results import DimensionResult, EngagementResult
from volwassenheid.core.survey import Survey
from volwassenheid.core.survey_ambition import ambition_for

NO_PHASE = "geen enkele vraag met een fase beantwoord (alleen weet niet, n.v.t. of leeg)"
"""Why a survey row that holds no phase answer does not count (see PartnershipOutcome.not_counted)."""

SUMMARY_HEADER = [
    "samenwerkingsverband",
    "dimensie",
    "naam",
    "score",
    "interval_laag",
    "interval_hoog",
    "fase",
    "fase_naam",
    "fase_zekerheid",
    "grensgeval",
    "doelfase",
    "verschil",
    "n",
    "indicatief",
    "sd",
    "rwg",
    "alfa",
    "weet_niet_aandeel",
    "nvt_aandeel",
    "fase_regel",
    "weging",
    "opmerking",
]

MEASUREMENT_HEADER = [
    "meting",
    "vorige_meting",
    "verandering",
    "verandering_echt",
    "verandering_totaal",
    "echt_gestegen",
    "echt_gedaald",
]
"""The columns samenvatting.csv has after `map` when the survey has a column meting: the change of each
dimension since the previous measurement (the difference of the scores as written), whether it is real
(its 95% interval excludes 0), the change of the total score, and how many dimensions really rose or fell."""


@dataclass(frozen=True)
class PartnershipJob:
    """One partnership of a survey with its own answers, ready to be scored anywhere."""

    name: str
    slug: str
    engagement: Engagement
    answers: AnswerTable
    row_numbers: Sequence[int]
    """The survey row of each of `answers`' respondents, to name the rows that do not count."""
    measurement: str | None = None
    """The measurement (the cell of the column meting), when the survey has that column; `slug` is
    then 'partnership/measurement', its folder inside the partnership's."""


@dataclass(frozen=True)
class MeasuredJob:
    """One partnership of a survey with a column meting: its measurements, oldest first."""

    name: str
    slug: str
    measurements: list[PartnershipJob]
    note: str | None = None
    """Dutch: why the measurements are in file order (they are no dates, years or N-meting)."""


@dataclass(frozen=True)
class PartnershipSummary:
    """What the batch command shows and collects of a partnership: small, so cheap to send between processes."""

    name: str
    slug: str
    respondents: int
    score: float | None
    phase: int | None
    """The lowest phase among the dimensions (see Profile): a partnership has no overall phase."""
    phase_name: str | None
    below_ambition: int
    has_ambition: bool
    rows: list[list[object]]
    """Dimension lines of the summary CSV (see SUMMARY_HEADER)."""
    too_few: str | None = None
    """Dutch: which results rest on fewer respondents than `minimale_groep`; None when none."""
    not_counted: dict[str, list[int]] = field(default_factory=dict)
    """The survey rows that do not count as respondents (no dimension score), by Dutch reason."""
    measurement: str | None = None
    """The measurement, when the survey has a column meting (one summary per measurement)."""
    changes: list[list[object]] | None = None
    """With a column meting: per line of `rows`, the columns of MEASUREMENT_HEADER."""


@dataclass
class PartnershipOutcome:
    job: PartnershipJob
    assessment: Assessment

    @property
    def result(self) -> EngagementResult:
        return self.assessment.result

    @property
    def advice(self) -> AdviceReport:
        return self.assessment.advice

    def documents(self) -> tuple[dict, dict]:
        """(scores, advice) as printed by `score --json` and `advies --json`."""
        engagement = self.job.engagement
        return score_document(engagement, self.result), advice_document(engagement, self.result, self.advice)

    def label(self) -> tuple[str, str]:
        """(meting, datum) as a comparison names the measurement."""
        return self.job.engagement.meting, self.job.engagement.datum.isoformat()

    def trend_label(self) -> str:
        """The measurement as a trend over three or more names it."""
        return measurement_label(*self.label())

    def summary(self, previous: PartnershipOutcome | None = None) -> PartnershipSummary:
        """The summary; of a measurement (`job.measurement`), with the change since the `previous` one."""
        total = self.result.totaal
        measured = self.job.measurement is not None
        return PartnershipSummary(
            name=self.job.name,
            slug=self.job.slug,
            respondents=total.respondenten,
            score=total.score,
            phase=total.profiel.laagste_fase,
            phase_name=total.profiel.laagste_fase_naam,
            below_ambition=sum(
                1 for d in self.result.dimensies if below_ambition(d.doelfase, d.score, reached=d.doelfase_bereikt)
            ),  # as the report counts
            has_ambition=bool(self.job.engagement.doelfase),
            rows=[summary_row(self.job.name, d, self.result) for d in self.result.dimensies],
            too_few=_too_few(self.result),
            not_counted=self.not_counted(),
            measurement=self.job.measurement,
            changes=self.changes(previous) if measured else None,
        )

    def changes(self, previous: PartnershipOutcome | None) -> list[list[object]]:
        """Per dimension, the columns of MEASUREMENT_HEADER: the change since `previous` (only the
        measurement's name for the first one). Only published figures are used: the scores as each
        measurement's scores.json gives them, and the comparison made of those."""
        measurement = self.job.engagement.meting
        if previous is None:
            return [[measurement, None, None, None, None, None, None] for _ in self.result.dimensies]
        since = compare_outcomes(previous, self)
        changes = {c.id: c for c in since.dimensies}
        total = written_difference(self.result.totaal.score, previous.result.totaal.score)
        rose = sum(1 for c in since.dimensies if c.echt and (c.verandering or 0) > 0)
        fell = sum(1 for c in since.dimensies if c.echt and (c.verandering or 0) < 0)
        rows: list[list[object]] = []
        for d in self.result.dimensies:
            change = changes.get(d.id)
            shown = written_difference(change.score, change.score_vorige) if change is not None else None
            real = _yes_no(change.echt) if change is not None and change.echt is not None else None
            rows.append([measurement, since.vorige.meting, shown, real, total, rose, fell])
        return rows

    def not_counted(self) -> dict[str, list[int]]:
        """The survey rows of respondents who do not count, by reason: nothing with a phase at all,
        or too few phase answers on every dimension."""
        return not_counted_reasons(self.job.answers, self.assessment.not_counted, self.job.row_numbers, self.job.engagement.instellingen)


def summary_row(name: str, d: DimensionResult, result: EngagementResult) -> list[object]:
    """One dimension as a line of samenvatting.csv (see SUMMARY_HEADER); every line says how it was measured."""
    low, high = d.interval or (None, None)
    return [
        name,
        d.id,
        d.naam,
        d.score,
        low,
        high,
        d.fase,
        d.fase_naam,
        d.fase_zekerheid,
        _yes_no(d.grensgeval),
        d.doelfase,
        written_difference(d.doelfase, d.score),  # two decimals, like the JSON: doelfase - score as written
        d.n,
        _yes_no(d.indicatief),
        d.sd,
        d.overeenstemming.rwg if d.overeenstemming else None,
        d.alfa,
        d.weet_niet_aandeel,
        d.nvt_aandeel,
        f"{result.fase_regel} {percentage(result.drempel)}" if result.fase_regel == "drempel" else result.fase_regel,
        result.weging,
        d.waarschuwing or "",
    ]


def compare_outcomes(then: PartnershipOutcome, now: PartnershipOutcome) -> Comparison:
    """Two measurements of a partnership compared, labelled with their meting and datum."""
    return compare(then.result, now.result, then.label(), now.label())


def with_development(outcome: PartnershipOutcome, since: Comparison, question_set: QuestionSet) -> PartnershipOutcome:
    """The outcome with its advice as it is given the change `since` the previous measurement (the
    patterns of kind `verandering`), as a traject with a `vorige_meting` gets it."""
    advice = with_comparison(outcome.advice, question_set, outcome.result, since)
    return PartnershipOutcome(outcome.job, dataclasses.replace(outcome.assessment, advice=advice))


def _yes_no(value: bool) -> str:
    return "ja" if value else "nee"


def not_counted_reasons(answers: AnswerTable, positions: Sequence[int], rows: Sequence[int], settings: ScoringSettings) -> dict[str, list[int]]:
    """The `rows` (one per respondent of `answers`) of the respondents at `positions`, who do not count, by Dutch reason."""
    share = percentage(settings.minimaal_aandeel)
    reasons: dict[str, list[int]] = {}
    for position in positions:
        answered = any(NO_ANSWER < column[position] <= MAX_PHASES for column in answers.columns.values())
        reason = f"te weinig vragen beantwoord (minder dan {share} per dimensie)" if answered else NO_PHASE
        reasons.setdefault(reason, []).append(rows[position])
    return {reason: sorted(found) for reason, found in reasons.items()}


def _too_few(result: EngagementResult) -> str | None:
    if result.te_weinig_respondenten:
        return "alle uitkomsten"
    few = [d.kort for d in result.dimensies if d.te_weinig_respondenten]
    return ", ".join(few) if few else None


RESERVED_FOLDERS = frozenset(
    {"interviews", "vertrouwelijk", "con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(10))}
)
"""Never a partnership's folder: the folders of a traject, and names Windows keeps for devices."""


def plain_slug(name: str) -> str:
    """The name in lowercase letters, digits and dashes; empty when nothing of it is left."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower())[:60].strip("-")


def slug(name: str, taken: set[str], empty: str = "samenwerkingsverband") -> str:
    """A folder name for a partnership (or a measurement inside one): lowercase letters, digits and
    dashes, unique among `taken`, never a reserved name ('Interviews' becomes 'interviews-2'), and
    `empty` when nothing of the name is left."""
    base = plain_slug(name) or empty
    candidate, number = base, 2
    while candidate in taken or candidate in RESERVED_FOLDERS:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def partnership_jobs(
    survey: Survey,
    question_set: QuestionSet,
    ambition: dict[str, dict[str, int]],
    measured_on: dt.date,
    settings: ScoringSettings | None = None,
    template: EngagementTemplate | None = None,
) -> list[PartnershipJob | MeasuredJob]:
    """One job per partnership in the survey, by name; `template` gives what holds for every one
    (client, consultant, round of measurement, house style). Its `datum` is not used: that is `measured_on`.
    When the survey has a column meting, a partnership's job is a MeasuredJob: one job per measurement,
    oldest first, each with the measurement as its `meting` and, when that is a date, as its `datum`."""
    settings = settings or ScoringSettings()
    template = template or EngagementTemplate()
    ref = QuestionSetRef(id=question_set.id, versie=question_set.versie)
    taken: set[str] = set()
    measurements = survey.measurement_names if survey.measured else [""] * len(survey)
    # Each group's respondents ordered by organisation and level, so that every cell is one run of rows.
    cells: dict[tuple[str, str, str, str], list[int]] = {}
    for position, cell in enumerate(zip(survey.partnership_names, measurements, survey.answers.organisations, survey.answers.levels, strict=True)):
        cells.setdefault(cell, []).append(position)
    positions_of: dict[tuple[str, str], list[int]] = {}
    organisations_of: dict[tuple[str, str], dict[str, None]] = {}
    for (name, measurement, organisation, _), positions in sorted(cells.items()):
        positions_of.setdefault((name, measurement), []).extend(positions)
        organisations_of.setdefault((name, measurement), {})[organisation] = None

    def job(name: str, measurement: str, folder: str) -> PartnershipJob:
        positions = positions_of[(name, measurement)]
        engagement = Engagement(
            samenwerkingsverband=name,
            datum=measurement_date(measurement) or measured_on,
            vragenlijst=ref,
            doelfase=ambition_for(ambition, name),
            instellingen=settings,
            organisaties=list(organisations_of[(name, measurement)]),  # sorted, as the cells are
            opdrachtgever=template.opdrachtgever,
            adviseur=template.adviseur,
            meting=measurement or template.meting,
            doelfase_bron=template.doelfase_bron,
            huisstijl=template.huisstijl,
        )
        rows = [survey.row_numbers[position] for position in positions]
        return PartnershipJob(name, folder, engagement, survey.answers.take(positions), rows, measurement if survey.measured else None)

    if not survey.measured:
        return [job(name, "", slug(name, taken)) for name, _ in positions_of]
    first_seen = dict.fromkeys(zip(survey.partnership_names, measurements, strict=True))  # file order
    jobs: list[PartnershipJob | MeasuredJob] = []
    for name in dict.fromkeys(name for name, _ in positions_of):
        ordered, note = order_measurements([measurement for partnership, measurement in first_seen if partnership == name])
        folder, subfolders = slug(name, taken), set[str]()
        measured = [job(name, measurement, f"{folder}/{slug(measurement, subfolders, 'meting')}") for measurement in ordered]
        jobs.append(MeasuredJob(name, folder, measured, f"{name}: {note}" if note else None))
    return jobs


def score_partnership(job: PartnershipJob, question_set: QuestionSet) -> PartnershipOutcome:
    assessment = assess(question_set, job.engagement, job.answers)
    # a survey export says how the answers came in, not when: the report names the mode only
    survey = Fieldwork(modes={"enquete": assessment.result.respons.respondenten})
    return PartnershipOutcome(job, dataclasses.replace(assessment, fieldwork=survey))


def survey_interview(answers: AnswerTable, position: int, question_set: QuestionSetRef, code: str) -> Interview:
    """A survey respondent as an interview record under `code` (never the original id)."""
    return Interview(
        code=code,
        organisatie=answers.organisations[position],
        niveau=cast(Level, answers.levels[position]),  # validated by pydantic all the same
        vragenlijst=question_set,
        bron="enquete",
        afgerond=True,
        antwoorden={q: Answer(waarde=v) for q, v in answers.answers_of(position).items()},
    )
