"""Side by side: which lane each of a day's overlapping items takes, as Outlook draws them.

Pure arithmetic over (start, end) numbers, so it is tested without a window.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class Lane(NamedTuple):
    lane: int  # 0 = leftmost
    lanes: int  # how many lanes the cluster of items overlapping it needs


def lanes(spans: Sequence[tuple[float, float]]) -> list[Lane]:
    """For each span, in the order given, its lane and the width of its cluster: items
    that overlap one another (directly or through others) share the width; each takes the
    leftmost lane free at its start.  A zero-length span counts as a sliver."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], -spans[i][1]))
    result: list[Lane] = [Lane(0, 1)] * len(spans)
    cluster: list[int] = []
    lane_ends: list[float] = []
    cluster_end = float("-inf")

    def close() -> None:
        for i in cluster:
            result[i] = Lane(result[i].lane, len(lane_ends))

    for i in order:
        start, end = spans[i]
        end = max(end, start + 1e-9)
        if start >= cluster_end and cluster:
            close()
            cluster, lane_ends = [], []
        free = next((n for n, e in enumerate(lane_ends) if e <= start), None)
        if free is None:
            lane_ends.append(end)
            free = len(lane_ends) - 1
        else:
            lane_ends[free] = end
        result[i] = Lane(free, 0)
        cluster.append(i)
        cluster_end = max(cluster_end, end) if len(cluster) > 1 else end
    if cluster:
        close()
    return result
