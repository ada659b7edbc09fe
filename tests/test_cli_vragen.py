"""`volwassenheid vragen ...` through CliRunner, on shipped and hand-made sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.schemas import json_schema

click_dutch.install()
ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def test_toon_by_path_shows_phases_and_options(mini_set_path):
    result = run("vragen", "toon", mini_set_path)
    assert result.exit_code == 0, result.output
    for expected in ("Mini-vragenlijst voor tests", "Transformeren", "Vraag t3?", "5 Transformeren e", "6 vragen, 1 advies, "):
        assert expected in result.output


def test_toon_json_is_the_validated_set(mini_set_path):
    result = run("vragen", "toon", mini_set_path, "--json")
    data = json.loads(result.output)
    assert data["id"] == "mini" and len(data["vragen"]) == 6
    assert data["dimensies"][0]["gewicht"] == 1.0  # default filled in
    assert data["patronen"][0]["voorwaarden"][1]["ten_opzichte_van"] == "tvb"


def test_valideer_accepts_a_good_set(mini_set_path):
    result = run("vragen", "valideer", mini_set_path)
    assert result.exit_code == 0
    assert "In orde" in result.output and "6 vragen" in result.output
    assert "(mini versie 0.1: 5 fasen, 3 dimensies, 6 vragen, 1 advies, 1 patroon)." in result.output  # never '1 adviezen'


BROKEN = """\
id: kapot
naam: Kapotte lijst
versie: "1"
kleur: blauw
fasen:
  - {nummer: 1, naam: A, beschrijving: a}
  - {nummer: 3, naam: B, beschrijving: b}
dimensies:
  - {id: d1, naam: D1, beschrijving: x}
  - {id: d1, naam: D1 bis, beschrijving: x}
vragen:
  - {id: q1, dimensie: d1, tekst: T, opties: [a, b, c]}
  - {id: q2, dimensie: dx, tekst: T, opties: [a, b]}
adviezen:
  - {dimensie: d1, van_fase: 1, titel: t, toelichting: t, horizon: morgen, actor: bestuur}
"""


def test_valideer_lists_every_problem_with_line_and_key(tmp_path):
    path = tmp_path / "kapot.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    result = run("vragen", "valideer", path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert f"Fout: {path}: 6 problemen in de vragenlijst:" in lines[0]
    expected = [
        "regel 4, kleur: onbekende sleutel",
        "regel 7, fasen[1].nummer: is 3, verwacht 2",
        "regel 10, dimensies[1] (id 'd1').id: dimensie-id 'd1' komt dubbel voor",
        "regel 12, vragen[0] (id 'q1').opties: heeft 3 antwoordopties, verwacht 2 (één per fase)",
        "regel 13, vragen[1] (id 'q2').dimensie: onbekende dimensie 'dx'",
        "regel 15, adviezen[0].horizon: moet een van deze waarden zijn: 'kort', 'middellang' of 'lang' (gegeven: 'morgen')",
    ]
    for line, wanted in zip(lines[1:], expected, strict=True):
        assert wanted in line


def test_valideer_keeps_phases_and_questions_per_dimension_within_what_scoring_and_interview_handle(tmp_path):
    phases = [{"nummer": n, "naam": f"F{n}", "beschrijving": "-"} for n in range(1, 11)]
    questions = [{"id": f"q{n}", "dimensie": "d", "tekst": "?", "opties": list("abcdefghi")} for n in range(25)]
    path = tmp_path / "groot.json"
    path.write_text(
        json.dumps(
            {
                "id": "groot",
                "naam": "G",
                "versie": "1",
                "fasen": phases,
                "dimensies": [{"id": "d", "naam": "D", "beschrijving": "-"}],
                "vragen": questions,
            }
        )
    )
    result = run("vragen", "valideer", path)
    assert result.exit_code == 1
    assert "fasen: mag hoogstens 9 items bevatten" in result.output
    assert "dimensie 'd' heeft 25 vragen; hoogstens 24" in result.output


def test_valideer_reports_yaml_syntax_with_line_and_column(tmp_path):
    path = tmp_path / "syntax.yaml"
    path.write_text("id: x\nvragen:\n  - {id: q1, tekst: [open\n", encoding="utf-8")
    result = run("vragen", "valideer", path)
    assert result.exit_code == 1
    assert f"{path}, regel 4, kolom 1: geen geldige YAML" in result.output


def test_unknown_set_id_lists_the_available_ones():
    result = run("vragen", "toon", "bestaat_niet")
    assert result.exit_code == 1
    assert "Vragenlijst 'bestaat_niet' niet gevonden. Beschikbaar:" in result.output


def test_inheriting_set_takes_phases_dimensions_and_advice(tmp_path, mini_set_path):
    (tmp_path / "basis.yaml").write_text(mini_set_path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "kort.yaml").write_text(
        'id: kort\nnaam: Kort\nversie: "1"\nerft_van: basis.yaml\nvragen:\n'
        "  - {id: k1, dimensie: vertrouwen, tekst: K1, opties: [a, b, c, d, e]}\n"
        "  - {id: k2, dimensie: tvb, tekst: K2, opties: [a, b, c, d, e]}\n"
        "  - {id: k3, dimensie: informatie, tekst: K3, opties: [a, b, c, d, e]}\n",
        encoding="utf-8",
    )
    data = json.loads(run("vragen", "toon", tmp_path / "kort.yaml", "--json").output)
    assert [p["naam"] for p in data["fasen"]][-1] == "Transformeren"
    assert [d["id"] for d in data["dimensies"]] == ["vertrouwen", "tvb", "informatie"]
    assert len(data["adviezen"]) == 1 and len(data["patronen"]) == 1


def test_sjabloon_header_from_the_set(mini_set_path, tmp_path):
    result = run("vragen", "sjabloon", "--vragenlijst", mini_set_path)
    assert result.output == "respondent;organisatie;niveau;v1;v2;t1;t2;t3;i1\n"
    target = tmp_path / "sjabloon.csv"
    result = run("vragen", "sjabloon", "--vragenlijst", mini_set_path, "--scheidingsteken", ",", "-o", target)
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == "respondent,organisatie,niveau,v1,v2,t1,t2,t3,i1\n"


def test_sjabloon_into_missing_folder_is_a_clear_error(mini_set_path, tmp_path):
    result = run("vragen", "sjabloon", "--vragenlijst", mini_set_path, "-o", tmp_path / "nee" / "s.csv")
    assert result.exit_code == 1 and "bestaat niet" in result.output


@pytest.mark.parametrize("kind", ["vragenlijst", "traject", "interview", "scores", "vergelijking"])
def test_checked_in_schema_is_current(kind):
    """docs/schema/ must match the models; regenerate with `volwassenheid vragen schema --soort KIND`."""
    checked_in = json.loads((ROOT / "docs" / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert checked_in == json_schema(kind)
    printed = json.loads(run("vragen", "schema", "--soort", kind).output)
    assert printed == checked_in


def test_schema_forbids_unknown_keys():
    schema = json_schema("vragenlijst")
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Question"]["additionalProperties"] is False


def test_a_question_with_one_option_is_counted_in_the_singular():
    from volwassenheid.core.questionset import consistency_problems

    data = {
        "fasen": [{"nummer": 1, "naam": "A", "beschrijving": "-"}, {"nummer": 2, "naam": "B", "beschrijving": "-"}],
        "dimensies": [{"id": "d1", "naam": "D", "beschrijving": "-"}],
        "vragen": [{"id": "q1", "dimensie": "d1", "tekst": "?", "opties": ["alleen"]}],
    }
    messages = [message for _, message in consistency_problems(data)]
    assert "heeft 1 antwoordoptie, verwacht 2 (één per fase)" in messages


def test_the_scores_schema_lists_every_key_score_json_prints(make_engagement):
    """The schema of `score --json` (issue 13's keys) holds every key the command prints, and no other."""
    folder = make_engagement(
        [{"code": f"R{i}", "antwoorden": {"v1": 3, "v2": 4, "t1": 2, "t2": 2, "i1": 3}} for i in range(1, 6)],
        extra="uitgenodigd: {Politie: 8}\n",
    )
    printed = json.loads(run("score", folder, "--json").output)
    schema = json_schema("scores")
    assert set(printed) == set(schema["properties"])
    dimension = schema["$defs"]["DimensionResult"]["properties"]
    assert set(printed["dimensies"][0]) == set(dimension)
    for key in ("interval", "fase_zekerheid", "grensgeval", "verdeling", "indicatief", "weet_niet_aandeel", "nvt_aandeel", "overeenstemming", "alfa"):
        assert key in dimension
    assert "item_rest" in schema["$defs"]["QuestionScore"]["properties"]
    for key in ("fase_regel", "drempel", "weging", "minimale_n", "dekking", "respons"):
        assert key in schema["properties"]


def test_inheriting_set_takes_the_phase_rule_unless_it_gives_its_own(tmp_path, mini_set_path):
    base = mini_set_path.read_text(encoding="utf-8") + "fase_regel: gemiddelde\ndrempel: 0.6\n"
    (tmp_path / "basis.yaml").write_text(base, encoding="utf-8")
    questions = "vragen:\n" + "".join(
        f"  - {{id: k{n}, dimensie: {dimension}, tekst: K{n}, opties: [a, b, c, d, e]}}\n"
        for n, dimension in enumerate(["vertrouwen", "tvb", "informatie"])
    )
    (tmp_path / "kort.yaml").write_text(f'id: kort\nnaam: Kort\nversie: "1"\nerft_van: basis.yaml\n{questions}', encoding="utf-8")
    (tmp_path / "eigen.yaml").write_text(f'id: eigen\nnaam: Eigen\nversie: "1"\nerft_van: basis.yaml\ndrempel: 0.9\n{questions}', encoding="utf-8")
    inherited = json.loads(run("vragen", "toon", tmp_path / "kort.yaml", "--json").output)
    assert (inherited["fase_regel"], inherited["drempel"]) == ("gemiddelde", 0.6)
    own = json.loads(run("vragen", "toon", tmp_path / "eigen.yaml", "--json").output)
    assert (own["fase_regel"], own["drempel"]) == ("gemiddelde", 0.9)
