"""Results as plain data for JSON: stable keys, numbers rounded to two decimals.

A difference written beside the two figures it compares equals their difference
as written (see `rounded`), and -0.0 never appears.
"""

from __future__ import annotations

from typing import Any

from volwassenheid.core.advice import AdviceReport
from volwassenheid.core.comparison import Comparison, sign_keeping_decimals
from volwassenheid.core.dutch import shown
from volwassenheid.core.models import Engagement
from volwassenheid.core.results import EngagementResult

DECIMALS = 2


def rounded(value: object, digits: int = DECIMALS) -> object:
    """Every float in nested data rounded (never -0.0), and every difference
    beside the two figures it compares recomputed from them as written."""
    if isinstance(value, float):
        return shown(value, digits)
    if isinstance(value, dict):
        return _with_written_difference({key: rounded(item, digits) for key, item in value.items()}, digits)
    if isinstance(value, list):
        return [rounded(item, digits) for item in value]
    return value


def written_difference(a: float | None, b: float | None, digits: int = DECIMALS) -> float | None:
    """a - b as written: both rounded first, so a reader who subtracts gets the same figure."""
    if a is None or b is None:
        return None
    return shown(shown(a, digits) - shown(b, digits), digits)


def _with_written_difference(data: dict, digits: int) -> dict:
    """`verschil` beside `doelfase` and `score` is doelfase - score; beside `hoogste` and
    `laagste` (groups with a score) it is hoogste.score - laagste.score."""
    if not _is_figure(data.get("verschil")):
        return data
    compared = _compared_figures(data)
    if compared is not None:
        data["verschil"] = written_difference(*compared, digits=digits)
    return data


def _compared_figures(data: dict) -> tuple[float, float] | None:
    if _is_figure(data.get("doelfase")) and _is_figure(data.get("score")):
        return data["doelfase"], data["score"]
    high, low = data.get("hoogste"), data.get("laagste")
    if isinstance(high, dict) and isinstance(low, dict) and _is_figure(high.get("score")) and _is_figure(low.get("score")):
        return high["score"], low["score"]
    return None


def _is_figure(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def comparison_document(comparison: Comparison) -> dict[str, Any]:
    """`vergelijk --json` and a batch's vergelijking.json: rounded as `scores.json` beside it is, each
    change the difference of the two scores as written, and an interval's bound near 0 with the
    decimals that keep it on its side of 0, so that `echt` agrees with the interval written."""
    exact = [change.interval for change in comparison.dimensies]
    document = _rounded_document(comparison.model_dump(mode="json"))
    for key in ("dimensies", "vragen", "per_organisatie", "per_niveau"):
        for row in document[key]:
            row["verandering"] = written_difference(row["score"], row["score_vorige"])
    for row, bounds in zip(document["dimensies"], exact, strict=True):
        row["interval"] = [shown(bound, sign_keeping_decimals(bounds, DECIMALS)) for bound in bounds] if bounds else None
    return document


def _rounded_document(document: dict[str, Any]) -> dict[str, Any]:
    return {key: rounded(value) for key, value in document.items()}


def _header(engagement: Engagement) -> dict[str, Any]:
    return {
        "traject": {
            "samenwerkingsverband": engagement.samenwerkingsverband,
            "meting": engagement.meting,
            "datum": engagement.datum.isoformat(),
        }
    }


def score_document(engagement: Engagement, result: EngagementResult) -> dict[str, Any]:
    """What `volwassenheid score --json` prints."""
    return _rounded_document({**_header(engagement), **result.model_dump(mode="json")})


def advice_document(engagement: Engagement, result: EngagementResult, report: AdviceReport) -> dict[str, Any]:
    """What `volwassenheid advies --json` prints."""
    return _rounded_document(
        {
            **_header(engagement),
            "vragenlijst": result.vragenlijst.model_dump(),
            "te_weinig_respondenten": result.te_weinig_respondenten,
            "waarschuwing": result.waarschuwing,
            **report.model_dump(mode="json"),
        }
    )
