"""Question ids as LimeSurvey question codes, for the survey form and for reading its export back. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence

RESERVED_CODES = frozenset({"lang", "sid", "savedid", "token", "qid", "gid", "sgq", "self", "that", "this"})
"""Words LimeSurvey refuses as a question code, in any case."""
MAX_CODE_LENGTH = 20
"""LimeSurvey's longest question code."""
ROLE_CODES = ("organisatie", "niveau")
"""The codes of the questions about the respondent; no question gets one."""


def question_codes(ids: Sequence[str]) -> dict[str, str]:
    """Each id as a LimeSurvey question code: only its letters and digits ('qs_amb' is 'qsamb'),
    starting with a letter, at most 20 characters, no reserved word, unique and no other question's id
    (a clash gets x2, x3)."""
    taken: set[str] = set(ROLE_CODES)
    names = {question_id.lower() for question_id in ids}
    codes = {}
    for question_id in ids:
        base = re.sub(r"[^A-Za-z0-9]", "", question_id) or "q"
        if not base[0].isalpha() or base.lower() in RESERVED_CODES:
            base = "q" + base
        base = base[:MAX_CODE_LENGTH]
        code, n = base, 1
        # never another question's id: a header 'a1' is question a1, not the code of 'a_1'
        while code.lower() in taken or (code.lower() in names and code.lower() != question_id.lower()):
            n += 1
            code = f"{base[: MAX_CODE_LENGTH - len(str(n)) - 1]}x{n}"
        taken.add(code.lower())
        codes[question_id] = code
    return codes
