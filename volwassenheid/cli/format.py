"""User text for the terminal, shown exactly as typed (Dutch numbers are volwassenheid.core.dutch)."""

from __future__ import annotations

from rich.text import Text


def plain(value: object, style: str = "") -> Text:
    """User text for rich, shown exactly as typed.

    A Text is never parsed, so '[bold]', '[/]', '[link=...]' and ':smile:' in a
    name or question stay text (rich.markup.escape would leave the emoji codes).
    """
    return Text(str(value), style=style)
