"""The organisation-weighted score adds nothing to what the other published figures give away.

Organisations the disclosure audit hides on a dimension weigh together, as one group
counting as many organisations as are hidden (core.weighting), so the weighted score can be
computed from figures that are already published: the respondent-weighted total (shown as `score_andere_weging`) and the visible
organisations with their n. Were a hidden organisation to weigh on its own, its mean
could be solved from the two totals; this test fails then.
"""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.scoring import Respondent, score_engagement

ORGANISATIONS = ["Politie", "OM", "Gemeente", "GGZ"]
LEVELS = ["strategisch", "tactisch", "operationeel"]
answer = st.one_of(st.integers(1, 5), st.sampled_from(["weet_niet", "nvt"]))
person = st.tuples(
    st.sampled_from(ORGANISATIONS),
    st.sampled_from(LEVELS),
    st.fixed_dictionaries({}, optional={q: answer for q in ("v1", "v2", "t1", "t2", "t3", "i1")}),
)


def from_published_figures(d) -> float:
    """The organisation-weighted score, worked out from the other published figures only."""
    total = d.score_andere_weging * d.n  # the respondent-weighted total
    visible = [(g.n, g.score) for g in d.per_organisatie if not g.onderdrukt]
    suppressed = len(d.per_organisatie) - len(visible)  # organisations listed without figures
    hidden_n = d.n - sum(n for n, _ in visible)
    weighted = [(1, score) for _, score in visible]
    if hidden_n:  # the hidden ones weigh together, as that many organisations
        weighted.append((suppressed, (total - sum(n * score for n, score in visible)) / hidden_n))
    return math.fsum(weight * mean for weight, mean in weighted) / sum(weight for weight, _ in weighted)


@settings(max_examples=200, deadline=None)
@given(people=st.lists(person, min_size=1, max_size=14), threshold=st.integers(2, 4))
def test_the_weighted_score_follows_from_the_other_published_figures(mini_set, people, threshold):
    respondents = [Respondent(f"R{i}", o, lv, a) for i, (o, lv, a) in enumerate(people)]
    result = score_engagement(mini_set, respondents, settings=ScoringSettings(minimale_groep=threshold, weging="organisatie"))
    for d in result.dimensies:
        if d.score is not None and d.n >= threshold:
            assert math.isclose(d.score, from_published_figures(d), abs_tol=1e-9)


def test_a_hidden_organisation_weighs_with_the_other_hidden_ones(mini_set):
    # Politie 4 x (4, 4), OM 4 x (2, 2), GGZ 2 x (1, 1), Gemeente 1 x (3, 3); threshold 3: GGZ and
    # Gemeente are hidden and weigh together, as two organisations, with mean (1 + 1 + 3) / 3.
    # Weighted: (4 + 2 + 2 x 5/3) / 4 = 7/3: every organisation 1/4, as the issue asks.
    people = [Respondent(f"P{i}", "Politie", "tactisch", {"v1": 4, "v2": 4}) for i in range(4)]
    people += [Respondent(f"O{i}", "OM", "tactisch", {"v1": 2, "v2": 2}) for i in range(4)]
    people += [Respondent(f"G{i}", "GGZ", "tactisch", {"v1": 1, "v2": 1}) for i in range(2)]
    people += [Respondent("M", "Gemeente", "tactisch", {"v1": 3, "v2": 3})]
    (vertrouwen, _, _) = score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=3)).dimensies
    assert [g.naam for g in vertrouwen.per_organisatie if g.onderdrukt] == ["GGZ", "Gemeente"]
    assert math.isclose(vertrouwen.score, 7 / 3)
    # Each respondent the same: (16 + 8 + 2 + 3) / 11
    assert math.isclose(vertrouwen.score_andere_weging, 29 / 11)
