"""The report's Dutch: counts with the right noun, phase names as written, comparisons in words,
quotes of a readable length with their line breaks (issue 15, item 8 and the quotes)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from volwassenheid.cli.main import cli
from volwassenheid.report.data import QUOTE_LENGTH, shortened_quote

TRUST_WITHOUT_TASKS = {"v1": 4, "v2": 4, "t1": 2, "t2": 2, "t3": 2, "i1": 3}
FIVE = [
    {"code": f"R0{i}", "organisatie": org, "niveau": "tactisch", "antwoorden": TRUST_WITHOUT_TASKS}
    for i, org in enumerate(["Politie", "OM", "Gemeente", "Politie", "OM"], start=1)
]
"""Five alike: not indicative (minimale_n 5), so the pattern 'vertrouwen zonder tvb' applies."""


def html_of(folder, tmp_path) -> str:
    target = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["rapport", str(folder), "--html", str(target)])
    assert result.exit_code == 0, result.output
    return " ".join(target.read_text(encoding="utf-8").split())


def test_one_respondent_and_one_pattern_are_counted_in_the_singular(make_engagement, tmp_path):
    folder = make_engagement([{"code": "R01", "organisatie": "Politie", "niveau": "tactisch", "antwoorden": TRUST_WITHOUT_TASKS}])
    html = html_of(folder, tmp_path)
    assert "1 respondent uit 1 organisatie" in html
    assert "1 respondenten" not in html and "1 organisaties" not in html
    assert "1 respondent, van wie 1 het volledige interview afrondde" in html


def test_patterns_are_a_list_and_their_count_agrees_with_its_verb(make_engagement, tmp_path):
    html = html_of(make_engagement(FIVE), tmp_path)
    assert "In de uitkomsten valt 1 patroon op: Vertrouwen zonder heldere taken." in html
    assert "<h2>Vertrouwen zonder heldere taken</h2>" in html
    assert "(grens: minstens 3,50)" in html and "≥" not in html


def test_the_advice_heading_keeps_the_phase_name_as_written(make_engagement, tmp_path):
    html = html_of(make_engagement(FIVE), tmp_path)
    assert "Advies: van fase 2 naar 3 (Samenwerken)" in html  # tvb at phase 2, the mini set's phase 3 name


def test_a_long_remark_is_shortened_at_a_word_and_keeps_its_line_breaks(make_engagement, tmp_path):
    remark = "Eerste regel van de toelichting.\nTweede regel. " + "Dan volgt nog heel veel tekst over de samenwerking. " * 30
    folder = make_engagement(
        [
            {"code": f"R0{i}", "organisatie": org, "niveau": "tactisch", "antwoorden": TRUST_WITHOUT_TASKS}
            for i, org in enumerate(["Politie", "OM", "Gemeente"], start=1)
        ]
    )
    path = folder / "interviews" / "R01.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["antwoorden"]["v1"]["toelichting"] = remark
    path.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "r.html"
    assert CliRunner().invoke(cli, ["rapport", str(folder), "--html", str(target)]).exit_code == 0
    source = target.read_text(encoding="utf-8")
    assert "Eerste regel van de toelichting.\nTweede regel." in source  # the break reaches the HTML; the CSS keeps it (pre-line)
    assert shortened_quote(remark.strip()) in source and shortened_quote(remark.strip()).endswith("tekst over de … (ingekort)")
    assert remark.strip() not in source


def test_shortened_quote_by_hand():
    assert shortened_quote("Kort en goed.") == "Kort en goed."
    exact = "x" * QUOTE_LENGTH
    assert shortened_quote(exact) == exact
    words = "woord " * 100  # 600 characters
    cut = shortened_quote(words.strip())
    assert cut == ("woord " * 66).strip() + " … (ingekort)"  # 66 words end at 395, the space at 396 is the last before 400
    assert shortened_quote("a" * 600) == "a" * QUOTE_LENGTH + " … (ingekort)"  # one unbroken word: cut at the limit
    assert (
        shortened_quote("regel één,\n" + "b" * 500) == "regel één,\n" + "b" * (QUOTE_LENGTH - 11) + " … (ingekort)"
    )  # the break is too early to cut at
    assert shortened_quote(("zin " * 60) + "\nslot " * 60)[-13:] == " … (ingekort)"


def test_a_question_barely_below_its_dimension_is_not_a_sticking_point(make_engagement):
    # tvb: t1 = 2,2,2 (2.0), t2 = 2,3,2 (2.33 -> 2,3), t3 = 3,3,3; respondents 2.33, 2.67, 2.33 -> 2.44 -> 2,4.
    # t1 is 0,4 below the shown 2,4: a sticking point; t2 only 0,1 below: noise, left out (rule: at least 0,3).
    answers = {"t1": [2, 2, 2], "t2": [2, 3, 2], "t3": [3, 3, 3]}
    people = [
        {
            "code": f"R0{i + 1}",
            "organisatie": "Politie",
            "niveau": "tactisch",
            "antwoorden": {"v1": 3, "v2": 3, "i1": 3, **{q: v[i] for q, v in answers.items()}},
        }
        for i in range(3)
    ]
    advice = json.loads(CliRunner().invoke(cli, ["advies", str(make_engagement(people)), "--json"]).output)
    stuck = {k["dimensie"]: [(q["id"], q["score"]) for q in k["vragen"]] for k in advice["knelpunten"]}
    assert stuck["tvb"] == [("t1", 2.0)]


def test_the_appendix_says_how_the_doelfase_was_set_or_that_nobody_wrote_it_down(make_engagement, tmp_path):
    folder = make_engagement(FIVE)
    assert "Hoe en door wie de doelfase per dimensie is vastgesteld, is niet vastgelegd" in html_of(folder, tmp_path)
    plain = (folder / "traject.yaml").read_text(encoding="utf-8")
    (folder / "traject.yaml").write_text(plain + "doelfase_bron: |-\n  Stuurgroep, 5 oktober 2026.\n  Bij meerderheid.\n", encoding="utf-8")
    source = html_of(folder, tmp_path)
    assert "Stuurgroep, 5 oktober 2026. Bij meerderheid." in source and "niet vastgelegd" not in source
    (folder / "traject.yaml").write_text(plain + 'doelfase_bron: "a\\x1bb"\n', encoding="utf-8")  # an escape character: refused
    refused = CliRunner().invoke(cli, ["score", str(folder)])
    assert refused.exit_code == 1 and "doelfase_bron" in refused.output


def label_boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """(text, left, right, top, bottom) of every label, estimated as the chart estimates it."""
    import re

    from volwassenheid.report.charts import estimated_width

    boxes = []
    for x, y, size, anchor, weight, text in re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" font-size="([\d.]+)" text-anchor="(\w+)" font-weight="(\w+)"[^>]*>([^<]*)</text>', svg
    ):
        width = estimated_width(text, float(size), bold=weight == "bold")
        left = {"start": float(x), "middle": float(x) - width / 2, "end": float(x) - width}[anchor]
        boxes.append((text, left, left + width, float(y) - float(size), float(y)))
    return boxes


def test_the_phase_ladder_labels_never_overlap():
    from volwassenheid.report.charts import phase_ladder

    names = ["Kennismaken", "Afstemmen", "Bundelen", "Versterken", "Vernieuwen"]
    for tenths in range(10, 51):
        for target in range(1, 6):
            svg = phase_ladder(tenths / 10, target, names, interval=[max(1, tenths / 10 - 0.3), min(5, tenths / 10 + 0.3)], phase=int(tenths / 10))
            boxes = label_boxes(svg)
            assert {"score", "doelfase"} <= {text.split()[0] for text, *_ in boxes}
            for i, (a, a0, a1, at, ab) in enumerate(boxes):
                assert a0 >= 0 and a1 <= 520 and at >= 0, (a, tenths, target)  # inside the chart
                for b, b0, b1, bt, bb in boxes[i + 1 :]:
                    assert a1 <= b0 or b1 <= a0 or ab <= bt or bb <= at, (a, b, tenths / 10, target)


def test_partners_not_shown_apart_are_named_in_the_summary_and_beside_the_heat_map(make_engagement, tmp_path):
    # Politie, OM and Gemeente have 3 each and are shown; GGZ (2) and Reclassering (1) are too small.
    organisations = ["Politie"] * 3 + ["OM"] * 3 + ["Gemeente"] * 3 + ["GGZ"] * 2 + ["Reclassering"]
    people = [
        {"code": f"R{i:02d}", "organisatie": org, "niveau": "tactisch", "antwoorden": TRUST_WITHOUT_TASKS}
        for i, org in enumerate(organisations, start=1)
    ]
    html = html_of(make_engagement(people), tmp_path)
    assert "2 organisaties zijn niet apart te zien in dit rapport: GGZ, Reclassering. Hun antwoorden tellen wel mee." in html
    assert "<b>Niet apart te tonen:</b> GGZ, Reclassering (2 organisaties)." in html
    assert "Politie" in html and "niet apart te zien in dit rapport: Politie" not in html


def test_the_heat_map_keeps_every_label_inside_and_has_a_scale_and_n():
    import math
    import re

    from volwassenheid.report.charts import heat_map

    columns = ["Doel en belangen", "Zorg en veiligheid", "Een heel lange korte naam!"]
    rows = ["Politie", "Stichting Maatschappelijke Opvang en Verslavingszorg Regio Rivierenland Zuid"]
    svg = heat_map(rows, columns, [[3.0, None, 2.0], [4.0, 1.0, None]], 5, counts=[4, 2])
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    for x, y, size, anchor, weight, text in re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" font-size="([\d.]+)" text-anchor="(\w+)" font-weight="(\w+)"[^>]*>([^<]*)</text>', svg
    ):
        w = estimated_width_of(text, float(size), weight == "bold")
        left = {"start": float(x), "middle": float(x) - w / 2, "end": float(x) - w}[anchor]
        assert left >= 0 and left + w <= width and float(y) <= height, text
    for x, y, text in re.findall(r'<text x="([\d.]+)" y="([\d.]+)" font-size="8" transform="rotate\(-55[^"]*\)"[^>]*>([^<]*)</text>', svg):
        w = estimated_width_of(text, 8, False)
        assert float(x) + w * math.cos(math.radians(55)) <= width and float(y) - w * math.sin(math.radians(55)) >= 0, text
    assert all(f">fase {phase}</text>" in svg for phase in range(1, 6))
    assert ">4</text>" in svg and ">2</text>" in svg  # n per partner
    assert ">Stichting Maatschappelijke</text>" in svg and "Verslavingszorg…</text>" in svg  # wrapped, then cut


def estimated_width_of(text: str, size: float, bold: bool) -> float:
    from volwassenheid.report.charts import estimated_width

    return estimated_width(text, size, bold=bold)


def test_the_level_chart_has_its_legend_below_with_n_and_equal_scores_do_not_hide_each_other():
    import re

    from volwassenheid.report.charts import level_dots

    labels = ["Doel en belangen", "Vertrouwen en relaties"]
    levels = {"strategisch": [3.0, 4.0], "tactisch": [3.0, 2.0], "operationeel": [3.0, None]}
    svg = level_dots(labels, levels, 5, counts={"strategisch": 3, "tactisch": 5, "operationeel": 8})
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    texts = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" font-size="([\d.]+)" text-anchor="(\w+)" font-weight="(\w+)"[^>]*>([^<]*)</text>', svg)
    legend = {text: float(y) for _, y, _, _, _, text in texts if "(n = " in text}
    assert set(legend) == {"strategisch (n = 3)", "tactisch (n = 5)", "operationeel (n = 8)"}
    row_labels = {text: float(y) for _, y, _, _, _, text in texts if text in labels}
    assert min(legend.values()) > max(row_labels.values()) + 10  # below the last row, not on the axis
    for x, y, size, anchor, weight, text in texts:
        w = estimated_width_of(text, float(size), weight == "bold")
        left = {"start": float(x), "middle": float(x) - w / 2, "end": float(x) - w}[anchor]
        assert left >= 0 and left + w <= width and float(y) <= height, text
    # the three markers of the first row, all at 3,0 (x = 150 + 2/4 * 420 = 360): the row's middle is
    # y = 22 + 28/2 = 36; strategisch 8,5 above it, tactisch on it, operationeel 8,5 below. The circle
    # (r 3,6) ends at 31,1, the diamond runs from 32 to 40, the square starts at 41,1: none touches another
    assert '<circle cx="360.0" cy="27.5" r="3.6"' in svg
    assert '<polygon points="360.0,32.0 364.0,36.0 360.0,40.0 356.0,36.0"' in svg
    assert '<rect x="356.6" y="41.1" width="6.8" height="6.8"' in svg


def test_a_long_name_is_shortened_for_the_running_header_only():
    from volwassenheid.report.data import HEADER_LENGTH, running_name

    assert running_name("Zorg- en Veiligheidshuis Waalmonde") == "Zorg- en Veiligheidshuis Waalmonde"
    long = "Zorg- en Veiligheidshuis Waalmonde, Rivierenland en de Betuwe, met de regionale aanpak"
    assert running_name(long) == "Zorg- en Veiligheidshuis Waalmonde, Rivierenland en de…"  # cut at a word, the comma dropped
    assert len(running_name(long)) <= HEADER_LENGTH
    assert running_name("x" * 80) == "x" * (HEADER_LENGTH - 1) + "…"


def test_the_cover_keeps_the_whole_name_and_the_header_gets_the_short_one(make_engagement, tmp_path):
    folder = make_engagement(FIVE)
    long = "Veiligheidshuis Testland, Rivierenland en de Betuwe, met de regionale aanpak van ondermijning"
    text = (folder / "traject.yaml").read_text(encoding="utf-8").replace("Veiligheidshuis Testland", long)
    (folder / "traject.yaml").write_text(text, encoding="utf-8")
    html = html_of(folder, tmp_path)
    assert f'<div class="title">{long}</div>' in html
    assert '<div class="running-name">Veiligheidshuis Testland, Rivierenland en de Betuwe, met…</div>' in html
