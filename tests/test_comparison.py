"""`volwassenheid vergelijk OUD NIEUW` (issue 17, first step): the change per dimension with its 95%
interval, questions both measurements share, groups shown in both, and what makes them hard to compare."""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from test_weighted_privacy import person

from volwassenheid import Traject, compare_trajects
from volwassenheid.cli.main import cli
from volwassenheid.core.comparison import change_interval, compare

EXAMPLE = Path(__file__).parent.parent / "voorbeelden" / "zorg-en-veiligheidshuis"


def test_the_interval_of_a_change_by_hand():
    # widths 1,0 and 0,8: the half-width of the change's interval is 1,96 x sqrt((1,0/3,92)^2 + (0,8/3,92)^2) = sqrt(1,64) / 2 = 0,6403
    low, high = change_interval([2.5, 3.5], [3.0, 3.8], 0.4)
    assert (round(low, 4), round(high, 4)) == (-0.2403, 1.0403)
    assert change_interval(None, [3.0, 3.8], 0.4) is None and change_interval([2.5, 3.5], None, 0.4) is None


bounds = st.tuples(st.floats(1, 5), st.floats(0, 2)).map(lambda pair: [pair[0], pair[0] + pair[1]])


@given(bounds, bounds, st.floats(-4, 4))
def test_the_change_interval_is_centred_and_as_wide_as_the_two_together(then, now, change):
    low, high = change_interval(then, now, change)
    assert math.isclose((low + high) / 2, change, abs_tol=1e-9)
    assert math.isclose(high - low, math.hypot(then[1] - then[0], now[1] - now[0]), rel_tol=1e-9, abs_tol=1e-9)


def follow_up(tmp_path: Path, shift: dict[str, int]) -> tuple[Path, Path]:
    """The example and a copy a year later in which every answer to the questions starting with a
    prefix in `shift` moved that many phases (within 1..5)."""
    before, after = tmp_path / "zvh-2026", tmp_path / "zvh-2027"
    shutil.copytree(EXAMPLE, before)
    shutil.copytree(EXAMPLE, after)
    engagement = (after / "traject.yaml").read_text(encoding="utf-8")
    engagement = re.sub(r"^datum:.*$", "datum: 2027-10-15", engagement, flags=re.M)
    (after / "traject.yaml").write_text(re.sub(r"^meting:.*$", "meting: 1-meting", engagement, flags=re.M), encoding="utf-8")
    for path in (after / "interviews").glob("*.json"):
        interview = json.loads(path.read_text(encoding="utf-8"))
        for moment in ("gestart", "bijgewerkt"):  # a year later: interviews of their own
            interview[moment] = interview[moment].replace("2026-", "2027-")
        for question_id, answer in interview["antwoorden"].items():
            step = next((steps for prefix, steps in shift.items() if question_id.startswith(prefix)), 0)
            if isinstance(answer["waarde"], int):
                answer["waarde"] = min(5, max(1, answer["waarde"] + step))
        path.write_text(json.dumps(interview, ensure_ascii=False), encoding="utf-8")
    return before, after


def test_a_year_later_the_real_changes_are_those_that_were_made(tmp_path):
    before, after = follow_up(tmp_path, {"rel": -1, "rol": +1})
    result = CliRunner().invoke(cli, ["vergelijk", str(before), str(after), "--json"])
    assert result.exit_code == 0, result.output
    comparison = json.loads(result.output)
    changes = {d["id"]: d for d in comparison["dimensies"]}
    then, now = Traject.open(before).score(), Traject.open(after).score()
    for dimension_then, dimension_now in zip(then.dimensies, now.dimensies, strict=True):
        change = changes[dimension_now.id]
        assert change["verandering"] == pytest.approx(dimension_now.score - dimension_then.score)
        assert change["echt"] is (dimension_now.id in ("relaties", "rollen")), dimension_now.id
    assert changes["relaties"]["verandering"] < -0.5 < 0.5 < changes["rollen"]["verandering"]
    assert (changes["relaties"]["fase_vorige"], changes["relaties"]["fase"]) == (3, 2)
    assert (comparison["vorige"]["meting"], comparison["huidige"]["meting"]) == ("0-meting", "1-meting")
    assert comparison["vragen_niet_vergeleken"] == [] and comparison["waarschuwingen"] == []
    assert {q["id"] for q in comparison["vragen"] if q["verandering"]} <= {
        q.id for q in Traject.open(after).question_set.vragen if q.id[:3] in ("rel", "rol")
    }


def test_the_table_shows_the_change_as_the_difference_of_the_shown_scores(tmp_path):
    before, after = follow_up(tmp_path, {"rel": -1})
    result = CliRunner().invoke(cli, ["vergelijk", str(before), str(after)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "Vertrouwen en relaties" in line)
    assert re.search(r"3,7 │\s+2,7 │\s+-1,0 │ -1,\d tot -0,\d\s+│ ja\s+│ 3 → 2 │ 4 → 4", row), row
    assert "1 echte verandering" in result.output


def test_groups_are_compared_only_where_both_measurements_show_them(tmp_path):
    before, after = follow_up(tmp_path, {"rel": -1})
    then, now = Traject.open(before).score(), Traject.open(after).score()
    comparison = compare_trajects(before, after)
    for kind in ("per_organisatie", "per_niveau"):
        shown = [
            (d.id, g.naam)
            for d_then, d in zip(then.dimensies, now.dimensies, strict=True)
            for g_then, g in zip(getattr(d_then, kind), getattr(d, kind), strict=True)
            if not (g.onderdrukt or g_then.onderdrukt) and g.score is not None and g_then.score is not None
        ]
        assert [(c.dimensie, c.id) for c in getattr(comparison, kind)] == shown
    hidden = {g.naam for d in now.dimensies for g in d.per_organisatie if g.onderdrukt}
    assert hidden and not hidden & {c.id for c in comparison.per_organisatie}  # e.g. GGZ Rivierland, 1 respondent


def test_another_version_compares_the_shared_questions_and_says_so(tmp_path):
    before, after = follow_up(tmp_path, {})
    then, now = Traject.open(before).score(), Traject.open(after).score()
    relaties = next(d for d in now.dimensies if d.id == "relaties")
    fewer = now.model_copy(
        update={
            "vragenlijst": now.vragenlijst.model_copy(update={"versie": "2.1"}),
            "dimensies": [d.model_copy(update={"vragen": d.vragen[1:]}) if d is relaties else d for d in now.dimensies],
        }
    )
    comparison = compare(then, fewer, ("0-meting", "2026-10-12"), ("1-meting", "2027-10-15"))
    assert comparison.vragen_niet_vergeleken == [relaties.vragen[0].id]
    assert relaties.vragen[0].id not in {q.id for q in comparison.vragen}
    assert comparison.waarschuwingen == [
        "andere vragenlijst (samenwerking 2.0, nu samenwerking 2.1): alleen de vragen en dimensies die beide hebben, zijn vergeleken"
    ]


def test_a_partner_heard_once_and_a_much_smaller_group_are_warned_of(tmp_path):
    before, after = follow_up(tmp_path, {})
    for path in sorted((after / "interviews").glob("*.json"))[:9]:
        path.unlink()
    comparison = compare_trajects(before, after)
    heard_now = {name for name, count in comparison.huidige.per_organisatie.items() if count}
    gone = sorted({name for name, count in comparison.vorige.per_organisatie.items() if count} - heard_now)
    assert gone and comparison.waarschuwingen[0] == f"alleen de vorige keer gehoord: {', '.join(gone)}"
    assert comparison.waarschuwingen[-1] == "16 respondenten de vorige keer, nu 7: de groep is sterk veranderd"
    then, now = Traject.open(before).score(), Traject.open(after).score()
    one = then.model_copy(update={"respons": then.respons.model_copy(update={"respondenten": 1})})
    alone = compare(one, now, ("0-meting", "2026-10-12"), ("1-meting", "2027-10-15"))
    assert alone.waarschuwingen[-1] == "1 respondent de vorige keer, nu 7: de groep is sterk veranderd"


def test_two_partnerships_or_one_folder_twice_are_refused(tmp_path):
    before, after = follow_up(tmp_path, {})
    engagement = (after / "traject.yaml").read_text(encoding="utf-8")
    (after / "traject.yaml").write_text(engagement.replace("Zorg- en Veiligheidshuis Waalmonde", "ZVH Rivierland", 1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["vergelijk", str(before), str(after)])
    assert result.exit_code == 1 and "zijn verschillende samenwerkingsverbanden" in result.output
    result = CliRunner().invoke(cli, ["vergelijk", str(before), str(before)])
    assert result.exit_code == 1 and "twee keer" in result.output


def linked(tmp_path: Path, shift: dict[str, int]) -> tuple[Path, Path]:
    before, after = follow_up(tmp_path, shift)
    with open(after / "traject.yaml", "a", encoding="utf-8") as file:
        file.write("vorige_meting: ../zvh-2026\n")
    return before, after


def test_the_report_has_a_chapter_on_development_that_agrees_with_vergelijk(tmp_path):
    before, after = linked(tmp_path, {"rel": -1, "rol": +1})
    Traject.open(after).report(html=tmp_path / "rapport.html")
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert '<a class="chapter-link" href="#ontwikkeling">Ontwikkeling sinds de vorige meting</a>' in html
    chapter = html[html.index('id="ontwikkeling"') : html.index('id="beeld"')]
    assert "Van de 0-meting (2026-10-12) naar de 1-meting (2027-10-15)." in chapter
    comparison = compare_trajects(before, after)
    sentence = "Sinds de 0-meting echt gestegen: Taken en bevoegdheden (+1,0); echt gedaald: Vertrouwen en relaties (-1,0); de andere 9 dimensies niet aantoonbaar."
    assert sentence in chapter and html.index(sentence) < html.index('id="ontwikkeling"')  # also on the dashboard
    changes = chapter[chapter.index('<table class="changes">') :]
    changes = changes[: changes.index("</table>")]
    rows = re.findall(r"<tr><td>([^<]+)</td><td class=\"num\">([^<]+)</td><td class=\"num\">([^<]+)</td><td class=\"num\">([^<]+)</td>", changes)
    real = [c for c in comparison.dimensies if c.echt]
    assert [name for name, *_ in rows] == [c.naam for c in real] == ["Vertrouwen en relaties", "Taken en bevoegdheden"]
    for (_, then, now, change), c in zip(rows, real, strict=True):
        assert (then, now) == (f"{c.score_vorige:.1f}".replace(".", ","), f"{c.score:.1f}".replace(".", ","))
        assert float(change.replace(",", ".")) == pytest.approx(float(now.replace(",", ".")) - float(then.replace(",", ".")))
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in chapter and "&lt;svg" not in chapter


def test_without_a_previous_measurement_there_is_no_chapter_and_a_lost_one_is_said(tmp_path):
    before, after = follow_up(tmp_path, {})
    Traject.open(after).report(html=tmp_path / "zonder.html")
    assert 'id="ontwikkeling"' not in (tmp_path / "zonder.html").read_text(encoding="utf-8")
    with open(after / "traject.yaml", "a", encoding="utf-8") as file:
        file.write("vorige_meting: ../verhuisd\n")
    result = CliRunner().invoke(cli, ["rapport", str(after), "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 1 and "vorige_meting: in " in result.output and "staat geen traject" in result.output
    for command in ("score", "advies"):  # the scores stand; the line under them says why the change is missing
        result = CliRunner().invoke(cli, [command, str(after)], env={"COLUMNS": "250"})
        assert result.exit_code == 0, result.output
        assert "Let op: geen vergelijking met de vorige meting. " in result.output and "staat geen traject" in result.output


def test_score_says_what_changed_since_the_previous_measurement(tmp_path):
    before, after = linked(tmp_path, {"rel": -1})
    result = CliRunner().invoke(cli, ["score", str(after)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert (
        f"Sinds de 0-meting echt gedaald: Vertrouwen en relaties (-1,0); de andere 10 dimensies niet aantoonbaar. Meer: volwassenheid vergelijk {before} {after}"
        in result.output
    )


# --- privacy over two measurements --------------------------------------------


def shown_groups(result) -> dict[tuple[str, str, str], float]:
    """(kind, dimension, group) -> score, for every group the result publishes."""
    return {
        (kind, d.id, g.naam): g.score
        for kind in ("per_organisatie", "per_niveau")
        for d in result.dimensies
        for g in getattr(d, kind)
        if not g.onderdrukt and g.score is not None
    }


@settings(max_examples=60, deadline=None)
@given(then_people=st.lists(person, min_size=1, max_size=12), now_people=st.lists(person, min_size=1, max_size=12), threshold=st.integers(2, 4))
def test_the_comparison_shows_no_figure_the_two_results_do_not_publish(mini_set, then_people, now_people, threshold):
    """Every figure of the comparison is one the two results publish, or the difference of two such
    figures of the same dimension or group: so the two reports together tell no more than they did
    apart, and a group hidden in either measurement is never compared."""
    from volwassenheid.core.models import ScoringSettings
    from volwassenheid.core.scoring import Respondent, score_engagement

    method = ScoringSettings(minimale_groep=threshold)
    then = score_engagement(mini_set, [Respondent(f"A{i}", o, lv, a) for i, (o, lv, a) in enumerate(then_people)], settings=method)
    now = score_engagement(mini_set, [Respondent(f"B{i}", o, lv, a) for i, (o, lv, a) in enumerate(now_people)], settings=method)
    comparison = compare(then, now, ("0-meting", "2026-01-01"), ("1-meting", "2027-01-01"))
    for change, before, after in zip(comparison.dimensies, then.dimensies, now.dimensies, strict=True):
        assert (change.score_vorige, change.score, change.score_interval_vorige, change.score_interval) == (
            before.score,
            after.score,
            before.interval,
            after.interval,
        )
        assert change.verandering == (after.score - before.score if after.score is not None and before.score is not None else None)
    shown_then, shown_now = shown_groups(then), shown_groups(now)
    compared = {(kind, c.dimensie, c.id): c for kind in ("per_organisatie", "per_niveau") for c in getattr(comparison, kind)}
    assert set(compared) == set(shown_then) & set(shown_now)
    for key, change in compared.items():
        assert (change.score_vorige, change.score) == (shown_then[key], shown_now[key])
    shown_questions = lambda result: {q.id: q.score for d in result.dimensies for q in d.vragen if q.score is not None}  # noqa: E731
    for question in comparison.vragen:
        assert (question.score_vorige, question.score) == (shown_questions(then)[question.id], shown_questions(now)[question.id])
    both = {q.id for d in now.dimensies for q in d.vragen} & {q.id for d in then.dimensies for q in d.vragen}
    assert {q.id for q in comparison.vragen} == both & set(shown_questions(then)) & set(shown_questions(now))
    # every question accounted for once: compared, without a score in one (also when its dimension
    # had too few respondents to publish questions), or truly in one measurement only
    either = {q.id for d in now.dimensies for q in d.vragen} | {q.id for d in then.dimensies for q in d.vragen}
    parts = [{q.id for q in comparison.vragen}, set(comparison.vragen_zonder_score), set(comparison.vragen_niet_vergeleken)]
    assert set.union(*parts) == either and sum(map(len, parts)) == len(either)
    assert not comparison.vragen_niet_vergeleken  # one set: no question is in one measurement only


def test_the_slope_by_hand():
    from volwassenheid.core.comparison import slope

    assert slope([1.0, 2.0, 4.0]) == pytest.approx(1.5)  # x 0,1,2 (mean 1), y mean 7/3: ((-1)(-4/3) + 0 + (1)(5/3)) / 2 = 1.5
    assert slope([None, 2.0, 3.0]) == pytest.approx(1.0) and slope([3.0]) is None and slope([None, None]) is None


def test_three_measurements_give_a_trend_in_the_report(tmp_path):
    first, second = linked(tmp_path, {"rol": +1})
    third = tmp_path / "zvh-2028"
    shutil.copytree(second, third)
    engagement = (third / "traject.yaml").read_text(encoding="utf-8").replace("../zvh-2026", "../zvh-2027")
    engagement = re.sub(r"^meting:.*$", "meting: 2-meting", engagement, flags=re.M)
    (third / "traject.yaml").write_text(re.sub(r"^datum:.*$", "datum: 2028-10-16", engagement, flags=re.M), encoding="utf-8")
    for path in (third / "interviews").glob("*.json"):  # the same answers, given again a year later
        path.write_text(path.read_text(encoding="utf-8").replace('"2027-', '"2028-'), encoding="utf-8")
    Traject.open(third).report(html=tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<h2>Verloop over 3 metingen</h2>" in html
    scores = [Traject.open(folder).score() for folder in (first, second, third)]
    rollen = [next(d.score for d in result.dimensies if d.id == "rollen") for result in scores]
    expected = "".join(f'<td class="num">{score:.1f}</td>'.replace(".", ",") for score in rollen)
    slope = (rollen[2] - rollen[0]) / 2  # three equally spaced points: the slope is half the first-to-last change
    assert f'<tr><td>Taken en bevoegdheden</td>{expected}<td class="num">+{slope:.1f} per meting</td></tr>'.replace(".", ",") in html


def test_measurements_that_point_at_each_other_are_refused(tmp_path):
    before, after = linked(tmp_path, {})
    with open(before / "traject.yaml", "a", encoding="utf-8") as file:
        file.write("vorige_meting: ../zvh-2027\n")
    result = CliRunner().invoke(cli, ["rapport", str(after), "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 1 and "verwijzen in een kring naar elkaar" in result.output


def test_the_report_looks_back_at_the_previous_roadmap(tmp_path):
    from volwassenheid.app.comparison import roadmap_of

    before, after = linked(tmp_path, {"rol": +1})
    actions = roadmap_of(before)
    first = actions[0]
    with open(after / "traject.yaml", "a", encoding="utf-8") as file:
        file.write(f"vorige_agenda:\n- actie: '{first.titel.upper()}'\n  status: deels\n  toelichting: Alleen bij de politie.\n")
        file.write("- actie: Iets anders\n  status: uitgevoerd\n")
    Traject.open(after).report(html=tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    table = html[html.index('<table class="lookback">') : html.index("</table>", html.index('<table class="lookback">'))]
    rows = re.findall(r"<tr><td><b>(.*?)</b>.*?</td><td>(.*?)</td><td>(.*?)</td></tr>", table)
    assert [title for title, _, _ in rows] == [a.titel for a in actions]
    assert rows[0][1] == "deels uitgevoerd" and "Alleen bij de politie." in table  # matched whatever the case
    assert {status for _, status, _ in rows[1:]} == {"niet vastgelegd"}
    rollen = next(c for c in compare_trajects(before, after).dimensies if c.id == "rollen")
    moved = [movement for (_, _, movement), action in zip(rows, actions, strict=True) if "rollen" in action.dimensies]
    assert moved and all(f"Taken en bevoegdheden +{rollen.verandering:.1f} (echt)".replace(".", ",") in m for m in moved)
    assert "maar niet op de vorige routekaart: Iets anders." in html


def test_a_review_with_an_unknown_status_names_its_key(tmp_path):
    before, after = linked(tmp_path, {})
    with open(after / "traject.yaml", "a", encoding="utf-8") as file:
        file.write("vorige_agenda:\n- actie: Iets\n  status: klaar\n")
    result = CliRunner().invoke(cli, ["score", str(after)])
    assert result.exit_code == 1
    assert "vorige_agenda[0].status: moet een van deze waarden zijn: 'uitgevoerd', 'deels', 'niet' of 'onbekend' (gegeven: 'klaar')" in result.output


def test_advies_says_it_too():
    later = Path(__file__).parent.parent / "voorbeelden" / "zorg-en-veiligheidshuis-1-meting"
    result = CliRunner().invoke(cli, ["advies", str(later)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert (
        "Sinds de 0-meting echt gestegen: Taken en bevoegdheden (+0,7), Besluiten en gelijkwaardigheid (+0,5); de andere 9 dimensies niet aantoonbaar."
        in result.output
    )


# --- per group, per question, and another way of scoring --------------------------------


def table_rows(output: str, title: str) -> dict[str, list[str]]:
    """The rows of the rich table under `title`: first cell -> the other cells, stripped."""
    section = output[output.index(title) :]
    section = section[: section.index("└")]
    return {cells[1].strip(): [c.strip() for c in cells[2:-1]] for line in section.splitlines() if len(cells := line.split("│")) > 2}


def test_vergelijk_shows_the_change_of_every_group_both_show_as_the_difference_of_shown_scores(tmp_path):
    from volwassenheid.core.dutch import difference

    before, after = follow_up(tmp_path, {"rel": -1, "inf": +1})
    result = CliRunner().invoke(cli, ["vergelijk", str(before), str(after)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    comparison = compare_trajects(before, after)
    for title, changes in (("Per niveau: verandering", comparison.per_niveau), ("Per organisatie: verandering", comparison.per_organisatie)):
        rows = table_rows(result.output, title)
        header = next(line for line in result.output[result.output.index(title) :].splitlines() if line.startswith("┃"))
        groups = [cell.strip() for cell in header.split("┃")[2:-1]]
        assert groups == list(dict.fromkeys(c.id for c in changes))
        names = {d.id: d.naam for d in comparison.dimensies}
        expected = {name: ["–"] * len(groups) for name in names.values()}
        for c in changes:
            shown = difference(c.score, c.score_vorige)
            expected[names[c.dimensie]][groups.index(c.id)] = shown if shown.startswith("-") or shown == "0,0" else f"+{shown}"
        assert rows == expected
    groups = result.output[result.output.index("Per organisatie: verandering") : result.output.index("Gehoord: respondenten")]
    assert "GGZ Rivierland" not in groups  # one respondent: never shown, so never compared
    assert "Vertrouwen en relaties" in table_rows(result.output, "Per niveau: verandering")
    assert all(cell.startswith("-") for cell in table_rows(result.output, "Per niveau: verandering")["Vertrouwen en relaties"])


def test_vergelijk_vragen_lists_every_shared_question_and_why_the_others_are_left_out(tmp_path):
    before, after = follow_up(tmp_path, {"rol": +1})
    result = CliRunner().invoke(cli, ["vergelijk", str(before), str(after), "--vragen"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    comparison = compare_trajects(before, after)
    rows = table_rows(result.output, "Per vraag: verandering")
    texts = {q.id: q.tekst for q in Traject.open(after).question_set.vragen}
    for question in comparison.vragen:
        assert rows[f"{question.id}  {texts[question.id]}"][-1] == f"+{question.verandering:.1f}".replace(".", ",").replace("+-", "-").replace(
            "+0,0", "0,0"
        )
    assert rows["rol1  " + texts["rol1"]] == ["2,2", "3,2", "+1,0"]  # every answer one phase up, none was at 5 yet
    withheld = comparison.vragen_zonder_score
    assert withheld and not set(withheld) & {q.id for q in comparison.vragen}
    flat = " ".join(result.output.split())
    assert f"Per vraag vergeleken: {len(comparison.vragen)} vragen." in flat
    assert f"(daar niet getoond om kleine groepen te beschermen, te weinig respondenten, of niet beantwoord): {', '.join(withheld)}." in flat
    without = CliRunner().invoke(cli, ["vergelijk", str(before), str(after)], env={"COLUMNS": "250"})
    assert "Per vraag: verandering" not in without.output and "(zie --vragen)" in without.output


def test_the_report_shows_groups_and_questions_as_vergelijk_does(tmp_path):
    before, after = linked(tmp_path, {"rel": -1})
    Traject.open(after).report(html=tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    chapter = html[html.index('id="ontwikkeling"') : html.index('id="beeld"')]
    comparison = compare_trajects(before, after)
    groups = chapter[chapter.index('<table class="group-changes">') :]
    groups = groups[: groups.index("</table>")]
    heading = re.findall(r'<th class="num">([^<]+)</th>', groups)
    assert heading == list(dict.fromkeys(c.id for c in comparison.per_niveau)) + list(dict.fromkeys(c.id for c in comparison.per_organisatie))
    relaties = re.search(r"<tr><td>Vertrouwen en relaties</td>(.*?)</tr>", groups)
    assert relaties and re.findall(r'<td class="num">([^<]+)</td>', relaties.group(1)) == [
        next(
            f"{c.score - c.score_vorige:+.1f}".replace(".", ",")
            for c in comparison.per_niveau + comparison.per_organisatie
            if c.dimensie == "relaties" and c.id == name
        )
        for name in heading
    ]
    questions = chapter[chapter.index('<table class="question-changes">') :]
    texts = {q.id: q.tekst for q in Traject.open(after).question_set.vragen}
    assert re.findall(r"<tr><td>([^<]+)</td>", questions[: questions.index("</table>")]) == [texts[q.id] for q in comparison.vragen]
    assert "Doel en belangen: alle 5 vragen" in chapter  # withheld in the example to protect small groups


def test_another_way_of_scoring_is_warned_of(tmp_path):
    before, after = follow_up(tmp_path, {})
    then, now = Traject.open(before).score(), Traject.open(after).score()
    other = now.model_copy(update={"weging": "respondent", "drempel": 0.6})
    comparison = compare(then, other, ("0-meting", "2026-10-12"), ("1-meting", "2027-10-15"))
    assert comparison.waarschuwingen == [
        f"anders gerekend (weging {then.weging}, nu respondent; drempel 0,75, nu 0,6): een deel van de verandering kan uit de rekenwijze komen"
    ]


def test_who_was_heard_stands_side_by_side_with_a_partner_gone_as_zero(tmp_path):
    from volwassenheid.core.comparison import heard_side_by_side

    before, after = follow_up(tmp_path, {})
    for path in (after / "interviews").glob("*.json"):
        if json.loads(path.read_text(encoding="utf-8"))["organisatie"] == "GGZ Rivierland":
            path.unlink()
    comparison = compare_trajects(before, after)
    rows = [(r.soort, r.naam, r.toen, r.nu) for r in heard_side_by_side(comparison)]
    assert ("organisatie", "GGZ Rivierland", 1, 0) in rows and ("organisatie", "Politie", 4, 4) in rows
    assert [r for r in rows if r[0] == "niveau"] == [("niveau", "strategisch", 3, 3), ("niveau", "tactisch", 5, 5), ("niveau", "operationeel", 8, 7)]
    assert sum(r[2] for r in rows if r[0] == "organisatie") == 16 and sum(r[3] for r in rows if r[0] == "organisatie") == 15
    result = CliRunner().invoke(cli, ["vergelijk", str(before), str(after)], env={"COLUMNS": "120"})
    assert table_rows(result.output, "Gehoord: respondenten")["GGZ Rivierland"] == ["1", "0"]
    with open(after / "traject.yaml", "a", encoding="utf-8") as file:
        file.write("vorige_meting: ../zvh-2026\n")
    Traject.open(after).report(html=tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    heard = html[html.index('<table class="heard">') :]
    assert '<tr><td>GGZ Rivierland</td><td class="num">1</td><td class="num">0</td></tr>' in heard[: heard.index("</table>")]
    assert "alleen de vorige keer gehoord: GGZ Rivierland" in html


def test_the_sentence_names_the_dimensions_without_an_interval_apart(tmp_path):
    from volwassenheid.core.comparison import summary_sentence

    before, after = follow_up(tmp_path, {"rol": +1})
    comparison = compare_trajects(before, after)
    names = {c.id: c.naam for c in comparison.dimensies}

    def without(*ids):
        return comparison.model_copy(
            update={"dimensies": [c.model_copy(update={"interval": None, "echt": None}) if c.id in ids else c for c in comparison.dimensies]}
        )

    assert summary_sentence(comparison) == "Sinds de 0-meting echt gestegen: Taken en bevoegdheden (+1,0); de andere 10 dimensies niet aantoonbaar."
    assert summary_sentence(without("doel", "casus")) == (
        f"Sinds de 0-meting echt gestegen: Taken en bevoegdheden (+1,0); 8 dimensies niet aantoonbaar; "
        f"zonder interval, want te weinig respondenten: {names['doel']}, {names['casus']}."
    )
    assert summary_sentence(without("rollen", "doel")) == (
        "Sinds de 0-meting is geen dimensie aantoonbaar veranderd: bij 9 dimensies valt 0 binnen het 95%-interval van de verandering; "
        f"zonder interval, want te weinig respondenten: {names['doel']}, {names['rollen']}."
    )
    assert summary_sentence(without(*names)) == (
        "Sinds de 0-meting is van geen dimensie te zeggen of ze echt veranderde: een van beide metingen had te weinig respondenten voor een interval."
    )


def test_a_measurement_of_another_partnership_further_back_is_refused(tmp_path):
    """Only the last link is compared; the trend takes every measurement of the chain, so each link
    must be of the same partnership, or another partnership's scores enter the trend."""
    first, second = linked(tmp_path, {})
    other = tmp_path / "ander"
    shutil.copytree(first, other)
    engagement = (other / "traject.yaml").read_text(encoding="utf-8")
    (other / "traject.yaml").write_text(engagement.replace("Zorg- en Veiligheidshuis Waalmonde", "ZVH Rivierland", 1), encoding="utf-8")
    with open(first / "traject.yaml", "a", encoding="utf-8") as file:
        file.write("vorige_meting: ../ander\n")
    result = CliRunner().invoke(cli, ["rapport", str(second), "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 1, result.output
    assert (
        "vorige_meting: '" in result.output and "is een meting van 'ZVH Rivierland', niet van 'Zorg- en Veiligheidshuis Waalmonde'" in result.output
    )
    assert not (tmp_path / "r.html").exists()


def test_an_interval_that_holds_0_never_looks_like_one_that_does_not():
    """0.003 and -0.003 both showed as '0,00': the same interval beside 'ja' and beside 'nee'."""
    from volwassenheid.core.comparison import interval_text

    assert interval_text([0.003, 0.6]) == "0,003 tot 0,600"
    assert interval_text([-0.003, 0.6]) == "-0,003 tot 0,600"
    assert interval_text([-0.6, -0.0004]) == "-0,6000 tot -0,0004"
    assert interval_text([0.01, 0.61]) == "0,01 tot 0,61" and interval_text([0.3, 0.9]) == "0,3 tot 0,9"
    assert interval_text([0.0, 0.5]) == "0,00 tot 0,50"  # a bound that is 0 touches 0: not echt


@given(st.floats(-0.2, 0.2), st.floats(0.0, 1.0))
@settings(max_examples=300, deadline=None)
def test_the_interval_as_shown_agrees_with_echt(low, width):
    from volwassenheid.core.comparison import interval_text

    bounds = [low, low + width]
    shown = [float(text.replace(",", ".")) for text in interval_text(bounds).split(" tot ")]
    echt = bounds[0] > 0 or bounds[1] < 0
    if abs(bounds[0]) >= 1e-6 and abs(bounds[1]) >= 1e-6:
        assert (shown[0] > 0 or shown[1] < 0) is echt, (bounds, shown)


def test_the_new_measurement_before_the_old_one_is_refused(tmp_path):
    before, after = follow_up(tmp_path, {"rol": +1})
    result = CliRunner().invoke(cli, ["vergelijk", str(after), str(before)])
    assert result.exit_code == 1, result.output
    assert "(2027-10-15) is later dan die in" in " ".join(result.output.split()) and "Traceback" not in result.output


def test_a_follow_up_with_the_previous_interviews_copied_is_not_compared(tmp_path):
    """The reviewer's case: the example copied, one respondent (the only one of GGZ, hidden) taken
    out. Side by side, the two measurements' total and visible groups give that person's scores."""
    from volwassenheid.core.comparison import copied_interviews

    before, after = tmp_path / "zvh-2026", tmp_path / "zvh-2027"
    shutil.copytree(EXAMPLE, before)
    shutil.copytree(EXAMPLE, after)
    lonely = next(p for p in (after / "interviews").glob("*.json") if json.loads(p.read_text(encoding="utf-8"))["organisatie"] == "GGZ Rivierland")
    lonely.unlink()
    engagement = (after / "traject.yaml").read_text(encoding="utf-8").replace("meting: 0-meting", "meting: 1-meting")
    (after / "traject.yaml").write_text(engagement + "vorige_meting: ../zvh-2026\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["vergelijk", str(before), str(after)])
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert f"'{after}' heeft 15 interviews die ook in '{before}' staan (R01, R02, R03, R04, R05, …" in said
    assert "Haal de gekopieerde interviews uit de nieuwe meting." in said
    result = CliRunner().invoke(cli, ["rapport", str(after), "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 1 and "15 interviews die ook in" in result.output and not (tmp_path / "r.html").exists()
    # one answer changed is another interview; the same person a year later has a later start
    then, now = Traject.open(before).interviews, Traject.open(after).interviews
    changed = now[0].model_copy(update={"antwoorden": {**now[0].antwoorden, "doel1": now[0].antwoorden["doel1"].model_copy(update={"waarde": 5})}})
    later = now[1].model_copy(update={"gestart": None})
    assert copied_interviews(then, [changed, later, now[2]]) == [now[2].code]


SURVEY_HEADER = "respondent;organisatie;niveau;samenwerkingsverband;v1;v2;t1;t2;t3;i1"


def survey_measurement(tmp_path: Path, name: str, rows: list[str], *, after: Path | None = None, day: str = "2025-05-01") -> Path:
    """A traject of the mini set with the survey `rows` imported (E01, E02, ... in row order)."""
    folder = tmp_path / name
    start = ["--vervolg", str(after)] if after else ["--samenwerkingsverband", "Noord", "--opdrachtgever", "O", "--adviseur", "A"]
    start += (
        [] if after else ["--vragenlijst", str(Path(__file__).parent / "fixtures" / "mini.yaml"), "--organisatie", "OM", "--organisatie", "Politie"]
    )
    result = CliRunner().invoke(cli, ["nieuw", str(folder), *start, "--datum", day, "--niet-interactief"])
    assert result.exit_code == 0, result.output
    (tmp_path / f"{name}.csv").write_text("\n".join([SURVEY_HEADER, *rows]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["importeer", str(folder), str(tmp_path / f"{name}.csv")])
    assert result.exit_code == 0, result.output
    return folder


def survey_rows(wave: str, answers: list[str]) -> list[str]:
    return [f"{wave}-{k}@x;{'OM' if k % 2 else 'Politie'};tactisch;Noord;{row}" for k, row in enumerate(answers)]


WAVE_2025 = ["1;2;3;4;5;1", ";;;;;", "3;3;3;3;3;3", "2;4;1;5;2;4", "5;4;3;2;1;2", "4;4;2;2;3;3", "1;1;2;2;3;3"]
WAVE_2026 = ["2;2;3;4;4;1", ";;;;;", "3;3;3;3;3;3", "4;4;4;5;2;4", "1;4;3;3;1;2", "4;5;2;1;3;3", "2;1;2;3;3;3"]


def test_two_people_with_the_same_blank_or_straight_answers_are_not_a_copy(tmp_path):
    """Survey respondents carry no start time: at the same place in two exports, one who left
    everything blank, or ticked 3 throughout, is another person with the same answers."""
    before = survey_measurement(tmp_path, "noord-2025", survey_rows("a", WAVE_2025))
    after = survey_measurement(tmp_path, "noord-2026", survey_rows("b", WAVE_2026), after=before, day="2026-05-01")
    result = CliRunner().invoke(cli, ["vergelijk", str(before), str(after), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["huidige"]["respondenten"] == 6  # the blank one counts nowhere


def test_a_survey_copied_into_the_follow_up_is_found_under_other_codes(tmp_path):
    """A cumulative export imported again: last year's rows, in another order, beside this year's."""
    before = survey_measurement(tmp_path, "noord-2025", survey_rows("a", WAVE_2025))
    again = [*survey_rows("b", WAVE_2026), *reversed(survey_rows("a", WAVE_2025))]
    after = survey_measurement(tmp_path, "noord-2026", again, after=before, day="2026-05-01")
    result = CliRunner().invoke(cli, ["vergelijk", str(before), str(after)])
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert f"'{after}' heeft 6 interviews die ook in '{before}' staan (E08, E09, E10, E11, E12, …" in said  # E13, the blank row, enters no figure


def test_the_json_is_rounded_as_scores_json_and_agrees_with_itself(tmp_path):
    from volwassenheid.core.json_documents import comparison_document

    before, after = follow_up(tmp_path, {"rol": +1, "rel": -1})
    comparison = compare_trajects(before, after)
    scores = json.loads(CliRunner().invoke(cli, ["score", str(after), "--json"]).output)
    document = json.loads(CliRunner().invoke(cli, ["vergelijk", str(before), str(after), "--json"]).output)
    assert document == comparison_document(comparison)
    written = {d["id"]: d["score"] for d in scores["dimensies"]}
    for row in document["dimensies"]:
        assert row["score"] == written[row["id"]]  # the figure scores.json writes, not a longer one
        assert row["verandering"] == round(row["score"] - row["score_vorige"], 2)
        low, high = row["interval"]
        assert row["echt"] is (low > 0 or high < 0)
    for key in ("vragen", "per_organisatie", "per_niveau"):
        assert all(r["verandering"] == round(r["score"] - r["score_vorige"], 2) for r in document[key])
    near = comparison.model_copy(
        update={"dimensies": [comparison.dimensies[0].model_copy(update={"interval": [0.0031, 0.6049], "echt": True}), *comparison.dimensies[1:]]}
    )
    assert comparison_document(near)["dimensies"][0]["interval"] == [0.003, 0.605]  # 0.00 would seem to touch 0
    below = near.model_copy(update={"dimensies": [near.dimensies[0].model_copy(update={"interval": [-0.00041, 0.6], "echt": False})]})
    assert comparison_document(below)["dimensies"][0]["interval"] == [-0.0004, 0.6]
