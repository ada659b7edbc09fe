"""The dashboard that opens the report, and the roadmap: their rules, on the shipped example and on
hand-made cases. Figures of the example from `volwassenheid score voorbeelden/zorg-en-veiligheidshuis --json`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from volwassenheid import Traject
from volwassenheid.core.advice import AgendaItem
from volwassenheid.core.assessment import Fieldwork, interview_fieldwork
from volwassenheid.report.dashboard import DashRow, conclusion, decisions, fieldwork_text, period
from volwassenheid.report.data import ACTOR_LABEL, HORIZON_LABEL, build_report
from volwassenheid.report.roadmap import PER_DIMENSION, ROADMAP_MOST, roadmap

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "voorbeelden" / "zorg-en-veiligheidshuis"


@cache
def example():
    return Traject.open(EXAMPLE).assess()


def with_targets(assessment, **targets: int):
    """The example with other doelfasen, assessed again."""
    engagement = assessment.engagement.model_copy(update={"doelfase": {**assessment.engagement.doelfase, **targets}})
    traject = Traject.open(EXAMPLE)
    from volwassenheid.core.assessment import assess_interviews

    return assess_interviews(traject.question_set, engagement, traject.interviews)


def test_the_title_states_what_carries_and_what_lags_in_the_example():
    dashboard = build_report(example()).dashboard
    # relaties 3,74 against 4 is within 0,3; the agenda's ranks 1 and 2 are rollen and besluiten
    assert dashboard.titel == "Vertrouwen en relaties draagt; Taken en bevoegdheden en Besluiten blijven het verst achter"
    assert dashboard.ondertitel == "Zorg- en Veiligheidshuis Waalmonde · 0-meting · okt 2026"


def test_what_goes_well_names_the_dimensions_at_or_near_their_target():
    dashboard = build_report(example()).dashboard
    # relaties 3,74 against 4: 0,26 short, shown as 0,3; professionals: phase 3 (borderline 2/3), doelfase 3,
    # reached with a score of 2,97. The highest score first, as the title reads it.
    assert dashboard.goed == [
        "Vertrouwen en relaties: 3,7, doelfase 4 (nog 0,3)",
        "Professionals: 3,0, fase 3, op de doelfase (3), grensgeval",
    ]
    assert dashboard.dichtbij == 1
    statuses = {row.id: row.status for row in dashboard.rijen}
    assert statuses["professionals"] == "op_doel" and statuses["relaties"] == "dichtbij" and statuses["casus"] == "onder"


def test_the_chart_rows_are_sorted_by_score_with_interval_and_target():
    dashboard = build_report(example()).dashboard
    assert [row.id for row in dashboard.rijen][:3] == ["relaties", "casus", "zvh"]  # 3,74, 3,12, 3,03
    assert [row.id for row in dashboard.rijen][-1] == "leren"  # 2,02
    scores = [row.score for row in dashboard.rijen]
    assert scores == sorted(scores, reverse=True)
    assert all(row.interval is not None and row.interval[0] <= row.score <= row.interval[1] for row in dashboard.rijen)


def test_the_decisions_are_for_the_steering_group_one_per_dimension():
    dashboard = build_report(example()).dashboard
    assert [(d.nummer, d.titel, d.wie) for d in dashboard.besluiten] == [
        (1, "Gebruik het vertrouwen om taken en bevoegdheden scherp te krijgen", "Bestuur"),
        (2, "Laat bestuur en uitvoering samen naar de uitkomsten kijken", "Bestuur"),
        (3, "Stel een route vast om te escaleren", "Bestuur"),
        (4, "Vraag na elke ingreep naar effect, bijeffect en rechten", "Ketenregisseur"),
        (5, "Stel het doel op met bestuur en teamleiders van alle partners", "Bestuur"),
    ]
    # agenda 3-7 (professionals and management, and rollen and besluiten again) are passed over
    assert dashboard.besluiten[2].dimensie == "Besluiten" and dashboard.besluiten[2].horizon == "kort (maanden)"
    assert dashboard.besluiten[0].dimensie.startswith("patroon ‘Sterke relaties, onduidelijke taken en bevoegdheden’")


def item(number: int, dimensions: list[str], actor: str, horizon: str = "kort", source: str = "stap") -> AgendaItem:
    return AgendaItem(
        nummer=number,
        bron=source,
        dimensies=dimensions,
        titel=f"Advies {number}",
        toelichting="",
        horizon=horizon,
        actor=actor,
        aanleiding="",
    )


def test_an_unrealistic_target_gives_one_decision_that_names_its_intermediate_target():
    # rollen and besluiten at phase 2 with doelfase 5: three phases up, so both are 'te_hoog'
    assessment = with_targets(example(), rollen=5, besluiten=5)
    gaps = {g.dimensie: g.realisme for g in assessment.advice.kloven}
    assert gaps["rollen"] == gaps["besluiten"] == "te_hoog"
    dashboard = build_report(assessment).dashboard
    from_too_high = [d for d in dashboard.besluiten if d.tussendoel]
    assert len(from_too_high) == 1
    assert from_too_high[0].tussendoel == (
        "Taken en bevoegdheden: tussendoel fase 4 in plaats van 5; de doelfase ligt meer dan twee fasen hoger dan nu"
    )
    assert "Stel een route vast om te escaleren" not in [d.titel for d in dashboard.besluiten]  # besluiten's bestuur item
    rows = {row.id: row for row in dashboard.rijen}
    assert rows["rollen"].tussendoel == rows["besluiten"].tussendoel == 4 and rows["doel"].tussendoel is None


def test_without_enough_steering_items_the_decisions_are_topped_up_to_three():
    agenda = [item(1, ["a"], "professionals"), item(2, ["a"], "bestuur"), item(3, ["b"], "management"), item(4, ["c"], "professionals")]
    result = example().result
    chosen = decisions(agenda, [], result.model_copy(update={"dimensies": []}), HORIZON_LABEL, ACTOR_LABEL)
    # bestuur first (item 2, dimension a), then the agenda's order, one per dimension: 3 (b), 4 (c); item 1 shares a
    assert [d.titel for d in chosen] == ["Advies 2", "Advies 3", "Advies 4"]


def test_at_most_five_decisions():
    agenda = [item(k, [f"d{k}"], "bestuur") for k in range(1, 9)]
    chosen = decisions(agenda, [], example().result.model_copy(update={"dimensies": []}), HORIZON_LABEL, ACTOR_LABEL)
    assert [d.titel for d in chosen] == [f"Advies {k}" for k in range(1, 6)]


def test_the_title_for_few_respondents_says_it_is_a_first_look():
    result = example().result
    few = result.model_copy(update={"waarschuwing": "te weinig", "respons": result.respons.model_copy(update={"respondenten": 2})})
    assert conclusion(few, example().advice.kloven).startswith("Eerste beeld op basis van 2 respondenten. Vertrouwen en relaties draagt")
    at_target = [d.model_copy(update={"doelfase": d.fase, "doelfase_bereikt": True}) for d in result.dimensies]
    gaps = [g.model_copy(update={"rang": None}) for g in example().advice.kloven]
    assert (
        conclusion(result.model_copy(update={"dimensies": at_target}), gaps) == "Alle dimensies met een doelfase zitten op of dicht bij die doelfase"
    )


def test_the_strip_counts_people_partners_levels_and_borderline_cases():
    strip = build_report(example()).dashboard.strip
    assert (strip.respondenten, strip.respons, strip.organisaties) == (16, "67% respons (16 van 24)", 7)
    assert strip.per_niveau == ["strategisch 3", "tactisch 5", "operationeel 8"]
    # organisations with 1 or 2 respondents: no dimension shows them apart
    assert strip.niet_getoond == ["GGZ Rivierland", "Jeugdbescherming", "Raad voor de Kinderbescherming", "Reclassering"]
    assert (strip.grensgevallen, strip.indicatief) == (5, 0)
    assert strip.veldwerk == "interviews · 13–18 okt 2026"


def test_the_fieldwork_period_reads_as_dutch_dates():
    assert period(dt.date(2026, 10, 13), dt.date(2026, 10, 28)) == "13–28 okt 2026"
    assert period(dt.date(2026, 9, 29), dt.date(2026, 10, 4)) == "29 sep – 4 okt 2026"
    assert period(dt.date(2026, 12, 12), dt.date(2027, 1, 9)) == "12 dec 2026 – 9 jan 2027"
    assert period(dt.date(2026, 3, 5), dt.date(2026, 3, 5)) == "5 mrt 2026"
    mixed = Fieldwork(modes={"interview": 12, "enquete": 4}, first=dt.date(2026, 9, 3), last=dt.date(2026, 10, 2), dated=16)
    assert fieldwork_text(mixed, 3) == "12 interviews, 4 enquêtes · 3 sep – 2 okt 2026"
    # the survey answers have no date: the days of the interviews are not the fieldwork of all
    assert fieldwork_text(dataclasses.replace(mixed, dated=12), 3) == "12 interviews, 4 enquêtes"
    one = Fieldwork(modes={"interview": 1, "enquete": 15}, first=dt.date(2026, 10, 14), last=dt.date(2026, 10, 14), dated=1)
    assert fieldwork_text(one, 3) == "1 interview, 15 enquêtes"
    two = Fieldwork(modes={"interview": 2}, first=dt.date(2026, 10, 14), last=dt.date(2026, 10, 15), dated=2)
    assert fieldwork_text(two, 3) == "interviews"  # two people's days would be shown
    assert fieldwork_text(Fieldwork(modes={"enquete": 40})) == "enquête"
    assert fieldwork_text(None) is None


def test_the_fieldwork_comes_from_the_interviews_that_count():
    interviews = Traject.open(EXAMPLE).interviews
    fieldwork = interview_fieldwork(interviews)
    assert fieldwork.modes == {"interview": 16} and fieldwork.dated == 16
    assert (fieldwork.first, fieldwork.last) == (
        min(i.gestart for i in interviews).date(),
        max(i.bijgewerkt for i in interviews).date(),
    )
    assert example().fieldwork == fieldwork


def test_the_next_measurement_is_a_year_after_the_fieldwork_with_the_same_set():
    text = build_report(example()).dashboard.volgende_meting
    assert text.startswith("Meet opnieuw rond oktober 2027")  # fieldwork ends 18 oktober 2026
    assert "bij dezelfde groepen en met dezelfde vragenlijst (samenwerking 2.0, module Zorg- en Veiligheidshuis)." in text


def test_the_roadmap_holds_the_decisions_then_the_top_of_each_other_dimension():
    data = build_report(example())
    rows = data.routekaart
    numbers = [a.nummer for row in rows for a in row.acties]
    # the decisions are agenda 1 (relaties, rollen), 2 (pattern), 8 (besluiten), 14 (waarborgen), 16 (doel);
    # then the first item of a dimension without one: 9 (informatie), 18 (leren)
    assert [d.agenda for d in data.dashboard.besluiten] == [1, 2, 8, 14, 16]
    assert sorted(numbers) == [1, 2, 8, 9, 14, 16, 18]
    assert [row.horizon for row in rows] == ["kort (maanden)", "middellang (± een jaar)"]
    assert [(a.nummer, a.besluit) for a in rows[0].acties] == [(2, 2), (8, 3), (9, None), (14, 4), (18, None)]
    assert [(a.nummer, a.besluit) for a in rows[1].acties] == [(1, 1), (16, 5)]


def plain_roadmap(agenda: list[AgendaItem], decisions: list[int]) -> list[int]:
    """The roadmap's rule written out: the decisions first; then pass 1 takes an item when none of its
    dimensions has one yet, pass 2 when none has two yet; at most seven; then in agenda order, grouped
    short, middle, long."""
    taken: list[AgendaItem] = [a for a in agenda if a.nummer in decisions]
    for limit in (1, 2):
        for candidate in agenda:
            room = len(taken) < 7 and candidate not in taken
            if room and all(sum(d in t.dimensies for t in taken) < limit for d in candidate.dimensies):
                taken.append(candidate)
    taken.sort(key=lambda a: a.nummer)
    return [a.nummer for horizon in ("kort", "middellang", "lang") for a in taken if a.horizon == horizon]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from("abcd"), max_size=2, unique=True), st.sampled_from(["kort", "middellang", "lang"])),
        max_size=14,
    ),
    st.lists(st.booleans(), min_size=14, max_size=14),
)
def test_the_roadmap_follows_its_rule(spec, picked):
    agenda = [item(k, dims, "bestuur", horizon) for k, (dims, horizon) in enumerate(spec, start=1)]
    decisions: list[int] = []  # as the dashboard picks them: at most five, at most one per dimension
    for candidate, pick in zip(agenda, picked, strict=False):
        used = {d for n in decisions for d in agenda[n - 1].dimensies}
        if pick and len(decisions) < 5 and not used & set(candidate.dimensies):
            decisions.append(candidate.nummer)
    rows = roadmap(agenda, {}, HORIZON_LABEL, ACTOR_LABEL, decisions)
    numbers = [a.nummer for row in rows for a in row.acties]
    assert numbers == plain_roadmap(agenda, decisions)
    assert set(decisions) <= set(numbers)
    assert len(numbers) <= ROADMAP_MOST
    for d in "abcd":
        assert sum(d in agenda[n - 1].dimensies for n in numbers) <= PER_DIMENSION


@pytest.mark.traag  # renders the PDF
def test_the_dashboard_is_page_two_of_the_pdf(tmp_path):
    from pypdf import PdfReader

    from volwassenheid.report.pdf import render_pdf
    from volwassenheid.report.templates import default_template_dir

    data = build_report(example())
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_pdf(data, default_template_dir()).pdf)
    page = " ".join(PdfReader(pdf).pages[1].extract_text().split())
    for expected in (
        "Vertrouwen en relaties draagt; Taken en bevoegdheden en Besluiten blijven het verst achter",
        "16 respondenten",
        "67% respons (16 van 24)",
        "7 partners gehoord",
        "5 grensgevallen",
        "interviews · 13–18 okt 2026",
        "Wat goed gaat",
        "Professionals: 3,0, fase 3, op de doelfase (3)",
        "Besluiten voor de stuurgroep",
        "Stel een route vast om te escaleren",
        "Meet opnieuw rond oktober 2027",
    ):
        assert expected in page, expected
    assert "Inhoud" not in page  # the table of contents follows on its own page
    assert " ".join(PdfReader(pdf).pages[2].extract_text().split()).startswith("Inhoud Samenvatting")  # nothing spilled over


@pytest.mark.traag  # renders the PDF
def test_the_dashboard_keeps_to_one_page_with_all_modules_and_flags(tmp_path):
    """13 dimensions (2 without data), doelfase 5 everywhere: flags, a footnote and a tussendoel each."""
    from pypdf import PdfReader

    from volwassenheid.core.assessment import assess_interviews
    from volwassenheid.report.pdf import render_pdf
    from volwassenheid.report.templates import default_template_dir

    modules = ["ondermijning", "zorg-en-veiligheid", "strafrechtketen"]
    traject = Traject.open(EXAMPLE)
    from volwassenheid.app.question_sets import open_question_set

    question_set = open_question_set("samenwerking@2.0", modules=modules)
    engagement = traject.engagement.model_copy(update={"modules": modules, "doelfase": {d.id: 5 for d in question_set.dimensies}})
    data = build_report(assess_interviews(question_set, engagement, traject.interviews))
    assert len(data.dashboard.rijen) == 13 and len(data.samenvatting.zonder_gegevens) == 2
    few = build_report(two_interviews())  # a three-line title, five partners not heard, indicative strengths
    for case in (data, few):
        pdf = tmp_path / "r.pdf"
        pdf.write_bytes(render_pdf(case, default_template_dir()).pdf)
        pages = [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages[1:3]]
        assert "Besluiten voor de stuurgroep" in pages[0] and "Meet opnieuw rond" in pages[0]
        assert pages[1].startswith("Inhoud Samenvatting")


def two_interviews():
    traject = Traject.open(EXAMPLE)
    from volwassenheid.core.assessment import assess_interviews

    kept = [i for i in traject.interviews if i.code in ("R01", "R08")]
    return assess_interviews(traject.question_set, traject.engagement, kept)


def test_two_respondents_give_a_first_look_without_an_empty_level_chart():
    from volwassenheid.report.render import render_html
    from volwassenheid.report.templates import default_template_dir

    data = build_report(two_interviews())
    assert data.dashboard.titel.startswith("Eerste beeld op basis van 2 respondenten. ")
    assert data.niveaus_svg == ""  # two strategic respondents: no level can be shown
    html = " ".join(render_html(data, default_template_dir()).split())
    assert "Geen niveau is op een dimensie groot genoeg om apart te tonen" in html
    # seven dimensions go well with two people; the dashboard names three and counts the rest
    assert len(data.dashboard.goed) == 4 and data.dashboard.goed[-1] == "en nog 4 dimensies"
    assert all(row.indicatief for row in data.dashboard.rijen)


def test_a_score_at_the_target_with_a_lower_phase_is_said_as_such():
    # leren: score 2,02, phase 2, doelfase 3 in the example; a score of 2,97 shows as 3,0, one tenth short is 0,0
    result = example().result
    dimensions = [
        d.model_copy(update={"score": 2.97, "interval": [2.9, 3.05], "doelfase_bereikt": False}) if d.id == "leren" else d for d in result.dimensies
    ]
    changed = dataclasses.replace(example(), result=result.model_copy(update={"dimensies": dimensions}))
    goed = build_report(changed).dashboard.goed
    assert "Leren en omgeving: 3,0, score op doelniveau, fase nog 2 (doelfase 3), grensgeval" in goed
    assert not any("nog 0,0" in text for text in goed)


def test_without_any_doelfase_the_title_and_lists_say_so():
    from volwassenheid.report.render import render_html
    from volwassenheid.report.templates import default_template_dir

    assessment = example()
    engagement = assessment.engagement.model_copy(update={"doelfase": {}})
    traject = Traject.open(EXAMPLE)
    from volwassenheid.core.assessment import assess_interviews

    data = build_report(assess_interviews(traject.question_set, engagement, traject.interviews))
    assert data.dashboard.titel == "Zonder doelfase Vertrouwen en relaties scoort het hoogst en Leren en omgeving het laagst"
    assert data.dashboard.goed == [] and all(row.status == "geen" for row in data.dashboard.rijen)
    html = " ".join(render_html(data, default_template_dir()).split())
    assert "Geen dimensie heeft zowel een score als een doelfase, dus is niet te zeggen wat op koers ligt." in html
    assert "Op 0 van de 0 dimensies" not in html
    # only the two patterns advise: no step advice without a doelfase
    assert [d.titel for d in data.dashboard.besluiten] == [
        "Gebruik het vertrouwen om taken en bevoegdheden scherp te krijgen",
        "Laat bestuur en uitvoering samen naar de uitkomsten kijken",
    ]


def test_a_discussion_point_starts_with_its_difference_not_a_lower_case_group():
    from volwassenheid.report.render import render_html
    from volwassenheid.report.templates import default_template_dir

    html = " ".join(render_html(build_report(example()), default_template_dir()).split())
    # tactisch 2,8 against operationeel 1,75 (shown 1,8): the difference of the shown numbers is 1,0
    assert "Verschil 1,0 fase: tactisch 2,8 tegenover operationeel 1,8." in html
    assert "Verschil 1,1 fase: Politie 2,8 tegenover Openbaar Ministerie 1,7." in html


def test_the_issues_own_example_the_old_1_0_traject():
    """The summary the issue found wanting: the 1.0 example, with resultaten at phase 2 and doelfase 5."""
    data = build_report(Traject.open(ROOT / "tests" / "fixtures" / "traject-1.0").assess())
    dashboard = data.dashboard
    # vertrouwen 3,66 shows as 3,7: 0,3 under its doelfase 4, so it goes well by the figures shown
    assert dashboard.goed == ["Vertrouwen en relaties: 3,7, doelfase 4 (nog 0,3)"]
    assert dashboard.titel == "Vertrouwen en relaties draagt; Resultaten en effect en Taken en bevoegdheden blijven het verst achter"
    assert [(d.titel, d.wie) for d in dashboard.besluiten] == [
        ("Gebruik het vertrouwen om taken en bevoegdheden scherp te krijgen", "Bestuur"),
        ("Laat bestuur en uitvoering samen naar de uitkomsten kijken", "Bestuur"),
        ("Stel gezamenlijke prestatie-indicatoren vast", "Bestuur"),
        ("Werk een besturingsmodel voor drie niveaus uit", "Ketenregisseur"),
        ("Organiseer ronde tafels met externe deskundigen", "Ketenregisseur"),
    ]
    # one item from the unrealistic doelfase, naming its dimension and its intermediate target
    assert [d.tussendoel for d in dashboard.besluiten if d.tussendoel] == [
        "Resultaten en effect: tussendoel fase 4 in plaats van 5; de doelfase ligt meer dan twee fasen hoger dan nu"
    ]
    assert next(d for d in data.dimensies if d.id == "vertrouwen").titel == "Vertrouwen en relaties: dicht bij de doelfase"


rows_strategy = st.lists(
    st.builds(
        lambda name, score, target, borderline, indicative, too_high: DashRow(
            id=name,
            kort=name,
            score=score,
            interval=None if score is None else [max(1.0, score - 0.4), min(5.0, score + 0.4)],
            fase=None if score is None else int(score),
            doelfase=target,
            tussendoel=(int(score) + 2) if (too_high and score is not None and target == 5 and score < 3) else None,
            status="onder",
            grensgeval=borderline,
            indicatief=indicative,
        ),
        st.text("abcdefghijklmnopqrstuvwxyz WMé", min_size=1, max_size=40).map(str.strip).filter(bool),
        st.one_of(st.none(), st.floats(1, 5).map(lambda v: round(v, 2))),
        st.one_of(st.none(), st.integers(1, 5)),
        st.booleans(),
        st.booleans(),
        st.booleans(),
    ),
    min_size=1,
    max_size=14,
)


PHASE_NAMES = ["Kennismaken", "Afstemmen", "Bundelen", "Versterken", "Vernieuwen", "Transformeren", "Verankeren", "Verduurzamen", "Borgen"]


@settings(max_examples=150, deadline=None)
@given(rows_strategy, st.integers(3, 9))
def test_the_dashboard_chart_labels_never_overlap_and_stay_inside(rows, phases):
    from test_report_dutch import label_boxes

    from volwassenheid.report.charts import dimension_overview

    rows = [r.model_copy(update={"score": min(r.score, phases), "doelfase": min(r.doelfase, phases)}) if r.score and r.doelfase else r for r in rows]
    svg = dimension_overview(rows, PHASE_NAMES[:phases])
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).group(1))
    boxes = label_boxes(svg)
    assert len(boxes) >= len(rows)
    for i, (a, a0, a1, at, ab) in enumerate(boxes):
        assert a0 >= 0 and a1 <= width and at >= 0, a
        for b, b0, b1, bt, bb in boxes[i + 1 :]:
            assert a1 <= b0 or b1 <= a0 or ab <= bt or bb <= at, (a, b)


@pytest.mark.traag  # renders the PDF
def test_pdf_ua_alt_texts_carry_the_figures(tmp_path):
    from pypdf import PdfReader

    from volwassenheid.report.pdf import render_pdf
    from volwassenheid.report.templates import default_template_dir

    pdf = tmp_path / "ua.pdf"
    pdf.write_bytes(render_pdf(build_report(example()), default_template_dir(), pdf_variant="pdf/ua-1").pdf)
    alts: list[str] = []

    def walk(node) -> None:  # the structure tree, where each figure carries its /Alt
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "get"):
            if node.get("/Alt"):
                alts.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])

    walk(PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    assert "Vertrouwen en relaties: score 3,7 (3,5–3,9), fase 3 Bundelen, doelfase 4" in alts  # its phase ladder
    assert any(a.startswith("Score per dimensie tegen de doelfase. Doel en belangen: score 2,9 (2,7–3,2)") for a in alts)
    # 11,9 / 45,9 / 35,6 / 6,5 / 0 percent: at 3 or higher 42% (as the explanation says), so phase 4 is 6%
    assert "Verdeling van de antwoorden. Informatie delen: fase 1 12%, fase 2 46%, fase 3 36%, fase 4 6%, fase 5 0%" in alts
    assert any(a.startswith("Heatmap: score per organisatie en dimensie. Gemeente Waalmonde: Doel en belangen 3,7") for a in alts)
    assert not any(a.startswith("Fase-ladder") for a in alts)  # no generic alt text left


def test_the_answer_distribution_shows_only_shares_that_may_be_shown():
    from volwassenheid.report.charts import Palette
    from volwassenheid.report.dimension_page import distribution_chart as _distribution

    base = example().result.dimensies[0]

    def title(**changes) -> str | None:
        svg = _distribution(base.model_copy(update=changes), Palette())
        return re.search(r"<title>([^<]*)</title>", svg).group(1) if svg else None

    full = {1: 0.1, 2: 0.2, 3: 0.45, 4: 0.25, 5: 0.0}
    assert title(verdeling=full) == ("Verdeling van de antwoorden. Doel en belangen: fase 1 10%, fase 2 20%, fase 3 45%, fase 4 25%, fase 5 0%")
    # without the distribution: the shares of the phase explanation, at phase k or higher
    assert title(verdeling=None, aandeel_vanaf={2: 0.9, 3: 0.7}) == (
        "Verdeling van de antwoorden. Doel en belangen: onder fase 2 10%, fase 2 20%, fase 3 of hoger 70%"
    )
    assert title(verdeling=None, aandeel_vanaf={4: 0.61}) == "Verdeling van de antwoorden. Doel en belangen: onder fase 4 39%, fase 4 of hoger 61%"
    assert title(verdeling=None, aandeel_vanaf={1: 1.0}) is None  # phase 1 says nothing: everyone is at 1 or higher
    assert title(verdeling=full, te_weinig_respondenten=True) is None
    assert title(verdeling=full, score=None) is None


def test_the_two_shares_are_not_both_shown_when_one_person_is_at_the_phase(mini_set):
    """C(3) - C(4) is the share of answers at exactly phase 3: here the two answers of one person."""
    from volwassenheid.core.assessment import assess
    from volwassenheid.core.models import Engagement, QuestionSetRef
    from volwassenheid.core.scoring import Respondent, answer_table
    from volwassenheid.report.charts import Palette
    from volwassenheid.report.data import phase_explanation
    from volwassenheid.report.dimension_page import distribution_chart as _distribution

    people = [Respondent(f"L{i}", "A", "tactisch", {"v1": 2, "v2": 4}) for i in range(3)]
    people += [Respondent("M0", "A", "tactisch", {"v1": 3, "v2": 3})]
    people += [Respondent(f"H{i}", "A", "tactisch", {"v1": 4, "v2": 4}) for i in range(3)]
    engagement = Engagement(samenwerkingsverband="T", datum="2026-10-01", vragenlijst=QuestionSetRef(id="mini", versie="0.1"))
    trust = assess(mini_set, engagement, answer_table(mini_set, people)).result.dimensies[0]
    # 14 answers: 11 at 3 or higher (79%, phase 3 reached), 9 at 4 or higher (64%); one person answered 3
    assert trust.fase == 3 and trust.verdeling is None
    assert trust.aandeel_vanaf == {3: 0.78}  # not 4: 0.64 as well, which would give that person's 14%
    bar = _distribution(trust, Palette())
    assert "onder fase 3 22%, fase 3 of hoger 78%" in bar and "fase 4" not in bar
    assert phase_explanation(trust, "drempel", 0.75, 5) == "78% van de antwoorden op fase 3 of hoger; drempel 75%"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 1000), min_size=3, max_size=7).filter(lambda weights: sum(weights) > 0))
def test_the_bar_parts_add_up_to_100_and_agree_with_each_share_at_or_above(weights):
    import math

    from volwassenheid.report.charts import Palette
    from volwassenheid.report.dimension_page import distribution_chart as _distribution

    total = sum(weights)
    distribution = {k: w / total for k, w in enumerate(weights, start=1)}
    svg = _distribution(example().result.dimensies[0].model_copy(update={"verdeling": distribution}), Palette())
    parts = [int(p) for p in re.findall(r"fase \d+ (\d+)%", re.search(r"<title>([^<]*)</title>", svg).group(1))]
    assert sum(parts) == 100
    for k in range(1, len(weights) + 1):  # the shares at k or higher, rounded down as the phase rule's are
        assert sum(parts[k - 1 :]) == math.floor(math.fsum(weights[k - 1 :]) / total * 100 + 1e-7)


def test_a_dimension_near_its_target_never_lags_in_the_title():
    result, gaps = example().result, example().advice.kloven
    # give relaties (3,74, near its doelfase 4) the agenda's first rank: it still does not "lag"
    ranked = [g.model_copy(update={"rang": 1 if g.dimensie == "relaties" else (g.rang + 1 if g.rang else None)}) for g in gaps]
    assert conclusion(result, ranked) == "Vertrouwen en relaties draagt; Taken en bevoegdheden en Besluiten blijven het verst achter"


def test_a_wide_interval_does_not_make_a_dimension_near_its_target():
    from volwassenheid.report.dashboard import status

    d = example().result.dimensies[0].model_copy(update={"score": 3.0, "fase": 2, "doelfase": 4, "doelfase_bereikt": False, "interval": [2.0, 4.1]})
    assert status(d) == "onder"
    assert status(d.model_copy(update={"score": 3.66})) == "dichtbij"  # shows as 3,7: 0,3 short
    assert status(d.model_copy(update={"score": 3.64})) == "onder"  # shows as 3,6: 0,4 short


def test_an_indicative_strength_never_heads_the_list_or_the_title():
    result = example().result
    dimensions = [
        d.model_copy(update={"score": 5.0, "fase": 5, "doelfase_bereikt": True, "indicatief": True, "n": 1}) if d.id == "middelen" else d
        for d in result.dimensies
    ]
    changed = result.model_copy(update={"dimensies": dimensions})
    assert conclusion(changed, example().advice.kloven).startswith("Vertrouwen en relaties draagt")
    from volwassenheid.report.dashboard import strengths

    assert [d.id for d in strengths(changed)] == ["relaties", "professionals", "middelen"]


def test_without_a_doelfase_equal_scores_are_named_together():
    from volwassenheid.report.dashboard import _without_target

    base = example().result.dimensies
    same = [d.model_copy(update={"score": 3.01}) for d in base[:3]]
    assert _without_target(same) == "Zonder doelfase; alle dimensies scoren 3,0"
    assert _without_target(same[:1]) == "Zonder doelfase; alleen Doel en belangen heeft een score (3,0)"
    tied = [same[0].model_copy(update={"score": 3.4}), same[1].model_copy(update={"score": 3.36}), same[2].model_copy(update={"score": 2.0})]
    assert _without_target(tied) == "Zonder doelfase Doel en belangen en Vertrouwen en relaties scoren het hoogst en Taken en bevoegdheden het laagst"


def test_an_own_template_that_shows_the_level_chart_plainly_prints_nothing_when_there_is_none(tmp_path):
    import shutil

    from volwassenheid.report.render import render_html
    from volwassenheid.report.templates import default_template_dir

    own = tmp_path / "eigen"
    shutil.copytree(default_template_dir(), own)
    template = own / "rapport.html.j2"
    text = template.read_text(encoding="utf-8")
    start = text.index("{% if r.niveaus_svg %}")
    end = text.index("{% endif %}", text.index("{% else %}", start)) + len("{% endif %}")
    template.write_text(text[:start] + '<figure class="plain">{{ r.niveaus_svg }}</figure>' + text[end:], encoding="utf-8")
    html = render_html(build_report(two_interviews()), own)
    assert '<figure class="plain"></figure>' in html and ">None<" not in html


def test_the_full_agenda_names_a_remark_by_its_label_only():
    from volwassenheid.report.data import short_reason

    reason = "Doel en belangen: van fase 2 naar 3 (Bundelen). Grensgeval fase 2/3: de fase is onzeker, dus toets in het gesprek."
    assert short_reason(reason) == "Doel en belangen: van fase 2 naar 3 (Bundelen), grensgeval fase 2/3"
    assert short_reason("Patroon: Sterke relaties") == "Patroon: Sterke relaties"
    agenda = build_report(example()).agenda
    assert agenda[14].aanleiding == "Doel en belangen: van fase 2 naar 3 (Bundelen), grensgeval fase 2/3"
    assert not any("toets in het gesprek" in item.aanleiding for item in agenda)


def test_a_score_at_the_target_with_a_lower_phase_reads_short_in_the_facts():
    from volwassenheid.core.dutch import gap_sentence

    assert gap_sentence(3, 2.97, reached=False) == "score op doelniveau, fase nog niet"
    assert gap_sentence(3, 2.6, reached=False) == "0,4 fase onder de doelfase"
    assert gap_sentence(3, 2.97, reached=True) == "doelfase bereikt"


def test_the_dimension_title_follows_the_gap_as_the_facts_show_it():
    from volwassenheid.report.dimension_page import dimension_title

    d = example().result.dimensies[0].model_copy(update={"naam": "Doel", "fase": 2, "doelfase": 4, "doelfase_bereikt": False})
    assert dimension_title(d.model_copy(update={"score": 2.96})) == "Doel: ver onder de doelfase"  # 4 - 3,0 = 1,0
    assert dimension_title(d.model_copy(update={"score": 3.06})) == "Doel: onder de doelfase"  # 0,9
    assert dimension_title(d.model_copy(update={"score": 3.66})) == "Doel: dicht bij de doelfase"  # 0,3
    assert dimension_title(d.model_copy(update={"score": 4.2, "fase": 4, "doelfase_bereikt": True})) == "Doel: op de doelfase"
    assert dimension_title(d.model_copy(update={"score": 4.2, "fase": 4, "doelfase": 2, "doelfase_bereikt": True})) == "Doel: boven de doelfase"
    assert dimension_title(d.model_copy(update={"doelfase": None})) == "Doel: fase 2, zonder doelfase"
    assert dimension_title(d.model_copy(update={"score": None})) == "Doel: geen gegevens"
