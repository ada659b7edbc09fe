"""The terminal side of the prompts: questionary for input, rich for what is shown.

`input` and `output` let tests drive the real prompts through prompt_toolkit's
pipe input. Ctrl-C raises KeyboardInterrupt (unsafe_ask), so the caller can
say what was saved.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

import questionary
from prompt_toolkit.styles import Style
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from volwassenheid.interview_flow import Choice

STYLE = Style.from_dict(
    {
        "qmark": "fg:ansiblue bold",
        "question": "bold",
        "pointer": "fg:ansiblue bold",
        "highlighted": "fg:ansiblue bold",
        "selected": "fg:ansiblue",
        "answer": "fg:ansigreen bold",
        "instruction": "fg:ansibrightblack",
    }
)
# questionary falls back to an English hint when given an empty one; keys are explained once instead.
SELECT_HINT = " "
KEYS_EXPLAINED = (
    "Kies met de toets vóór een antwoord (1–5, w = weet niet, n = n.v.t., o = overslaan, v = vorige, "
    "s = stoppen) of met de pijltjes, en bevestig met Enter. Elk antwoord wordt direct bewaard."
)
MENU_INDENT = 6  # " » 1) " in front of every menu item


def required(value: str) -> bool | str:
    """Validator for a text prompt that may not be left empty."""
    return bool(value.strip()) or "Vul iets in."


def wrap_title(title: str, width: int) -> str:
    """Long answer options wrap under themselves instead of running off the screen."""
    return ("\n" + " " * MENU_INDENT).join(textwrap.wrap(title, width)) or title


class TerminalPrompter:
    def __init__(self, console: Console | None = None, input=None, output=None):
        self.console = console or Console(highlight=False)
        self._io = {key: value for key, value in (("input", input), ("output", output)) if value is not None}

    def show(self, text: str, help_text: str | None = None) -> None:
        self.console.rule(f"[bold]{text}[/bold]", align="left")
        if help_text:
            self.console.print(Panel(help_text, title="voor de interviewer", title_align="left", style="dim"))

    def select(self, message: str, choices: Sequence[Choice], default: object = None) -> object:
        width = max(30, self.console.width - MENU_INDENT - 1)
        options = [
            questionary.Choice(title=wrap_title(c.title, width), value=c.value, shortcut_key=c.shortcut or True)
            for c in choices
        ]
        default_choice = next((option for option in options if option.value == default), None)
        value = questionary.select(
            message,
            choices=options,
            default=default_choice,
            use_shortcuts=True,
            use_jk_keys=False,
            instruction=SELECT_HINT,
            qmark="?",
            style=STYLE,
            erase_when_done=True,
            **self._io,
        ).unsafe_ask()
        # questionary would echo the (wrapped) option cut off at the edge; say it ourselves.
        picked = next(c for c in choices if c.value == value)
        key = f"{picked.shortcut}) " if picked.shortcut else ""
        self.console.print(f"[bold]? {escape(message)}[/bold] [green]{escape(key + picked.title)}[/green]")
        return value

    def text(self, message: str, default: str = "", validate: Callable[[str], bool | str] | None = None) -> str:
        return questionary.text(message, default=default, validate=validate, qmark="›", style=STYLE, **self._io).unsafe_ask()

    def confirm(self, message: str, default: bool = True) -> bool:
        """Ja/nee as a two-item menu: questionary's confirm only knows y/n."""
        return bool(self.select(message, [Choice("Ja", True, "j"), Choice("Nee", False, "n")], default=default))
