"""The interview flow with a scripted prompter: navigation, autosave, finishing."""

from __future__ import annotations

import datetime as dt

import pytest

from volwassenheid.core.interview_flow import (
    ANSWER_NOW,
    BACK,
    FINISH_OPEN,
    SKIP,
    STOP,
    InterviewFlow,
    Outcome,
)
from volwassenheid.core.models import Answer, Interview, QuestionSetRef, ScoringSettings

ENTER = object()  # keep the default (the earlier answer or remark)


class ScriptedPrompter:
    """Answers prompts from a script; records what was shown and asked."""

    def __init__(self, script):
        self.script = list(script)
        self.shown = []
        self.asked = []

    def _next(self, default):
        value = self.script.pop(0)
        return default if value is ENTER else value

    def _next_choice(self, default):
        value = self.script.pop(0)
        if value is ENTER:
            # Enter picks only a preselected (earlier) answer; a real menu records nothing otherwise.
            assert default is not None, "Enter on a menu without a preselected answer"
            return default
        return value

    def show(self, text, help_text=None):
        self.shown.append((text, help_text))

    def select(self, message, choices, default=None):
        self.asked.append(("select", message, [c.value for c in choices], default))
        value = self._next_choice(default)
        assert value in [c.value for c in choices], (value, message)
        return value

    def text(self, message, default=""):
        self.asked.append(("text", message, default))
        return self._next(default)


def new_interview() -> Interview:
    return Interview(code="R01", organisatie="OM", niveau="tactisch", vragenlijst=QuestionSetRef(id="mini", versie="0.1"))


def make_flow(mini_set, script, interview=None):
    saved = []
    interview = interview or new_interview()
    prompter = ScriptedPrompter(script)
    clock = iter(dt.datetime(2026, 10, 1, 9, m) for m in range(60))
    flow = InterviewFlow(mini_set, interview, prompter, lambda i: saved.append(i.model_copy(deep=True)), lambda: next(clock))
    return flow, prompter, saved


def answers(interview):
    return {qid: (a.waarde, a.toelichting) for qid, a in interview.antwoorden.items()}


def test_whole_interview_saves_every_answer_and_finishes(mini_set):
    script = [4, "", 5, "Goede band", 2, "", 3, "", "weet_niet", "", "nvt", ""]
    flow, prompter, saved = make_flow(mini_set, script)
    assert flow.run() is Outcome.FINISHED
    assert answers(flow.interview) == {
        "v1": (4, None),
        "v2": (5, "Goede band"),
        "t1": (2, None),
        "t2": (3, None),
        "t3": ("weet_niet", None),
        "i1": ("nvt", None),
    }
    assert flow.interview.afgerond
    # One save per answer, one for the remark, one for finishing.
    assert len(saved) == 6 + 1 + 1
    assert [len(s.antwoorden) for s in saved[:3]] == [1, 2, 2]
    assert saved[2].antwoorden["v2"].toelichting == "Goede band"
    assert not saved[-2].afgerond and saved[-1].afgerond
    assert saved[-1].bijgewerkt == dt.datetime(2026, 10, 1, 9, 7)


def test_header_shows_dimension_progress_and_help(mini_set):
    flow, prompter, _ = make_flow(mini_set, [STOP])
    flow.run()
    header, help_text = prompter.shown[0]
    assert header.startswith("Vraag 1/6 · Vertrouwen en relaties")
    assert help_text is None
    interview = with_answers({q: 3 for q in ["v1", "v2", "t1", "t2", "t3"]})
    flow, prompter, _ = make_flow(mini_set, [STOP], interview)
    flow.run()
    assert prompter.shown[0] == (
        "Vraag 6/6 · Informatiedeling   (R01, 5 beantwoord)",
        "Luister naar: Let op voorbeelden.\nDoorvraag: Kunt u een voorbeeld geven?",
    )


def test_first_question_has_no_back_and_options_are_phases_then_extras(mini_set):
    flow, prompter, _ = make_flow(mini_set, [3, "", STOP])
    flow.run()
    first, second = prompter.asked[0], prompter.asked[2]
    assert first[2] == [1, 2, 3, 4, 5, "weet_niet", "nvt", SKIP, STOP]
    assert second[2] == [1, 2, 3, 4, 5, "weet_niet", "nvt", SKIP, BACK, STOP]


def test_going_back_offers_the_earlier_answer_and_changes_it(mini_set):
    script = [2, "eerst", BACK, 4, ENTER, 3, ""]
    flow, prompter, saved = make_flow(mini_set, script + [STOP])
    assert flow.run() is Outcome.STOPPED
    back_prompt = prompter.asked[3]
    assert back_prompt[0] == "select" and back_prompt[3] == 2  # default: the earlier answer
    assert prompter.asked[4] == ("text", "Toelichting (optioneel, Enter = verder):", "eerst")
    assert answers(flow.interview) == {"v1": (4, "eerst"), "v2": (3, None)}
    assert not flow.interview.afgerond


def test_stop_keeps_everything_and_leaves_it_unfinished(mini_set):
    flow, _, saved = make_flow(mini_set, [5, "", 4, "", STOP])
    assert flow.run() is Outcome.STOPPED
    assert saved[-1].antwoorden.keys() == {"v1", "v2"} and not saved[-1].afgerond


def test_skipped_questions_are_offered_again_at_the_end(mini_set):
    script = [SKIP, 3, "", 3, "", SKIP, 2, "", 1, "", "nu", 4, "", 4, ""]
    flow, prompter, _ = make_flow(mini_set, script)
    assert flow.run() is Outcome.FINISHED
    assert answers(flow.interview)["v1"] == (4, None) and answers(flow.interview)["t2"] == (4, None)
    assert prompter.asked[10][1] == "Nog 2 vragen open. Wat nu?"
    assert list(flow.interview.antwoorden) == ["v1", "v2", "t1", "t2", "t3", "i1"]  # questionnaire order


def test_finishing_with_open_questions(mini_set):
    script = [3, "", 3, "", 3, "", 3, "", SKIP, SKIP, "afronden"]
    flow, _, _ = make_flow(mini_set, script)
    assert flow.run() is Outcome.FINISHED
    assert flow.interview.afgerond and set(flow.interview.antwoorden) == {"v1", "v2", "t1", "t2"}


def test_resume_starts_at_the_first_open_question_and_keeps_earlier_answers(mini_set):
    interview = new_interview()
    flow, _, _ = make_flow(mini_set, [2, "", 2, "", STOP], interview)
    flow.run()
    flow, prompter, _ = make_flow(mini_set, [5, "", 5, "", 5, "", 5, ""], interview)
    assert flow.unanswered() == [2, 3, 4, 5]
    assert flow.run() is Outcome.FINISHED
    assert prompter.shown[0][0].startswith("Vraag 3/6 · Taken en bevoegdheden")
    assert answers(interview)["v1"] == (2, None) and answers(interview)["i1"] == (5, None)


def test_clearing_a_remark(mini_set):
    interview = new_interview()
    flow, _, _ = make_flow(mini_set, [3, "weg ermee", STOP], interview)
    flow.run()
    flow, _, _ = make_flow(mini_set, [BACK, ENTER, "   ", STOP], interview)  # resumes at v2; back to v1
    flow.run()
    assert answers(interview)["v1"] == (3, None)


def with_answers(values: dict) -> Interview:
    interview = new_interview()
    interview.antwoorden = {qid: Answer(waarde=value) for qid, value in values.items()}
    return interview


def asked_questions(prompter) -> list[str]:
    return [message for kind, message, *_ in prompter.asked if kind == "select" and message.startswith("Vraag")]


def test_resume_goes_from_open_question_to_open_question(mini_set):
    # v2 was skipped, t1 and t2 answered, stopped at t3: resuming asks v2, then t3 and i1, never t1 or t2 again.
    interview = with_answers({"v1": 2, "t1": 3, "t2": 4})
    flow, prompter, _ = make_flow(mini_set, [5, "", 1, "", 2, ""], interview)
    assert flow.run() is Outcome.FINISHED
    assert asked_questions(prompter) == ["Vraag v2?", "Vraag t3?", "Vraag i1?"]
    assert answers(interview) == {
        "v1": (2, None),
        "v2": (5, None),
        "t1": (3, None),
        "t2": (4, None),
        "t3": (1, None),
        "i1": (2, None),
    }


def test_back_from_the_first_open_question_shows_the_one_before(mini_set):
    interview = with_answers({"v1": 2, "t1": 3, "t2": 4})
    # at t3 (second open question) back to v2, back again to v1 (kept with Enter), then on from there.
    flow, prompter, _ = make_flow(mini_set, [5, "", BACK, BACK, ENTER, "", ENTER, "", 1, "", 2, ""], interview)
    assert flow.run() is Outcome.FINISHED
    assert asked_questions(prompter) == ["Vraag v2?", "Vraag t3?", "Vraag v2?", "Vraag v1?", "Vraag v2?", "Vraag t3?", "Vraag i1?"]
    assert answers(interview)["v1"] == (2, None) and answers(interview)["v2"] == (5, None)


def test_new_questions_have_no_preselected_answer(mini_set):
    interview = with_answers({"t1": 3})
    flow, prompter, _ = make_flow(mini_set, [4, "", STOP], interview)
    flow.run()
    defaults = [default for kind, _, _, default in (a for a in prompter.asked if a[0] == "select")]
    assert defaults == [None, None]


def test_enter_on_a_new_question_records_nothing(mini_set):
    flow, _, saved = make_flow(mini_set, [ENTER])
    with pytest.raises(AssertionError, match="without a preselected answer"):
        flow.run()
    assert saved == [] and flow.interview.antwoorden == {}


@pytest.mark.parametrize(
    ("script", "reason"),
    [
        ([SKIP] * 6 + [FINISH_OPEN], "heeft geen antwoorden en"),
        # one phase answer (t3): below the share everywhere
        (["weet_niet", ""] * 4 + [3, ""] + ["nvt", ""], "op geen enkele dimensie genoeg antwoorden met een fase (minimaal 50%"),
    ],
)
def test_closing_an_interview_that_does_not_count_asks_first(mini_set, script, reason):
    flow, prompter, saved = make_flow(mini_set, [*script, STOP])
    assert flow.run() is Outcome.STOPPED
    assert not flow.interview.afgerond and not any(s.afgerond for s in saved)
    question = prompter.asked[-1]
    assert "telt daarom niet mee als respondent" in question[1] and reason in question[1]
    assert question[2] == [ANSWER_NOW, FINISH_OPEN, STOP] and question[3] is None

    flow, prompter, saved = make_flow(mini_set, [*script, FINISH_OPEN])
    assert flow.run() is Outcome.FINISHED and flow.interview.afgerond


def test_going_back_to_the_questions_instead_of_closing(mini_set):
    script = ["weet_niet", ""] * 6 + [ANSWER_NOW] + [3, "", 3, ""] + [ENTER, ""] * 4
    flow, prompter, _ = make_flow(mini_set, script)
    assert flow.run() is Outcome.FINISHED
    assert flow.interview.afgerond and answers(flow.interview)["v2"] == (3, None)


def test_an_interview_with_one_scored_dimension_closes_without_asking(mini_set):
    settings = ScoringSettings(minimaal_aandeel=0.5)
    flow, prompter, _ = make_flow(mini_set, [4, ""] + [SKIP] * 5 + [FINISH_OPEN])
    flow.settings = settings
    assert flow.run() is Outcome.FINISHED
    assert not any("telt daarom niet mee" in a[1] for a in prompter.asked)


class OffScriptPrompter(ScriptedPrompter):
    """A prompter that returns values it was not offered (a bug elsewhere, or a broken menu)."""

    def select(self, message, choices, default=None):
        self.asked.append(("select", message, [c.value for c in choices], default))
        return self._next_choice(default)


@pytest.mark.parametrize("stray", [7, 0, True, "weet niet", None, 4.0])
def test_a_value_that_is_not_one_of_the_answer_choices_is_never_recorded(mini_set, stray):
    """Choice.value is any object; only a phase of the question, weet_niet or nvt may become Answer.waarde
    (7 is a phase of the model's range but not of this five-option question; True would pass as 1)."""
    saved = []
    flow = InterviewFlow(mini_set, new_interview(), OffScriptPrompter([stray]), saved.append)
    with pytest.raises(ValueError, match="not an answer to question v1"):
        flow.run()
    assert saved == [] and flow.interview.antwoorden == {}
