"""core.response: the response rate from the people invited (traject.yaml `uitgenodigd`)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from volwassenheid.core.response import InvitedFigures, invited_figures

# --- hand-computed cases ------------------------------------------------------------------


def test_total_share_and_per_organisation():
    figures = invited_figures({"Politie": 40, "GGZ": 10}, ["Politie", "GGZ"], {"Politie": 10, "GGZ": 5}, {"operationeel": 15})
    assert figures == InvitedFigures(invited=50, share=0.3, per_organisation={"Politie": (40, 0.25), "GGZ": (10, 0.5)}, per_level={})


def test_names_compare_by_name_key_and_keep_the_traject_spelling():
    figures = invited_figures(
        {" politie ": 40, "Gemeente  Noord": 20}, ["Politie", "gemeente noord"], {"POLITIE": 6, "Politie": 2, "Gemeente Noord": 5}, {}
    )
    assert figures.invited == 60
    assert figures.share == 13 / 60
    assert figures.per_organisation == {"Politie": (40, 0.2), "gemeente noord": (20, 0.25)}


def test_a_listed_organisation_without_a_count_leaves_the_total_unknown():
    figures = invited_figures({"Politie": 40}, ["Politie", "GGZ"], {"Politie": 10}, {})
    assert (figures.invited, figures.share) == (None, None)
    assert figures.per_organisation == {"Politie": (40, 0.25)}


def test_respondents_of_an_organisation_without_a_count_leave_the_total_unknown():
    figures = invited_figures({"Politie": 40}, ["Politie"], {"Politie": 10, "OM": 2}, {})
    assert (figures.invited, figures.share) == (None, None)


def test_an_organisation_with_no_respondents_counts_with_share_zero():
    figures = invited_figures({"Politie": 40, "GGZ": 10}, ["Politie", "GGZ"], {"Politie": 10, "GGZ": 0}, {})
    assert figures.invited == 50 and figures.share == 0.2
    assert figures.per_organisation["GGZ"] == (10, 0.0)


def test_more_respondents_than_invited_is_kept_above_one():
    figures = invited_figures({"Politie": 4}, ["Politie"], {"Politie": 6}, {"tactisch": 6})
    assert figures.share == 1.5
    assert figures.per_organisation == {"Politie": (4, 1.5)}


def test_per_level_when_every_organisation_counts_per_level():
    invited = {"Politie": {"strategisch": 2, "operationeel": 18}, "GGZ": {"operationeel": 5, "tactisch": 5}}
    figures = invited_figures(invited, ["Politie", "GGZ"], {"Politie": 10, "GGZ": 5}, {"strategisch": 1, "tactisch": 4, "operationeel": 10})
    assert figures.invited == 30 and figures.share == 0.5
    assert figures.per_organisation == {"Politie": (20, 0.5), "GGZ": (10, 0.5)}
    assert figures.per_level == {"strategisch": (2, 0.5), "tactisch": (5, 0.8), "operationeel": (23, 10 / 23)}
    assert list(figures.per_level) == ["strategisch", "tactisch", "operationeel"]


def test_no_per_level_figures_when_one_organisation_gives_only_a_total():
    invited = {"Politie": {"strategisch": 2, "operationeel": 18}, "GGZ": 10}
    figures = invited_figures(invited, ["Politie", "GGZ"], {"Politie": 10, "GGZ": 5}, {"strategisch": 1, "operationeel": 14})
    assert figures.invited == 30 and figures.per_level == {}


def test_a_level_where_nobody_was_invited_is_left_out_of_per_level_but_counts_in_the_total():
    figures = invited_figures({"Politie": {"operationeel": 10}}, ["Politie"], {"Politie": 6}, {"operationeel": 5, "strategisch": 1})
    assert figures.per_level == {"operationeel": (10, 0.5)}
    assert figures.share == 0.6


def test_nothing_listed_and_no_respondents_gives_no_total():
    assert invited_figures({}, [], {}, {}) == InvitedFigures(None, None, {}, {})


def test_per_organisation_follows_the_traject_order():
    figures = invited_figures({"OM": 5, "Politie": 40}, ["Politie", "GGZ", "OM"], {}, {})
    assert list(figures.per_organisation) == ["Politie", "OM"]


def test_two_counts_for_one_organisation_are_refused():
    with pytest.raises(ValueError, match="two invited counts"):
        invited_figures({"Politie": 4, "politie": 5}, ["Politie"], {}, {})


# --- against a plain implementation -------------------------------------------------------

SPELLINGS = {
    "politie": ["Politie", "politie", " POLITIE "],
    "ggz": ["GGZ", "ggz"],
    "om": ["OM"],
    "gemeente noord": ["Gemeente Noord", "gemeente  noord"],
}
LEVELS = ["strategisch", "tactisch", "operationeel"]


def plain_figures(invited, organisations, by_organisation, by_level):
    """The rule written out: counts and respondents matched on lower case without extra spaces."""

    def key(name):
        return " ".join(name.split()).casefold()

    size = {}
    for name, value in invited.items():
        size[key(name)] = value if isinstance(value, int) else sum(value.values())
    came = {}
    for name, count in by_organisation.items():
        came[key(name)] = came.get(key(name), 0) + count
    shown_as = {}
    for name in list(organisations) + list(invited):
        if key(name) not in shown_as:
            shown_as[key(name)] = name
    per_organisation = {shown_as[k]: (size[k], came.get(k, 0) / size[k]) for k in size}
    must_have = {key(name) for name in organisations} | {k for k, count in came.items() if count > 0}
    if not must_have or any(k not in size for k in must_have):
        return None, None, per_organisation, {}
    total = sum(size.values())
    per_level = {}
    if all(isinstance(value, dict) for value in invited.values()):
        at_level = {}
        for value in invited.values():
            for level, count in value.items():
                at_level[level] = at_level.get(level, 0) + count
        per_level = {level: (at_level[level], by_level.get(level, 0) / at_level[level]) for level in at_level}
    return total, sum(came.values()) / total, per_organisation, per_level


counts = st.integers(min_value=1, max_value=60)
count_or_levels = st.one_of(counts, st.dictionaries(st.sampled_from(LEVELS), counts, min_size=1))


@st.composite
def situations(draw):
    keys = list(SPELLINGS)
    listed = draw(st.lists(st.sampled_from(keys), unique=True))
    counted = draw(st.lists(st.sampled_from(keys), unique=True))
    responding = draw(st.lists(st.sampled_from(keys), unique=True))
    organisations = [draw(st.sampled_from(SPELLINGS[k])) for k in listed]
    invited = {draw(st.sampled_from(SPELLINGS[k])): draw(count_or_levels) for k in counted}
    by_organisation = {}
    for k in responding:
        for spelling in draw(st.lists(st.sampled_from(SPELLINGS[k]), min_size=1, max_size=2, unique=True)):
            by_organisation[spelling] = draw(st.integers(min_value=0, max_value=80))
    by_level = draw(st.dictionaries(st.sampled_from(LEVELS), st.integers(min_value=0, max_value=80)))
    return invited, organisations, by_organisation, by_level


@settings(max_examples=300, deadline=None)
@given(situations())
def test_matches_the_plain_rule(situation):
    figures = invited_figures(*situation)
    assert (figures.invited, figures.share, figures.per_organisation, figures.per_level) == plain_figures(*situation)


@settings(max_examples=200, deadline=None)
@given(situations())
def test_a_share_above_one_is_never_capped(situation):
    invited, organisations, by_organisation, by_level = situation
    figures = invited_figures(*situation)
    if figures.share is not None:
        assert figures.share * figures.invited == pytest.approx(sum(by_organisation.values()))
    for share in [s for _, s in figures.per_organisation.values()] + [s for _, s in figures.per_level.values()]:
        assert share >= 0


def test_score_json_shows_the_response_of_the_counted_respondents(make_engagement):
    import json

    from click.testing import CliRunner

    from volwassenheid.cli.main import cli

    # Politie: 2 counted of 4 invited; OM: 1 of 2 (its second interview has no answer with a phase, so it does not count)
    interviews = [
        {"code": "P1", "organisatie": "Politie", "antwoorden": {"v1": 3, "v2": 3}},
        {"code": "P2", "organisatie": "Politie", "antwoorden": {"v1": 2, "v2": 4}},
        {"code": "O1", "organisatie": "OM", "antwoorden": {"v1": 4, "v2": 4}},
        {"code": "O2", "organisatie": "OM", "antwoorden": {"v1": "weet_niet"}},
    ]
    folder = make_engagement(interviews, extra="uitgenodigd: {Politie: 4, OM: 2, Gemeente: 6}\n")
    result = CliRunner().invoke(cli, ["score", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    response = data["respons"]
    # 3 of 12 invited; Gemeente was invited but not heard
    assert (response["uitgenodigd"], response["percentage"]) == (12, 0.25)
    assert response["uitgenodigd_per_organisatie"] == {
        "Politie": {"uitgenodigd": 4, "percentage": 0.5},
        "Gemeente": {"uitgenodigd": 6, "percentage": 0.0},
        "OM": {"uitgenodigd": 2, "percentage": 0.5},
    }
    assert data["dekking"]["niet_gehoord"] == ["Gemeente"]
