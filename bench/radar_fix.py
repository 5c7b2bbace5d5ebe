"""Before/after of the radar-spec fix: the chart's build time for a result not seen before.

Every distinct result is a cache miss of ``ui.radar.radar_spec``. Its cost was (a) Altair's
JSON-schema validation in ``to_dict()`` and (b) ``_frame``, the grid, rings and labels, which
depend only on the axis names and rings yet were rebuilt for every result. The app now
skips (a), memoises (b), and builds the rest of the spec once per (names, target, rings),
filling in only the result's rows; "before" re-creates the old behaviour in the same run.

It also times what Streamlit does with the spec on every results run (``_marshall_chart_data``):
Altair's named datasets each become an Arrow table (pandas, then Arrow); rows carried inline
in the layers pass through as JSON. "Identical" compares the charts as Vega-Lite reads them:
every layer's rows resolved, wherever they travel.
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

from streamlit.elements.vega_charts import _marshall_chart_data
from streamlit.proto.VegaLiteChart_pb2 import VegaLiteChart

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


def resolved(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with each layer's named dataset replaced by its rows (what Vega-Lite draws)."""
    datasets = spec.get("datasets", {})
    layers = [
        {**layer, "data": {"values": datasets[layer["data"]["name"]]}} if "name" in layer.get("data", {}) else layer
        for layer in spec["layer"]
    ]
    return {**{k: v for k, v in spec.items() if k != "datasets"}, "layer": layers}


def _marshall_ms(specs: list[dict[str, Any]]) -> float:
    times = []
    for spec in specs:
        start = time.perf_counter()
        _marshall_chart_data(VegaLiteChart(), dict(spec))
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def measure(count: int = 12) -> dict[str, float]:
    """Build time of a radar spec for a new result: as first written vs as the app builds it now."""
    results = _results(count)

    def rebuilt(validate: bool) -> Any:
        def build(axes: Any, target_name: str, target_score: float, rings: Any) -> dict[str, Any]:
            radar._frame.cache_clear()  # grid and labels rebuilt for every result, as first written
            names = tuple(axis.name for axis in axes)
            spec: dict[str, Any] = radar.build_chart(names, target_name, rings).to_dict(validate=validate)
            spec["datasets"][radar.PROFILES] = radar._profiles(axes, target_name, target_score)
            spec["datasets"][radar.SCORES] = radar._score_rows(radar._layout(names, True), axes)
            return spec

        return build

    before = _time(rebuilt(True), results)
    no_validate = _time(rebuilt(False), results)
    frame_cached = _time(
        lambda axes, name, score, rings: radar.build_chart(tuple(a.name for a in axes), name, rings).to_dict(
            validate=False
        ),
        results,
    )
    after = _time(radar.spec_for, results)

    def arguments(model: Any, result: Any) -> tuple[Any, ...]:
        return radar.axes_of(result), result.target.name, result.target.min_score, radar.rings_of(model)

    args = arguments(*results[0])
    identical = resolved(rebuilt(True)(*args)) == resolved(radar.spec_for(*args))
    named = [rebuilt(False)(*arguments(m, r)) for m, r in results]
    inline = [radar.spec_for(*arguments(m, r)) for m, r in results]
    return {
        "marshall_named_ms": _marshall_ms(named),
        "marshall_inline_ms": _marshall_ms(inline),
        "before_ms": before,
        "no_validate_ms": no_validate,
        "frame_cached_ms": frame_cached,
        "after_ms": after,
        "identical_spec": float(identical),
    }


if __name__ == "__main__":
    print(measure())
