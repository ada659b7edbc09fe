"""Scoring and writing every partnership of a batch, spread over the cores when it pays.

What all jobs share (the question set, where to write, whether to render) is a
WorkerContext, handed to each worker process once by the pool's initializer;
a job itself carries only its own partnership's answers.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from volwassenheid.core.json_documents import comparison_document
from volwassenheid.core.partnerships import (
    MeasuredJob,
    PartnershipJob,
    PartnershipOutcome,
    PartnershipSummary,
    compare_outcomes,
    score_partnership,
    with_development,
)
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.storage import batch_folder
from volwassenheid.storage.atomic import write_new_files

if TYPE_CHECKING:
    from volwassenheid.report.data import ReportData

PARALLEL_FROM_ROWS = 5_000
"""From this many survey rows the scoring is spread over the cores; reports always are."""

Progress = Callable[[str, int, int], None]
"""Called after each partnership: (its name, how many are done, how many in all)."""


@dataclass(frozen=True)
class WorkerContext:
    """What every job of a batch shares. Files go into `output`; messages name
    them as they will be after the swap, under `shown`."""

    question_set: QuestionSet
    output: Path
    shown: Path
    with_pdf: bool
    logo: str | None = None
    """The house style's logo as a data: URI (read once, by the main process), for every report."""

    def process(self, job: PartnershipJob | MeasuredJob) -> list[PartnershipSummary]:
        """One partnership: its summary, or with a column meting one per measurement."""
        if isinstance(job, PartnershipJob):
            return [self.write(job).summary()]
        folder, shown = self.output / job.slug, self.shown / job.slug
        batch_folder.make_folder(folder, shown)
        summaries: list[PartnershipSummary] = []
        earlier: list[PartnershipOutcome] = []
        comparison = None
        for measurement in job.measurements:
            outcome = score_partnership(measurement, self.question_set)
            if earlier:  # only published figures: see core.comparison
                comparison = compare_outcomes(earlier[-1], outcome)
                outcome = with_development(outcome, comparison, self.question_set)
            self.write(outcome, earlier)
            summaries.append(outcome.summary(earlier[-1] if earlier else None))
            earlier.append(outcome)
        if comparison is not None:
            write_new_files(
                folder, {batch_folder.COMPARISON_FILE: batch_folder.json_text(comparison_document(comparison))}, shown, untouched=self.shown
            )
        return summaries

    def write(self, job: PartnershipJob | PartnershipOutcome, earlier: Sequence[PartnershipOutcome] = ()) -> PartnershipOutcome:
        """One partnership or measurement: scores and advice as JSON, the report as PDF when asked (with the
        development since the `earlier` measurements, oldest first), written atomically."""
        outcome = score_partnership(job, self.question_set) if isinstance(job, PartnershipJob) else job
        folder, shown = self.output / outcome.job.slug, self.shown / outcome.job.slug
        batch_folder.make_folder(folder, shown)
        scores, advice = outcome.documents()
        files: dict[str, str | bytes] = {
            batch_folder.SCORES_FILE: batch_folder.json_text(scores),
            batch_folder.ADVICE_FILE: batch_folder.json_text(advice),
        }
        if self.with_pdf:
            files[batch_folder.REPORT_FILE] = render_report(outcome, self.logo, earlier)
        write_new_files(folder, files, shown, untouched=self.shown)
        return outcome


def render_report(outcome: PartnershipOutcome, logo: str | None = None, earlier: Sequence[PartnershipOutcome] = ()) -> bytes:
    """The PDF report of one partnership, with the bundled template and the house style
    its engagement carries (from a traject template), `logo` as a data: URI."""
    from volwassenheid.report.pdf import render_pdf
    from volwassenheid.report.templates import default_template_dir

    return render_pdf(report_data(outcome, logo, earlier), default_template_dir()).pdf


def report_data(outcome: PartnershipOutcome, logo: str | None = None, earlier: Sequence[PartnershipOutcome] = ()) -> ReportData:
    """The report's content; with the `earlier` measurements of the partnership (oldest first), the
    chapter on its development, as a traject with a chain of `vorige_meting` gets it."""
    from volwassenheid.core.comparison import trend
    from volwassenheid.report.data import build_report, roadmap_actions

    branding = outcome.job.engagement.huisstijl
    if not earlier:
        return build_report(outcome.assessment, branding, logo)
    chain = [*earlier, outcome]
    history = trend([(o.trend_label(), o.result) for o in chain]) if len(chain) >= 3 else None
    comparison = compare_outcomes(earlier[-1], outcome)
    return build_report(outcome.assessment, branding, logo, comparison, history, roadmap_actions(earlier[-1].assessment))


_context: WorkerContext | None = None
"""This worker process's context, set once by `start_worker` (the pool's initializer)."""


def start_worker(context: WorkerContext) -> None:
    """The pool's initializer: runs once in each worker process."""
    global _context
    _context = context
    if context.with_pdf:
        gc.enable()  # a rendered report leaves cycles behind; without the collector memory grows per report


def _process_in_worker(job: PartnershipJob | MeasuredJob) -> list[PartnershipSummary]:
    if _context is None:
        raise RuntimeError("start_worker did not run in this process")
    return _context.process(job)


@contextmanager
def _collecting(with_pdf: bool) -> Iterator[None]:
    """The collector on while reports are rendered in this process (see start_worker)."""
    was_enabled = gc.isenabled()
    if with_pdf:
        gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()


Job = PartnershipJob | MeasuredJob


def run_jobs(jobs: Sequence[Job], context: WorkerContext, *, rows: int, on_progress: Progress | None = None) -> list[PartnershipSummary]:
    """Every partnership scored, written and (with reports) rendered, summaries in the order of `jobs`
    (of a MeasuredJob, one per measurement, oldest first).
    Reports, and surveys of `PARALLEL_FROM_ROWS` rows or more, are spread over the cores; only
    small summaries travel back."""
    progress: Progress = on_progress or (lambda name, done, total: None)
    workers = min(os.cpu_count() or 1, len(jobs))
    if workers < 2 or not (context.with_pdf or rows >= PARALLEL_FROM_ROWS):
        summaries = []
        with _collecting(context.with_pdf):
            for done, job in enumerate(jobs, start=1):
                summaries.extend(context.process(job))
                progress(job.name, done, len(jobs))
        return summaries
    return _run_in_pool(jobs, context, workers, progress)


def _run_in_pool(jobs: Sequence[Job], context: WorkerContext, workers: int, progress: Progress) -> list[PartnershipSummary]:
    from concurrent import futures

    results: dict[int, list[PartnershipSummary]] = {}
    with futures.ProcessPoolExecutor(workers, initializer=start_worker, initargs=(context,)) as pool:
        # Every job is submitted, and so every worker started, before the first progress call
        # (a progress bar may start a thread, which a forked worker must not inherit).
        submitted = {pool.submit(_process_in_worker, job): index for index, job in enumerate(jobs)}
        for done, future in enumerate(futures.as_completed(submitted), start=1):
            index = submitted[future]
            results[index] = future.result()
            progress(jobs[index].name, done, len(jobs))
    return [summary for index in range(len(jobs)) for summary in results[index]]
