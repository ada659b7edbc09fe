"""The answer vocabulary shared by interviews, survey rows and scoring.

Besides a phase number, a respondent may say "don't know" or "not applicable";
neither counts towards a score.
"""

from __future__ import annotations

from typing import Final, Literal

DONT_KNOW: Final = "weet_niet"
NOT_APPLICABLE: Final = "nvt"
NonScore = Literal["weet_niet", "nvt"]
Given = int | NonScore
"""An answer someone gave: a phase number, or weet niet / n.v.t."""
