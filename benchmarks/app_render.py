"""Render times of the researcher's two busiest screens, for a batch of 60 and of 5,000 notifications.

    python -m benchmarks.app_render [--sizes 60 5000] [--repeat 5] [--browser]

Each screen is run server-side through Streamlit's AppTest (the whole page
script: database queries, ranking, tables, charts), which is what a
reviewer waits for before the browser draws. The database is synthetic and
built with the Store API (no spaCy, no model); 40% of each batch is already
decided, so the "similar past decisions" search has history to look through.
Target: each screen under 1 s for 5,000 notifications.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

from triage.records import Decision, Mention, Notification, ParsedNotification, Proposal, Reason, RiskFactor, RuleHit
from triage.store import Store, now

log = logging.getLogger("benchmarks.app_render")

SENTENCES = (
    "Officers attended following a call from a neighbour about shouting.",
    "The child said that her dad hit her and she was scared to go home.",
    "No weapons were seen and both adults were sober.",
    "Mum has been drinking heavily since the separation.",
    "The school reports the pupil arrived hungry and in unwashed clothes.",
    "Grandmother lives nearby and provides support most evenings.",
    "There is a history of domestic abuse between the parents.",
    "The baby was asleep upstairs throughout the incident.",
)
FACTORS = ("disclosure", "domestic_abuse", "alcohol", "neglect", "weapon")
RAGS = ("RED", "AMBER", "GREEN")


def build(path: Path, n: int, seed: int = 7) -> list[int]:
    """One batch of `n` scored notifications, 40% decided; returns the notification ids."""
    rng = random.Random(seed)
    store = Store(path)
    try:
        received = now() - timedelta(hours=30)
        rows = []
        for i in range(n):
            text = " ".join(rng.sample(SENTENCES, 4)) + f" Child Sam TEST{i} (age {rng.randint(1, 16)}) was present."
            source = rng.choice(("police", "school", "health"))
            rows.append(
                Notification(source, f"REF-{i:05d}", received + timedelta(minutes=i * 17 % 1800), text, team="Team A")
            )
        ids = store.add_batch(f"bench-{n}.csv", rows, [])["notification_ids"]
        for nid, note in zip(ids, rows, strict=True):
            name = note.text.index("Sam TEST")
            hit = note.text.find("her dad hit her")
            factors = []
            if hit >= 0:
                factors.append(RiskFactor("disclosure", hit, hit + 15, "her dad hit her", "s"))
            rag = rng.choices(RAGS, (0.2, 0.4, 0.4))[0]
            probs = {r: 0.1 for r in RAGS} | {rag: 0.8}
            store.save_analysis(
                nid,
                ParsedNotification(
                    mentions=(Mention("Sam TEST", name, name + 8, role="child", age=7),),
                    risk_factors=tuple(factors),
                ),
                [],
                Proposal(
                    rag=rag,
                    shortlisted=rag != "GREEN",
                    priority=rng.random(),
                    probabilities=probs,
                    model_version="bench",
                    model_rag=rag,
                    rule_hits=(RuleHit("bench_rule", "floor", rag, "A benchmark rule.", "hit"),),
                    reasons=(Reason("disclosure", 1.2, "hit her"),),
                ),
            )
        for nid in ids[: int(n * 0.4)]:
            rag = rng.choice(RAGS)
            store.record_decision(Decision(nid, rag, rag != "GREEN", "researcher1", now(), "bench", False))
        return ids
    finally:
        store.close()


def _queue() -> None:
    from triage.ui import queue

    queue.page()


def _notification() -> None:
    from triage.ui import notification

    notification.page()


def timed(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return elapsed


def measure(n: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        ids = build(db, n)
        log.info("built %d notifications in %.1f s", n, time.perf_counter() - t0)
        os.environ["TRIAGE_DB"] = str(db)
        user = {"name": "researcher1", "role": "researcher"}

        queue = AppTest.from_function(_queue, default_timeout=120)
        queue.session_state["user"] = user
        timed(queue)  # warm-up: imports, first connection
        queue_times = [timed(queue) for _ in range(repeat)]

        opens, reruns = [], []
        view = AppTest.from_function(_notification, default_timeout=120)
        view.session_state["user"] = user
        undecided = ids[int(n * 0.4) :]
        view.session_state["open_id"] = undecided[0]
        view.session_state["open_token"] = 0
        timed(view)  # warm-up
        for k in range(repeat):
            # A fresh opening (view logged, similar decisions searched), then a rerun (a click on the page).
            view.session_state["open_id"] = undecided[(k + 1) % len(undecided)]
            view.session_state["open_token"] = k + 1
            opens.append(timed(view))
            reruns.append(timed(view))
        return {
            "queue": statistics.median(queue_times),
            "notification_open": statistics.median(opens),
            "notification_rerun": statistics.median(reruns),
        }


def measure_browser(n: int, repeat: int) -> dict[str, float]:
    """The same screens in Debian's Chromium against `streamlit run`: from the click to the page drawn."""
    import sys

    from playwright.sync_api import expect, sync_playwright

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from browser.harness import CHROMIUM_ARGS, chromium_path, streamlit_server

    from triage.auth import add_user

    chromium = chromium_path()
    if chromium is None:
        raise SystemExit("Chromium is not installed: apt-get install chromium")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        ids = build(db, n)
        store = Store(db)
        add_user(store, "researcher1", "researcher", "benchmark-password")
        store.close()
        with streamlit_server(db, Path(tmp) / "streamlit.log") as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            page.goto(url)
            page.get_by_role("textbox", name="Name", exact=True).fill("researcher1")
            page.get_by_role("textbox", name="Password", exact=True).fill("benchmark-password")
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible()

            def idle() -> None:
                page.wait_for_timeout(100)
                expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)

            queue_times, view_times = [], []
            for k in range(repeat):
                idle()
                start = time.perf_counter()
                box = page.get_by_label("Open notification")
                box.click()
                ref = f"REF-{int(n * 0.4) + k:05d}"
                box.fill(ref)
                page.get_by_role("option", name=ref, exact=False).first.click()
                expect(page.get_by_text("What the tool suggests")).to_be_visible()
                idle()
                view_times.append(time.perf_counter() - start)
                start = time.perf_counter()
                page.get_by_role("link", name="Queue").first.click()
                expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
                idle()
                queue_times.append(time.perf_counter() - start)
            browser.close()
        del ids
        return {"queue": statistics.median(queue_times), "notification_open": statistics.median(view_times)}


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[60, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--browser", action="store_true", help="also time the screens in Chromium (click to drawn)")
    args = parser.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    if args.browser:
        for n in args.sizes:
            r = measure_browser(n, args.repeat)
            log.info(
                "browser, %d notifications: queue %.3f s, open notification %.3f s (includes typing the reference)",
                n,
                r["queue"],
                r["notification_open"],
            )
    results = {n: measure(n, args.repeat) for n in args.sizes}
    log.info("%-12s %12s %20s %20s", "batch", "queue (s)", "open notification", "rerun notification")
    for n, r in results.items():
        log.info("%-12d %12.3f %20.3f %20.3f", n, r["queue"], r["notification_open"], r["notification_rerun"])
    worst = max(max(r.values()) for r in results.values())
    log.info("target: each under 1 s for 5,000 — %s (slowest %.3f s)", "met" if worst < 1 else "NOT met", worst)


if __name__ == "__main__":
    main()
