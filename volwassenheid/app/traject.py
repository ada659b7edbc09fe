"""A traject folder opened, scored, advised and reported: what `score`, `advies`,
`rapport` and `demo` do, for the command line and for a notebook alike.

    traject = Traject.open("mijn-traject")    # or Traject.create("nieuw", samenwerkingsverband=..., datum=...)
    traject.score_document()          # what `score --json` prints
    traject.report("rapport.pdf")     # Report(pdf=..., pages=12, ...)

Errors are `UserError`s with a Dutch message that names the file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from volwassenheid.app.traject_setup import DEFAULT_MEASUREMENT, DEFAULT_SET, create_traject
from volwassenheid.core.advice import AdviceReport
from volwassenheid.core.assessment import Assessment, assess_interviews
from volwassenheid.core.errors import UserError
from volwassenheid.core.json_documents import advice_document, score_document
from volwassenheid.core.models import Engagement, Interview
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.results import EngagementResult
from volwassenheid.storage.atomic import write_or_refuse
from volwassenheid.storage.respondents import NAMES_DIR
from volwassenheid.storage.traject_folder import INTERVIEW_DIR, LoadedEngagement, load_engagement

if TYPE_CHECKING:
    from volwassenheid.core.comparison import Comparison
    from volwassenheid.core.models import Branding, ScoringSettings
    from volwassenheid.report.dashboard import Dashboard
    from volwassenheid.report.data import ReportData

PathLike = str | os.PathLike[str]

DEFAULT_REPORT = "rapport.pdf"
"""Where the report goes when neither a PDF nor an HTML file is named: in the traject folder."""
PDF_VARIANTS = ("pdf/a-3b", "pdf/ua-1")
PDF_SUFFIXES = (".pdf",)
HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class Report:
    """What `Traject.report` wrote."""

    pdf: Path | None
    html: Path | None
    pages: int | None
    """Pages of the PDF; None when only HTML was written."""
    replaced: bool
    """Whether the PDF replaced an earlier file of the same name."""


class Traject:
    """One traject folder: its engagement, question set and interviews, read once.

    The assessment (scores and advice) is computed on first use and kept; open
    the folder again to see interviews added since.
    """

    def __init__(self, loaded: LoadedEngagement) -> None:
        self._loaded = loaded
        self._root = loaded.folder.absolute()
        """Where the folder is, fixed when it was opened: a later os.chdir never points the report elsewhere."""
        self._assessment: Assessment | None = None
        self._own: Assessment | None = None
        self._previous: Traject | None = None

    @classmethod
    def open(cls, folder: PathLike, question_set: str | None = None) -> Traject:
        """Read traject.yaml, its question set (or `question_set`: an id or a path) and every interview."""
        return cls(load_engagement(Path(folder), question_set))

    @classmethod
    def create(
        cls,
        folder: PathLike,
        *,
        samenwerkingsverband: str,
        datum: dt.date,
        question_set: PathLike = DEFAULT_SET,
        opdrachtgever: str | None = None,
        adviseur: str | None = None,
        meting: str = DEFAULT_MEASUREMENT,
        organisaties: Iterable[str] = (),
        doelfase: Mapping[str, int] | None = None,
        uitgenodigd: Mapping[str, int | Mapping[str, int]] | None = None,
        modules: Iterable[str] = (),
        vorige_meting: PathLike | None = None,
        vorige_agenda: Iterable[Mapping[str, str]] = (),
        instellingen: ScoringSettings | None = None,
    ) -> Traject:
        """Start a new traject in `folder`, as `volwassenheid nieuw` does; see app.traject_setup.

        An existing traject is refused (UserError) and nothing is written."""
        folder = Path(folder)
        engagement, found = create_traject(
            folder,
            samenwerkingsverband=samenwerkingsverband,
            datum=datum,
            question_set=question_set,
            opdrachtgever=opdrachtgever,
            adviseur=adviseur,
            meting=meting,
            organisaties=organisaties,
            doelfase=doelfase,
            uitgenodigd=uitgenodigd,
            modules=modules,
            vorige_meting=vorige_meting,
            vorige_agenda=vorige_agenda,
            instellingen=instellingen,
        )
        return cls(LoadedEngagement(folder, engagement, found, []))

    def __repr__(self) -> str:
        return f"Traject({str(self.folder)!r})"

    @property
    def folder(self) -> Path:
        return self._loaded.folder

    @property
    def engagement(self) -> Engagement:
        return self._loaded.engagement

    @property
    def question_set(self) -> QuestionSet:
        return self._loaded.question_set

    @property
    def interviews(self) -> Sequence[Interview]:
        """Every interview in the folder, counted or not."""
        return tuple(self._loaded.interviews)

    def assess(self) -> Assessment:
        """Scores and advice of the interviews that count, with the report's counts and remarks. With a
        `vorige_meting` that opens, the advice includes the patterns on the change since then."""
        if self._assessment is None:
            from volwassenheid.app.comparison import comparison_for_advice
            from volwassenheid.core.advice import with_comparison

            assessment = self._scored()
            comparison = comparison_for_advice(self)
            if comparison is not None:
                advice = with_comparison(assessment.advice, self.question_set, assessment.result, comparison)
                assessment = replace(assessment, advice=advice)
            self._assessment = assessment
        return self._assessment

    def _scored(self) -> Assessment:
        """The assessment without the previous measurement: what a comparison compares."""
        if self._own is None:
            self._own = assess_interviews(self.question_set, self.engagement, self._loaded.interviews)
        return self._own

    def score(self) -> EngagementResult:
        return self._scored().result

    def previous(self) -> Traject | None:
        """The traject of the previous measurement (`vorige_meting`), opened once however often the
        advice, the comparison and the report ask for it; None without one. A folder that does not
        open is a UserError."""
        if self.engagement.vorige_meting is None:
            return None
        if self._previous is None:
            self._previous = Traject.open(self.folder / self.engagement.vorige_meting)
        return self._previous

    def advise(self) -> AdviceReport:
        return self.assess().advice

    def summary(self) -> Dashboard:
        """The report's first page as data: its title, the strip, the rows of the chart, what goes
        well, the decisions for the steering group and when to measure again."""
        from volwassenheid.report.data import dashboard_of

        return dashboard_of(self.assess())

    def comparison(self) -> Comparison | None:
        """The change since the previous measurement (`vorige_meting` in traject.yaml), or None."""
        from volwassenheid.app.comparison import previous_comparison

        return previous_comparison(self)

    def score_document(self) -> dict[str, Any]:
        """What `volwassenheid score --json` prints."""
        return score_document(self.engagement, self.score())

    def advice_document(self) -> dict[str, Any]:
        """What `volwassenheid advies --json` prints."""
        return advice_document(self.engagement, self.score(), self.advise())

    def report(
        self,
        pdf: PathLike | None = None,
        *,
        html: PathLike | None = None,
        branding: PathLike | None = None,
        templates: PathLike | None = None,
        pdf_variant: str | None = None,
    ) -> Report:
        """Write the advisory report as PDF, HTML or both; each write is atomic.

        Without `pdf` and `html` the PDF goes to FOLDER/rapport.pdf. An existing
        file is replaced, so only a name with the right suffix is accepted.
        `branding` is a house-style YAML file that overrides the traject's own.
        """
        pdf_path = _checked_path(pdf, PDF_SUFFIXES, "PDF")
        html_path = _checked_path(html, HTML_SUFFIXES, "HTML")
        if pdf_variant is not None and pdf_variant not in PDF_VARIANTS:
            raise UserError(f"PDF-variant '{pdf_variant}' bestaat niet; kies {' of '.join(PDF_VARIANTS)}.")
        if pdf_path is None and html_path is None:
            pdf_path = self.folder / DEFAULT_REPORT
        for target in (pdf_path, html_path):
            self._refuse_inside_the_traject_data(target)
        return self._write_report(pdf_path, html_path, Path(branding) if branding else None, Path(templates) if templates else None, pdf_variant)

    def _in_folder(self, path: Path) -> Path:
        """`path` as it was meant when the traject was opened: one under the folder stays there."""
        return self._root / path.relative_to(self.folder) if path.is_relative_to(self.folder) and not path.is_absolute() else path

    def _refuse_inside_the_traject_data(self, target: Path | None) -> None:
        """A file in interviews/ or vertrouwelijk/ would stop the traject from opening (or sit beside the names)."""
        if target is None:
            return
        where = self._in_folder(target).resolve().parent
        for kept in (INTERVIEW_DIR, NAMES_DIR):
            if where == (self._root / kept).resolve() or (self._root / kept).resolve() in where.parents:
                raise UserError(
                    f"{target}: in de map {kept}/ van het traject hoort geen rapport; kies een andere plek (bijvoorbeeld de trajectmap zelf)."
                )

    def _write_report(
        self, pdf: Path | None, html: Path | None, branding_file: Path | None, template_dir: Path | None, pdf_variant: str | None
    ) -> Report:
        from volwassenheid.report.pdf import render_pdf
        from volwassenheid.report.render import render_html
        from volwassenheid.report.templates import check_template_dir, default_template_dir

        templates = check_template_dir(template_dir or default_template_dir())
        data = self._report_data(branding_file)
        html_text = render_html(data, templates)
        for target in (pdf, html):
            if target is not None and not self._in_folder(target).parent.is_dir():
                raise UserError(f"Kan '{target}' niet schrijven: map '{target.parent}' bestaat niet.")
        # Both are made before either is written: a refusal while rendering the PDF leaves the HTML untouched too.
        rendered = render_pdf(data, templates, pdf_variant, html=html_text) if pdf is not None else None
        if html is not None:
            write_or_refuse(self._in_folder(html), html_text, shown=html)
        if pdf is None or rendered is None:
            return Report(pdf=None, html=html, pages=None, replaced=False)
        replaced = self._in_folder(pdf).exists()
        write_or_refuse(self._in_folder(pdf), rendered.pdf, shown=pdf)
        return Report(pdf=pdf, html=html, pages=rendered.pages, replaced=replaced)

    def _report_data(self, branding_file: Path | None) -> ReportData:
        """The report's content; a logo is read relative to the file that names it."""
        from volwassenheid.report.data import build_report
        from volwassenheid.storage.branding import load_branding, logo_data_uri

        branding: Branding | None
        if branding_file is not None:
            branding, base = load_branding(branding_file), branding_file.parent
        else:
            branding, base = self.engagement.huisstijl, self._root
        logo = logo_data_uri(branding, base) if branding else None
        from volwassenheid.app.comparison import development

        before = development(self)
        if before is None:
            return build_report(self.assess(), branding, logo)
        return build_report(self.assess(), branding, logo, before.comparison, before.trend, before.previous_roadmap)


def _checked_path(path: PathLike | None, suffixes: tuple[str, ...], kind: str) -> Path | None:
    """An existing file is replaced, so only a file of the right kind: never traject.yaml by a typo."""
    if path is None:
        return None
    path = Path(path)
    if path.suffix.lower() not in suffixes:
        raise UserError(f"{path}: de naam van het {kind}-bestand moet eindigen op {' of '.join(suffixes)}.")
    return path
