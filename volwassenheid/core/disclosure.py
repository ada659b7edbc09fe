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
threshold, so only those few small edges are tried: take out up to
threshold-2 of them and look for a light bridge in what is left. No
arithmetic is needed, so the answer is exact. When a set does cut, one more
visible group on either side of it is hidden (the smallest whose hiding mends
the cut, else the smallest), and the audit runs again. Hiding every
group leaves only the total, which is safe when the total holds at least
`threshold` respondents; below that, every group is hidden.

"Groups hidden together hold 0 or at least `threshold` respondents" follows:
the hidden organisations (or levels) together are the total minus the
visible ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

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
    return _hidden_groups(frozenset((cell, n) for cell, n in cells.items() if n > 0), threshold)


@lru_cache(maxsize=4096)
def _hidden_groups(cell_counts: frozenset, threshold: int) -> Hidden:
    """Cached: the dimensions and questions of one partnership mostly share the same cell counts.
    The cells in sorted order: the first cut found, and so which group is hidden, must not depend on
    the order of a set (which follows the process's string hashing)."""
    cells = dict(sorted(cell_counts))
    if cells and min(cells.values()) >= threshold:
        return Hidden(organisations=frozenset(), levels=frozenset())  # no group, and no set of cells, is small
    sizes = _group_sizes(cells)
    if sum(cells.values()) < threshold:
        hidden = set(sizes)
    else:
        hidden = {group for group, n in sizes.items() if n < threshold}
        while (cut := small_cut(cells, hidden, threshold)) is not None:
            hidden.add(_next_to_hide(cells, cut, sizes, hidden))
    return Hidden(
        organisations=frozenset(name for kind, name in hidden if kind == ORGANISATION and name is not None),
        levels=frozenset(name for kind, name in hidden if kind == LEVEL and name is not None),
    )


@dataclass(frozen=True)
class Cut:
    """Edges weighing fewer than the threshold whose removal splits the graph,
    and the two pieces that the last of them joined."""

    edges: frozenset[tuple[Node, Node]]
    sides: tuple[frozenset[Node], frozenset[Node]]


def small_cut(cells: Mapping[tuple[str, str], int], hidden: set[Node], threshold: int) -> Cut | None:
    """A set of fewer than `threshold` respondents whose sum or difference the
    published figures give away, or None when there is none."""
    edges = _edges(cells, hidden)
    graph = _Graph(list(edges), list(edges.values()))
    small = sorted((i for i, weight in enumerate(graph.weights) if weight < threshold), key=lambda i: graph.weights[i])
    found = _search(graph, small, frozenset(), threshold - 1, 0)
    if found is None:
        return None
    removed = {graph.edges[i] for i in found[0]}
    last = graph.edges[found[1]]
    root = _roots(edges, removed)
    return Cut(frozenset(removed), (_piece(root, last[0]), _piece(root, last[1])))


class _Graph:
    """Edges by number, and per node its (neighbour, edge number) pairs."""

    def __init__(self, edges: list[tuple[Node, Node]], weights: list[int]):
        self.edges, self.weights = edges, weights
        self.neighbours: dict[Node, list[tuple[Node, int]]] = {}
        for number, (row, column) in enumerate(edges):
            self.neighbours.setdefault(row, []).append((column, number))
            self.neighbours.setdefault(column, []).append((row, number))


def _search(graph: _Graph, small: list[int], removed: frozenset[int], budget: int, start: int) -> tuple[frozenset[int], int] | None:
    """(cut, its last edge) for a cut of weight <= budget that contains `removed`
    (which does not cut), or None. A smallest cut minus its last edge does not cut,
    and in what is left that last edge is a bridge: so look for light bridges,
    then take out one more small edge and look again."""
    for bridge in _bridges(graph, removed):
        if graph.weights[bridge] <= budget:
            return removed | {bridge}, bridge
    for index in range(start, len(small)):
        edge = small[index]
        if graph.weights[edge] < budget and edge not in removed:
            found = _search(graph, small, removed | {edge}, budget - graph.weights[edge], index + 1)
            if found is not None:
                return found
    return None


def _bridges(graph: _Graph, removed: frozenset[int]) -> list[int]:
    """The edges whose removal (after `removed`) splits a piece of the graph (Tarjan's low-link, iteratively)."""
    neighbours = graph.neighbours
    order: dict[Node, int] = {}
    low: dict[Node, int] = {}
    found = []
    for start in neighbours:
        if start in order:
            continue
        order[start] = low[start] = len(order)
        stack = [(start, -1, iter(neighbours[start]))]
        while stack:
            node, via, pending = stack[-1]
            step = next(pending, None)
            if step is None:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.append(via)
                continue
            other, edge = step
            if edge == via or edge in removed:
                continue
            if other in order:
                low[node] = min(low[node], order[other])
            else:
                order[other] = low[other] = len(order)
                stack.append((other, edge, iter(neighbours[other])))
    return found


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


def _roots(edges: Mapping[tuple[Node, Node], int], removed: set) -> dict[Node, Node]:
    """One representative node per connected piece, for every node, once the `removed` edges are taken out."""
    parent: dict[Node, Node] = {}

    def find(node: Node) -> Node:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for row, column in edges:
        parent.setdefault(row, row)
        parent.setdefault(column, column)
    for edge in edges:
        if edge not in removed:
            parent[find(edge[0])] = find(edge[1])
    return {node: find(node) for node in parent}


def _piece(root: Mapping[Node, Node], node: Node) -> frozenset[Node]:
    return frozenset(other for other, representative in root.items() if representative == root[node])


def _next_to_hide(cells: Mapping[tuple[str, str], int], cut: Cut, sizes: Mapping[Node, int], hidden: set[Node]) -> Node:
    """The smallest visible group on either side of the cut whose hiding mends it;
    failing that, the smallest on either side; failing that, the smallest visible group."""
    near = [node for side in cut.sides for node in side if node[1] is not None]
    candidates = sorted(
        near or [group for group in sizes if group not in hidden],
        key=lambda group: (sizes[group], group[0] != ORGANISATION, group[1]),
    )
    cut_cells = [cell for cell in cells if _cell_edge(cell, hidden) in cut.edges]
    for candidate in candidates:
        if not _splits(cells, hidden | {candidate}, cut_cells):
            return candidate
    return candidates[0]


def _cell_edge(cell: tuple[str, str], hidden: set[Node]) -> tuple[Node, Node]:
    return _node(ORGANISATION, cell[0], hidden), _node(LEVEL, cell[1], hidden)


def _splits(cells: Mapping[tuple[str, str], int], hidden: set[Node], cut_cells: list[tuple[str, str]]) -> bool:
    """Whether taking out these cells still splits the graph once `hidden` is hidden."""
    rest = {_cell_edge(cell, hidden): 1 for cell in cells if cell not in cut_cells}
    for cell in cut_cells:
        row, column = _cell_edge(cell, hidden)
        rest.setdefault((row, row), 1)  # every node stays in the graph, even without edges left
        rest.setdefault((column, column), 1)
    root = _roots(rest, set())
    return any(root[row] != root[column] for row, column in (_cell_edge(cell, hidden) for cell in cut_cells))


# --- question totals next to the group totals --------------------------------------
#
# The question totals of a dimension, added up, are one more published sum: over the
# scored people it weighs each score by m, that person's number of phase answers in the
# dimension, and it adds the phase totals of those who answered too few for a score
# (they are in no other figure). A combination of it (weight 1) with the total and the
# visible groups puts on a scored person of organisation o, level l the weight
# m + c(o) + d(l), and 1 on everyone without a score. Such a combination gives away
# fewer than `threshold` people when its weights are zero on all but 1..threshold-1 of
# them. With that many people without a score or more, it never can.


MAX_TRIES = 20_000
"""Sets of small atoms tried before giving up (and hiding): only many tiny groups get there."""


def question_totals_reveal(scored: Mapping[tuple[str, str, int], int], unscored: int, hidden: Hidden, threshold: int) -> bool:
    """Whether the question totals, with the total and the visible groups, give away a sum
    over 1..threshold-1 people. `scored`: people with a score per (organisation, level, m)."""
    if unscored >= threshold:
        return False
    atoms: dict[tuple[Node, Node, int], int] = {}
    for (organisation, level, answered), people in scored.items():
        if people > 0:
            key = (_node(ORGANISATION, organisation, _as_nodes(hidden)), _node(LEVEL, level, _as_nodes(hidden)), answered)
            atoms[key] = atoms.get(key, 0) + people
    return _reveals(frozenset(atoms.items()), unscored, threshold)


def _as_nodes(hidden: Hidden) -> set[Node]:
    return {(ORGANISATION, name) for name in hidden.organisations} | {(LEVEL, name) for name in hidden.levels}


@lru_cache(maxsize=4096)
def _reveals(atoms: frozenset, unscored: int, threshold: int) -> bool:
    """Try every set R of small atoms weighing at most threshold-1-unscored people as the
    support: the other atoms must get weight 0 (m + c(o) + d(l) = 0 solvable), and the
    combination must not be zero everywhere (someone without a score, or an atom of R
    whose weight the equations leave free or fix at non-zero)."""
    weights = dict(atoms)
    budget = threshold - 1 - unscored
    small = sorted((atom for atom, people in weights.items() if people <= budget), key=repr)
    tries = [0]

    def search(start: int, chosen: tuple, left: int) -> bool:
        tries[0] += 1
        if tries[0] > MAX_TRIES:
            return True  # too many to try: assume the worst, the question scores stay hidden
        if (chosen or unscored) and _zero_outside_possible(weights, set(chosen), unscored):
            return True
        for index in range(start, len(small)):
            atom = small[index]
            if weights[atom] <= left and search(index + 1, chosen + (atom,), left - weights[atom]):
                return True
        return False

    return budget >= 0 and search(0, (), budget)


def _zero_outside_possible(weights: Mapping[tuple[Node, Node, int], int], support: set, unscored: int) -> bool:
    """Whether c, d exist with m + c(o) + d(l) = 0 on every atom outside `support`, leaving
    some weight non-zero (on a person without a score, or on an atom of the support)."""
    potentials = _potentials([atom for atom in weights if atom not in support])
    if potentials is None:
        return False
    if unscored:
        return True
    for row, column, answered in support:
        if row not in potentials or column not in potentials or potentials[row][0] != potentials[column][0]:
            return True  # the two ends can be shifted apart: the weight is free
        if answered + potentials[row][1] + potentials[column][1] != 0:
            return True
    return False


def _potentials(atoms: list[tuple[Node, Node, int]]) -> dict[Node, tuple[Node, int]] | None:
    """Per node (its piece's first node, its value with that node at 0) solving
    c(o) + d(l) = -m on every atom, or None when no solution exists.

    Within a piece, the values are fixed up to adding t to the organisations and
    subtracting t from the levels; a node's value is kept with a sign by kind, so
    c(o) + d(l) of any atom inside a piece is fixed."""
    neighbours: dict[Node, list[tuple[Node, int]]] = {}
    for row, column, answered in atoms:
        neighbours.setdefault(row, []).append((column, -answered))
        neighbours.setdefault(column, []).append((row, -answered))
    found: dict[Node, tuple[Node, int]] = {}
    for start in neighbours:
        if start in found:
            continue
        found[start] = (start, 0)
        stack = [start]
        while stack:
            node = stack.pop()
            for other, required in neighbours[node]:
                value = required - found[node][1]
                if other not in found:
                    found[other] = (start, value)
                    stack.append(other)
                elif found[other][1] != value:
                    return None
    return found
