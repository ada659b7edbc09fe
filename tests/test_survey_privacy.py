"""Nothing a respondent typed in a name, e-mail or access-code column reaches any output (issue 16):
not the terminal, not a batch's files, not --toon-koppeling, not a traject after importeer, for a
Forms export and for a LimeSurvey export that carries its participant columns."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_survey_as_exported import as_forms_xlsx, option_text, people

from volwassenheid.app.question_sets import open_question_set
from volwassenheid.cli.main import cli
from volwassenheid.core.questionset import LEVEL_LABELS

EXAMPLE = Path(__file__).parent.parent / "voorbeelden" / "zorg-en-veiligheidshuis"
QUESTION_SET = open_question_set("samenwerking@2.0")
SECRET = re.compile(r"geheim\d|geheime|voorbeeld\.nl|tok3n")
"""What the name, e-mail and access-code cells hold ('beroepsgeheim' is in a question)."""


def as_limesurvey_with_participants(rows: list[dict], path: Path) -> None:
    """A LimeSurvey export of a survey that is not anonymous: access code, e-mail, first and last name."""
    with open(path, "w", newline="", encoding="utf-8-sig") as file:
        writer = csv.writer(file, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(
            ["id", "token", "email", "firstname", "lastname", "submitdate", "organisatie", "niveau", *(q.id for q in QUESTION_SET.vragen)]
        )
        for row in rows:
            writer.writerow(
                [row["id"], f"tok3n{row['id']}", f"geheim{row['id']}@voorbeeld.nl", "Geheime", f"Geheim{row['id']}", "2026-10-14"]
                + [row["organisatie"], LEVEL_LABELS[row["niveau"]], *(option_text(q, row["antwoorden"][q.id]) for q in QUESTION_SET.vragen)]
            )


def everything_written(folder: Path) -> str:
    return "\n".join(path.read_bytes().decode("utf-8", "replace") for path in sorted(folder.rglob("*")) if path.is_file())


@pytest.mark.parametrize("write", [as_forms_xlsx, as_limesurvey_with_participants], ids=["forms", "limesurvey"])
def test_no_name_e_mail_or_access_code_reaches_any_output(tmp_path, write):
    rows = people()
    export = tmp_path / ("forms.xlsx" if write is as_forms_xlsx else "limesurvey.csv")
    write(rows, export)
    runner = CliRunner()
    common = ["--vragenlijst", "samenwerking@2.0", "--samenwerkingsverband", "ZVH Noord"]
    shown = runner.invoke(cli, ["batch", str(export), "-o", str(tmp_path / "uit"), *common, "--toon-koppeling"])
    scored = runner.invoke(cli, ["batch", str(export), "-o", str(tmp_path / "uit"), *common, "--pdf"])
    assert shown.exit_code == 0 and scored.exit_code == 0, scored.output
    traject = tmp_path / "traject"
    shutil.copytree(EXAMPLE, traject)
    imported = runner.invoke(cli, ["importeer", str(traject), str(export)])
    assert imported.exit_code == 0, imported.output
    report = runner.invoke(cli, ["rapport", str(traject), "--html", str(tmp_path / "rapport.html")])
    assert report.exit_code == 0, report.output
    texts = [
        shown.output,
        scored.output,
        imported.output,
        report.output,
        everything_written(tmp_path / "uit"),
        (tmp_path / "rapport.html").read_text(encoding="utf-8"),
    ]
    texts.append(everything_written(traject))
    for number, text in enumerate(texts):
        found = SECRET.search(text.lower())
        assert found is None, (number, text[max(0, found.start() - 80) : found.end() + 40])
    assert (tmp_path / "uit" / "zvh-noord" / "rapport.pdf").stat().st_size > 10_000
