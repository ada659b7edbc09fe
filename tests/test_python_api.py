"""The Python API of a traject (volwassenheid.Traject): the examples in docs/python-api.md run,
and the API gives exactly what the commands print and write."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from volwassenheid import Report, Traject, UserError
from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli

click_dutch.install()
DOC = Path(__file__).parent.parent / "docs" / "python-api.md"
EXAMPLE = Path(__file__).parent / "fixtures" / "traject-1.0"  # the example of set 1.0, kept as an old traject
TAG = re.compile(r"^# test: (\w+)$", re.MULTILINE)


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def python_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def tagged(tag: str) -> list[str]:
    return [block for block in python_blocks(DOC.read_text(encoding="utf-8")) if tag in TAG.findall(block)]


@pytest.fixture
def example(tmp_path) -> Path:
    folder = tmp_path / "volwassenheid-demo"
    shutil.copytree(EXAMPLE, folder)
    return folder


@pytest.mark.traag
def test_the_traject_examples_in_the_docs_run(example, monkeypatch):
    blocks = tagged("traject")
    assert len(blocks) >= 5
    monkeypatch.chdir(example.parent)
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        for block in blocks:
            exec(compile(block, str(DOC), "exec"), namespace)  # the documentation's own example
    output = printed.getvalue()
    assert "Zorg- en Veiligheidshuis Waalmonde" in output
    assert "16 interviews" in output
    assert "laagste score: Verbinding met de omgeving" in output
    # summary(): the 1.0 example's dashboard, as tests/test_report_dashboard.py has it
    assert "Vertrouwen en relaties draagt; Resultaten en effect en Taken en bevoegdheden blijven het verst achter" in output
    assert "3 Stel gezamenlijke prestatie-indicatoren vast · Bestuur" in output
    assert "volwassenheid-demo/traject.yaml: de naam van het PDF-bestand moet eindigen op .pdf." in output
    written = namespace["written"]
    assert written.pdf == Path("volwassenheid-demo/rapport.pdf")
    assert written.pages == len(PdfReader(example / "rapport.pdf").pages)
    assert (example.parent / "waalmonde.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert namespace["only_html"].pdf is None


def test_every_python_example_says_whether_the_test_runs_it():
    """A block without a tag would silently go untested (tests/test_python_api_survey.py runs 'enquete',
    tests/test_app_setup.py 'nieuw')."""
    untested = ("from volwassenheid import Traject, UserError, ", "import pandas\n", "from volwassenheid import UserError, import_survey\n")
    for block in python_blocks(DOC.read_text(encoding="utf-8")):
        assert TAG.findall(block) in (["traject"], ["enquete"], ["nieuw"]) or block.startswith(untested), block


def test_score_document_is_what_score_json_prints(example):
    printed = run("score", example, "--json")
    assert printed.exit_code == 0, printed.output
    document = Traject.open(example).score_document()
    assert document == json.loads(printed.output)
    assert list(document)[:2] == ["traject", "vragenlijst"]
    assert all(round(value, 2) == value for value in floats_in(document)) and 3.23 in floats_in(document)


def floats_in(data: object) -> list[float]:
    if isinstance(data, float):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    return [number for item in data for number in floats_in(item)] if isinstance(data, list) else []


def test_advice_document_is_what_advies_json_prints(example):
    printed = run("advies", example, "--json")
    assert printed.exit_code == 0, printed.output
    assert Traject.open(example).advice_document() == json.loads(printed.output)


def test_the_traject_is_scored_once(example):
    traject = Traject.open(example)
    assert traject.assess() is traject.assess()
    assert traject.score() is traject.assess().result and traject.advise() is traject.assess().advice
    assert [i.code for i in traject.interviews][:2] == ["R01", "R02"]


@pytest.mark.traag
def test_report_writes_the_pdf_and_says_how_many_pages(make_engagement, tmp_path):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    target = tmp_path / "verslag.PDF"
    written = Traject.open(folder).report(target, html=tmp_path / "verslag.htm")
    assert isinstance(written, Report)
    assert written.pdf == target and written.html == tmp_path / "verslag.htm" and not written.replaced
    assert written.pages == len(PdfReader(target).pages) >= 2
    assert (tmp_path / "verslag.htm").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not (folder / "rapport.pdf").exists()


@pytest.mark.traag
def test_report_goes_to_the_traject_folder_by_default(make_engagement):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    first = Traject.open(str(folder)).report()
    assert first.pdf == folder / "rapport.pdf" and first.html is None and not first.replaced
    assert (folder / "rapport.pdf").read_bytes().startswith(b"%PDF")
    assert Traject.open(folder).report().replaced


def test_report_refuses_a_file_of_another_kind_before_writing(make_engagement, tmp_path):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    before = (folder / "traject.yaml").read_bytes()
    traject = Traject.open(folder)
    with pytest.raises(UserError, match=r"traject\.yaml: de naam van het PDF-bestand moet eindigen op \.pdf\."):
        traject.report(folder / "traject.yaml")
    with pytest.raises(UserError, match=r"de naam van het HTML-bestand moet eindigen op \.html of \.htm\."):
        traject.report(html=tmp_path / "r.pdf")
    with pytest.raises(UserError, match="PDF-variant 'pdf/x' bestaat niet; kies pdf/a-3b of pdf/ua-1"):
        traject.report(tmp_path / "r.pdf", pdf_variant="pdf/x")
    assert (folder / "traject.yaml").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["traject"]


def test_the_command_offers_the_variants_the_api_accepts():
    from volwassenheid.app.traject import PDF_VARIANTS
    from volwassenheid.cli.rapport import rapport

    (variant,) = [p for p in rapport.params if p.name == "pdf_variant"]
    assert tuple(variant.type.choices) == PDF_VARIANTS


def imported_after(code: str) -> set[str]:
    """The modules loaded by `code` in a fresh interpreter."""
    script = f"import sys\n{code}\nprint('\\n'.join(sys.modules))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=EXAMPLE)
    return set(done.stdout.split())


def test_the_api_does_not_load_the_command_line():
    loaded = imported_after("from volwassenheid import Traject\nTraject.open('.').score_document()")
    assert "volwassenheid.app.traject" in loaded
    assert not {m for m in loaded if m == "volwassenheid.cli" or m.startswith("volwassenheid.cli.")}
    assert not loaded & {"click", "rich", "weasyprint", "jinja2"}  # scoring alone renders nothing


def test_importing_the_package_stays_light():
    """`volwassenheid --help` imports the package: pydantic and WeasyPrint load only when used."""
    loaded = imported_after("import volwassenheid")
    assert not loaded & {"pydantic", "weasyprint", "volwassenheid.app.traject"}
