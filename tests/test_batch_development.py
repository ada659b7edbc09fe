"""A batch with a column meting gives each later measurement what a follow-up traject gets: the
advice on the change since the measurement before, and with --pdf the chapter on development."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_batch_meting import HEADER, NOORD_2025, NOORD_2026, run, write_export
from test_comparison import follow_up

from volwassenheid import Traject
from volwassenheid.core.comparison import Comparison, summary_sentence

EXAMPLE = Path(__file__).parent.parent / "voorbeelden" / "zorg-en-veiligheidshuis"
CHANGE_RULES = {"stilstand_ondanks_agenda", "vertrouwen_gedaald", "groei_alleen_strategisch"}


def as_export(folders: list[tuple[Path, str]], path: Path) -> Path:
    """The interviews of each traject folder as rows of one survey export, with its measurement."""
    rows, questions = [], None
    for folder, measurement in folders:
        for file in sorted((folder / "interviews").glob("*.json")):
            interview = json.loads(file.read_text(encoding="utf-8"))
            questions = questions or sorted(interview["antwoorden"])
            answers = {q: a["waarde"] for q, a in interview["antwoorden"].items()}
            cells = ["weet niet" if answers.get(q) == "weet_niet" else ("nvt" if answers.get(q) == "nvt" else answers.get(q, "")) for q in questions]
            rows.append([interview["code"], interview["organisatie"], interview["niveau"], "ZVH Waalmonde", measurement, *cells])
    assert questions
    with open(path, "w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([["respondent", "organisatie", "niveau", "samenwerkingsverband", "meting", *questions], *rows])
    return path


def test_a_later_measurement_gets_the_advice_on_its_change_as_a_follow_up_traject_does(tmp_path):
    before, after = follow_up(tmp_path, {"rel": -2})
    export = as_export([(before, "2026"), (after, "2027")], tmp_path / "twee.csv")
    out = tmp_path / "uit"
    result = run("batch", export, "-o", out, "--module", "zorg-en-veiligheid", "--datum", "2027-10-15")
    assert result.exit_code == 0, result.output
    first = json.loads((out / "zvh-waalmonde" / "2026" / "advies.json").read_text(encoding="utf-8"))
    later = json.loads((out / "zvh-waalmonde" / "2027" / "advies.json").read_text(encoding="utf-8"))
    fired = {p["id"] for p in later["patronen"]} & CHANGE_RULES
    assert fired == {"vertrouwen_gedaald"}  # trust fell by two phases on every answer, really
    assert not {p["id"] for p in first["patronen"]} & CHANGE_RULES  # nothing before the first
    with open(after / "traject.yaml", "a", encoding="utf-8") as file:
        file.write("vorige_meting: ../zvh-2026\n")
    assert {p.id for p in Traject.open(after).advise().patronen} & CHANGE_RULES >= fired  # the same rule by either route
    evidence = next(p for p in later["patronen"] if p["id"] == "vertrouwen_gedaald")
    assert "sinds de meting van 2026" in json.dumps(evidence, ensure_ascii=False)


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


@pytest.mark.traag
def test_each_later_report_of_a_batch_has_the_chapter_on_development(tmp_path, mini_set_path):
    noord_2027 = [[*row[:4], "2027", *row[5:]] for row in NOORD_2026]
    out = tmp_path / "uit"
    export = write_export(tmp_path / "drie.csv", [*NOORD_2026, *noord_2027, *NOORD_2025], HEADER)
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path, "--datum", "2027-11-01", "--pdf")
    assert result.exit_code == 0, result.output
    first, second, third = (pdf_text(out / "noord" / year / "rapport.pdf") for year in ("2025", "2026", "2027"))
    assert "Ontwikkeling sinds de vorige meting" not in first
    assert "Van de meting van 2025 naar de meting van 2026." in second and "Verloop over" not in second
    # vertrouwen 2,0 -> 4,0 (see test_batch_meting): the sentence of the chapter, as vergelijk would write it
    assert "Sinds de meting van 2025 echt gestegen: Vertrouwen en relaties (+2,0)" in second
    compared = Comparison.model_validate_json((out / "noord" / "vergelijking.json").read_text(encoding="utf-8"))
    assert summary_sentence(compared) in third  # 2027 against 2026: the comparison written beside it
    assert "Verloop over 3 metingen" in third and "2025 2026 2027 Lijn" in third
