"""A column of a plain CSV kept as offsets into its text. Pure.

Reading 100,000 rows x 40 answers as Python strings makes four million
objects only to look each up once. A plain export (no quotes, the same number
of cells on every line) needs none of them: the cell boundaries are found in
numpy, and an answer column is turned into codes straight from the text, the
short cells ("3", "wn", "nvt", empty) by a lookup of their characters packed
into one number. A cell becomes a string only when something asks for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from typing import overload

import numpy as np

_SHORT = 3
"""Cells of at most this many characters are looked up in numpy; longer ones one by one."""
_MASKS = np.array([0, 0xFF, 0xFFFF, 0xFFFFFF], dtype=np.uint32)
_NO_TOKEN = 0xFFFFFFFF


class CellText:
    """The text of a file, with its characters in numpy for finding cells and reading short ones."""

    def __init__(self, text: str):
        self.text = text

    @cached_property
    def characters(self) -> np.ndarray:
        """Each character's code point, one element per character of the text (so offsets are string offsets)."""
        if self.text.isascii():
            return np.frombuffer(self.text.encode("ascii"), dtype=np.uint8)
        return np.frombuffer(self.text.encode("utf-32-le"), dtype="<u4")

    @cached_property
    def _bytes(self) -> np.ndarray:
        """A byte per character, with zeros after the last so four bytes from any cell start exist;
        a character beyond the first 256 as 0, which no token holds, so a cell with one never matches."""
        characters = self.characters
        if characters.dtype != np.uint8:
            characters = np.where(characters > 0xFF, 0, characters).astype(np.uint8)
        return np.concatenate([characters, np.zeros(4, dtype=np.uint8)])

    def first_three(self, starts: np.ndarray) -> np.ndarray:
        """Per offset, the three characters from there packed into one number, a byte each (little-endian)."""
        data = self._bytes
        # every offset read as a 4-byte number: a view with a stride of one byte
        words = np.ndarray(buffer=data.data, dtype="<u4", shape=(len(data) - 3,), strides=(1,))
        return words[starts] & np.uint32(0xFFFFFF)


def packed(token: str) -> int | None:
    """A short token as the lookup packs it (its characters and length), None when it cannot be looked up so."""
    if len(token) > _SHORT or any(not 0 < ord(character) <= 0xFF for character in token):
        return None
    value = sum(ord(character) << (8 * place) for place, character in enumerate(token))
    return value | (len(token) << 24)


class CellColumn(Sequence[str]):
    """One column of cells, as (start, end) offsets into the text."""

    def __init__(self, text: CellText, starts: np.ndarray, ends: np.ndarray):
        self._text, self._starts, self._ends = text, np.ascontiguousarray(starts), np.ascontiguousarray(ends)

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return list(self)[index]
        return self._text.text[int(self._starts[index]) : int(self._ends[index])]

    def __iter__(self) -> Iterator[str]:
        text = self._text.text
        return (text[start:end] for start, end in zip(self._starts.tolist(), self._ends.tolist(), strict=True))

    def codes(self, known: Mapping[str, int], unread: int) -> bytearray:
        """Per cell the code `known` gives its text as it is; `unread` where the cell is not a
        short token of `known` (the caller reads those one by one).

        A token is found by its length and first character (one table lookup), then checked whole;
        of two tokens alike in both (1.0 and 1,0), the second is left to the caller."""
        table = np.full(((_SHORT + 1) * 256,), -1, dtype=np.int64)
        tokens: list[tuple[int, int]] = []
        for text, code in known.items():
            key = packed(text)
            slot = len(text) * 256 + (ord(text[0]) if text else 0)
            if key is not None and table[slot] == -1:
                table[slot] = len(tokens)
                tokens.append((key, code))
        keys = np.array([key for key, _ in tokens] + [int(_NO_TOKEN)], dtype=np.uint32)
        values = np.array([code for _, code in tokens] + [unread], dtype=np.uint8)
        lengths = self._ends - self._starts
        clipped = np.minimum(lengths, _SHORT + 1)  # _SHORT + 1: too long, never a token
        characters = self._text.first_three(self._starts)
        cell_keys = (characters & _MASKS[np.minimum(clipped, _SHORT)]) | (clipped.astype(np.uint32) << 24)
        found = table[np.minimum(clipped, _SHORT) * 256 + np.where(clipped > 0, characters & 0xFF, 0)]
        found[found == -1] = len(tokens)
        found[keys[found] != cell_keys] = len(tokens)  # not this token after all: `unread`
        return bytearray(values[found].tobytes())
