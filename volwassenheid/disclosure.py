"""Which organisation and level groups may be shown apart without revealing anyone. Pure.

The rule: no figure that is published (the total, the visible organisations,
the visible levels, each with its n) can be combined with the others into a
figure about fewer than `threshold` respondents.

Why this is a graph question. Every respondent with a score falls in one
organisation x level cell; those cells are the atoms. A published mean with
its n is a published sum over a union of atoms: the total is all atoms, a
visible organisation is its row, a visible level is its column. An attacker
can compute every linear combination of those sums. Such a combination puts
a weight on each cell of the form a(row) + b(column), where all hidden
organisations share one row weight and all hidden levels share one column
weight (they only enter through the total). So draw a graph:

- one node per visible organisation, one node for all hidden organisations,
  one node per visible level and one for all hidden levels;
- one edge per cell, joining its organisation node and its level node,
  weighing the cell's number of respondents (cells on the same pair of nodes
  are one edge with their summed weight).

A combination that is zero outside a set S of edges exists, and is not zero
everywhere, exactly when removing S splits the graph into more pieces: give
the row nodes of one piece weight 1 and its column nodes weight -1, and only
the edges that leave the piece keep a weight (+1 or -1). So S reveals a sum,
or a difference, of the people in it. A difference counts as much as a sum:
with two people, either one learns the other's score from it.

Hence the audit: no set of edges weighing 1..threshold-1 respondents may cut
the graph. Such a set holds at most threshold-1 edges each lighter than the
threshold, so trying those few small edges is enough; no arithmetic is needed,
so the answer is exact. When a set does cut, the smallest visible group on
either side of the cut is hidden too, and the audit runs again. Hiding every
group leaves only the total, which is safe when the total holds at least
`threshold` respondents; below that, every group is hidden.

"Groups hidden together hold 0 or at least `threshold` respondents" follows:
the hidden organisations (or levels) together are the total minus the
visible ones.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import combinations

ORGANISATION, LEVEL = "organisatie", "niveau"

Node = tuple[str, str | None]
"""(kind, group name); name None is the node of all hidden groups of that kind."""


@dataclass(frozen=True)
class Hidden:
    organisations: frozenset[str]
    levels: frozenset[str]


def hidden_groups(cells: Mapping[tuple[str, str], int], threshold: int) -> Hidden:
    """The organisations and levels not to show, given the number of respondents
    with a figure per (organisation, level) cell."""
    cells = {cell: n for cell, n in cells.items() if n > 0}
    sizes = _group_sizes(cells)
    if sum(cells.values()) < threshold:
        hidden = set(sizes)
    else:
        hidden = {group for group, n in sizes.items() if n < threshold}
        while (cut := small_cut(cells, hidden, threshold)) is not None:
            hidden.add(_next_to_hide(cut, sizes, hidden))
    return Hidden(
        organisations=frozenset(name for kind, name in hidden if kind == ORGANISATION),
        levels=frozenset(name for kind, name in hidden if kind == LEVEL),
    )


@dataclass(frozen=True)
class Cut:
    """Edges weighing fewer than the threshold whose removal splits the graph,
    with the two pieces one of them joined."""

    edges: frozenset[tuple[Node, Node]]
    sides: tuple[frozenset[Node], frozenset[Node]]


def small_cut(cells: Mapping[tuple[str, str], int], hidden: set[Node], threshold: int) -> Cut | None:
    """A set of fewer than `threshold` respondents whose sum or difference the
    published figures give away, or None when there is none."""
    edges = _edges(cells, hidden)
    small = sorted((edge for edge, n in edges.items() if n < threshold), key=lambda edge: (edges[edge], str(edge)))
    for chosen in _light_sets(small, edges, threshold - 1):
        piece_of = _pieces(edges, set(chosen))
        for row, column in chosen:
            if piece_of[row] != piece_of[column]:  # taking these edges out split the graph
                return Cut(frozenset(chosen), (piece_of[row], piece_of[column]))
    return None


def _group_sizes(cells: Mapping[tuple[str, str], int]) -> dict[Node, int]:
    sizes: dict[Node, int] = {}
    for (organisation, level), n in cells.items():
        sizes[(ORGANISATION, organisation)] = sizes.get((ORGANISATION, organisation), 0) + n
        sizes[(LEVEL, level)] = sizes.get((LEVEL, level), 0) + n
    return sizes


def _edges(cells: Mapping[tuple[str, str], int], hidden: set[Node]) -> dict[tuple[Node, Node], int]:
    """Weight per (organisation node, level node), hidden groups merged into one node per kind."""
    edges: dict[tuple[Node, Node], int] = {}
    for (organisation, level), n in cells.items():
        if n <= 0:
            continue
        row = _node(ORGANISATION, organisation, hidden)
        column = _node(LEVEL, level, hidden)
        edges[(row, column)] = edges.get((row, column), 0) + n
    return edges


def _node(kind: str, name: str, hidden: set[Node]) -> Node:
    return (kind, None) if (kind, name) in hidden else (kind, name)


def _light_sets(small: list, weights: Mapping, budget: int) -> Iterator[tuple]:
    """Every set of these edges whose weights add up to at most `budget`, smallest sets first."""
    for size in range(1, min(budget, len(small)) + 1):
        for chosen in combinations(small, size):
            if sum(weights[edge] for edge in chosen) <= budget:
                yield chosen


def _pieces(edges: Mapping[tuple[Node, Node], int], removed: set) -> dict[Node, frozenset[Node]]:
    """The connected piece of every node once the `removed` edges are taken out."""
    parent: dict[Node, Node] = {}

    def root(node: Node) -> Node:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for row, column in edges:
        root(row), root(column)
    for edge in edges:
        if edge not in removed:
            parent[root(edge[0])] = root(edge[1])
    members: dict[Node, set[Node]] = {}
    for node in parent:
        members.setdefault(root(node), set()).add(node)
    return {node: frozenset(members[root(node)]) for node in parent}


def _next_to_hide(cut: Cut, sizes: Mapping[Node, int], hidden: set[Node]) -> Node:
    """The smallest visible group on either side of the cut; failing that, the smallest visible group."""
    near = [node for side in cut.sides for node in side if node[1] is not None]
    candidates = near or [group for group in sizes if group not in hidden]
    return min(candidates, key=lambda group: (sizes[group], group[0] != ORGANISATION, group[1]))
