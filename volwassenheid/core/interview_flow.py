"""The interview as a sequence of prompts; every answer is saved the moment it is given.

The flow talks to a `Prompter` (questionary in the terminal, a script in tests)
and to a `save` callback; it never touches files or the terminal itself.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeGuard

from volwassenheid.core.dutch import plural
from volwassenheid.core.glossary import question_terms
from volwassenheid.core.models import (
    DONT_KNOW,
    NOT_APPLICABLE,
    Answer,
    Interview,
    ScoringSettings,
)
from volwassenheid.core.questionset import Question, QuestionSet
from volwassenheid.core.scoring import counts_as_respondent
from volwassenheid.core.vocabulary import Given

BACK = "vorige"
SKIP = "overslaan"
STOP = "stoppen"
ANSWER_NOW = "nu"
FINISH_OPEN = "afronden"


@dataclass(frozen=True)
class Choice:
    title: str
    value: object
    shortcut: str | None = None


class Prompter(Protocol):
    def show(self, text: str, help_text: str | None = None) -> None: ...

    def select(self, message: str, choices: Sequence[Choice], default: object = None) -> object:
        """One of the choices' values. With `default` None nothing is preselected: Enter alone
        picks nothing, so nothing is recorded that the user did not choose. A default is only
        given to keep an earlier answer."""
        ...

    def text(self, message: str, default: str = "") -> str: ...


class Outcome(enum.Enum):
    FINISHED = "afgerond"
    STOPPED = "gestopt"


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class InterviewFlow:
    def __init__(
        self,
        question_set: QuestionSet,
        interview: Interview,
        prompter: Prompter,
        save: Callable[[Interview], object],
        clock: Callable[[], dt.datetime] = now,
        settings: ScoringSettings | None = None,
    ):
        self.question_set = question_set
        self.interview = interview
        self.prompter = prompter
        self._save = save
        self.clock = clock
        self.questions = question_set.vragen
        self.settings = settings or ScoringSettings()
        self.typing_remark = False  # True while the remark prompt is open: what is typed there is not yet saved

    # --- the whole interview ----------------------------------------------------

    def run(self) -> Outcome:
        """Ask the open questions in order (all of them when none is open), then finish.

        On resume this goes from open question to open question; answered ones
        are only shown again when the user goes back (v)."""
        order = self.unanswered() or list(range(len(self.questions)))
        while True:
            if self._ask_in_order(order) is Outcome.STOPPED:
                return Outcome.STOPPED
            open_questions = self.unanswered()
            choice = self._ask_what_next(open_questions) if open_questions else FINISH_OPEN
            if choice == FINISH_OPEN:
                choice = self._confirm_finish()
            if choice == FINISH_OPEN:
                return self._finish()
            if choice == STOP:
                return Outcome.STOPPED
            order = open_questions or list(range(len(self.questions)))

    def unanswered(self) -> list[int]:
        return [i for i, q in enumerate(self.questions) if q.id not in self.interview.antwoorden]

    def _ask_what_next(self, open_questions: list[int]) -> object:
        return self.prompter.select(
            f"Nog {plural(len(open_questions), 'vraag', 'vragen')} open. Wat nu?",
            [
                Choice("Open vragen nu beantwoorden", ANSWER_NOW, "b"),
                Choice("Interview afronden; open vragen blijven open", FINISH_OPEN, "a"),
                Choice("Stoppen; later hervatten", STOP, "s"),
            ],
        )

    def counts(self) -> bool:
        """Whether the interview gives a score on at least one dimension (and so counts as a respondent)."""
        return counts_as_respondent(self.question_set, self.interview, self.settings)

    def _confirm_finish(self) -> object:
        """Closing an interview that will not count is confirmed first; returns FINISH_OPEN, ANSWER_NOW or STOP."""
        if self.counts():
            return FINISH_OPEN
        share = round(self.settings.minimaal_aandeel * 100)
        reason = (
            "geen antwoorden"
            if not self.interview.antwoorden
            else f"op geen enkele dimensie genoeg antwoorden met een fase (minimaal {share}% van de vragen per dimensie)"
        )
        return self.prompter.select(
            f"Dit interview heeft {reason} en telt daarom niet mee als respondent. Toch afronden?",
            [
                Choice("Terug naar de vragen", ANSWER_NOW, "b"),
                Choice("Toch afronden; het interview telt niet mee", FINISH_OPEN, "a"),
                Choice("Stoppen; later hervatten", STOP, "s"),
            ],
        )

    def _ask_in_order(self, order: list[int]) -> Outcome | None:
        """Ask these questions; v goes to the question asked before, or else the one before in the list."""
        order = list(order)
        position = 0
        while position < len(order):
            step = self.ask(order[position])
            if step == STOP:
                return Outcome.STOPPED
            if step != BACK:
                position += 1
            elif position > 0:
                position -= 1
            elif order[0] > 0:
                order.insert(0, order[0] - 1)
        return None

    def _finish(self) -> Outcome:
        self.interview.afgerond = True
        self.save()
        return Outcome.FINISHED

    # --- one question -----------------------------------------------------------

    def ask(self, index: int) -> str | None:
        """Ask question `index`; returns BACK, SKIP, STOP or None (answered)."""
        question = self.questions[index]
        previous = self.interview.antwoorden.get(question.id)
        self.prompter.show(self.header(index), self.help_text(question))
        choice = self.prompter.select(question.tekst, self.choices(question, index), default=previous.waarde if previous else None)
        if choice in (BACK, SKIP, STOP):
            return choice
        given = self.given(question, choice)
        remark = previous.toelichting if previous else None
        self.record(question, Answer(waarde=given, toelichting=remark))
        self.typing_remark = True
        typed = self.prompter.text("Toelichting (optioneel, Enter = verder):", default=remark or "").strip()
        self.typing_remark = False
        if typed != (remark or ""):
            self.record(question, Answer(waarde=given, toelichting=typed or None))
        return None

    def header(self, index: int) -> str:
        question = self.questions[index]
        dimension = self.question_set.dimension(question.dimensie)
        answered = len(self.interview.antwoorden)
        # Progress first: on a narrow screen the end of the line is cut off, never the progress.
        return f"Vraag {index + 1}/{len(self.questions)} · {dimension.naam}   ({self.interview.code}, {answered} beantwoord)"

    def help_text(self, question: Question) -> str | None:
        """The help box: what to listen for, a follow-up question, when n.v.t. is right, and the terms used."""
        parts = []
        if question.hulp is not None and question.hulp.luisteren:
            parts.append(f"Luister naar: {question.hulp.luisteren}")
        if question.hulp is not None and question.hulp.doorvragen:
            parts.append(f"Doorvraag: {question.hulp.doorvragen}")
        if question.nvt_als:
            parts.append(f"Niet van toepassing als: {question.nvt_als}")
        parts += [f"Begrip {term.term}: {term.uitleg}" for term in question_terms(self.question_set, question)]
        return "\n".join(parts) or None

    def choices(self, question: Question, index: int) -> list[Choice]:
        # Only the described practice is shown, not the phase names, so the
        # respondent chooses on behaviour rather than on an attractive label.
        options = [Choice(text, number, str(number)) for number, text in enumerate(question.opties, start=1)]
        options += [
            Choice("Weet niet", DONT_KNOW, "w"),
            Choice("Niet van toepassing", NOT_APPLICABLE, "n"),
            Choice("Overslaan (later beantwoorden)", SKIP, "o"),
        ]
        if index > 0:
            options.append(Choice("Vorige vraag", BACK, "v"))
        options.append(Choice("Stoppen (alles is bewaard; later hervatten)", STOP, "s"))
        return options

    @staticmethod
    def given(question: Question, choice: object) -> Given:
        """The answer a picked value stands for. A prompter returning anything that is not one of
        the question's answer choices is a programming error: refused, so it is never recorded."""
        if is_answer_to(choice, question):
            return choice
        raise ValueError(f"the prompter returned {choice!r}, which is not an answer to question {question.id}")

    def record(self, question: Question, answer: Answer) -> None:
        self.interview.antwoorden = with_answer(self.interview.antwoorden, question.id, answer, self.questions)
        self.save()

    def save(self) -> None:
        self.interview.bijgewerkt = self.clock()
        self._save(self.interview)


def is_answer_to(value: object, question: Question) -> TypeGuard[Given]:
    """A phase number 1 up to the question's options, 'weet_niet' or 'nvt': nothing else is ever recorded.
    (`value` first: a TypeGuard narrows its first argument.)"""
    return value in (DONT_KNOW, NOT_APPLICABLE) or (type(value) is int and 1 <= value <= len(question.opties))


def with_answer(answers: dict[str, Answer], question_id: str, answer: Answer, questions: Sequence[Question]) -> dict[str, Answer]:
    """The answers with this one added or replaced, in questionnaire order whatever order they were given in."""
    merged = {**answers, question_id: answer}
    return {q.id: merged[q.id] for q in questions if q.id in merged}
