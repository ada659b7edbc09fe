"""Batch with a column meting: each partnership scored per measurement, in order, and compared."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.measurements import measurement_date, order_measurements

click_dutch.install()

HEADER = ["respondent", "organisatie", "niveau", "samenwerkingsverband", "meting", "v1", "v2", "t1", "t2", "t3", "i1"]

# Noord, by year (2026 first in the file), the same six people both years:
#   vertrouwen 2025: a 2,2  b 2,3  c 1,2 -> OM (2 + 2.5 + 1.5)/3 = 2; Politie the same -> 2.0
#   vertrouwen 2026: a 4,4  b 4,5  c 3,4 -> OM (4 + 4.5 + 3.5)/3 = 4; Politie the same -> 4.0: +2.0
#   tvb 2025: a 3,3,3  b 4,4,4  c 2,2,2 -> 3; 2026: b 4,4,3 -> (3 + 11/3 + 2)/3 = 26/9 = 2.89: -0,11, not real
#   informatie 3 -> 2 (-1,00, real: no spread at all)
#   total (weights 1, 2, 1): 2025 (2 + 6 + 3)/4 = 2.75, 2026 (4 + 52/9 + 2)/4 = 106/36 = 2.94: +0.19
NOORD_2026 = [
    ["a", "OM", "tactisch", "Noord", "2026", 4, 4, 3, 3, 3, 2],
    ["b", "OM", "tactisch", "Noord", "2026", 4, 5, 4, 4, 3, 2],
    ["c", "OM", "tactisch", "Noord", "2026", 3, 4, 2, 2, 2, 2],
    ["d", "Politie", "tactisch", "Noord", "2026", 4, 4, 3, 3, 3, 2],
    ["e", "Politie", "tactisch", "Noord", "2026", 4, 5, 4, 4, 3, 2],
    ["f", "Politie", "tactisch", "Noord", "2026", 3, 4, 2, 2, 2, 2],
]
NOORD_2025 = [
    ["a", "OM", "tactisch", "Noord", "2025", 2, 2, 3, 3, 3, 3],
    ["b", "OM", "tactisch", "Noord", "2025", 2, 3, 4, 4, 4, 3],
    ["c", "OM", "tactisch", "Noord", "2025", 1, 2, 2, 2, 2, 3],
    ["d", "Politie", "tactisch", "Noord", "2025", 2, 2, 3, 3, 3, 3],
    ["e", "Politie", "tactisch", "Noord", "2025", 2, 3, 4, 4, 4, 3],
    ["f", "Politie", "tactisch", "Noord", "2025", 1, 2, 2, 2, 2, 3],
]
# Zuid, by date (DD-MM-YYYY, the later one first in the file), one person per partner: no group is shown.
ZUID = [
    *[[p, org, "operationeel", "Zuid", "15-01-2026", 3, 3, 2, 2, 2, 2] for p, org in (("x", "OM"), ("y", "Politie"), ("z", "Gemeente"))],
    *[[p, org, "operationeel", "Zuid", "20-06-2025", 2, 2, 2, 2, 2, 2] for p, org in (("x", "OM"), ("y", "Politie"), ("z", "Gemeente"))],
]
ROWS = [*NOORD_2026, *NOORD_2025, *ZUID]

SUMMARY_HEADER = (
    "samenwerkingsverband;dimensie;naam;score;interval_laag;interval_hoog;fase;fase_naam;fase_zekerheid;grensgeval;"
    "doelfase;verschil;n;indicatief;sd;rwg;alfa;weet_niet_aandeel;nvt_aandeel;fase_regel;weging;opmerking;map"
)
"""The header of samenvatting.csv as batch wrote it before the column meting existed."""
MEASURED_HEADER = SUMMARY_HEADER + ";meting;vorige_meting;verandering;verandering_echt;verandering_totaal;echt_gestegen;echt_gedaald"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def write_export(path: Path, rows, header=HEADER) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def batch(tmp_path: Path, rows, mini_set_path, header=HEADER, name="uit"):
    out = tmp_path / name
    result = run("batch", write_export(tmp_path / f"{name}.csv", rows, header), "-o", out, "--vragenlijst", mini_set_path, "--datum", "2026-11-01")
    return result, out


def summary_lines(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "samenvatting.csv").read_text(encoding="utf-8-sig")), delimiter=";"))


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_each_partnership_is_scored_per_measurement_and_compared(tmp_path, mini_set_path):
    result, out = batch(tmp_path, ROWS, mini_set_path)
    assert result.exit_code == 0, result.output
    assert files_under(out) == [
        "noord/2025/advies.json",
        "noord/2025/scores.json",
        "noord/2026/advies.json",
        "noord/2026/scores.json",
        "noord/vergelijking.json",
        "samenvatting.csv",
        "zuid/15-01-2026/advies.json",
        "zuid/15-01-2026/scores.json",
        "zuid/20-06-2025/advies.json",
        "zuid/20-06-2025/scores.json",
        "zuid/vergelijking.json",
    ]
    scores = json.loads((out / "noord" / "2025" / "scores.json").read_text(encoding="utf-8"))
    assert scores["traject"]["meting"] == "2025" and next(d["score"] for d in scores["dimensies"] if d["id"] == "vertrouwen") == 2.0
    compared = json.loads((out / "noord" / "vergelijking.json").read_text(encoding="utf-8"))
    # years are no days: both carry the day of the batch
    assert (compared["vorige"]["meting"], compared["vorige"]["datum"]) == ("2025", "2026-11-01")
    assert (compared["huidige"]["meting"], compared["huidige"]["datum"]) == ("2026", "2026-11-01")
    trust = next(d for d in compared["dimensies"] if d["id"] == "vertrouwen")
    assert (trust["score_vorige"], trust["score"], trust["verandering"], trust["echt"]) == (2.0, 4.0, 2.0, True)
    zuid = json.loads((out / "zuid" / "vergelijking.json").read_text(encoding="utf-8"))
    # a date is the measurement's day
    assert (zuid["vorige"]["meting"], zuid["vorige"]["datum"]) == ("20-06-2025", "2025-06-20")
    assert (zuid["huidige"]["meting"], zuid["huidige"]["datum"]) == ("15-01-2026", "2026-01-15")
    assert "Noord (2026)" in result.output and "2 mappen met per meting een map" in result.output


def test_the_summary_gets_the_change_since_the_previous_measurement(tmp_path, mini_set_path):
    result, out = batch(tmp_path, ROWS, mini_set_path)
    assert result.exit_code == 0, result.output
    text = (out / "samenvatting.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == MEASURED_HEADER
    lines = summary_lines(out)
    assert [(line["samenwerkingsverband"], line["meting"], line["map"]) for line in lines[::3]] == [
        ("Noord", "2025", "noord/2025"),
        ("Noord", "2026", "noord/2026"),
        ("Zuid", "20-06-2025", "zuid/20-06-2025"),
        ("Zuid", "15-01-2026", "zuid/15-01-2026"),
    ]
    first = [line for line in lines if line["meting"] == "2025"]
    assert all(line[column] == "" for line in first for column in ("vorige_meting", "verandering", "verandering_echt", "verandering_totaal"))
    later = {line["dimensie"]: line for line in lines if line["meting"] == "2026"}
    assert {d: (line["vorige_meting"], line["verandering"], line["verandering_echt"]) for d, line in later.items()} == {
        "vertrouwen": ("2025", "2,00", "ja"),
        "tvb": ("2025", "-0,11", "nee"),
        "informatie": ("2025", "-1,00", "ja"),
    }
    assert {(line["verandering_totaal"], line["echt_gestegen"], line["echt_gedaald"]) for line in later.values()} == {("0,19", "1", "1")}
    # Zuid: vertrouwen 2 -> 3, the rest stays at 2; total (2 + 4 + 2)/4 = 2.0 -> (3 + 4 + 2)/4 = 2.25
    zuid = [line for line in lines if line["meting"] == "15-01-2026"]
    assert {(line["verandering_totaal"], line["echt_gestegen"], line["echt_gedaald"]) for line in zuid} == {("0,25", "1", "0")}


def test_a_file_without_the_column_is_written_as_before(tmp_path, mini_set_path):
    rows = [row[:4] + row[5:] for row in NOORD_2025]
    result, out = batch(tmp_path, rows, mini_set_path, header=[h for h in HEADER if h != "meting"])
    assert result.exit_code == 0, result.output
    assert files_under(out) == ["noord/advies.json", "noord/scores.json", "samenvatting.csv"]
    text = (out / "samenvatting.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == SUMMARY_HEADER
    assert [line.rsplit(";", 1)[1] for line in text.splitlines()[1:]] == ["noord"] * 3
    scores = json.loads((out / "noord" / "scores.json").read_text(encoding="utf-8"))
    assert scores["traject"]["meting"] == "0-meting" and scores["traject"]["datum"] == "2026-11-01"
    assert "Noord (" not in result.output and "1 map met scores.json en advies.json" in result.output


def test_one_measurement_has_its_folder_and_no_comparison(tmp_path, mini_set_path):
    result, out = batch(tmp_path, NOORD_2025, mini_set_path)
    assert result.exit_code == 0, result.output
    assert files_under(out) == ["noord/2025/advies.json", "noord/2025/scores.json", "samenvatting.csv"]
    assert {line["meting"] for line in summary_lines(out)} == {"2025"}


def test_a_respondent_may_answer_again_at_a_later_measurement_but_not_twice_in_one(tmp_path, mini_set_path):
    result, _ = batch(tmp_path, ROWS, mini_set_path)
    assert result.exit_code == 0, result.output  # a..f and x..z answered twice, in two measurements
    twice = [*NOORD_2025, ["A ", "OM", "tactisch", "Noord", "2025", 3, 3, 3, 3, 3, 3]]
    result, out = batch(tmp_path, twice, mini_set_path, name="twee")
    assert result.exit_code == 1
    assert "rij 8" in result.output and "dezelfde respondent staat ook in rij 2" in result.output
    assert not out.exists()


def test_a_row_without_a_measurement_is_refused(tmp_path, mini_set_path):
    rows = [*NOORD_2025, ["g", "OM", "tactisch", "Noord", "", 3, 3, 3, 3, 3, 3]]
    result, _ = batch(tmp_path, rows, mini_set_path)
    assert result.exit_code == 1 and "meting ontbreekt" in result.output


@pytest.mark.parametrize(
    ("label", "file_order", "oldest_first"),
    [
        ("jaar", ["2026", "2025", "2024"], ["2024", "2025", "2026"]),
        ("meetmoment", ["15-01-2026", "2025-06-20", "01-12-2025"], ["2025-06-20", "01-12-2025", "15-01-2026"]),
        ("Meting", ["10-meting", "2-meting", "0-meting"], ["0-meting", "2-meting", "10-meting"]),
    ],
)
def test_measurements_are_ordered_by_date_or_number(tmp_path, mini_set_path, label, file_order, oldest_first):
    rows = [[p, "OM", "tactisch", "Noord", measurement, 3, 3, 3, 3, 3, 3] for measurement in file_order for p in "abc"]
    result, out = batch(tmp_path, rows, mini_set_path, header=[label if h == "meting" else h for h in HEADER])
    assert result.exit_code == 0, result.output
    assert [line["meting"] for line in summary_lines(out)[::3]] == oldest_first
    assert [line["vorige_meting"] for line in summary_lines(out)[::3]] == ["", *oldest_first[:-1]]
    compared = json.loads((out / "noord" / "vergelijking.json").read_text(encoding="utf-8"))
    assert (compared["vorige"]["meting"], compared["huidige"]["meting"]) == tuple(oldest_first[-2:])
    assert "volgorde waarin het bestand" not in result.output


def test_other_names_keep_the_order_of_the_file_and_say_so(tmp_path, mini_set_path):
    rows = [[p, "OM", "tactisch", "Noord", measurement, 3, 3, 3, 3, 3, 3] for measurement in ("voorjaar", "najaar") for p in "abc"]
    result, out = batch(tmp_path, rows, mini_set_path)
    assert result.exit_code == 0, result.output
    assert [line["meting"] for line in summary_lines(out)[::3]] == ["voorjaar", "najaar"]
    assert "Noord: de metingen 'voorjaar', 'najaar'" in " ".join(result.output.split())


def test_order_measurements():
    assert order_measurements(["2026", "2025"]) == (["2025", "2026"], None)
    assert order_measurements(["1-meting", "0-meting"]) == (["0-meting", "1-meting"], None)
    # 2026-01-02 is 2 January, 01-02-2026 is 1 February
    assert order_measurements(["01-02-2026", "2026-01-02"]) == (["2026-01-02", "01-02-2026"], None)
    assert measurement_date("01-02-2026") == measurement_date("2026-02-01")
    # one day twice, a year beside an N-meting, or a date that does not exist: the file's order
    for labels in (["2026-01-02", "02-01-2026"], ["2025", "1-meting"], ["31-02-2026", "2026-01-01"]):
        ordered, note = order_measurements(labels)
        assert ordered == labels and note is not None
    assert order_measurements(["2025"]) == (["2025"], None)


def test_nothing_is_compared_that_a_scores_file_does_not_show(tmp_path, mini_set_path):
    result, out = batch(tmp_path, ROWS, mini_set_path)
    assert result.exit_code == 0, result.output
    for partnership, folders in (("noord", ("2025", "2026")), ("zuid", ("20-06-2025", "15-01-2026"))):
        compared = json.loads((out / partnership / "vergelijking.json").read_text(encoding="utf-8"))
        shown = []
        for folder in folders:
            scores = json.loads((out / partnership / folder / "scores.json").read_text(encoding="utf-8"))
            shown.append(
                {
                    (kind, d["id"], g["naam"]): g["score"]
                    for d in scores["dimensies"]
                    for kind in ("per_organisatie", "per_niveau")
                    for g in d[kind]
                    if not g["onderdrukt"]
                }
            )
        for kind in ("per_organisatie", "per_niveau"):
            for change in compared[kind]:
                key = (kind, change["dimensie"], change["id"])
                # vergelijking.json has the unrounded figures (as 'vergelijk --json'), scores.json two decimals
                assert (shown[0][key], shown[1][key]) == (round(change["score_vorige"], 2), round(change["score"], 2))
    zuid = json.loads((out / "zuid" / "vergelijking.json").read_text(encoding="utf-8"))
    assert zuid["per_organisatie"] == []  # one person per partner: never shown, never compared
    noord = json.loads((out / "noord" / "vergelijking.json").read_text(encoding="utf-8"))
    assert {(c["id"], c["dimensie"], c["verandering"]) for c in noord["per_organisatie"] if c["dimensie"] == "vertrouwen"} == {
        ("OM", "vertrouwen", 2.0),
        ("Politie", "vertrouwen", 2.0),
    }


def test_an_earlier_measured_batch_is_replaced(tmp_path, mini_set_path):
    result, out = batch(tmp_path, ROWS, mini_set_path)
    assert result.exit_code == 0, result.output
    again = run("batch", tmp_path / "uit.csv", "-o", out, "--vragenlijst", mini_set_path)
    assert again.exit_code == 0, again.output
    assert "eerdere batch in deze map zijn vervangen" in again.output
    (out / "noord" / "2025" / "notities.txt").write_text("van mij", encoding="utf-8")
    refused = run("batch", tmp_path / "uit.csv", "-o", out, "--vragenlijst", mini_set_path)
    assert refused.exit_code == 1 and "niet leeg" in refused.output


def test_the_mapping_names_the_column(tmp_path, mini_set_path):
    header = ["Jaar van de meting" if h == "meting" else h for h in HEADER]
    export = write_export(tmp_path / "e.csv", ROWS, header)
    mapping = tmp_path / "koppeling.yaml"
    mapping.write_text('kolommen:\n  "Jaar van de meting": meting\n', encoding="utf-8")
    shown = run("batch", export, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path, "--koppeling", mapping, "--toon-koppeling")
    assert shown.exit_code == 0, shown.output
    assert '"Jaar van de meting": "meting"' in shown.output
    result = run("batch", export, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path, "--koppeling", mapping)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "uit" / "noord" / "vergelijking.json").is_file()


def test_importeer_refuses_rows_of_several_measurements(make_engagement, tmp_path, mini_set_path):
    folder = make_engagement([])
    rows = [[*row[:3], "Veiligheidshuis Testland", *row[4:]] for row in ROWS[:12]]
    result = run("importeer", folder, write_export(tmp_path / "e.csv", rows))
    assert result.exit_code == 1, result.output
    assert "2 metingen" in result.output and "Er is niets geschreven" in result.output
    assert not list((folder / "interviews").glob("*.json"))
    one = run("importeer", folder, write_export(tmp_path / "een.csv", rows[:6]))
    assert one.exit_code == 0, one.output


def test_the_column_goes_before_the_template(tmp_path, mini_set_path):
    template = tmp_path / "sjabloon.yaml"
    template.write_text("meting: 1-meting\nadviseur: A. de Vries\n", encoding="utf-8")
    export = write_export(tmp_path / "e.csv", NOORD_2025)
    out = tmp_path / "uit"
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path, "--traject-sjabloon", template)
    assert result.exit_code == 0, result.output
    scores = json.loads((out / "noord" / "2025" / "scores.json").read_text(encoding="utf-8"))
    assert scores["traject"]["meting"] == "2025"


def test_one_day_in_two_spellings_is_one_measurement(tmp_path, mini_set_path):
    """'2026-01-15' and '15-01-2026' are the same day: one measurement, not two compared with each other."""
    rows = [[p, "OM", "tactisch", "Noord", "2026-01-15", 3, 3, 3, 3, 3, 3] for p in "abc"]
    rows += [[p, "Politie", "tactisch", "Noord", "15-01-2026", 2, 2, 2, 2, 2, 2] for p in "def"]
    rows += [[p, "OM", "tactisch", "Noord", "2025", 2, 2, 2, 2, 2, 2] for p in "abc"]  # a year is no day: its own measurement
    result, out = batch(tmp_path, rows, mini_set_path)
    assert result.exit_code == 0, result.output
    assert "meting '2026-01-15' ook gespeld als '15-01-2026'; dezelfde dag, samengenomen als '2026-01-15'" in " ".join(result.output.split())
    assert sorted({line["meting"] for line in summary_lines(out)}) == ["2025", "2026-01-15"]
    assert {line["n"] for line in summary_lines(out) if line["meting"] == "2026-01-15"} == {"6"}
    same_day = [[p, "OM", "tactisch", "Noord", day, 3, 3, 3, 3, 3, 3] for day, p in (("2026-01-15", "a"), ("15-01-2026", "a"))]
    result, out = batch(tmp_path, same_day, mini_set_path, name="twee")
    assert result.exit_code == 1 and "dezelfde respondent staat ook in rij 2" in result.output
