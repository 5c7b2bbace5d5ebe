"""Every benchmark in one command; rewrites bench/RESULTS.md.

Run: bash scripts/run_bench.sh [--quick] [--only fuzz core quick rerun paint load burst scaleout rooms flood]
(sets up .venv and the Debian packages the benchmarks drive, then runs this module).

Every timing is reported beside a baseline measured in the same run, as a ratio: the
machines are shared and noisy. With ``--only``, the sections not run keep what the previous
RESULTS.md recorded for them (each section ends with its ``_step: N s_`` line); so does a
section whose program is missing here (Chromium, nginx), which is skipped with a one-line
reason. Servers (Streamlit, nginx) are started on 127.0.0.1 and stopped by pid; every load
loop is bounded.
"""

from __future__ import annotations

import argparse
import math
import re
import time
import traceback
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import common

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
STEPS = ("fuzz", "core", "quick", "rerun", "paint", "load", "burst", "scaleout", "rooms", "flood")


def f(value: Any, digits: int = 1) -> str:
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:,.{digits}f}"
    return str(value)


def verdict(ok: bool) -> str:
    return "met" if ok else "**MISSED**"


def run_fuzz(quick: bool) -> list[str]:
    from bench import fuzz

    count = 20_000 if quick else 100_000
    report = fuzz.run(count)
    s = fuzz.inputs_summary(report)
    lines = [
        "## 7. Fuzzing: `assessment.link.decode` and `ui.routes.route`",
        "",
        "| inputs | decode calls | route calls | decoded | typed `LinkError` | round-trips checked "
        "| Unicode categories | crashes | seconds |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        f"| {s['inputs']:,} | {s['decode calls']:,} | {s['route calls']:,} | {s['decoded']:,} | "
        f"{s['typed LinkError']:,} | {s['round-trips checked']:,} | {s['unicode categories']} / 30 | "
        f"{s['crashes']} | {s['seconds']} |",
        "",
        f"Inputs by kind: {dict(report.by_kind)}; views routed: {dict(report.views)}.",
        f"Target: ≥ 100,000 inputs, 0 crashes: {verdict(report.inputs >= 100_000 and report.crashes == 0)}"
        + (" (quick run: fewer inputs)" if quick else "")
        + ".",
    ]
    lines += [f"- crash: `{e}`" for e in report.examples]
    return lines


def run_core(quick: bool) -> list[str]:
    from bench import core

    m = core.measure(500 if quick else 2_000, 3 if quick else 5)
    return ["## 1. Core: decode + score + what the results page reads", "", *core.rows(m)]


GC_LABEL = {"gc_on": "true (Streamlit's default)", "gc_off": "false (configured)"}  # runner.postScriptGC


def _rerun_row(how: str, mode: str, r: dict[str, Any], app_ms: float, app_p95_ms: float, ratio: float) -> str:
    """One row of the rerun table: an app timing beside the one-radio script's from the same servers."""
    return (
        f"| {how} | {GC_LABEL[mode]} | {f(app_ms)} ms ({f(app_p95_ms)}) | {f(r['minimal_ms'])} ms "
        f"({f(r['minimal_p95_ms'])}) | {f(ratio, 2)}× |"
    )


def run_quick(quick: bool) -> list[str]:
    from assessment.loader import load_model
    from bench import simulate

    model = load_model()
    respondents = 3_000 if quick else 12_000
    ids = ", ".join(f"`{q.id}`" for q in model.questions_in("quick"))
    return [
        "## 1b. The quick check against the full assessment (simulated respondents)",
        "",
        f"The quick check's {len(model.questions_in('quick'))} questions ({ids}), its gating margin of "
        f"{model.quick_gating_margin:g} points and its weak-key cap of {model.quick_weak_key_cap:g}, chosen with "
        "`python -m bench.simulate --choose`, scored by the core in both variants for simulated respondents (the "
        "generator: `bench/simulate.py`'s docstring). The last column is for reference: how often the full level "
        f"repeats itself when the same businesses answer all {len(model.questions)} questions again with fresh noise.",
        "",
        *simulate.report(model, respondents, seed=1),
    ]


def run_rerun(quick: bool) -> list[str]:
    from bench import rerun

    clicks = 30 if quick else 60
    apptest = rerun.measure(clicks, 2 if quick else 3)
    ws = rerun.measure_ws(clicks)
    lines = [
        "## 2. Rerun cost: one answer click, our app vs a one-radio script (`bench/minimal_app.py`)",
        "",
        "| how | `runner.postScriptGC` | app median (p95) | minimal median (p95) | ratio |",
        "| --- | --- | --- | --- | --- |",
    ]
    for mode in ("gc_on", "gc_off"):
        r = ws[mode]
        how = (
            "server websocket, the same click sent without its fragment id (the whole page reruns), "
            f"{r['clicks']} clicks"
        )
        lines.append(_rerun_row(how, mode, r, r["whole_page_ms"], r["whole_page_p95_ms"], r["whole_page_ratio"]))
    for label, results in (
        ("server websocket (send → script_finished), fragment rerun as the browser sends it", ws),
        ("AppTest `.run()` (whole script: AppTest has no fragment reruns)", apptest),
    ):
        for mode in ("gc_on", "gc_off"):
            r = results[mode]
            lines.append(
                _rerun_row(f"{label}, {r['clicks']} clicks", mode, r, r["app_ms"], r["app_p95_ms"], r["ratio"])
            )
    primary = ws["gc_off"]["ratio"]
    lines += [
        "",
        f"Target: ratio ≤ 1.5 (as configured, server websocket, fragment rerun): {verdict(primary <= 1.5)}. "
        "An answer click reruns only the questionnaire's `st.fragment`: the progress bar, then a markdown and a "
        "radio per question. Chromium sends that click as a rerun carrying the radio's fragment id (checked by "
        "logging its websocket frames, `tests/browser/test_journeys.py`), and `tests/support/wsclient.py` sends "
        "the same. "
        "The websocket rows are what a user waits for, the post-run collection included; all four servers run "
        "at once and are clicked in turn. The app freezes its startup heap (`ui.state.freeze_startup_heap`), so "
        "with the collection on it no longer pays for scanning pandas, Altair and Streamlit; the one-radio "
        "script does not freeze, so with the collection on its baseline is slower than the app. AppTest always "
        "reruns the whole script, so its rows are the whole page with an answer changed (what a Back or Next "
        "click costs too), and its script runner never runs the post-script collection, so they show script "
        "time alone.",
    ]
    return lines


def run_paint(quick: bool) -> list[str]:
    from bench import paint

    lines = [
        "## 3. First paint of a shared link (headless Chromium, fresh context each time)",
        "",
        "| `runner.postScriptGC` | reps | shared link → level + radar visible | hello page → heading + chart visible "
        "| ratio | all app / hello (ms) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    reps = 3 if quick else 11
    ratio = math.nan
    for extra in ([], ["--runner.postScriptGC", "true"]):
        r = paint.measure(reps, extra)
        ratio = r["ratio"] if not extra else ratio
        lines.append(
            f"| {GC_LABEL['gc_on' if extra else 'gc_off']} | {r['reps']} | {f(r['app_ms'], 0)} ms | "
            f"{f(r['hello_ms'], 0)} ms | {f(r['ratio'], 2)}× | {r['app_all_ms']} / {r['hello_all_ms']} |"
        )
    lines += [
        "",
        "Each repetition opens a *distinct* link (a radar cache miss, as for a link just shared). "
        "Baseline: `bench/hello_app.py` (a title and a two-point Vega-Lite chart) on its own server.",
        f"Target: ratio ≤ 1.3 (as configured): {verdict(ratio <= 1.3)}.",
    ]
    return lines


LOAD_HEADER = (
    "| load model | setting | sessions | completed | errors | leaks | p50 ms | p95 ms | baseline p95 ms | p95 ratio "
    "| interactions/s | server CPU ms / interaction (baseline) | client CPU ms / interaction | server RSS MiB "
    "| MiB / session |"
)


def _load_row(r: dict[str, Any], base: dict[str, Any], label: str) -> str:
    return (
        f"| {r['pace']} | {label} | {r['sessions']} | {r['completed']} | {r['errors']} | {r['leaks']} | "
        f"{f(r['p50_ms'], 0)} | {f(r['p95_ms'], 0)} | {f(base['p95_ms'], 0)} | {f(r['p95_ms'] / base['p95_ms'], 1)}× | "
        f"{f(r['interactions_per_s'])} | {f(r['server_cpu_ms'])} ({f(base['server_cpu_ms'])}) | "
        f"{f(r['client_cpu_ms'])} | {f(r['rss_before_mib'])} → {f(r['rss_after_mib'])} | {f(r['mib_per_session'], 2)} |"
    )


def run_load(quick: bool) -> list[str]:
    from assessment.loader import load_model
    from bench import load

    model = load_model()
    levels = (10, 25) if quick else (25, 50, 100)
    top = levels[-1]
    configured, gc_on = load.gc_args("config"), load.gc_args("on")
    settings = {
        "configured": "`postScriptGC` false (configured), heap frozen",
        "gc_on": "`postScriptGC` true (Streamlit's default), heap frozen",
    }
    lines = [
        "## 4 + 5. Concurrency and isolation (one server, websocket sessions)",
        "",
        "Each session: opens a distinct link at a questionnaire step, changes three answers, goes to its results "
        "(5 interactions). Latency: one interaction, send → `script_finished`, think time excluded. Leaks: sessions "
        "whose level, table scores or organisation name differ from the core's result for their own answers. "
        "Baseline: the same sessions and schedule on the one-radio script (open, four clicks, each session reads "
        "back its own last pick), configured setting, same run.",
        "",
        f"- **paced** (the target is judged on this one): {load.PACED.describe()} (uniform), sessions arriving evenly "
        "over the ramp: people opening a shared link and reading each question before they click. 100 sessions "
        "offer about 25 interactions/s.",
        "- **burst** (capacity and stress, not people): every session starts in the same millisecond and fires its "
        "five interactions back to back. Its latencies are queueing behind all the other sessions' runs; its "
        "throughput is the server's capacity.",
        "",
        LOAD_HEADER,
        "| --- " * 15 + "|",
    ]
    rows: list[dict[str, Any]] = []
    for pace in (load.PACED, load.BURST):
        for n in levels:  # each level's baseline just before it, so both see about the same machine load
            base = load.measure_level(model, n, pace, configured, load.MINIMAL)
            row = load.measure_level(model, n, pace, configured)
            rows.append(row)
            lines.append(_load_row(row, base, settings["configured"]))
        row = load.measure_level(model, top, pace, gc_on, load.REPO / "app.py")
        rows.append(row)
        lines.append(_load_row(row, base, settings["gc_on"]))
    waves = 2 if quick else 3
    churn = {key: load.churn(waves, top, args) for key, args in (("false", configured), ("true", gc_on))}
    lines += ["", f"Per interaction at {top} sessions, configured (median / p95 ms):", ""]
    for pace_name in ("paced", "burst"):
        r = next(r for r in rows if r["pace"] == pace_name and r["sessions"] == top)
        parts = ", ".join(f"{k} {f(a, 0)} / {f(b, 0)}" for k, (a, b) in r["by_interaction"].items())
        lines.append(f"- {pace_name}: {parts}")
    for r in rows:
        lines += [f"- error: `{e}`" for e in r["error_examples"]] + [f"- LEAK: `{e}`" for e in r["leak_examples"]]
    lines += [
        "",
        f"Memory trade-off of `postScriptGC`: server RSS (MiB) after a warm-up, then after each of {waves} waves of "
        f"{top} burst sessions (closed): false {' → '.join(f(x) for x in churn['false'])}; "
        f"true {' → '.join(f(x) for x in churn['true'])}.",
    ]
    target = next(r for r in rows if r["pace"] == "paced" and r["sessions"] == top)
    lines += [
        "",
        f"Target at {top} sessions, **judged on the paced run**, configured: "
        f"0 errors {verdict(target['errors'] == 0)}, "
        f"p95 < 500 ms {verdict(target['p95_ms'] < 500)} ({f(target['p95_ms'], 0)} ms), "
        f"≤ 3 MB/session {verdict(target['mib_per_session'] <= 3)}; isolation (0 leaks in every row, paced and "
        f"burst): {verdict(all(r['leaks'] == 0 for r in rows))}. The paced run asked the server for "
        f"{f(target['server_cpu_ms'] * target['interactions_per_s'] / 1000, 2)} of a core (CPU per interaction × "
        "interactions/s): its p95 is mostly how long the server waited for a core on this shared machine (see the "
        "load average), so compare it with the baseline's. The burst rows are a capacity test: their p95 "
        "is how long the last of 500 simultaneous runs waits, not a person's wait.",
    ]
    return lines


def _burst_row(r: dict[str, Any], label: str, hello: dict[str, Any] | None) -> str:
    ratios = f"{f(r['median_ratio'], 2)}× ({f(r['p95_ratio'], 2)}×)" if hello else "1.00× (baseline)"
    cpu = f"{f(r['cpu_ms_per_session'])}" + (f" ({f(r['cpu_ratio'], 1)}×)" if hello else "")
    return (
        f"| {label} | {r['script']} | {r['sessions']} | {r['completed']} | {r['errors']} | "
        f"{f(r['median_s'], 2)} s ({f(r['p95_s'], 2)}) | {ratios} | {f(r['health_max_ms'], 0)} ms "
        f"({r['health_over_target']} / {r['health_timeouts']} of {r['health_checks']}) | {cpu} |"
    )


def run_burst(quick: bool) -> list[str]:
    from bench import burst

    levels = (20, 50) if quick else (50, 200)
    rows = burst.measure(levels)
    lines = [
        "## 8. A burst of new visitors: sessions opened at once, the app beside a hello page",
        "",
        "Every visitor connects and asks for its first run in the same moment (a join link on a workshop screen): "
        "first render is burst start → that run's `script_finished`, connecting included. The app opens a shared "
        "results link; the baseline is `bench/hello_app.py`, served the same way (launcher, options) on a server "
        "of its own. A fresh server per row, after one warm-up visitor. Health: `/_stcore/health` asked every "
        "100 ms from a process of its own throughout the burst (10 s time-out). Server CPU: the server's user + "
        "system time from the burst's start to the last first render, per new session.",
        "",
        "| setting | page | sessions | completed | errors | first render median (p95) | ratio to hello, median "
        "(p95) | health max (checks > 1 s / time-outs of all) | server CPU ms per new session (ratio to hello) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        label = burst.SETTINGS[r["setting"]][0]
        lines.append(_burst_row(r, label, None if r["script"] == burst.HELLO.name else r))
    apps = {(r["setting"], r["sessions"]): r for r in rows if r["script"] == "app.py"}
    top = levels[-1]
    before, after = apps[("before", top)], apps[("configured", top)]
    healthy = all(r["health_max_ms"] <= 1_000 for (setting, _), r in apps.items() if setting == "configured")
    lines += [
        "",
        f"The app at {top} sessions, before → configured: first render median {f(before['median_s'], 2)} → "
        f"{f(after['median_s'], 2)} s, p95 {f(before['p95_s'], 2)} → {f(after['p95_s'], 2)} s; health max "
        f"{f(before['health_max_ms'], 0)} → {f(after['health_max_ms'], 0)} ms; server CPU per new session "
        f"{f(before['cpu_ms_per_session'])} → {f(after['cpu_ms_per_session'])} ms.",
        f"Target: health never above 1 s, as configured: {verdict(healthy)} (the hello page's rows show "
        "Streamlit's own floor on this machine).",
    ]
    for r in rows:
        lines += [f"- error: `{e}`" for e in r["error_examples"]]
    return lines


def run_scaleout(quick: bool) -> list[str]:
    from bench import scaleout

    r = scaleout.measure(20 if quick else 100)
    one, two = r["one_replica"], r["two_replicas"]
    return [
        "## 6. Scale-out: two replicas behind nginx (round-robin, websocket upgrade)",
        "",
        f"- Same link on replica A and replica B shows identical results: {verdict(r['same_link_same_results'])}.",
        f"- Replica stopped mid-questionnaire (2 answers on A, A stopped, reconnect through nginx to B, 3rd answer, "
        f"results): every answer kept: {verdict(r['failover']['ok'])} {r['failover']['problems'] or ''}",
        f"- Through nginx (docs/deployment.md's configuration): every security header once, the app's values: "
        f"{verdict(r['exposure']['headers_once'])}; `/_stcore/metrics` {r['exposure']['metrics']}, upload route "
        f"{r['exposure']['upload']}: {verdict(r['exposure']['metrics'] == r['exposure']['upload'] == 404)}; a 140 kB "
        f"link {r['exposure']['long_link'][0]} to `{r['exposure']['long_link'][1]}`: "
        f"{verdict(r['exposure']['long_link_ok'])}.",
        "",
        "| upstreams | sessions | completed | errors | leaks | p50 ms | p95 ms | interactions/s "
        "| replicas' CPU s per wall s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        f"| 1 replica | {one['sessions']} | {one['completed']} | {one['errors']} | {one['leaks']} | "
        f"{f(one['p50_ms'], 0)} | {f(one['p95_ms'], 0)} | {f(one['interactions_per_s'])} | {f(one['cores'], 2)} |",
        f"| 2 replicas | {two['sessions']} | {two['completed']} | {two['errors']} | {two['leaks']} | "
        f"{f(two['p50_ms'], 0)} | {f(two['p95_ms'], 0)} | {f(two['interactions_per_s'])} | {f(two['cores'], 2)} |",
        "",
        f"Throughput gain, 2 replicas vs 1 (same nginx set-up, same run): {f(r['throughput_gain'], 2)}× "
        "(burst load, configured `postScriptGC`; 2 cores shared by both replicas, nginx, the load client and "
        "whatever else runs on the machine: the last column is how much CPU the replicas got, in cores; "
        f"load average at the end: {r['load_average']}).",
    ]


NOTES = [
    "## Notes on the method",
    "",
    "- Websocket timings (rerun, load, scale-out) go through `ui/serve.py` (TCP_NODELAY on; without it every run "
    "waited ~40 ms for a delayed ACK). AppTest rows show script time alone (AppTest skips `runner.postScriptGC`).",
    "- Load latency counts queueing: one server runs one script at a time (the GIL), so a session's click waits "
    "behind other sessions' runs. The load client is this bench's own process, separate from the server, on the "
    "same 2 cores (its CPU per interaction is in the table); the machine is shared, so compare the ratios.",
    "- Server CPU per interaction: the server process's user + system time over the whole level divided by its "
    "interactions, so in the paced rows it also carries the server's idle work over the ~30 s of think time.",
    "- Memory per session: RSS after the level's sessions (still connected) minus RSS after one warm-up journey.",
    "- Fuzz crashes are any exception but `LinkError` from the decoder, or any exception from `route`.",
    "",
]


def run_rooms(quick: bool) -> list[str]:
    from bench import rooms

    return rooms.report(5 if quick else 11, 50)


def run_flood(quick: bool) -> list[str]:
    from bench import flood

    return flood.report(10.0 if quick else 20.0, 100)


RUNNERS = {
    "fuzz": run_fuzz,
    "core": run_core,
    "quick": run_quick,
    "rerun": run_rerun,
    "paint": run_paint,
    "load": run_load,
    "burst": run_burst,
    "scaleout": run_scaleout,
    "rooms": run_rooms,
    "flood": run_flood,
}


def unavailable(step: str) -> str | None:
    """Why ``step`` cannot run on this machine (a program it drives is missing), or None."""
    if step == "paint":
        from bench import paint

        return paint.unavailable()
    if step == "scaleout":
        from bench import scaleout

        return scaleout.unavailable()
    return None  # rooms measures PostgreSQL only where it is installed, and says so


def recorded_sections(text: str) -> dict[str, list[str]]:
    """The sections of a previous RESULTS.md by step: from a "## " heading to its ``_step: N s_`` line."""
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("## "):
            current = [line]
            continue
        current.append(line)
        found = re.fullmatch(r"_([a-z]+): [0-9,]+ s_", line)
        if found and current and current[0].startswith("## ") and found.group(1) in STEPS:
            sections[found.group(1)] = current
            current = []
    return sections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller counts (a few minutes)")
    parser.add_argument("--only", nargs="+", choices=STEPS, default=list(STEPS))
    args = parser.parse_args()
    started = datetime.now()
    machine = common.machine()
    sections: list[str] = []
    failed: list[str] = []
    kept: list[str] = []
    skipped: list[str] = []
    previous_text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    previous = recorded_sections(previous_text)
    previous_date = re.search(r"^Generated by .* on ([0-9-]+ [0-9:]+)\.", previous_text, flags=re.MULTILINE)
    for step in STEPS:
        if step not in args.only:
            if step in previous:
                kept.append(step)
                sections += [*previous[step], ""]
            else:
                sections += [f"## {step}: not run this time (`--only`)", ""]
            continue
        reason = unavailable(step)
        if reason:
            print(f"== {step}: skipped: {reason}", flush=True)
            skipped.append(f"{step}: {reason}")
            sections += [*previous.get(step, [f"## {step}: skipped: {reason}"]), ""]
            continue
        print(f"== {step}", flush=True)
        begin = time.perf_counter()
        try:
            lines = RUNNERS[step](args.quick)
        except Exception:
            failed.append(step)
            lines = [f"## {step}: FAILED", "", "```", traceback.format_exc()[-3000:], "```"]
        print("\n".join(lines), flush=True)
        sections += [*lines, "", f"_{step}: {time.perf_counter() - begin:.0f} s_", ""]
    only = "" if set(args.only) == set(STEPS) else " --only " + " ".join(args.only)
    header = [
        "# Benchmark results",
        "",
        f"Generated by `bash scripts/run_bench.sh{' --quick' if args.quick else ''}{only}` on "
        f"{started:%Y-%m-%d %H:%M}. Every timing is beside a baseline measured in the same run.",
        "",
        "Machine: " + "; ".join(f"{k}: {v}" for k, v in machine.items()) + ".",
        "",
    ]
    if args.quick:
        header += ["**Quick run**: smaller counts than the targets ask for.", ""]
    when = f" of {previous_date.group(1)}" if previous_date else ""
    if kept:
        header += [f"Kept from the previous run{when} (not run this time): {', '.join(kept)}.", ""]
    if skipped:
        header += [f"Skipped on this machine (figures, if any, from the previous run{when}): {'; '.join(skipped)}.", ""]
    RESULTS.write_text("\n".join(header + sections + NOTES).rstrip() + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
