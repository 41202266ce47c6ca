"""Run the benchmarks and print one table: `python -m bench.run` (short) or `--full`."""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import time
from pathlib import Path

from bench.common import database, fake_api, run_json, seed
from fake_bot_api.measure import busiest_second

RESULTS = Path(__file__).with_name("results.json")


def median(values: list[float]) -> float:
    return statistics.median(values)


async def at_the_limit(due: int, runs: int, tick: int = 5) -> dict:
    """`due` people in the same minute, 25 a second allowed, 40 ms per API call.

    The bot ticks from its job queue every `tick` seconds, as when it runs.
    """
    results = []
    for _ in range(runs):
        async with database("sqlite") as url, fake_api(latency=0.04, flood_limit=30) as api:
            await seed(url, due=due, idle=0)
            result = run_json(
                "bench.within_steps",
                "broadcast",
                "--url",
                url,
                "--api",
                api.root_url,
                "--rate",
                "25",
                "--due",
                str(due),
                "--commands",
                "--tick",
                str(tick),
                timeout=900,
            )
            stats = await api.stats()
            reflections = {int(k): v for k, v in stats["accepted"].items()}
            stamps = sorted(stats["stamps"])
            result.update(
                too_many=stats["too_many_requests"],
                duplicates=sum(v - 1 for k, v in reflections.items() if k <= due and v > 1),
                missed=due - sum(1 for k in reflections if k <= due),
                achieved_rate=(len(stamps) - 1) / (stamps[-1] - stamps[0]),
                busiest_second=busiest_second(stamps),
            )
            results.append(result)
    return _medians(results)


async def cost(kind: str, due: int, runs: int, rate: int = 0) -> dict:
    """Unthrottled (rate 0: what one process can do), or at a rate; no API latency."""
    results = []
    for _ in range(runs):
        async with database(kind) as url, fake_api() as api:
            await seed(url, due=due, idle=0)
            results.append(
                run_json(
                    "bench.within_steps",
                    "broadcast",
                    "--url",
                    url,
                    "--api",
                    api.root_url,
                    "--rate",
                    str(rate),
                    "--due",
                    str(due),
                )
            )
    return _medians(results)


async def where_time_goes(kind: str, due: int) -> dict:
    """One unthrottled run under cProfile: the share of CPU by library (profiling slows it)."""
    async with database(kind) as url, fake_api() as api:
        await seed(url, due=due, idle=0)
        return run_json(
            "bench.within_steps",
            "broadcast",
            "--url",
            url,
            "--api",
            api.root_url,
            "--rate",
            "0",
            "--due",
            str(due),
            "--profile",
        )["cpu_shares"]


async def scale(subscribers: int, runs: int, reference: bool) -> dict:
    """Many stored on PostgreSQL, ten due: Within's tick, start-up and memory; the reference's."""
    within = []
    other = []
    async with database("postgresql") as url, fake_api() as api:
        await seed(url, due=10, idle=subscribers - 10)
        for _ in range(runs):
            within.append(
                run_json(
                    "bench.within_steps",
                    "startup",
                    "--url",
                    url,
                    "--api",
                    api.root_url,
                    "--due",
                    "10",
                )
            )
            if reference:
                other.append(run_json("bench.reference_bot", "--url", url, "--api", api.root_url))
    result = {"within": _medians(within)}
    if reference:
        result["reference"] = _medians(other)
    return result


async def reference_at_once(due: int, runs: int) -> dict:
    """The reference bot with `due` people all due at the same moment, same fake and latency."""
    results = []
    for _ in range(runs):
        async with database("sqlite") as url, fake_api(latency=0.04, flood_limit=30) as api:
            await seed(url, due=due, idle=0)
            started = time.perf_counter()
            run_json(
                "bench.reference_bot",
                "--url",
                url,
                "--api",
                api.root_url,
                "--fire-in",
                "3",
                "--wait",
                str(8 + due / 100),
            )
            stats = await api.stats()
            stamps = sorted(stats["stamps"])
            delivered = {int(k): v for k, v in stats["accepted"].items()}
            results.append(
                {
                    "seconds": (stamps[-1] - stamps[0]) if stamps else None,
                    "too_many": stats["too_many_requests"],
                    "missed": due - len(delivered),
                    "duplicates": sum(v - 1 for v in delivered.values()),
                    "busiest_second": busiest_second(stamps),
                    "wall": time.perf_counter() - started,
                }
            )
    return _medians(results)


def _medians(results: list[dict]) -> dict:
    keys = results[0].keys()
    out = {}
    for key in keys:
        values = [r[key] for r in results if isinstance(r.get(key), int | float)]
        out[key] = median(values) if values else results[0][key]
    out["runs"] = len(results)
    return out


async def run(full: bool, runs: int) -> dict:
    due = 5000 if full else 500
    results = {
        "machine": f"{platform.platform()}, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}",
        "full": full,
    }
    results["at_limit"] = await at_the_limit(due, 1 if not full else runs)
    results["reference_at_once"] = await reference_at_once(due, 1 if not full else runs)
    results["cost_sqlite"] = await cost("sqlite", 2000 if not full else 5000, runs)
    results["cost_postgresql"] = await cost("postgresql", 2000 if not full else 5000, runs)
    results["where_sqlite"] = await where_time_goes("sqlite", 2000 if not full else 5000)
    results["scale_100k"] = await scale(100_000, runs, reference=True)
    if full:
        results["scale_1m"] = await scale(1_000_000, runs, reference=False)
    return results


def table(r: dict) -> str:
    a = r["at_limit"]
    ref = r["reference_at_once"]
    s100 = r["scale_100k"]
    w = s100["within"]
    o = s100["reference"]
    n = 5000 if r["full"] else 500
    rows = [
        ("measure", "Within", "reference (run_daily per person)", "ratio"),
        (
            f"{n} due at once: time to deliver all",
            f"{a['seconds']:.1f} s",
            f"{ref['seconds']:.1f} s" if ref["seconds"] else "-",
            "-",
        ),
        (
            f"{n} due at once: achieved rate (limit 25/s)",
            f"{a['achieved_rate']:.1f}/s ({a['achieved_rate'] / 25:.0%})",
            "-",
            "-",
        ),
        (f"{n} due at once: 429s received", f"{a['too_many']:.0f}", f"{ref['too_many']:.0f}", "-"),
        (f"{n} due at once: missed", f"{a['missed']:.0f}", f"{ref['missed']:.0f}", "-"),
        (f"{n} due at once: duplicates", f"{a['duplicates']:.0f}", f"{ref['duplicates']:.0f}", "-"),
        (
            f"{n} due at once: busiest second",
            f"{a['busiest_second']:.0f}",
            f"{ref['busiest_second']:.0f}",
            "-",
        ),
        (
            "/settings mid-broadcast p50 / p99",
            f"{a['command_p50'] * 1000:.0f} / {a['command_p99'] * 1000:.0f} ms",
            "-",
            "-",
        ),
        (
            "unthrottled, SQLite: messages/s",
            f"{r['cost_sqlite']['messages_per_second']:.0f}",
            "-",
            "-",
        ),
        (
            "unthrottled, SQLite: CPU ms/message",
            f"{r['cost_sqlite']['cpu_ms_per_message']:.2f}",
            "-",
            "-",
        ),
        (
            "unthrottled, PostgreSQL: messages/s",
            f"{r['cost_postgresql']['messages_per_second']:.0f}",
            "-",
            "-",
        ),
        (
            "unthrottled, PostgreSQL: CPU ms/message",
            f"{r['cost_postgresql']['cpu_ms_per_message']:.2f}",
            "-",
            "-",
        ),
        ("100,000 subscribers: one tick (10 due)", f"{w['tick_ms_median']:.1f} ms", "-", "-"),
        (
            "100,000 subscribers: start-up",
            f"{w['startup_seconds']:.2f} s",
            f"{o['startup_seconds']:.2f} s",
            f"{o['startup_seconds'] / w['startup_seconds']:.1f}x",
        ),
        (
            "100,000 subscribers: peak memory",
            f"{w['peak_mb']:.0f} MB",
            f"{o['peak_mb']:.0f} MB",
            f"{o['peak_mb'] / w['peak_mb']:.1f}x",
        ),
    ]
    if "scale_1m" in r:
        m = r["scale_1m"]["within"]
        rows.append(
            ("1,000,000 subscribers: one tick (10 due)", f"{m['tick_ms_median']:.1f} ms", "-", "-")
        )
        rows.append(("1,000,000 subscribers: peak memory", f"{m['peak_mb']:.0f} MB", "-", "-"))
    shares = sorted(r["where_sqlite"].items(), key=lambda item: -item[1])
    rows.append(
        (
            "unthrottled, SQLite: where the main thread's time goes (cProfile)",
            ", ".join(f"{name} {share:.0%}" for name, share in shares),
            "-",
            "-",
        )
    )
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    lines = [
        "| " + " | ".join(str(c).ljust(widths[i]) for i, c in enumerate(row)) + " |" for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="5,000 at the limit, and 1,000,000")
    parser.add_argument("--runs", type=int, default=1, help="runs per figure; medians reported")
    arguments = parser.parse_args()
    started = time.perf_counter()
    results = asyncio.run(run(arguments.full, arguments.runs))
    RESULTS.write_text(json.dumps(results, indent=2))
    print(results["machine"])
    print(table(results))
    print(f"(in {time.perf_counter() - started:.0f} s; raw figures in {RESULTS})")


if __name__ == "__main__":
    main()
