"""An interview without a score on any dimension is never counted as a respondent, in any output."""

from __future__ import annotations

import json

from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.scoring import counts_as_respondent
from volwassenheid.storage.traject_folder import load_engagement

click_dutch.install()

COUNTED = [
    {"code": "R03", "organisatie": "Politie", "antwoorden": {"v1": 3, "v2": 4}},
    {"code": "R04", "organisatie": "OM", "antwoorden": {"i1": 2}},
]
NOT_COUNTED = [
    {"code": "R01", "organisatie": "Gemeente", "antwoorden": {}},  # closed with no answers
    # below minimaal_aandeel (50%) everywhere: 0 of 2, 1 of 3, 0 of 1 questions with a phase
    {"code": "R02", "organisatie": "Gemeente", "antwoorden": {"v1": "weet_niet", "v2": "nvt", "t1": 5, "t2": "nvt", "i1": "nvt"}},
]


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid", env={"COLUMNS": "200"})


def test_which_interviews_count(make_engagement):
    loaded = load_engagement(make_engagement(COUNTED + NOT_COUNTED))
    counted = {i.code for i in loaded.interviews if counts_as_respondent(loaded.question_set, i, loaded.engagement.instellingen)}
    assert counted == {"R03", "R04"}


def test_not_counted_in_score_json_advies_report_or_respondenten(make_engagement):
    folder = make_engagement(COUNTED + NOT_COUNTED)

    document = json.loads(run("score", folder, "--json").output)
    assert document["respons"]["respondenten"] == 2
    assert document["respons"]["per_organisatie"] == {"OM": 1, "Politie": 1}  # no 'Gemeente'

    summary = run("score", folder).output
    assert "· 2 respondenten" in summary

    assert run("advies", folder, "--json").exit_code == 0

    listing = run("respondenten", folder).output
    assert "2 respondenten, 2 afgerond. 2 interviews tellen niet mee" in " ".join(listing.split())
    assert listing.count("telt niet mee") == 2

    from volwassenheid.core.assessment import assess_interviews
    from volwassenheid.report.data import build_report

    loaded = load_engagement(folder)
    assessment = assess_interviews(loaded.question_set, loaded.engagement, loaded.interviews)  # advies and rapport
    result = assessment.result
    assert (result.respons.respondenten, result.totaal.respondenten, result.totaal.respondenten_met_score) == (2, 2, 2)
    data = build_report(assessment)
    assert (data.bijlage.respondenten, data.bijlage.afgerond) == (2, 2)
    assert data.samenvatting.respondenten == 2


def test_an_interview_that_does_not_count_gives_no_quote_and_no_answer_counts(make_engagement):
    from volwassenheid.core.assessment import assess_interviews
    from volwassenheid.report.data import build_report

    counted = [{"code": f"R0{n}", "organisatie": "Politie", "antwoorden": {"v1": 3, "v2": 4}} for n in (1, 2, 3)]
    folder = make_engagement([*counted, {"code": "R04", "organisatie": "OM", "antwoorden": {}}])
    remarks = {"R01": ("v1", 3, "gewoon citaat"), "R04": ("v1", "weet_niet", "alleen van wie niet meetelt")}
    for code, (question, value, remark) in remarks.items():
        path = folder / "interviews" / f"{code}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["antwoorden"][question] = {"waarde": value, "toelichting": remark}
        path.write_text(json.dumps(data), encoding="utf-8")

    loaded = load_engagement(folder)
    data = build_report(assess_interviews(loaded.question_set, loaded.engagement, loaded.interviews))
    quotes = [quote for section in data.dimensies for quote in section.citaten]
    assert quotes == ["gewoon citaat"]
    assert (data.bijlage.respondenten, data.bijlage.weet_niet, data.bijlage.antwoorden) == (3, 0, 6)
