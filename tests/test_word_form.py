"""`vragen exporteer --formaat word` (issue 16): a Word document Microsoft Forms' quick import turns
into a form, and that doubles as a paper questionnaire: every question numbered, in order, with its
options as a list under it; a Forms export of the form built from it reads back."""

from __future__ import annotations

from pathlib import Path

import docx
from click.testing import CliRunner
from openpyxl import Workbook

from volwassenheid import read_survey
from volwassenheid.app.question_sets import open_question_set
from volwassenheid.cli.main import cli
from volwassenheid.core.questionset import LEVEL_LABELS

EXAMPLE = Path(__file__).parent.parent / "voorbeelden" / "zorg-en-veiligheidshuis"


def export(tmp_path: Path, *arguments: str) -> docx.document.Document:
    result = CliRunner().invoke(cli, ["vragen", "exporteer", *arguments, "-o", str(tmp_path / "vragenlijst.docx")])
    assert result.exit_code == 0, result.output
    assert "word, 50 vragen" in result.output
    return docx.Document(str(tmp_path / "vragenlijst.docx"))


def questions_as_read(document) -> list[tuple[str, list[str]]]:
    """(question, its options) as Forms reads them: a numbered paragraph and the list items after it."""
    found: list[tuple[str, list[str]]] = []
    for paragraph in document.paragraphs:
        if paragraph.style.name == "List Number":
            found.append((paragraph.text, []))
        elif paragraph.style.name == "List Bullet 2":
            found[-1][1].append(paragraph.text)
    return found


def test_every_question_and_option_is_there_in_order(tmp_path):
    question_set = open_question_set("samenwerking", ["zorg-en-veiligheid"])
    document = export(tmp_path, "--traject", str(EXAMPLE))
    organisation, level, *questions = questions_as_read(document)
    assert organisation[0] == "Bij welke organisatie werkt u?" and len(organisation[1]) == 7 and organisation[1][0] == "Politie"
    assert level == ("Op welk niveau werkt u?", list(LEVEL_LABELS.values()))
    assert questions == [(q.tekst, [*q.opties, "Weet ik niet", "Niet van toepassing"]) for q in question_set.vragen]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Samenwerking Zorg- en Veiligheidshuis Waalmonde", "Over u", *(d.naam for d in question_set.dimensies)]
    intro = " ".join(p.text for p in document.paragraphs[1:4])
    assert "50 vragen" in intro and "anoniem" in intro and "naam of e-mailadres" in intro


def test_a_question_stays_with_its_options_on_paper(tmp_path):
    document = export(tmp_path, "--traject", str(EXAMPLE))
    items = [p for p in document.paragraphs if p.style.name in ("List Number", "List Bullet 2")]
    for paragraph, following in zip(items, items[1:], strict=False):
        assert paragraph.paragraph_format.keep_with_next is (following.style.name == "List Bullet 2")


def test_without_a_traject_the_organisation_is_an_open_question(tmp_path):
    document = export(tmp_path, "samenwerking", "--module", "ondermijning")
    assert questions_as_read(document)[0] == ("Bij welke organisatie werkt u?", [])


def test_the_forms_export_of_the_imported_form_reads_back(tmp_path):
    """Forms' export headers a column with the question as imported, and an answer with the option."""
    document = export(tmp_path, "--traject", str(EXAMPLE))
    (organisation, organisations), (level, levels), *questions = questions_as_read(document)
    book = Workbook()
    sheet = book.active
    sheet.append(["Id", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", organisation, level, *(f"{q}\n" for q, _ in questions)])
    for n in range(6):
        sheet.append(
            [
                n + 1,
                "",
                "",
                "anonymous",
                "",
                organisations[n % 3],
                levels[n % 3],
                *(options[(n + k) % len(options)] for k, (_, options) in enumerate(questions)),
            ]
        )
    book.save(tmp_path / "forms.xlsx")
    survey = read_survey(tmp_path / "forms.xlsx", open_question_set("samenwerking", ["zorg-en-veiligheid"]), partnership="ZVH")
    assert len(survey) == 6 and not survey.problems
    as_given = [1, 2, 3, 4, 5, "weet_niet", "nvt"]  # the options in order, as the tool records them
    for n in range(6):
        assert list(survey.rows.answers.answers_of(n).values()) == [as_given[(n + k) % 7] for k in range(len(questions))]
    assert [survey.rows.answers.levels[n] for n in range(3)] == ["strategisch", "tactisch", "operationeel"]
