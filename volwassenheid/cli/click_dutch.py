"""Dutch for click's own words (usage, help, usage errors).

Click looks its messages up through gettext at call time, via module-level
names `_` and `ngettext`; replacing those names in click's modules is enough.
"""

from __future__ import annotations

import importlib

_SINGULAR = {
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon de versie en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Zie '{command} {option}' voor hulp.",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "Missing command.": "Geef een opdracht.",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende waarde",
    "Missing {param_type}": "Ontbrekend(e) {param_type}",
    "Missing parameter: {param_name}": "Ontbrekende waarde: {param_name}",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "Aborted!": "Afgebroken.",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet schrijfbaar.",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig {number_type}.",
    "integer": "geheel getal",
    "float": "getal",
    "{value} is not in the range {range}.": "{value} ligt niet in het bereik {range}.",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    "Could not open file {filename!r}: {message}": "Kan bestand {filename!r} niet openen: {message}",
}

_PLURAL = {
    "Got unexpected extra argument ({args})": (
        "Onverwacht extra argument ({args})",
        "Onverwachte extra argumenten ({args})",
    ),
    "Did you mean {possibility}?": ("Bedoelde u {possibility}?", "(Bedoelde u een van: {possibilities}?)"),
    "Option {name!r} requires an argument.": (
        "Optie {name!r} vraagt een waarde.",
        "Optie {name!r} vraagt {nargs} waarden.",
    ),
    "{value!r} is not {choice}.": ("{value!r} is niet {choice}.", "{value!r} is niet een van {choices}."),
}


def _translate(message: str) -> str:
    return _SINGULAR.get(message, message)


def _translate_plural(singular: str, plural: str, n: int) -> str:
    if singular in _PLURAL:
        one, many = _PLURAL[singular]
        return one if n == 1 else many
    return singular if n == 1 else plural


_USAGE_WORDS = {"[OPTIONS]": "[OPTIES]", "COMMAND [ARGS]...": "OPDRACHT [ARGUMENTEN]..."}


def _dutch_usage_pieces(original):
    def collect_usage_pieces(self, ctx):
        return [_USAGE_WORDS.get(piece, piece) for piece in original(self, ctx)]

    return collect_usage_pieces


def install() -> None:
    """Patch click itself: its usage words and its gettext calls give Dutch."""
    import click

    usage = "collect_usage_pieces"
    for cls in (click.Command, click.Group):
        original = vars(cls).get(usage)
        if original is not None and not getattr(original, "_dutch", False):
            patched = _dutch_usage_pieces(original)
            patched._dutch = True
            setattr(cls, usage, patched)
    for name in ("core", "exceptions", "decorators", "formatting", "parser", "types", "termui"):
        module = importlib.import_module(f"click.{name}")
        for attribute, translation in (("_", _translate), ("ngettext", _translate_plural)):
            if hasattr(module, attribute):
                setattr(module, attribute, translation)
