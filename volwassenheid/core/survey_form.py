"""A question set as a survey form, whatever it is built in (LimeSurvey, Microsoft Forms through Word,
an Excel form): the introduction on anonymity, the questions about the respondent, then per dimension
its questions with their options and the codes they are exported with. Pure; storage writes the formats.

The codes are those the survey round trip reads back: a question's code is its id with everything but
letters and digits left out (LimeSurvey allows nothing else), the options are coded 1..N (the phase),
WN and NVT; the organisations O1..On and the levels S, T and O. `SurveyForm.mapping` says how a response
export with those codes is read (`--koppeling`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from volwassenheid.core.dutch import plural
from volwassenheid.core.question_codes import question_codes
from volwassenheid.core.questionset import LEVEL_LABELS, QuestionSet
from volwassenheid.core.survey_matching import SavedMapping, loose

ORGANISATION_QUESTION = "Bij welke organisatie werkt u?"
LEVEL_QUESTION = "Op welk niveau werkt u?"
LEVEL_CODES = {"strategisch": "S", "tactisch": "T", "operationeel": "O"}
DONT_KNOW_TEXT = "Weet ik niet"
NOT_APPLICABLE_TEXT = "Niet van toepassing"


@dataclass(frozen=True)
class FormOption:
    code: str
    text: str


@dataclass(frozen=True)
class FormQuestion:
    id: str
    """What the tool reads the answer as: a question id, or the role organisatie or niveau."""
    code: str
    """The question's code in LimeSurvey and in its response export."""
    text: str
    options: tuple[FormOption, ...]
    """Empty for an open question (the organisation, when no list of organisations is known)."""
    note: str = ""
    """Said under the question: when n.v.t. applies."""


@dataclass(frozen=True)
class FormGroup:
    title: str
    description: str
    questions: tuple[FormQuestion, ...]


@dataclass(frozen=True)
class SurveyForm:
    title: str
    intro: tuple[str, ...]
    """Paragraphs before the first question: what is asked, how to answer, and who sees what."""
    closing: str
    groups: tuple[FormGroup, ...]
    """'Over u' first (organisation and level), then one group per dimension."""
    question_set: str
    """'samenwerking 2.0', with its modules: what the answers are to be scored with."""

    def questions(self) -> Iterator[FormQuestion]:
        for group in self.groups:
            yield from group.questions

    def mapping(self) -> SavedMapping:
        """How a response export of this form is read: every code as the question or role it stands
        for, and the codes of organisations and levels as their names."""
        columns = {question.code: question.id for question in self.questions()}
        answers = {
            question.id: {option.code: option.text for option in question.options} for question in self.groups[0].questions if question.options
        }
        return SavedMapping(columns, answers)


def survey_form(
    question_set: QuestionSet,
    *,
    organisations: Sequence[str] = (),
    partnership: str | None = None,
    minimum_group: int = 3,
) -> SurveyForm:
    """The form for `question_set` as given (its core and the modules it was opened with).
    `organisations`: the answers to 'Bij welke organisatie werkt u?'; without them it is an open question."""
    codes = question_codes([q.id for q in question_set.vragen])
    about = (
        FormQuestion(
            "organisatie",
            "organisatie",
            ORGANISATION_QUESTION,
            tuple(FormOption(code, name) for code, name in zip(organisation_codes(organisations), organisations, strict=True)),
        ),
        FormQuestion("niveau", "niveau", LEVEL_QUESTION, tuple(FormOption(LEVEL_CODES[level], label) for level, label in LEVEL_LABELS.items())),
    )
    groups = [FormGroup("Over u", "", about)]
    for dimension in question_set.dimensies:
        questions = tuple(
            FormQuestion(
                q.id,
                codes[q.id],
                q.tekst,
                (
                    *(FormOption(str(n), text) for n, text in enumerate(q.opties, start=1)),
                    FormOption("WN", DONT_KNOW_TEXT),
                    FormOption("NVT", NOT_APPLICABLE_TEXT),
                ),
                f"Niet van toepassing als: {q.nvt_als}" if q.nvt_als else "",
            )
            for q in question_set.questions_of(dimension.id)
        )
        if questions:
            groups.append(FormGroup(dimension.naam, dimension.beschrijving, questions))
    chosen = list(dict.fromkeys(d.module for d in question_set.dimensies if d.module))
    modules = f", module {', '.join(chosen)}" if chosen else ""
    return SurveyForm(
        title=f"Samenwerking {partnership}" if partnership else question_set.naam,
        intro=_intro(len(question_set.vragen), partnership, minimum_group),
        closing="Dank u wel voor het invullen.",
        groups=tuple(groups),
        question_set=f"{question_set.id} {question_set.versie}{modules}",
    )


def organisation_codes(names: Sequence[str]) -> list[str]:
    """O1, O2, … for the organisations in order, skipping a code that is also an organisation's name
    (an organisation called 'O1'): a cell of the export must never be both."""
    spelled = {loose(name) for name in names}
    codes: list[str] = []
    number = 0
    for _ in names:
        number += 1
        while loose(f"O{number}") in spelled:
            number += 1
        codes.append(f"O{number}")
    return codes


def _intro(count: int, partnership: str | None, minimum_group: int) -> tuple[str, ...]:
    whose = f"de samenwerking binnen {partnership}" if partnership else "de samenwerking tussen uw organisatie en haar partners"
    return (
        f"Deze vragenlijst gaat over {whose}: hoe ver die is ontwikkeld. Ze heeft {plural(count, 'vraag', 'vragen')}.",
        "Kies bij elke vraag het antwoord dat het best beschrijft hoe het nu in de praktijk gaat, niet hoe het zou moeten. "
        f"Weet u het niet, kies dan '{DONT_KNOW_TEXT}'; speelt het onderwerp in uw werk geen rol, kies dan '{NOT_APPLICABLE_TEXT}'.",
        "Uw antwoorden zijn anoniem. Er wordt niet naar uw naam of e-mailadres gevraagd. Uw organisatie en niveau worden alleen "
        "gebruikt om groepen te vergelijken: uitkomsten van een groep worden pas getoond vanaf "
        f"{plural(minimum_group, 'persoon', 'personen')}, en nooit zo dat uw eigen antwoorden te herleiden zijn.",
    )
