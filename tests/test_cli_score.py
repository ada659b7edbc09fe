"""`volwassenheid score`, exit codes and error handling, through click's CliRunner."""

from __future__ import annotations

import json

from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli

click_dutch.install()

INTERVIEWS = [
    {"code": "R01", "organisatie": "Politie", "niveau": "strategisch", "antwoorden": {"v1": 4, "v2": 5, "t1": 2, "t2": 3, "i1": 3}},
    {"code": "R02", "organisatie": "Politie", "niveau": "operationeel", "antwoorden": {"v1": 4, "v2": 4, "t1": 2, "t2": 2, "i1": 2}},
    {"code": "R03", "organisatie": "OM", "niveau": "tactisch", "antwoorden": {"v1": 3, "t1": 1, "t2": 2, "t3": 3, "i1": "nvt"}},
]


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def test_score_table_shows_every_dimension(make_engagement):
    folder = make_engagement(INTERVIEWS)
    result = run("score", folder)
    assert result.exit_code == 0, result.output
    assert "Veiligheidshuis Testland" in result.output
    assert "3 respondenten" in result.output
    # vertrouwen: 4.5, 4, 3 -> 3,8 (phase 3, borderline with 4); tvb: 2.5, 2, 2 -> 2,2; informatie: 3, 2 -> 2,5
    for expected in ("Vertrouwen", "3,8", "grensgeval 3/4", "Taken en", "2,2", "Informatie", "2,5", "0,8"):
        assert expected in result.output


def test_score_json_has_stable_keys_and_values(make_engagement):
    folder = make_engagement(INTERVIEWS)
    result = run("score", folder, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == [
        "traject",
        "vragenlijst",
        "aantal_fasen",
        "fase_regel",
        "drempel",
        "weging",
        "minimale_n",
        "minimale_groep",
        "te_weinig_respondenten",
        "waarschuwing",
        "dimensies",
        "totaal",
        "respons",
        "dekking",
    ]
    assert data["vragenlijst"] == {"id": "mini", "versie": "0.1"}
    first = data["dimensies"][0]
    for key in ("id", "naam", "score", "fase", "doelfase", "verschil", "n", "sd"):
        assert key in first
    assert (first["id"], first["score"], first["fase"], first["doelfase"], first["verschil"], first["n"]) == (
        "vertrouwen",
        3.83,
        3,
        4,
        0.17,
        3,
    )
    assert first["sd"] == 0.76  # sd of 4.5, 4, 3
    assert data["totaal"]["score"] == 2.67  # (3.833 + 2 * 2.167 + 2.5) / 4 = 10.667 / 4


def test_score_json_is_byte_identical_between_runs(make_engagement):
    folder = make_engagement(INTERVIEWS)
    assert run("score", folder, "--json").stdout_bytes == run("score", folder, "--json").stdout_bytes


def test_small_groups_never_appear_in_json(make_engagement):
    data = json.loads(run("score", make_engagement(INTERVIEWS), "--json").output)
    for dimension in data["dimensies"]:
        for group in dimension["per_organisatie"] + dimension["per_niveau"]:
            assert group["onderdrukt"] and group["score"] is None


def test_user_error_is_dutch_without_traceback(tmp_path):
    result = run("score", tmp_path / "bestaat-niet")
    assert result.exit_code == 1
    assert "Fout: Map" in result.output and "bestaat niet" in result.output
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(tmp_path):
    result = run("--debug", "score", tmp_path / "bestaat-niet")
    assert result.exit_code == 1
    assert type(result.exception).__name__ == "UserError"


def test_damaged_interview_file_exit_1_and_file_kept(make_engagement):
    folder = make_engagement(INTERVIEWS)
    damaged = folder / "interviews" / "R02.json"
    damaged.write_text("{niet af", encoding="utf-8")
    result = run("score", folder)
    assert result.exit_code == 1
    assert "R02.json: beschadigd interviewbestand" in result.output
    assert damaged.read_text(encoding="utf-8") == "{niet af"


def test_wrong_usage_exits_2_in_dutch():
    result = run("score")
    assert result.exit_code == 2
    assert "Ontbrekend argument 'MAP'" in result.output
    assert "Gebruik: volwassenheid score" in result.output
    assert run("bestaatniet").exit_code == 2


def test_version_and_help():
    assert run("--version").output.strip().startswith("volwassenheid 0.")
    help_text = run("--help").output
    for command in ("demo", "score", "vragen"):
        assert command in help_text
    assert "Opdrachten" in help_text and "Toon deze hulp en stop." in help_text


def test_counts_are_dutch_singular_and_plural(make_engagement):
    one = run("score", make_engagement(INTERVIEWS[:1], name="een"))
    assert one.exit_code == 0, one.output
    assert "Vragenlijst mini 0.1 · 1 respondent\n" in one.output
    assert "respondent(en)" not in one.output
    three = run("score", make_engagement(INTERVIEWS, name="drie"))
    assert "Vragenlijst mini 0.1 · 3 respondenten\n" in three.output


def test_json_output_loads_no_terminal_tables(make_engagement):
    """`score --json` and `advies --json` print data: rich (tables, colours) stays unloaded."""
    import subprocess
    import sys

    folder = make_engagement(INTERVIEWS)
    for command in ("score", "advies"):
        script = (
            "import contextlib, io, sys\nfrom volwassenheid.cli.main import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    cli.main([{command!r}, {str(folder)!r}, '--json'], standalone_mode=False)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'weasyprint', 'jinja2')))"
        )
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        assert done.stdout.strip() == "[]", (command, done.stdout)
