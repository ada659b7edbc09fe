"""The real questionary prompts, driven by prompt_toolkit's pipe input."""

from __future__ import annotations

import io
import threading
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.keys import Keys
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from volwassenheid.cli.prompts import MENU_INDENT, POINTER, Menu, TerminalPrompter
from volwassenheid.core.interview_flow import BACK, Choice, InterviewFlow, Outcome
from volwassenheid.core.models import Interview, QuestionSetRef

DOWN = "\x1b[B"
PATIENCE = 10
UP = "\x1b[A"


class FeedingPrompter(TerminalPrompter):
    """Types the next keystrokes just before each prompt, as a person would."""

    def __init__(self, pipe, keystrokes):
        super().__init__(Console(file=io.StringIO(), width=100), input=pipe, output=DummyOutput())
        self.pipe = pipe
        self.keystrokes = list(keystrokes)

    def _typed(self, prompt, *args, **kwargs):
        """Types the next keys; a prompt still waiting after PATIENCE seconds gets Ctrl-C, so a
        test whose keys no longer fit fails (KeyboardInterrupt) instead of hanging."""
        self.pipe.send_text(self.keystrokes.pop(0))
        fired = threading.Event()

        def interrupt():
            fired.set()
            self.pipe.send_text("\x03")

        watchdog = threading.Timer(PATIENCE, interrupt)
        watchdog.start()
        try:
            return prompt(*args, **kwargs)
        except KeyboardInterrupt:
            if fired.is_set():
                pytest.fail(f"the prompt was still waiting for keys after {PATIENCE} s: {args[:1]}")
            raise
        finally:
            watchdog.cancel()

    def select(self, *args, **kwargs):
        return self._typed(super().select, *args, **kwargs)

    def text(self, *args, **kwargs):
        return self._typed(super().text, *args, **kwargs)

    @property
    def printed(self) -> str:
        return self.console.file.getvalue()


@pytest.fixture
def pipe():
    with create_pipe_input() as pipe_input:
        yield pipe_input


CHOICES = [Choice("Eerste", 1, "1"), Choice("Tweede", 2, "2"), Choice("Weet niet", "weet_niet", "w"), Choice("Vorige", BACK, "v")]


def test_shortcut_then_enter_picks_that_choice(pipe):
    prompter = FeedingPrompter(pipe, ["w\r"])
    assert prompter.select("Vraag?", CHOICES) == "weet_niet"
    assert "? Vraag? w) Weet niet" in prompter.printed


def test_enter_keeps_the_default(pipe):
    prompter = FeedingPrompter(pipe, ["\r"])
    assert prompter.select("Vraag?", CHOICES, default=2) == 2


def test_arrow_keys_move_the_pointer(pipe):
    # Nothing is pointed at first: the first arrow down points at the first choice.
    prompter = FeedingPrompter(pipe, [DOWN + DOWN + DOWN + DOWN + "\r"])
    assert prompter.select("Vraag?", CHOICES) == BACK


def test_arrow_up_from_nothing_points_at_the_last_choice(pipe):
    prompter = FeedingPrompter(pipe, [UP + "\r"])
    assert prompter.select("Vraag?", CHOICES) == BACK


def test_enter_alone_picks_nothing_without_a_default(pipe):
    # The first Enter is refused (the menu stays open); only the chosen key counts.
    prompter = FeedingPrompter(pipe, ["\r\r2\r"])
    assert prompter.select("Vraag?", CHOICES) == 2
    assert "? Vraag? 2) Tweede" in prompter.printed


def test_enter_alone_shows_how_to_choose():
    menu = Menu("Vraag?", CHOICES, None, 80)
    assert menu.pointed is None
    app = SimpleNamespace(exit=lambda **kwargs: pytest.fail(f"the menu closed with {kwargs}"))
    enter = next(b for b in menu.bindings().bindings if b.keys == (Keys.ControlM,))
    enter.handler(SimpleNamespace(app=app))
    text = "".join(part for _, part in menu.tokens())
    assert "Nog niets gekozen. Typ de toets vóór een antwoord (1, 2, w, v)" in " ".join(text.split())
    assert " » " not in text


def test_confirm_has_no_default(pipe):
    prompter = FeedingPrompter(pipe, ["\rj\r"])
    assert prompter.confirm("Doorgaan?") is True


def test_text_with_default_and_typing(pipe):
    prompter = FeedingPrompter(pipe, ["\r", " erbij\r"])
    assert prompter.text("Toelichting:", default="al") == "al"
    assert prompter.text("Toelichting:", default="al") == "al erbij"


def test_confirm_in_dutch(pipe):
    prompter = FeedingPrompter(pipe, ["n\r", "\r"])
    assert prompter.confirm("Doorgaan?") is False
    assert prompter.confirm("Doorgaan?", default=True) is True  # an explicit default is kept with Enter


def test_ctrl_c_raises_keyboard_interrupt(pipe):
    prompter = FeedingPrompter(pipe, ["\x03"])
    with pytest.raises(KeyboardInterrupt):
        prompter.select("Vraag?", CHOICES)


def test_long_options_wrap_under_themselves():
    menu = Menu("Vraag?", [Choice("een " * 30, 1, "1")], None, 40)
    lines = [POINTER + menu.item_lines(0)[0], *menu.item_lines(0)[1:]]
    assert lines[0] == " » 1) een een een een een een een een"
    assert lines[1:] == ["      een een een een een een een een"] * 2 + ["      een een een een een een"]  # 30 words
    assert all(line.startswith(" " * MENU_INDENT + "een") for line in lines[1:])


words = st.lists(st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=12), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(question=words, option=words, width=st.integers(40, 160))
def test_menus_wrap_at_word_boundaries_within_the_width(question, option, width):
    """No word is cut ('aan d|e balie'), no line is wider than the terminal, every item stays under its text."""
    menu = Menu(" ".join(question), [Choice(" ".join(option), 1, "1")], None, width)
    item = [" " * len(POINTER) + menu.item_lines(0)[0], *menu.item_lines(0)[1:]]
    message = ["? " + menu.message_lines[0], *("  " + line for line in menu.message_lines[1:])]
    assert all(len(line) < width for line in item + message)
    assert " ".join(" ".join(menu.message_lines).split()) == " ".join(question)
    assert " ".join(" ".join(item).split()) == "1) " + " ".join(option)
    assert all(line.startswith(" " * MENU_INDENT) and line[MENU_INDENT] != " " for line in item[1:])


def test_whole_interview_through_real_prompts(pipe, mini_set):
    # v1; v2 with a remark; back from t1 to v2 (Enter keeps 5 and the remark); t1..i1.
    keys = ["4\r", "\r", "5\r", "Vast aanspreekpunt\r", "v\r", "\r", "\r", "3\r", "\r", "2\r", "\r", "w\r", "\r", "n\r", "\r"]
    prompter = FeedingPrompter(pipe, keys)
    interview = Interview(code="R09", organisatie="OM", niveau="tactisch", vragenlijst=QuestionSetRef(id="mini", versie="0.1"))
    saved = []
    flow = InterviewFlow(mini_set, interview, prompter, lambda i: saved.append(i.model_copy(deep=True)))
    assert flow.run() is Outcome.FINISHED
    got = {qid: (a.waarde, a.toelichting) for qid, a in interview.antwoorden.items()}
    assert got == {
        "v1": (4, None),
        "v2": (5, "Vast aanspreekpunt"),
        "t1": (3, None),
        "t2": (2, None),
        "t3": ("weet_niet", None),
        "i1": ("nvt", None),
    }
    assert saved[-1].afgerond and not prompter.keystrokes
    assert "Vraag 2/6 · Vertrouwen en relaties" in prompter.printed


def small_screen_prompter(pipe, keystrokes, height):
    prompter = FeedingPrompter(pipe, keystrokes)
    prompter.console = Console(file=io.StringIO(), width=80, height=height)
    return prompter


def test_help_is_shown_when_it_fits(pipe):
    prompter = small_screen_prompter(pipe, ["1\r"], height=40)
    prompter.show("Vraag 1/40 · Dimensie", "Luister naar: voorbeelden.")
    assert prompter.select("Vraag?", CHOICES) == 1
    assert "Luister naar: voorbeelden." in prompter.printed


def test_help_folds_behind_h_on_a_small_screen(pipe):
    # 24 lines: header + help box + menu would push the header off; the help waits behind 'h'.
    prompter = small_screen_prompter(pipe, ["h\r", "1\r"], height=24)
    long_help = "Luister naar: " + "voorbeelden uit de praktijk " * 20
    prompter.show("Vraag 1/40 · Dimensie", long_help)
    choices = [Choice("optie " * 20, n, str(n)) for n in range(1, 6)] + CHOICES[2:]
    assert prompter.select("Vraag?", choices) == 1
    printed = prompter.printed
    assert printed.index("Vraag 1/40 · Dimensie") < printed.index("Luister naar:")  # shown only once asked for
    assert "? Vraag? 1) optie" in printed


def test_help_folded_menu_offers_h_and_nothing_is_printed_before_it(pipe):
    prompter = small_screen_prompter(pipe, ["1\r"], height=24)
    prompter.show("Kop", "Luister naar: " + "voorbeelden " * 200)
    choices = [Choice("optie " * 20, n, str(n)) for n in range(1, 6)] + CHOICES[2:]
    assert prompter.select("Vraag?", choices) == 1
    assert "Luister naar" not in prompter.printed


def test_typed_text_loses_its_control_characters(pipe):
    """A paste with ESC, BEL or a bidi mark must not make the next save fail or steer a terminal."""
    prompter = FeedingPrompter(pipe, ["\x1b[200~Zorg\x07huis\u202e \x1b]8;;file:///x\x07klik\tnu\x1b[201~\r"])
    assert prompter.text("Toelichting:") == "Zorghuis ]8;;file:///xklik nu"


def test_nieuw_asks_every_module_and_enter_alone_chooses_nothing(pipe):
    from volwassenheid.cli.nieuw import _ask_modules
    from volwassenheid.storage.question_sets import find_question_set

    full = find_question_set("samenwerking@2.0")
    # Enter alone on the first module chooses nothing and asks again; then j, n, j
    prompter = FeedingPrompter(pipe, ["\rj\r", "n\r", "j\r"])
    assert _ask_modules(prompter, full) == ["ondermijning", "strafrechtketen"]
