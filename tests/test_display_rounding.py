"""One rounding rule for display: a shown difference is the difference of the shown values,
JSON and CSV write two decimals with every difference as the difference of what is written,
and nothing ever reads '-0'.

The plain implementation here rounds the exact binary value of a float half to even with
`decimal`, independently of the formatting code under test."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from volwassenheid import Traject
from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.dutch import difference, gap, gap_sentence, number, percentage, shown
from volwassenheid.core.json_documents import rounded
from volwassenheid.report.data import build_report
from volwassenheid.report.render import render_html
from volwassenheid.report.templates import default_template_dir

click_dutch.install()
EXAMPLE = Path(__file__).parent / "fixtures" / "traject-1.0"  # the example of set 1.0, kept as an old traject
MINUS_ZERO = re.compile(r"(?<![\d,.])-0(?:[,.]0+)?(?![\d,.])")
"""'-0', '-0,0', '-0.00' as a whole number, but not '-0,3'."""

scores = st.floats(min_value=0, max_value=6, allow_nan=False)
ambitions = st.integers(min_value=1, max_value=5) | st.floats(min_value=1, max_value=5)
near_zero = st.floats(min_value=-0.2, max_value=0.2, allow_nan=False) | st.sampled_from([-0.0, -0.04, -0.049, -0.004, -1e-12])


def plain_round(value: float, decimals: int) -> Decimal:
    """The exact value of the float, rounded half to even."""
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)


def parse(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid", env={"COLUMNS": "200"})


# --- core.dutch ----------------------------------------------------------------


@given(value=scores | near_zero, decimals=st.integers(min_value=0, max_value=2))
def test_number_shows_the_value_rounded_and_never_minus_zero(value, decimals):
    text = number(value, decimals)
    assert parse(text) == plain_round(value, decimals)
    assert shown(value, decimals) == float(plain_round(value, decimals))
    assert not MINUS_ZERO.search(text)
    assert shown(value, decimals) != 0 or math.copysign(1.0, shown(value, decimals)) == 1.0


@given(ambition=ambitions, score=scores)
def test_the_shown_gap_is_the_shown_ambition_minus_the_shown_score(ambition, score):
    expected = plain_round(ambition, 1) - plain_round(score, 1)
    cell, sentence = gap(ambition, score), gap_sentence(ambition, score)
    if expected <= 0:
        assert (cell, sentence) == ("bereikt", "doelfase bereikt")
    else:
        assert parse(cell) == expected
        assert sentence == f"{cell} fase onder de doelfase"
    assert not MINUS_ZERO.search(cell) and not MINUS_ZERO.search(sentence)


@given(a=scores | near_zero, b=scores | near_zero)
def test_a_shown_difference_is_the_difference_of_the_shown_values(a, b):
    text = difference(a, b)
    assert parse(text) == plain_round(a, 1) - plain_round(b, 1)
    assert not MINUS_ZERO.search(text)


def test_the_cases_of_the_issue():
    assert (number(2.96), gap(3, 2.96), gap_sentence(3, 2.96)) == ("3,0", "bereikt", "doelfase bereikt")
    assert difference(3.26, 1.94) == "1,4"  # 3,3 tegenover 1,9
    assert difference(4.666666666666667, 3.3333333333333335) == "1,4"  # the example's ver1: 4,7 - 3,3, not 1,3
    assert (number(2.35), gap(4, 2.35)) == ("2,4", "1,6")  # 2.35 is a little above 2.35 in binary; 4 - 1.65 would show 1,6 or 1,7
    assert (number(3.8 - 2.7), gap(3.8, 2.66)) == ("1,1", "1,1")  # not 3.8 - 2.66 = 1.14
    assert (number(-0.04), number(-0.004, 2), percentage(-0.001)) == ("0,0", "0,00", "0%")
    assert (gap(None, 2.0), gap(3, None), gap_sentence(3, None)) == ("–", "–", "–")


@given(share=st.floats(min_value=-0.01, max_value=1, allow_nan=False))
def test_percentages_never_read_minus_zero(share):
    text = percentage(share)
    assert parse(text.rstrip("%")) == plain_round(share * 100, 0)
    assert not MINUS_ZERO.search(text)


# --- JSON ------------------------------------------------------------------------


def walk(data):
    yield data
    if isinstance(data, dict):
        for value in data.values():
            yield from walk(value)
    elif isinstance(data, list):
        for value in data:
            yield from walk(value)


def assert_written_consistently(document) -> int:
    """Every verschil beside doelfase and score, or beside hoogste and laagste, is their difference
    as written; no -0.0 and no more than two decimals anywhere. Returns how many differences it checked."""
    checked = 0
    for item in walk(document):
        if isinstance(item, float):
            assert math.copysign(1, item) == 1 or item != 0, "-0.0 written"
            assert Decimal(repr(item)).as_tuple().exponent >= -2, item
        if not isinstance(item, dict) or not isinstance(item.get("verschil"), int | float):
            continue
        if isinstance(item.get("doelfase"), int | float) and isinstance(item.get("score"), int | float):
            assert Decimal(repr(item["verschil"])) == Decimal(repr(item["doelfase"])) - Decimal(repr(item["score"])), item
            checked += 1
        elif isinstance(item.get("hoogste"), dict):
            high, low = item["hoogste"]["score"], item["laagste"]["score"]
            assert Decimal(repr(item["verschil"])) == Decimal(repr(high)) - Decimal(repr(low)), item
            checked += 1
    return checked


figures = st.floats(min_value=-6, max_value=6, allow_nan=False) | near_zero


@given(
    ambitie=st.integers(min_value=1, max_value=5) | figures,
    score=figures,
    high=figures,
    low=figures,
    extra=st.lists(near_zero, max_size=4),
)
def test_json_differences_are_the_differences_of_the_written_figures(ambitie, score, high, low, extra):
    document = {
        "dimensies": [{"doelfase": ambitie, "score": score, "verschil": ambitie - score, "per": [{"x": value} for value in extra]}],
        "totaal": {"doelfase": ambitie, "score": score, "verschil": ambitie - score},
        "gespreksonderwerpen": [{"verschil": high - low, "hoogste": {"score": high}, "laagste": {"score": low}}],
        "verdeling": {"1": extra[0] if extra else -0.0},
    }
    written = rounded(document)
    assert assert_written_consistently(written) == 3
    assert written["dimensies"][0]["verschil"] == float(plain_round(ambitie, 2) - plain_round(score, 2))
    assert written["gespreksonderwerpen"][0]["verschil"] == float(plain_round(high, 2) - plain_round(low, 2))
    assert not MINUS_ZERO.search(json.dumps(written))


def test_json_of_the_example_writes_differences_as_the_written_figures_give_them():
    traject = Traject.open(EXAMPLE)
    scores, advice = traject.score_document(), traject.advice_document()
    assert assert_written_consistently(scores) >= 10  # ten dimensions (and the total)
    assert assert_written_consistently(advice) >= 10 + len(advice["gespreksonderwerpen"])
    ver1 = next(point for point in advice["gespreksonderwerpen"] if point["vraag"] == "ver1")
    assert (ver1["hoogste"]["score"], ver1["laagste"]["score"], ver1["verschil"]) == (4.67, 3.33, 1.34)  # not 1.33


def test_batch_files_write_differences_as_the_written_figures_give_them(tmp_path, mini_set_path):
    """scores.json, advies.json and samenvatting.csv. Informatie scores 43/40 = 1.075: written 1,07,
    so its verschil to 4 is 2,93 (4 - 2.925 would read 2,92). Tvb has no score, so the total's
    ambition (over three dimensions) minus its score (over two) is not the mean of the gaps."""
    rows = [["respondent", "organisatie", "niveau", "samenwerkingsverband", "v1", "v2", "t1", "t2", "t3", "i1"]]
    for i in range(40):
        level = ["tactisch", "operationeel"][i % 2]
        rows.append([f"r{i}", "OM", level, "Noord", 1 + i % 3, 2 + i % 2, "weet niet", "weet niet", "weet niet", 2 if i < 3 else 1])
    export = write_survey(tmp_path / "e.csv", rows)
    ambition = tmp_path / "ambitie.csv"
    ambition.write_text("dimensie;fase\nvertrouwen;4\ntvb;3\ninformatie;4\n", encoding="utf-8")
    out = tmp_path / "uit"
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path, "--ambitie", ambition)
    assert result.exit_code == 0, result.output
    for name in ("scores.json", "advies.json"):
        text = (out / "noord" / name).read_text(encoding="utf-8")
        assert assert_written_consistently(json.loads(text)) >= 3
        assert not MINUS_ZERO.search(text)
    summary = (out / "samenvatting.csv").read_text(encoding="utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(summary), delimiter=";"))
    checked = 0
    for line in lines:
        if line["score"] and line["doelfase"]:
            assert parse(line["verschil"]) == parse(line["doelfase"]) - parse(line["score"]), line
            checked += 1
    assert checked == 2 and not MINUS_ZERO.search(summary)  # tvb has no score
    (informatie,) = [line for line in lines if line["dimensie"] == "informatie"]
    assert [informatie[key] for key in ("score", "fase", "doelfase", "verschil", "n")] == ["1,07", "1", "4", "2,93", "40"]


# --- the report and the terminal ---------------------------------------------------


def test_discussion_points_in_the_report_and_terminal_show_the_difference_of_the_shown_scores():
    traject = Traject.open(EXAMPLE)
    html = render_html(build_report(traject.assess()), default_template_dir())
    found = [
        (high, low, difference) for difference, high, low in re.findall(r"Verschil (\d,\d) fase: [^<]*? (\d,\d) tegenover [^<]*? (\d,\d)\.", html)
    ]
    assert len(found) == len(traject.advise().gespreksonderwerpen) >= 3
    for high, low, shown_difference in found:
        assert parse(shown_difference) == parse(high) - parse(low)
    assert ("4,7", "3,3", "1,4") in found  # ver1: 4.67 against 3.33
    result = run("advies", EXAMPLE)
    terminal = re.findall(r"(\d,\d) \(n=\d+\) tegenover .*? (\d,\d) \(n=\d+\), verschil (\d,\d)", result.output)
    assert sorted(terminal) == sorted(found)


@pytest.fixture
def rounding_up(make_engagement):
    """Vertrouwen scores 2.98 (shown 3,0) against ambition 3; tvb has no score; informatie 2.36.
    The total's ambition (3,0) and its score (2,7) are over the same two dimensions with a score."""
    people = []
    for i in range(25):
        trust = {"v1": 2 if i == 0 else 3, "v2": 3}
        people.append(
            {
                "code": f"R{i:02d}",
                "organisatie": ["Politie", "Gemeente", "OM"][i % 3],
                "antwoorden": {**trust, "t1": "weet_niet", "i1": 3 if i < 9 else 2},
            }
        )
    return make_engagement(people, ambition={"vertrouwen": 3, "tvb": 4, "informatie": 3})


GAP_ROW = re.compile(r"\s(\d,\d)\s+(?:\d,\d–\d,\d\s+|–\s+)?(?:\d \S+|grensgeval \d/\d|geen gegevens)\s+(\d(?:,\d)?)\s+(\d,\d|bereikt)\s")
"""A row of the score table (score, interval, phase, ambition, gap) or of advies (no interval)."""


@pytest.mark.parametrize("which", ["example", "rounding_up"])
def test_gaps_in_the_terminal_tables_are_the_shown_ambition_minus_the_shown_score(which, request):
    folder = EXAMPLE if which == "example" else request.getfixturevalue("rounding_up")
    for command in ("score", "advies"):
        result = run(command, folder)
        assert result.exit_code == 0, result.output
        rows = [match.groups() for match in map(GAP_ROW.search, result.output.splitlines()) if match]
        for score, ambition, shown_gap in rows:
            expected = parse(ambition) - parse(score)
            assert shown_gap == "bereikt" if expected <= 0 else parse(shown_gap) == expected, (command, score, ambition, shown_gap)
        assert len(rows) >= (10 if which == "example" else 2), (command, result.output)
        assert not MINUS_ZERO.search(result.output)
    if which == "rounding_up":
        table = run("score", folder).output
        assert re.search(r"Vertrouwen en relaties\s+3,0\s+\S+\s+\S+ \S+\s+3\s+bereikt", table), table
        assert re.search(r"Totaal\s+2,7\s+.*\s3,0\s+0,3\s", table), table


@pytest.mark.parametrize("which", ["example", "rounding_up"])
def test_the_report_shows_gaps_as_the_shown_ambition_minus_the_shown_score(which, request):
    folder = EXAMPLE if which == "example" else request.getfixturevalue("rounding_up")
    html = render_html(build_report(Traject.open(folder).assess()), default_template_dir())
    rows = re.findall(
        r'<td class="num">(\d,\d)</td><td class="num">[^<]*</td><td class="phase">[^<]*</td><td class="num">(\d)</td><td class="num">(\d,\d|bereikt)</td>',
        html,
    )
    assert len(rows) == (10 if which == "example" else 2)
    for score, ambition, shown_gap in rows:
        expected = parse(ambition) - parse(score)
        assert shown_gap == "bereikt" if expected <= 0 else parse(shown_gap) == expected
    assert not MINUS_ZERO.search(re.sub(r"<[^>]+>", " ", html))
    if which == "rounding_up":
        assert re.search(r"<div><b>Score</b>3,0[ <]", html) and "doelfase bereikt" in html


def test_the_batch_overview_counts_below_the_ambition_as_the_report_shows_it(tmp_path, mini_set_path):
    """Vertrouwen 2.98 shows as 3,0 against ambition 3 (bereikt); tvb has no score; informatie 2,4 against 3."""
    rows = [["respondent", "organisatie", "niveau", "samenwerkingsverband", "v1", "v2", "i1"]]
    for i in range(25):
        rows.append([f"r{i}", ["OM", "Politie", "Gemeente"][i % 3], "tactisch", "Noord", 2 if i == 0 else 3, 3, 3 if i < 9 else 2])
    export = write_survey(tmp_path / "e.csv", rows)
    ambition = tmp_path / "ambitie.csv"
    ambition.write_text("dimensie;fase\nvertrouwen;3\ntvb;4\ninformatie;3\n", encoding="utf-8")
    result = run("batch", export, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path, "--ambitie", ambition)
    assert result.exit_code == 0, result.output
    assert re.search(r"^\s*Noord\s+25\s+2,7\s.*\s1\s*$", result.output, re.MULTILINE), result.output


def write_survey(path, rows):
    """A survey export with ';' as Excel writes it."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path
