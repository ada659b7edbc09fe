"""Results as plain data for JSON: stable keys, numbers rounded to two decimals."""

from __future__ import annotations

from typing import Any

from volwassenheid.core.advice import AdviceReport
from volwassenheid.core.models import Engagement
from volwassenheid.core.results import EngagementResult

DECIMALS = 2


def rounded(value: object, digits: int = DECIMALS) -> object:
    """Round every float in nested data; -0.0 becomes 0.0 so output is stable."""
    if isinstance(value, float):
        return round(value, digits) + 0.0
    if isinstance(value, dict):
        return {key: rounded(item, digits) for key, item in value.items()}
    if isinstance(value, list):
        return [rounded(item, digits) for item in value]
    return value


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
