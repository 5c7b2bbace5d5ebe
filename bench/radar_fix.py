"""Before/after of the radar-spec fix: the chart's build time for a result not seen before.

Every distinct result is a cache miss of ``ui.radar.radar_spec``. Its cost was (a) Altair's
JSON-schema validation in ``to_dict()`` and (b) ``_frame``, the grid, rings and labels, which
depend only on the axis labels and rings yet were rebuilt for every result. The app now
skips (a) and memoises (b); "before" re-creates the old behaviour in the same run.
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

from assessment.loader import load_model
from assessment.scoring import score
from ui import radar


def _results(count: int, seed: int = 3) -> list[Any]:
    model = load_model()
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        answers = {q.id: rng.choice(model.scale_of(q).options).id for q in model.questions}
        out.append((model, score(model, answers)))
    return out


def _time(build: Any, results: list[Any]) -> float:
    times = []
    for model, result in results:
        axes = radar.axes_of(result)
        start = time.perf_counter()
        build(axes, result.target.name, result.target.min_score, radar.rings_of(model))
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def measure(count: int = 12) -> dict[str, float]:
    """Build time of a radar spec for a new result: as first written vs as the app builds it now."""
    results = _results(count)

    def as_first_written(*args: Any) -> dict[str, Any]:
        radar._frame.cache_clear()  # the grid and labels were rebuilt for every result
        spec: dict[str, Any] = radar.build_chart(*args).to_dict()  # with Altair's schema validation
        return spec

    before = _time(as_first_written, results)
    no_validate = _time(lambda *a: (radar._frame.cache_clear(), radar.build_chart(*a).to_dict(validate=False)), results)
    after = _time(lambda *a: radar.build_chart(*a).to_dict(validate=False), results)
    model, result = results[0]
    args = (radar.axes_of(result), result.target.name, result.target.min_score, radar.rings_of(model))
    identical = as_first_written(*args) == radar.build_chart(*args).to_dict(validate=False)
    return {"before_ms": before, "no_validate_ms": no_validate, "after_ms": after, "identical_spec": float(identical)}


if __name__ == "__main__":
    print(measure())
