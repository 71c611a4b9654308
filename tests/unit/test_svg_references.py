"""Any SVG drawing made of groups that use one another (``<use href>``, ``fill="url(#…)"``) gets
its verdict from :func:`kiosk.deck.pictures.svg_problem` without being expanded: refused when it
draws more than :data:`MAX_SVG_ELEMENTS` elements or refers to itself in a loop, else accepted.

The expected verdict is worked out here on the graph of groups, apart from the SVG. Hypothesis's
deadline (generous, per example) guards against a hang; it is not a measure of speed.
"""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.deck.pictures import MAX_SVG_ELEMENTS, svg_problem

HOW = st.sampled_from(["use", "xlink", "fill"])


@st.composite
def graphs(draw) -> list[list[tuple[int, str]]]:
    """Groups, each referring to groups made before it (copies of copies: a "billion laughs" when
    each draws the one before many times), and now and then
    one reference back to itself or a later group (a loop, when that one leads back)."""
    copies = draw(st.integers(0, 12))  # each group also draws the one before it this many times
    graph = [draw(st.lists(st.tuples(st.integers(0, n - 1), HOW), max_size=6)) + [(n - 1, "use")] * copies
             if n else [] for n in range(draw(st.integers(1, 14)))]
    if draw(st.integers(0, 5)) == 0:
        at = draw(st.integers(0, len(graph) - 1))
        graph[at].append((draw(st.integers(at, len(graph) - 1)), draw(HOW)))
    return graph


def svg(graph: list[list[tuple[int, str]]]) -> bytes:
    groups = []
    for n, refs in enumerate(graph):
        inner = "".join({"use": f'<use href="#g{t}"/>', "xlink": f'<use xlink:href="#g{t}"/>',
                         "fill": f'<rect fill="url(#g{t})"/>'}[how] for t, how in refs)
        groups.append(f'<g id="g{n}"><rect/>{inner}</g>')
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" '
            f'height="10"><defs>{"".join(groups)}</defs><use href="#g{len(graph) - 1}"/></svg>').encode()


def expected(graph: list[list[tuple[int, str]]]) -> str | None:
    """"loop", "too many" or ``None``, from the graph: each group is itself, a rectangle, and per
    reference an element (the use or rect) that draws the group it names once more."""
    for start in range(len(graph)):  # a loop anywhere in the file counts, drawn or not
        seen, stack = set(), [t for t, _how in graph[start]]
        while stack:
            node = stack.pop()
            if node == start:
                return "loop"
            if node not in seen:
                seen.add(node)
                stack += [t for t, _how in graph[node]]

    @cache
    def group(n: int) -> int:
        return 2 + sum(1 + group(t) for t, _how in graph[n])

    total = 1 + (1 + sum(group(n) for n in range(len(graph)))) + (1 + group(len(graph) - 1))
    return "too many" if total > MAX_SVG_ELEMENTS else None


@settings(max_examples=60, derandomize=True, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_a_drawing_of_groups_using_groups_gets_the_verdict_its_graph_gives(graph):
    problem = svg_problem(svg(graph))
    want = expected(graph)
    if want is None:
        assert problem is None
    elif want == "loop":
        assert problem is not None and "in a loop" in problem
    else:
        assert problem is not None and f"more than {MAX_SVG_ELEMENTS:,} elements" in problem
