"""Two versions of one shipped set side by side: the newest by id, an older one by ID@VERSIE,
and an old traject keeps the version it was measured with (issue 14)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from volwassenheid import Traject
from volwassenheid.cli.main import cli
from volwassenheid.core.errors import UserError
from volwassenheid.core.questionset import version_order
from volwassenheid.storage import question_sets
from volwassenheid.storage.question_sets import find_question_set, load_question_set, split_reference

OLD_TRAJECT = Path(__file__).parent / "fixtures" / "traject-1.0"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_the_id_alone_is_the_newest_version_and_id_at_version_that_version():
    assert find_question_set("samenwerking").versie == "2.0"
    assert find_question_set("samenwerking@1.0").versie == "1.0"
    assert find_question_set("samenwerking@2.0").versie == "2.0"
    assert find_question_set("quickscan").versie == "2.0"
    assert find_question_set("quickscan@1.0").versie == "1.0"


def test_an_unknown_version_names_the_versions_there_are():
    with pytest.raises(UserError, match=r"Vragenlijst 'samenwerking' versie 3\.1 niet gevonden; meegeleverd zijn de versies 1\.0, 2\.0\."):
        find_question_set("samenwerking@3.1")


def test_vragen_lijst_shows_both_versions():
    output = CliRunner().invoke(cli, ["vragen", "lijst"], terminal_width=80).output
    assert "samenwerking-1.0.yaml" in output and "samenwerking-2.0.yaml" in output
    assert "quickscan-1.0.yaml" in output and "quickscan-2.0.yaml" in output
    assert "samenwerking@1.0" in output
    assert "│ samenwerking │ 2.0    │ 45 + 15 │ samenwerking-2.0.yaml │" in output


def test_every_shipped_file_is_named_after_its_id_and_version():
    """The lookup reads the one file ID-VERSIE.yaml; a file named otherwise would be found only slowly."""
    for path in question_sets.shipped_set_paths():
        found = load_question_set(path)
        assert path.name == f"{found.id}-{found.versie}.yaml"


def test_version_order_compares_numbers_as_numbers():
    assert sorted(["1.10", "1.9", "2.0", "1.0"], key=version_order) == ["1.0", "1.9", "1.10", "2.0"]


@pytest.mark.parametrize(
    ("reference", "expected"),
    [("samenwerking@1.0", ("samenwerking", "1.0")), ("samenwerking", ("samenwerking", None)), ("lijst@1.yaml", ("lijst@1.yaml", None))],
)
def test_split_reference(reference, expected):
    assert split_reference(reference) == expected


def test_erft_van_must_name_the_version_when_there_are_several(tmp_path):
    dimensions = [d.id for d in find_question_set("samenwerking@1.0").dimensies]
    questions = "".join(f"  - {{id: x{i}, dimensie: {d}, tekst: X?, opties: [a, b, c, d, e]}}\n" for i, d in enumerate(dimensions))
    base = f"id: eigen\nnaam: Eigen\nversie: '1'\nvragen:\n{questions}"
    (tmp_path / "zonder.yaml").write_text(base + "erft_van: samenwerking\n", encoding="utf-8")
    with pytest.raises(
        UserError, match="die lijst bestaat in meer versies; schrijf welke, bijvoorbeeld erft_van: 'samenwerking@1.0' of 'samenwerking@2.0'"
    ):
        load_question_set(tmp_path / "zonder.yaml")
    (tmp_path / "met.yaml").write_text(base + "erft_van: samenwerking@1.0\n", encoding="utf-8")
    assert load_question_set(tmp_path / "met.yaml").dimension("ambitie").naam == "Ambitie en belangen"


def test_an_old_traject_keeps_scoring_with_version_1_0(tmp_path):
    """The example of version 1.0, kept as it was: it still opens with its own version and scores
    as it did (the figures below are those of `score --json` before 2.0 shipped)."""
    folder = tmp_path / "oud"
    shutil.copytree(OLD_TRAJECT, folder)
    traject = Traject.open(folder)
    assert (traject.question_set.id, traject.question_set.versie) == ("samenwerking", "1.0")
    assert "ambitie:" in (folder / "traject.yaml").read_text(encoding="utf-8")  # the old key, still read
    scores = [(d["id"], d["score"], d["fase"]) for d in traject.score_document()["dimensies"]]
    assert scores == [
        ("ambitie", 3.19, 3),
        ("vertrouwen", 3.66, 3),
        ("tvb", 2.12, 2),
        ("sturing", 2.38, 2),
        ("informatie", 2.58, 2),
        ("professionals", 2.98, 3),
        ("leren", 2.16, 2),
        ("omgeving", 1.92, 2),
        ("middelen", 2.62, 2),
        ("resultaten", 2.2, 2),
    ]
    assert run("advies", folder, "--json").exit_code == 0


def test_a_traject_of_a_version_that_is_not_shipped_says_which_there_are(tmp_path):
    folder = tmp_path / "t"
    shutil.copytree(OLD_TRAJECT, folder)
    text = (folder / "traject.yaml").read_text(encoding="utf-8").replace("versie: '1.0'", "versie: '0.9'")
    (folder / "traject.yaml").write_text(text, encoding="utf-8")
    result = run("score", folder)
    assert result.exit_code == 1
    assert "het traject is gemeten met vragenlijst 'samenwerking' versie 0.9." in result.output
    assert "meegeleverd zijn de versies 1.0, 2.0" in result.output


def test_erft_van_a_version_that_is_not_shipped_names_the_file_and_the_key(tmp_path):
    path = tmp_path / "k.yaml"
    path.write_text("id: k\nnaam: K\nversie: '1'\nerft_van: samenwerking@9\nvragen: []\n", encoding="utf-8")
    result = run("vragen", "valideer", path)
    assert result.exit_code == 1
    assert (
        f"{path}: erft_van 'samenwerking@9': vragenlijst 'samenwerking' versie 9 niet gevonden; meegeleverd zijn de versies 1.0, 2.0."
        in result.output
    )
