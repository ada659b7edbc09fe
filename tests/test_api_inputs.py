"""What a notebook passes to the API: a str or a Path alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from volwassenheid import Traject, UserError, read_survey
from volwassenheid.storage.resources import data_dir

EXAMPLE = Path(__file__).parent / "fixtures" / "traject-1.0"  # the example of set 1.0, kept as an old traject
SHIPPED_SET = data_dir("vragen") / "samenwerking-1.0.yaml"
FIXTURE = Path(__file__).parent / "fixtures" / "enquete-api.csv"


def test_a_question_set_may_be_given_as_a_path(tmp_path):
    folder = tmp_path / "traject"
    shutil.copytree(EXAMPLE, folder)
    by_path = Traject.open(folder, question_set=SHIPPED_SET).score_document()
    by_text = Traject.open(str(folder), question_set=str(SHIPPED_SET)).score_document()
    assert by_path == by_text == Traject.open(folder).score_document()
    newest = data_dir("vragen") / "samenwerking-2.0.yaml"
    assert read_survey(FIXTURE, newest).question_set == read_survey(str(FIXTURE), "samenwerking").question_set


def test_a_traject_opened_by_a_relative_name_keeps_its_folder_after_a_change_of_directory(tmp_path, monkeypatch):
    shutil.copytree(EXAMPLE, tmp_path / "eerst" / "traject")
    (tmp_path / "later" / "traject").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "eerst")
    traject = Traject.open("traject")
    monkeypatch.chdir(tmp_path / "later")
    written = traject.report(html="traject/verslag.html")
    assert written.html == Path("traject/verslag.html")
    assert (tmp_path / "eerst" / "traject" / "verslag.html").is_file()
    assert list((tmp_path / "later" / "traject").iterdir()) == []


@pytest.mark.parametrize("kept", ["interviews", "vertrouwelijk"])
@pytest.mark.parametrize("kind", ["pdf", "html"])
def test_a_report_is_never_written_among_the_interviews_or_names(tmp_path, kept, kind):
    folder = tmp_path / "traject"
    shutil.copytree(EXAMPLE, folder)
    (folder / "vertrouwelijk").mkdir(exist_ok=True)
    before = sorted(p.name for p in (folder / kept).iterdir())
    target = folder / kept / f"R99.{kind}"
    with pytest.raises(UserError, match=f"in de map {kept}/ van het traject hoort geen rapport"):
        Traject.open(folder).report(**{"pdf" if kind == "pdf" else "html": target})
    assert sorted(p.name for p in (folder / kept).iterdir()) == before
    Traject.open(folder)  # still opens


@pytest.mark.traag  # renders a PDF (refused halfway)
def test_a_pdf_refused_while_rendering_leaves_the_html_as_it_was(tmp_path):
    from volwassenheid.report.templates import default_template_dir

    folder = tmp_path / "traject"
    shutil.copytree(EXAMPLE, folder)
    templates = tmp_path / "sjablonen"
    shutil.copytree(default_template_dir(), templates)
    main = templates / "rapport.html.j2"
    main.write_text(main.read_text(encoding="utf-8").replace("</body>", '<img src="file:///etc/hostname"></body>'), encoding="utf-8")
    html = tmp_path / "verslag.html"
    html.write_text("het vorige verslag", encoding="utf-8")
    with pytest.raises(UserError):
        Traject.open(folder).report(tmp_path / "r.pdf", html=html, templates=templates)
    assert html.read_text(encoding="utf-8") == "het vorige verslag"
    assert not (tmp_path / "r.pdf").exists()


def test_the_package_offers_exactly_its_api():
    import volwassenheid

    assert set(volwassenheid.__all__) == {*volwassenheid._API, "__version__"}
    shown = [name for name in dir(volwassenheid) if not name.startswith("__")]
    assert shown == sorted(volwassenheid._API)
    for name in volwassenheid._API:
        assert getattr(volwassenheid, name).__name__ == name
