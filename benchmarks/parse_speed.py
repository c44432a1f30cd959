"""Docs/s of the triage parse pipeline against the bare spaCy model on ~150-word notifications.

    .venv/bin/python benchmarks/parse_speed.py [n_docs] [--mp]

The target is a ratio of at least 0.7: the rule components must stay cheap next to the model.
"""

from __future__ import annotations

import logging
import random
import sys
import time
from collections.abc import Callable, Iterable

import spacy

from triage.config import Settings
from triage.parse import load_pipeline, parse_many

log = logging.getLogger("parse_speed")

SENTENCES = [
    "Attended address re verbal argument between IP Sarah JONES (DOB 12/01/1988) and her partner Mark DAVIES.",
    "Children Kayleigh SMITH aged 9 and Liam SMITH 4 y/o were asleep upstairs.",
    "No weapons were used.",
    "DASH completed – STANDARD.",
    "Mother states she has support from her family and is engaging with early help.",
    "Kayleigh attends St Mary's CE Primary School, Year 4, where attendance is 82%.",
    "Officers noted the home conditions were poor with dog faeces on the floor.",
    "Suspect was arrested on suspicion of assault and taken into custody.",
    "Crime ref 49/12345/26.",
    "The IP disclosed that he has previously put his hands around her neck.",
    "Address 14 High Street, Exeter EX1 2AB.",
    "Mum denies any drug use and says she is not drinking.",
    "Liam was seen with a bruise to his cheek with no explanation given.",
    "Operation Encompass notification sent to the school.",
    "If he returns she will call police.",
]


def notifications(n: int, words: int = 150, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts: list[str] = []
        while len(" ".join(parts).split()) < words:
            parts.append(rng.choice(SENTENCES))
        out.append(" ".join(parts))
    return out


def rate(run: Callable[[], Iterable[object]], n: int) -> float:
    start = time.perf_counter()
    count = sum(1 for _ in run())
    assert count == n
    return n / (time.perf_counter() - start)


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    n = int(next((a for a in argv if a.isdigit()), "400"))
    texts = notifications(n)
    settings = Settings()
    bare = spacy.load(settings.spacy_model)
    nlp = load_pipeline(settings)
    list(bare.pipe(texts[:20]))
    list(parse_many(nlp, texts[:20]))  # warm up both
    b = p = 0.0
    for _ in range(2):  # interleave to even out machine noise
        b += rate(lambda: bare.pipe(texts, batch_size=32), n)
        p += rate(lambda: parse_many(nlp, texts, batch_size=32), n)
    log.info("%d docs, mean %.0f words", n, sum(len(t.split()) for t in texts) / n)
    log.info("bare spacy.load(%s).pipe: %.1f docs/s", settings.spacy_model, b / 2)
    log.info("triage parse_many:        %.1f docs/s (ratio %.2f)", p / 2, p / b)
    if "--mp" in argv:
        log.info("triage parse_many n_process=2: %.1f docs/s",
                 rate(lambda: parse_many(nlp, texts, batch_size=32, n_process=2), n))


if __name__ == "__main__":
    main(sys.argv[1:])
