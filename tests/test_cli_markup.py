"""User text (organisation, dimension and question names) prints literally in `score` and `advies`:
rich markup such as [bold] or [link=file:///x] in it is never interpreted."""

from __future__ import annotations

import contextlib
import io
import os
import re
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from volwassenheid.core.advice import advise
from volwassenheid.core.models import Engagement, QuestionSetRef
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.scoring import Respondent, answer_table, score_engagement

AMBITION = {"vertrouwen": 5, "tvb": 5, "informatie": 5}
texts = st.text(
    alphabet=st.one_of(st.sampled_from(list("[]/=:\\#@ ")), st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))),
    min_size=1,
    max_size=18,
).filter(lambda text: text.strip() and text == text.strip())


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printed(function, *args) -> str:
    with mock.patch.dict(os.environ, {"COLUMNS": "300"}), contextlib.redirect_stdout(io.StringIO()) as out:
        function(*args)
    return out.getvalue()


def setting_with(mini_set, name: str) -> QuestionSet:
    data = mini_set.model_dump()
    data["dimensies"][0].update(naam=name, kort=None)
    data["vragen"][0].update(tekst=name)
    return QuestionSet.model_validate(data)


def people_of(organisation: str) -> list[Respondent]:
    people = []
    for offset, org in enumerate([organisation, "OM", "Politie"]):
        for i in range(3):
            answers = {"v1": 1 + offset, "v2": 3 + offset // 2, "t1": 1 + offset, "t2": 2, "t3": 3, "i1": 2 + offset}
            people.append(Respondent(f"{org}{i}", org, "tactisch", answers))
    return people


@settings(max_examples=40, deadline=None)
@given(name=texts)
@example(name="[bold]Politie")
@example(name="[link=file:///x]klik[/link]")
@example(name="[/]")
@example(name=":smile:")
def test_score_and_advies_print_user_text_literally(mini_set, name):
    from volwassenheid.cli.advies import _print_report
    from volwassenheid.cli.tables import print_score_summary

    question_set = setting_with(mini_set, name)
    people = people_of(name)
    result = score_engagement(question_set, people, AMBITION)
    report = advise(question_set, result, answer_table(question_set, people))
    engagement = Engagement(samenwerkingsverband=name, datum="2026-10-01", vragenlijst=QuestionSetRef(id="mini", versie="0.1"), doelfase=AMBITION)
    score_output = printed(print_score_summary, engagement, question_set, result)
    assert squeeze(name) in squeeze(score_output.split("\n", 1)[1])  # in the table, not only the heading

    advice_output = printed(_print_report, engagement, result, report, True)
    body = squeeze(advice_output.split("\n", 1)[1])
    assert body.count(squeeze(name)) >= 3  # dimension label, sticking question, organisation compared
