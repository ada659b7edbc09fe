"""Terminal formatting on top of the Dutch number format (volwassenheid.core.dutch)."""

from __future__ import annotations

from rich.text import Text

from volwassenheid.core.dutch import gap, number

__all__ = ["gap", "number", "plain"]  # gap and number stay importable from here until cli/advies.py imports core.dutch


def plain(value: object, style: str = "") -> Text:
    """User text for rich, shown exactly as typed.

    A Text is never parsed, so '[bold]', '[/]', '[link=...]' and ':smile:' in a
    name or question stay text (rich.markup.escape would leave the emoji codes).
    """
    return Text(str(value), style=style)
