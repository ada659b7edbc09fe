"""The terminal side of the prompts: a menu of our own and questionary for text, rich for what is shown.

`input` and `output` let tests drive the real prompts through prompt_toolkit's
pipe input. Ctrl-C raises KeyboardInterrupt, so the caller can say what was saved.

The menu starts with nothing pointed at unless a default is given (an earlier
answer kept): Enter alone then records nothing and says how to choose.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

import questionary
from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.styles import Style
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from volwassenheid.cli import common
from volwassenheid.core.interview_flow import Choice
from volwassenheid.core.validation import is_control

# User text (questions, organisations, names) goes to rich as Text, which is never read as
# markup: rich.markup.escape() would be enough against markup, but it doubles a trailing
# backslash when more text follows, so the text would not print exactly as given.

STYLE = Style.from_dict(
    {
        "qmark": "fg:ansiblue bold",
        "question": "bold",
        "pointer": "fg:ansiblue bold",
        "highlighted": "fg:ansiblue bold",
        "selected": "fg:ansiblue",
        "answer": "fg:ansigreen bold",
        "instruction": "fg:ansibrightblack",
        "notice": "fg:ansiyellow bold",
    }
)
KEYS_EXPLAINED = (
    "Kies met de toets vóór een antwoord (1–5, w = weet niet, n = n.v.t., o = overslaan, v = vorige, "
    "s = stoppen) of met de pijltjes, en bevestig met Enter. Elk antwoord wordt direct bewaard."
)
MENU_INDENT = 6  # " » 1) " in front of every menu item
POINTER = " » "
HELP = object()  # the menu item that unfolds the interviewer's help on a small screen
HELP_TITLE = "voor de interviewer"
FULL_TEXT = object()  # the menu item that prints the full question and options when they were shortened
FULL_TEXT_TITLE = "Volledige tekst van vraag en antwoorden tonen"
MARGIN_LINES = 2  # the header line above the menu and the line the cursor rests on below it


def required(value: str) -> bool | str:
    """Validator for a text prompt that may not be left empty."""
    return bool(value.strip()) or "Vul iets in."


def wrap_message(message: str, width: int, limit: int | None = None) -> list[str]:
    """A question wrapped at word boundaries after '? ', continuing under its first word."""
    lines = []
    for paragraph in message.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, max(20, width - 3), break_on_hyphens=False) or [""]
    return shorten_lines(lines, limit, max(20, width - 3))


def shorten_lines(lines: list[str], limit: int | None, width: int) -> list[str]:
    """At most `limit` lines; when text was cut, the last line kept ends in '…' (between words)."""
    if limit is None or len(lines) <= limit:
        return lines
    last = lines[limit - 1]
    while len(last) + 2 > width and " " in last.strip():
        last = last.rstrip().rsplit(" ", 1)[0]
    return [*lines[: limit - 1], last.rstrip() + " …"]


AUTOMATIC_KEYS = "123456789abcdefghijklmnopqrstuvwxyz"


def assign_keys(choices: Sequence[Choice]) -> list[str | None]:
    """Each choice's key: its own shortcut, or else the next free one of 1-9, a-z (as questionary did)."""
    free = iter(key for key in AUTOMATIC_KEYS if key not in {c.shortcut for c in choices})
    return [c.shortcut or next(free, None) for c in choices]


def nothing_chosen_notice(keys: Sequence[str | None]) -> str:
    listed = [key for key in keys if key]
    shown = ", ".join(listed if len(listed) <= 12 else [*listed[:11], "…"])
    return f"Nog niets gekozen. Typ de toets vóór een antwoord ({shown}) of kies met de pijltjes ↑ ↓, en druk dan op Enter."


def free_key(choices: Sequence[Choice], preferred: str) -> str | None:
    taken = set(assign_keys(choices))
    return next((key for key in preferred + AUTOMATIC_KEYS if key not in taken), None)


class Menu:
    """One select prompt. `pointed` is None until the user picks, unless a default was given.

    With `limit`, the question and every option take at most that many lines (shortened with '…')."""

    def __init__(self, message: str, choices: Sequence[Choice], default: object, width: int, limit: int | None = None):
        self.choices = list(choices)
        self.keys = assign_keys(self.choices)
        self.width = width
        self.limit = limit
        self.message_lines = wrap_message(message, width, limit)
        self.pointed = next((i for i, c in enumerate(self.choices) if default is not None and c.value == default), None)
        self.notice = False

    def item_lines(self, index: int) -> list[str]:
        """The item's lines, wrapped at word boundaries under the item's text; the pointer column
        goes in front of the first line."""
        key = f"{self.keys[index]}) " if self.keys[index] else ""
        lines = textwrap.wrap(
            key + self.choices[index].title,
            max(MENU_INDENT + 20, self.width - 1),
            initial_indent=" " * len(POINTER),
            subsequent_indent=" " * MENU_INDENT,
            break_on_hyphens=False,
        ) or [" " * len(POINTER) + key]
        lines = shorten_lines(lines, self.limit, max(MENU_INDENT + 20, self.width - 1))
        return [lines[0][len(POINTER) :], *lines[1:]]

    def tallest(self) -> int:
        """Lines taken by the question or the longest option, whichever is more."""
        return max([len(self.message_lines), *(len(self.item_lines(i)) for i in range(len(self.choices)))])

    def height(self) -> int:
        """Lines the menu takes on screen, with room for the notice."""
        items = sum(len(self.item_lines(i)) for i in range(len(self.choices)))
        return len(self.message_lines) + items + len(self.notice_lines())

    def notice_lines(self) -> list[str]:
        return textwrap.wrap(nothing_chosen_notice(self.keys), max(20, self.width - 1))

    def tokens(self) -> StyleAndTextTuples:
        out: StyleAndTextTuples = [("class:qmark", "? "), ("class:question", self.message_lines[0] + "\n")]
        out += [("class:question", "  " + line + "\n") for line in self.message_lines[1:]]
        for index in range(len(self.choices)):
            here = index == self.pointed
            style = "class:highlighted" if here else ""
            lines = self.item_lines(index)
            out.append(("class:pointer", POINTER) if here else ("", " " * len(POINTER)))
            out.append((style, "\n".join(lines) + "\n"))  # continuation lines carry their own indent
        if self.notice:
            out.append(("class:notice", "\n".join(self.notice_lines())))
        return out

    def point_at(self, index: int) -> None:
        self.pointed = index
        self.notice = False

    def move(self, step: int) -> None:
        if self.pointed is None:
            self.point_at(0 if step > 0 else len(self.choices) - 1)
        else:
            self.point_at((self.pointed + step) % len(self.choices))

    def bindings(self) -> KeyBindings:
        keys = KeyBindings()
        for index, key in enumerate(self.keys):
            if key:
                keys.add(key, eager=True)(lambda event, index=index: self.point_at(index))
        keys.add(Keys.Down, eager=True)(lambda event: self.move(1))
        keys.add(Keys.Up, eager=True)(lambda event: self.move(-1))

        @keys.add(Keys.ControlC, eager=True)
        def _interrupt(event):
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

        @keys.add(Keys.ControlM, eager=True)
        def _confirm(event):
            if self.pointed is None:
                self.notice = True
            else:
                event.app.exit(result=self.choices[self.pointed].value)

        @keys.add(Keys.Any)
        def _ignore(event):
            """Other keys type nothing."""

        return keys

    def run(self, **io) -> object:
        control = FormattedTextControl(self.tokens, show_cursor=False)
        app = Application(
            layout=Layout(HSplit([Window(control, dont_extend_height=True, wrap_lines=False)])),
            key_bindings=self.bindings(),
            style=STYLE,
            erase_when_done=True,
            **io,
        )
        return app.run()


def fitting_menu(message: str, choices: Sequence[Choice], default: object, width: int, lines: int) -> Menu:
    """The menu in full when it fits in `lines`; else question and options shortened until it does,
    with an extra item to print the full texts. Every option keeps its key and the start of its text."""
    menu = Menu(message, choices, default, width)
    if menu.height() <= lines:
        return menu
    key = free_key(choices, "t")
    if key is not None:
        choices = [*choices, Choice(FULL_TEXT_TITLE, FULL_TEXT, key)]
    for limit in range(menu.tallest(), 0, -1):
        menu = Menu(message, choices, default, width, limit)
        if menu.height() <= lines:
            break
    return menu


class TerminalPrompter:
    def __init__(self, console: Console | None = None, input=None, output=None):
        self.console = console or common.console()
        self._io = {key: value for key, value in (("input", input), ("output", output)) if value is not None}
        self._help: str | None = None
        self._below_help = 0
        """Lines the interviewer's help takes right above the menu, after 'h'."""
        self._header: str | None = None

    def show(self, text: str, help_text: str | None = None) -> None:
        """A header line; the help follows with the next prompt, folded behind 'h' when the screen is too small."""
        self._header = text
        self.console.rule(Text(text, style="bold"), align="left")
        self._help = help_text

    def _help_panel(self) -> Panel:
        return Panel(Text(self._help or ""), title=HELP_TITLE, title_align="left", style="dim")

    def _print_help(self) -> None:
        if self._help:
            self.console.print(self._help_panel())
        self._help = None

    def _print_full_text(self, message: str, choices: Sequence[Choice]) -> None:
        """Question and options in full, above the (shortened) menu that follows."""
        menu = Menu(message, choices, None, self.console.width)
        lines = ["? " + menu.message_lines[0], *("  " + line for line in menu.message_lines[1:])]
        for index in range(len(choices)):
            lines += [" " * len(POINTER) + line for line in menu.item_lines(index)[:1]] + menu.item_lines(index)[1:]
        self.console.print(Text("\n".join(lines)), soft_wrap=True)

    def _repeat_header(self) -> None:
        """The progress line again, right above the menu, after text that may have pushed it off screen."""
        if self._header:
            self.console.rule(Text(self._header, style="bold"), align="left")

    def _help_fits(self, menu: Menu) -> bool:
        panel_lines = len(self.console.render_lines(self._help_panel(), self.console.options, pad=False))
        return 1 + panel_lines + menu.height() <= self.console.height

    def select(self, message: str, choices: Sequence[Choice], default: object = None) -> object:
        """Nothing is preselected unless `default` (an earlier answer) is given; Enter alone never picks."""
        menu = Menu(message, choices, default, self.console.width)
        if self._help and self._help_fits(menu):
            self._print_help()
        if self._help and any(c.shortcut == "h" for c in choices):
            self._print_help()  # no free key to fold it behind
        shown = [*choices, Choice(f"Hulp {HELP_TITLE} tonen", HELP, "h")] if self._help else list(choices)
        menu = fitting_menu(message, shown, default, self.console.width, self.console.height - MARGIN_LINES - self._below_help)
        value = menu.run(**self._io)
        if value is HELP:
            # the menu that follows is shortened to fit below the help, so the help stays on screen;
            # when even the shortest menu leaves no room for all of it, the menu stays as it was
            help_lines = len(self.console.render_lines(self._help_panel(), self.console.options, pad=False))
            shortest = fitting_menu(message, shown, default, self.console.width, 0).height()
            self._below_help = help_lines if help_lines + shortest + MARGIN_LINES <= self.console.height else 0
            self._print_help()
            self._repeat_header()
            return self.select(message, choices, default)
        self._below_help = 0
        if value is FULL_TEXT:
            self._below_help = 0
            self._print_full_text(message, choices)
            self._repeat_header()
            return self.select(message, choices, default)
        self._help = self._header = None
        index = next(i for i, c in enumerate(choices) if c.value == value)
        picked = choices[index]
        key = f"{menu.keys[index]}) " if menu.keys[index] else ""
        self.console.print(Text.assemble((f"? {message}", "bold"), " ", (key + picked.title, "green")))
        return value

    def text(self, message: str, default: str = "", validate: Callable[[str], bool | str] | None = None) -> str:
        """What was typed, without control characters: a pasted ESC or NUL would steer the
        terminal of whoever reads it later, and the interview file refuses them."""
        self._print_help()
        typed = questionary.text(message, default=default, validate=validate, qmark="›", style=STYLE, **self._io).unsafe_ask()
        return "".join(" " if character == "\t" else character for character in typed if character == "\t" or not is_control(character))

    def confirm(self, message: str, default: bool | None = None) -> bool:
        """Ja/nee as a two-item menu: questionary's confirm only knows y/n. No default: the user chooses."""
        return bool(self.select(message, [Choice("Ja", True, "j"), Choice("Nee", False, "n")], default=default))
