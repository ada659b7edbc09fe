"""`volwassenheid vragen exporteer` on the command line: the format from the file's extension, and
every mistake a clear Dutch refusal that writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from volwassenheid import export_form
from volwassenheid.app.survey_forms import FORMATS
from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.cli.vragen import EXPORT_FORMATS

click_dutch.install()  # as main() does: click's own messages in Dutch

EXAMPLE = Path(__file__).parent.parent / "voorbeelden" / "zorg-en-veiligheidshuis"


def run(*arguments: str):
    return CliRunner().invoke(cli, ["vragen", "exporteer", *arguments])


def test_the_cli_knows_the_formats_the_app_writes():
    assert EXPORT_FORMATS == FORMATS


@pytest.mark.parametrize(("name", "kind"), [("e.LSS", "limesurvey"), ("e.docx", "word"), ("e.csv", "csv")])
def test_the_format_follows_from_the_extension(tmp_path, name, kind):
    result = run("quickscan", "-o", str(tmp_path / name))
    assert result.exit_code == 0, result.output
    assert f"({kind}, 11 vragen)" in result.output


def test_csv_is_the_template_header(tmp_path):
    assert run("quickscan", "-o", str(tmp_path / "kop.csv"), "--scheidingsteken", ",").exit_code == 0
    header = (tmp_path / "kop.csv").read_text(encoding="utf-8")
    assert header.startswith("respondent,organisatie,niveau,qs_doel,qs_rel,") and header.count(",") == 13


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-o", "{tmp}/e.txt"], "Welk formaat? 'e.txt' eindigt niet op .lss, .docx, .xlsx, .csv; geef --formaat."),
        (["-o", "{tmp}/e.lss", "--formaat", "word"], "'{tmp}/e.lss': een bestand in formaat word eindigt op .docx."),
        (["-o", "{tmp}/nergens/e.lss"], "Kan '{tmp}/nergens/e.lss' niet schrijven: map '{tmp}/nergens' bestaat niet."),
        (["samenwerking", "--traject", str(EXAMPLE), "-o", "{tmp}/e.lss"], "Geef een traject of een vragenlijst met modules, niet allebei"),
        (["--traject", "{tmp}", "-o", "{tmp}/e.lss"], "is geen traject: traject.yaml ontbreekt"),
        (["samenwerking", "--module", "drugs", "-o", "{tmp}/e.lss"], "Onbekende module 'drugs'"),
        (["-o", "{tmp}/e.lss", "--formaat", "pdf"], "Ongeldige waarde voor '--formaat'"),
    ],
)
def test_a_mistake_is_refused_in_dutch_and_nothing_is_written(tmp_path, arguments, message):
    result = run(*(argument.replace("{tmp}", str(tmp_path)) for argument in arguments))
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    assert message.replace("{tmp}", str(tmp_path)) in " ".join(result.output.split())
    assert list(tmp_path.iterdir()) == []


def test_the_api_is_the_command(tmp_path):
    made = export_form(tmp_path / "enquete.lss", "limesurvey", traject=EXAMPLE)
    assert (made.format, made.questions, made.mapping) == ("limesurvey", 50, tmp_path / "enquete.koppeling.yaml")
    assert run("--traject", str(EXAMPLE), "-o", str(tmp_path / "cli.lss")).exit_code == 0
    assert (tmp_path / "cli.lss").read_bytes() == (tmp_path / "enquete.lss").read_bytes()
    assert (tmp_path / "cli.koppeling.yaml").read_text(encoding="utf-8") == made.mapping.read_text(encoding="utf-8")


def set_with(tmp_path: Path, old: str, new: str) -> Path:
    """The quickscan set (which inherits all but its questions) with one text replaced."""
    source = (Path(__file__).parent.parent / "vragen" / "quickscan-2.0.yaml").read_text(encoding="utf-8")
    assert old in source
    path = tmp_path / "eigen.yaml"
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("id: qs_doel", "id: Organisatie", "'Organisatie' is de naam van een kolom in een enquêtebestand; kies een andere id"),
        ("id: qs_doel", "id: negeren", "'negeren' is de naam van een kolom in een enquêtebestand"),
        ('naam: "Quickscan samenwerking"', 'naam: "Quick\\u0007scan"', "naam: bevat een onzichtbaar stuurteken (\\x07); haal het weg"),
    ],
)
def test_a_set_that_no_survey_could_carry_is_refused_before_export(tmp_path, old, new, message):
    path = set_with(tmp_path, old, new)
    for command in (["vragen", "valideer", str(path)], ["vragen", "exporteer", str(path), "-o", str(tmp_path / "e.lss")]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 1 and message in result.output
    assert not (tmp_path / "e.lss").exists()


def test_a_mapping_for_ids_that_yaml_reads_as_other_things_reads_back(tmp_path):
    from volwassenheid.storage.column_mapping_file import mapping_yaml

    text = mapping_yaml([("Ja", "yes"), ("Niets", "null"), ("Uit", "off")], {"niveau": {"on": "strategisch"}})
    import yaml

    assert yaml.safe_load(text) == {"kolommen": {"Ja": "yes", "Niets": "null", "Uit": "off"}, "antwoorden": {"niveau": {"on": "strategisch"}}}


def test_a_blank_partnership_name_is_refused(tmp_path, mini_set_path):
    (tmp_path / "e.csv").write_text("respondent;organisatie;niveau;v1\nr1;OM;tactisch;3\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["batch", str(tmp_path / "e.csv"), "-o", str(tmp_path / "u"), "--vragenlijst", str(mini_set_path), "--samenwerkingsverband", "   "]
    )
    assert result.exit_code == 1 and "De naam van het samenwerkingsverband is leeg." in result.output
