"""The Jinja sandbox a report template runs in: immutable, and every way to build a huge text bounded.

Each text-building operation of a template (`*`, `+`, `%`, `**`, str.format, the
padding string methods and the filters that build text) is checked against
MAX_TEMPLATE_SEQUENCE before it runs.
"""

from __future__ import annotations

import re

MAX_TEMPLATE_SEQUENCE = 1_000_000
"""Longest string or list one operation of a template may make (`*`, `+`, a filter, a format)."""
MAX_TEMPLATE_EXPONENT = 64

_FORMAT_WIDTH = re.compile(r"\d+")
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class TemplateTooLarge(Exception):
    """A template tried to make a text or list beyond MAX_TEMPLATE_SEQUENCE."""


def _check_length(length: int) -> None:
    if length > MAX_TEMPLATE_SEQUENCE:
        raise TemplateTooLarge(length)


def text_size(value: object, budget: int = MAX_TEMPLATE_SEQUENCE + 1) -> int:
    """About how many characters str(value) has, counted without building it; stops at `budget`."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple, set, frozenset)):
        total = 2
        for item in value:
            total += text_size(item, budget - total) + 2
            if total >= budget:
                break
        return total
    return len(str(value)) if isinstance(value, (int, float, bool, type(None))) else 0


def _check_str_format(text: str) -> None:
    """Widths and precisions in a str.format pattern, also nested ones ('{0:{1}}' is refused)."""
    import string

    for _, field, spec, _ in string.Formatter().parse(text):
        if field is not None and spec and ("{" in spec or any(int(n) > MAX_TEMPLATE_SEQUENCE for n in _FORMAT_WIDTH.findall(spec))):
            raise TemplateTooLarge(spec)


def _check_percent_format(text: object) -> None:
    if isinstance(text, str):
        for width, precision in _PERCENT_SPEC.findall(text):
            if "*" in (width, precision) or any(n and int(n) > MAX_TEMPLATE_SEQUENCE for n in (width, precision)):
                raise TemplateTooLarge(text[:40])


def _bounded_filters(filters: dict) -> dict:
    """Jinja's filters that can make long texts, each refusing before it builds one too long."""
    from jinja2 import pass_environment, pass_eval_context

    original = dict(filters)

    @pass_eval_context
    def replace(eval_ctx, value, old, new, count=None):
        text, old, new = str(value), str(old), str(new)
        hits = text.count(old) if old else len(text) + 1
        if count is not None and isinstance(count, int) and count >= 0:
            hits = min(hits, count)
        _check_length(len(text) + hits * max(0, len(new) - len(old)))
        return original["replace"](eval_ctx, value, old, new, count)

    def center(value, width=80):
        _check_length(int(width))
        return original["center"](value, width)

    def format_(value, *args, **kwargs):
        _check_percent_format(value)
        return original["format"](value, *args, **kwargs)

    @pass_eval_context
    def join(eval_ctx, value, d="", attribute=None):
        items = list(value)
        if attribute is not None:
            from jinja2.filters import make_attrgetter

            getter = make_attrgetter(eval_ctx.environment, attribute)
            items = [getter(item) for item in items]
        _check_length(sum(text_size(item) for item in items) + len(str(d)) * max(0, len(items) - 1))
        return original["join"](eval_ctx, items, d)

    def indent(value, width=4, first=False, blank=False):
        size = len(width) if isinstance(width, str) else int(width)
        _check_length(len(str(value)) * (size + 1))
        return original["indent"](value, width, first, blank)

    @pass_environment
    def wordwrap(environment, value, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True):
        _check_length(int(width))
        _check_length(len(str(value)) * (2 + len(str(wrapstring or ""))))
        return original["wordwrap"](environment, value, width, break_long_words, wrapstring, break_on_hyphens)

    @pass_environment
    def truncate(env, s, length=255, killwords=False, end="...", leeway=None):
        _check_length(len(str(end)))
        return original["truncate"](env, s, length, killwords, end, leeway)

    # Each takes what Jinja's own takes: replace and join the eval context, wordwrap and truncate the environment.
    filters.update(indent=indent, center=center, format=format_, replace=replace, join=join, wordwrap=wordwrap, truncate=truncate)
    return filters


def report_sandbox():
    """Jinja's immutable sandbox, with every way to make a huge text or list bounded.

    `*`, `+`, `%` and `**` are checked before they run, as are str.format, the
    string methods that pad (center, ljust, rjust, zfill, expandtabs, join,
    replace) and the filters that build text (`_bounded_filters`). What is
    printed passes `text_size` first.
    """
    from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

    class ReportSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "+", "%"})

        def __init__(self, *args, **kwargs):
            super().__init__(*args, finalize=self.check_printed, **kwargs)
            _bounded_filters(self.filters)

        @staticmethod
        def check_printed(value):
            _check_length(text_size(value))
            return value

        def call_binop(self, context, operator, left, right):
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_TEMPLATE_EXPONENT:
                raise SecurityError("exponent too large")
            if operator == "*":
                _check_length(_product_length(left, right))
            if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                _check_length(len(left) + len(right))
            if operator == "%":
                _check_percent_format(left)
            return super().call_binop(context, operator, left, right)

        def wrap_str_format(self, value):
            wrapped = super().wrap_str_format(value)  # str.format and format_map, run by Jinja's safe formatter
            if wrapped is not None:
                _check_str_format(value.__self__)
            return wrapped

        def call(self, context, obj, /, *args, **kwargs):
            _check_call(obj, args, kwargs)
            return super().call(context, obj, *args, **kwargs)

    return ReportSandbox


_PADDING_METHODS = {"center", "ljust", "rjust", "zfill"}


def _check_call(function: object, args: tuple, kwargs: dict) -> None:
    """String methods that can grow a text: their result length, before they run."""
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    if not isinstance(owner, str):
        return
    values = [*args, *kwargs.values()]
    if name in _PADDING_METHODS and values:
        _check_length(int(values[0]) if isinstance(values[0], int) else 0)
    elif name == "expandtabs":
        size = values[0] if values and isinstance(values[0], int) else 8
        _check_length(len(owner) + owner.count("\t") * size)
    elif name == "replace" and len(values) >= 2:
        old, new = str(values[0]), str(values[1])
        hits = owner.count(old) if old else len(owner) + 1
        _check_length(len(owner) + hits * max(0, len(new) - len(old)))
    elif name == "join" and values:
        items = list(values[0]) if isinstance(values[0], (list, tuple)) else []
        _check_length(sum(text_size(item) for item in items) + len(owner) * len(items))


def _product_length(left: object, right: object) -> int:
    """Length of `left * right` when that repeats a string or list, else 0."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
            return len(sequence) * count
    return 0
