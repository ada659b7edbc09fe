"""The answer vocabulary shared by interviews, survey rows and scoring.

Besides a phase number, a respondent may say "don't know" or "not applicable";
neither counts towards a score.
"""

from __future__ import annotations

from typing import Literal

DONT_KNOW = "weet_niet"
NOT_APPLICABLE = "nvt"
NonScore = Literal["weet_niet", "nvt"]
