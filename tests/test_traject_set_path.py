"""`vragenlijst.pad` in traject.yaml: only a question set inside the traject folder is read."""

from __future__ import annotations

import os
import shutil

import pytest
import yaml
from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.errors import UserError
from volwassenheid.storage.traject_folder import load_engagement

SECRET = "sk-live-SECRET-123!"
SECRET_FILE = f'id: "{SECRET}"\nnaam: x\ngeheime_sleutel: {SECRET}\n'

click_dutch.install()


def _point_pad_at(folder, pad: str) -> None:
    path = folder / "traject.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("pad: mini.yaml", f"pad: '{pad}'"), encoding="utf-8")


def _refusal(folder) -> str:
    with pytest.raises(UserError) as error:
        load_engagement(folder)
    return str(error.value)


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "outside-secret.yaml"
    path.write_text(SECRET_FILE, encoding="utf-8")
    return path


def test_pad_with_dotdot_out_of_the_traject_is_refused_without_echo(make_engagement, secret):
    folder = make_engagement([])
    _point_pad_at(folder, "../outside-secret.yaml")
    message = _refusal(folder)
    assert "vragenlijst.pad" in message and "buiten de trajectmap" in message
    assert SECRET not in message and "geheime_sleutel" not in message


def test_absolute_pad_is_refused_without_echo(make_engagement, secret):
    folder = make_engagement([])
    _point_pad_at(folder, str(secret))
    message = _refusal(folder)
    assert "relatief aan de trajectmap" in message and SECRET not in message


def test_symlink_pointing_out_is_refused_without_echo(make_engagement, secret):
    folder = make_engagement([])
    os.symlink(secret, folder / "lijst.yaml")
    _point_pad_at(folder, "lijst.yaml")
    message = _refusal(folder)
    assert "buiten de trajectmap" in message and SECRET not in message


def test_file_inside_that_is_no_question_set_echoes_nothing(make_engagement):
    folder = make_engagement([])
    (folder / "notities.yaml").write_text(f"wachtwoord: {SECRET}\nid: x\n", encoding="utf-8")
    _point_pad_at(folder, "notities.yaml")
    message = _refusal(folder)
    assert "geen vragenlijst" in message and SECRET not in message and "wachtwoord" not in message


def test_pad_must_name_a_yaml_file(make_engagement, tmp_path):
    folder = make_engagement([])
    (folder / "set.txt").write_text("id: x\n", encoding="utf-8")
    _point_pad_at(folder, "set.txt")
    assert ".yaml- of .yml-bestand" in _refusal(folder)


def test_set_in_a_subfolder_of_the_traject_is_read(make_engagement):
    folder = make_engagement([])
    (folder / "sets").mkdir()
    shutil.move(folder / "mini.yaml", folder / "sets" / "mini.yaml")
    _point_pad_at(folder, "sets/mini.yaml")
    assert load_engagement(folder).question_set.id == "mini"


def test_score_shows_no_secret_from_outside(make_engagement, secret):
    folder = make_engagement([])
    _point_pad_at(folder, "../outside-secret.yaml")
    result = CliRunner().invoke(cli, ["score", str(folder)], prog_name="volwassenheid")
    assert result.exit_code == 1
    assert SECRET not in result.output and "geheime_sleutel" not in result.output


def test_nieuw_copies_an_inheriting_set_whole(tmp_path, mini_set_path):
    sets = tmp_path / "sets"
    sets.mkdir()
    shutil.copy(mini_set_path, sets / "basis.yaml")
    base = yaml.safe_load(mini_set_path.read_text(encoding="utf-8"))
    child = {"id": base["id"], "naam": "Afgeleid", "versie": base["versie"], "erft_van": "basis.yaml", "vragen": base["vragen"]}
    (sets / "eigen.yaml").write_text(yaml.safe_dump(child, allow_unicode=True), encoding="utf-8")
    folder = tmp_path / "t"
    result = CliRunner().invoke(
        cli,
        ["nieuw", str(folder), "--niet-interactief", "--samenwerkingsverband", "X", "--vragenlijst", str(sets / "eigen.yaml")],
        prog_name="volwassenheid",
    )
    assert result.exit_code == 0, result.output
    raw = yaml.safe_load((folder / "traject.yaml").read_text(encoding="utf-8"))
    assert raw["vragenlijst"]["pad"] == "eigen.yaml"
    shutil.rmtree(sets)  # the traject no longer needs anything outside it
    loaded = load_engagement(folder)
    assert loaded.question_set.naam == "Afgeleid"
    assert [p.naam for p in loaded.question_set.fasen] == [p["naam"] for p in base["fasen"]]


def test_nieuw_keeps_a_set_already_inside_the_traject(tmp_path, mini_set_path):
    folder = tmp_path / "t"
    (folder / "sets").mkdir(parents=True)
    shutil.copy(mini_set_path, folder / "sets" / "mini.yaml")
    result = CliRunner().invoke(
        cli,
        ["nieuw", str(folder), "--niet-interactief", "--samenwerkingsverband", "X", "--vragenlijst", str(folder / "sets" / "mini.yaml")],
        prog_name="volwassenheid",
    )
    assert result.exit_code == 0, result.output
    raw = yaml.safe_load((folder / "traject.yaml").read_text(encoding="utf-8"))
    assert raw["vragenlijst"]["pad"] == "sets/mini.yaml"
    assert not (folder / "mini.yaml").exists()


def test_nieuw_gives_a_copied_set_a_yaml_name_and_never_overwrites(tmp_path, mini_set_path):
    own = tmp_path / "lijst.txt"
    shutil.copy(mini_set_path, own)
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "lijst.yaml").write_text("iets anders\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["nieuw", str(folder), "--niet-interactief", "--samenwerkingsverband", "X", "--vragenlijst", str(own)],
        prog_name="volwassenheid",
    )
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((folder / "traject.yaml").read_text(encoding="utf-8"))["vragenlijst"]["pad"] == "lijst-2.yaml"
    assert (folder / "lijst.yaml").read_text(encoding="utf-8") == "iets anders\n"
    assert load_engagement(folder).question_set.id == "mini"


def test_a_shipped_set_is_read_once_but_again_when_its_file_changes(tmp_path, monkeypatch):
    """Opening a follow-up and its previous measurement reads the shipped set once; a changed file is read anew."""
    from volwassenheid.storage import question_sets, traject_folder

    shipped = tmp_path / "sets"
    shipped.mkdir()
    source = question_sets.shipped_set_dir() / "samenwerking-2.0.yaml"
    shutil.copy(source, shipped / "samenwerking-2.0.yaml")
    monkeypatch.setattr(question_sets, "shipped_set_dir", lambda: shipped)
    example = os.path.join(os.path.dirname(__file__), "..", "voorbeelden", "zorg-en-veiligheidshuis")
    calls = []
    real = traject_folder.load_question_set
    monkeypatch.setattr(traject_folder, "load_question_set", lambda path: calls.append(path) or real(path))
    first, second = load_engagement(example), load_engagement(example)
    assert len(calls) == 1 and first.question_set == second.question_set
    text = (shipped / "samenwerking-2.0.yaml").read_text(encoding="utf-8")
    (shipped / "samenwerking-2.0.yaml").write_text(text.replace('naam: "Volwassenheid', 'naam: "Gewijzigd: volwassenheid', 1), encoding="utf-8")
    assert load_engagement(example).question_set.naam != first.question_set.naam and len(calls) == 2
