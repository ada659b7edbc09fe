"""volwassenheid: maturity of collaboration between organisations.

The Python API (see docs/python-api.md) is the one the command line uses:

    from volwassenheid import Traject, read_survey, write_batch

Names are imported on first use, so `volwassenheid --help` stays fast.
"""

from __future__ import annotations

from importlib import import_module as _import_module
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

__version__ = "0.1.0"

_API = {
    "Traject": "volwassenheid.app.traject",
    "Report": "volwassenheid.app.traject",
    "read_survey": "volwassenheid.app.survey",
    "read_column_mapping": "volwassenheid.app.survey",
    "read_ambition": "volwassenheid.app.survey",
    "score_survey": "volwassenheid.app.survey",
    "write_batch": "volwassenheid.app.survey",
    "read_traject_template": "volwassenheid.app.survey",
    "import_survey": "volwassenheid.app.survey_import",
    "export_form": "volwassenheid.app.survey_forms",
    "compare_trajects": "volwassenheid.app.comparison",
    "UserError": "volwassenheid.core.errors",
    "start_interview": "volwassenheid.app.interviews",
    "resume_interview": "volwassenheid.app.interviews",
    "interview_session": "volwassenheid.app.interviews",
    "new_interview_session": "volwassenheid.app.interviews",
    "save_interview": "volwassenheid.app.interviews",
    "save_answer": "volwassenheid.app.interviews",
    "respondent_overview": "volwassenheid.app.interviews",
    "RespondentLine": "volwassenheid.app.interviews",
    "shipped_sets": "volwassenheid.app.question_sets",
    "open_question_set": "volwassenheid.app.question_sets",
    "question_set_schema": "volwassenheid.app.question_sets",
    "csv_template": "volwassenheid.app.question_sets",
}

__all__ = [
    "Report",
    "RespondentLine",
    "Traject",
    "UserError",
    "__version__",
    "compare_trajects",
    "csv_template",
    "export_form",
    "import_survey",
    "interview_session",
    "new_interview_session",
    "open_question_set",
    "question_set_schema",
    "read_ambition",
    "read_column_mapping",
    "read_survey",
    "read_traject_template",
    "respondent_overview",
    "resume_interview",
    "save_answer",
    "save_interview",
    "score_survey",
    "shipped_sets",
    "start_interview",
    "write_batch",
]

if _TYPE_CHECKING:
    from volwassenheid.app.comparison import compare_trajects
    from volwassenheid.app.interviews import (
        RespondentLine,
        interview_session,
        new_interview_session,
        respondent_overview,
        resume_interview,
        save_answer,
        save_interview,
        start_interview,
    )
    from volwassenheid.app.question_sets import csv_template, open_question_set, question_set_schema, shipped_sets
    from volwassenheid.app.survey import read_ambition, read_column_mapping, read_survey, read_traject_template, score_survey, write_batch
    from volwassenheid.app.survey_forms import export_form
    from volwassenheid.app.survey_import import import_survey
    from volwassenheid.app.traject import Report, Traject
    from volwassenheid.core.errors import UserError


def __getattr__(name: str) -> _Any:
    if name in _API:
        return getattr(_import_module(_API[name]), name)
    raise AttributeError(f"module 'volwassenheid' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public API first of all, so tab completion in a notebook offers it."""
    return sorted({*__all__, *(name for name in globals() if name.startswith("__"))})
