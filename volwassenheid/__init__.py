"""volwassenheid: maturity of collaboration between organisations.

The Python API (see docs/python-api.md) is the one the command line uses:

    from volwassenheid import Traject, read_survey, write_batch

Names are imported on first use, so `volwassenheid --help` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_API = {
    "Traject": "volwassenheid.app.traject",
    "Report": "volwassenheid.app.traject",
    "read_survey": "volwassenheid.app.survey",
    "read_ambition": "volwassenheid.app.survey",
    "score_survey": "volwassenheid.app.survey",
    "write_batch": "volwassenheid.app.survey",
    "import_survey": "volwassenheid.app.survey_import",
    "UserError": "volwassenheid.core.errors",
}

__all__ = [
    "Report",
    "Traject",
    "UserError",
    "__version__",
    "import_survey",
    "read_ambition",
    "read_survey",
    "score_survey",
    "write_batch",
]

if TYPE_CHECKING:
    from volwassenheid.app.survey import read_ambition, read_survey, score_survey, write_batch
    from volwassenheid.app.survey_import import import_survey
    from volwassenheid.app.traject import Report, Traject
    from volwassenheid.core.errors import UserError


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'volwassenheid' has no attribute {name!r}")
