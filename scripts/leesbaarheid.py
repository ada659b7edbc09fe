"""Flesch-Douma per question of a question set, as CSV (vraag;score;moeilijkste tekst), for working on the texts.

    python scripts/leesbaarheid.py [ID|PAD]    # default: samenwerking

The counting rules are in volwassenheid/core/readability.py; `volwassenheid vragen valideer --leesbaarheid`
shows the same figures as a table.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from volwassenheid.app.question_sets import open_question_set
from volwassenheid.core.errors import UserError
from volwassenheid.core.readability import set_readability


def main(reference: str = "samenwerking") -> None:
    try:
        question_set = open_question_set(reference)
    except UserError as error:
        sys.exit(f"Fout: {error}")
    found = set_readability(question_set)
    writer = csv.writer(sys.stdout, delimiter=";", lineterminator="\n")
    writer.writerow(["vraag", "score", "moeilijkste tekst"])
    for question in found:
        writer.writerow([question.id, f"{question.score:.1f}", question.lowest])
    if found:
        print(f"# gemiddeld {sum(q.score for q in found) / len(found):.1f} over {len(found)} vragen", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:2])
