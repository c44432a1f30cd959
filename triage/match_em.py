"""Estimating m-probabilities by expectation-maximisation over blocked pairs.

Why: m (how often a true match shows an outcome) depends on how a hub's
records and referrers make mistakes, which hand-set numbers can only guess.
EM learns it from unlabelled pairs, as Splink does:

- The pairs are *blocked candidate pairs* — records that share a blocking key
  (`triage.match.blocking_keys`), so matches are common enough among them to
  be learnt from. At records import they are pairs within the index (people
  in one household excluded: they are different people by construction, and
  would otherwise teach EM that "a match" means "a sibling"). For
  `triage link FILE.csv` they are the file's rows against their candidates.
- u stays fixed at the values measured on random pairs (`estimate_params`):
  random pairs are almost all non-matches, so u needs no EM, and fixing it
  keeps EM from drifting to some other cluster of look-alikes.
- E-step: each comparison pattern's match probability under the current m, u
  and λ (the share of matches among the pairs). M-step: m is the
  match-weighted share of each outcome, with a Dirichlet prior of
  `prior_strength` pseudo-pairs centred on the current m, so an outcome seen
  in few matches keeps a sensible value instead of collapsing to 0 (an
  infinite weight), and an index with hardly any duplicates keeps its
  documented defaults.

Patterns (tuples of (field, outcome)) are counted once, so EM over hundreds of
thousands of pairs costs milliseconds per iteration.
"""

from __future__ import annotations

import logging
import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from triage.match import MISSING, MatchParams, Prepared, outcome_vector, person_keys, prepare_person
from triage.records import Person

log = logging.getLogger(__name__)

Pattern = tuple[tuple[str, str], ...]

EM_FIELDS = ("given_name", "family_name", "dob", "age", "postcode", "address", "school")


@dataclass(frozen=True)
class EMResult:
    """What EM found: new m, the share of matches among the pairs, and how it got there."""

    m: dict[str, dict[str, float]]
    match_share: float
    expected_matches: float
    pairs: int
    iterations: int
    converged: bool


def _log2_bayes(params_m: Mapping[str, Mapping[str, float]], u: Mapping[str, Mapping[str, float]],
                pattern: Pattern) -> float:
    total = 0.0
    for f, o in pattern:
        if o == MISSING:
            continue
        total += math.log2(max(params_m[f][o], 1e-12) / max(u[f][o], 1e-12))
    return total


def run_em(
    patterns: Mapping[Pattern, int],
    params: MatchParams,
    *,
    prior_strength: float = 20.0,
    match_share: float = 0.3,
    max_share: float = 0.5,
    max_iter: int = 100,
    tol: float = 1e-5,
) -> EMResult:
    """EM for m, λ and the non-match distribution among these pairs, over counted patterns.

    Non-matches *among blocked pairs* look more alike than random pairs (they
    share a key), so EM fits their outcome distribution too (starting from the
    random-pair u) — otherwise it would call every blocked pair a match. The
    share of matches λ is kept at or below `max_share` (see `apply_em`), so EM
    cannot re-label a big cluster of look-alikes (neighbours, common names) as
    "the matches". Only m is kept: scoring goes on using u from random pairs with the index-wide
    prior, which is what a look-up against the whole index needs.
    """
    m = {f: dict(o) for f, o in params.m.items()}
    prior_m = {f: dict(o) for f, o in params.m.items()}
    u = {f: dict(o) for f, o in params.u.items()}
    n_pairs = sum(patterns.values())
    if n_pairs == 0:
        return EMResult(m, 0.0, 0.0, 0, 0, True)
    lam = min(match_share, max_share)
    converged = False
    iteration = 0
    expected = 0.0
    for iteration in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        m_counts: dict[str, Counter[str]] = defaultdict(Counter)
        u_counts: dict[str, Counter[str]] = defaultdict(Counter)
        expected = 0.0
        prior_w = math.log2(lam / (1 - lam))
        for pattern, n in patterns.items():
            w = prior_w + _log2_bayes(m, u, pattern)
            p = 1.0 / (1.0 + 2.0 ** (-w)) if w > -60 else 0.0
            expected += p * n
            for f, o in pattern:
                if o != MISSING:
                    m_counts[f][o] += p * n
                    u_counts[f][o] += (1 - p) * n
        change = 0.0
        for f, outcomes in m.items():
            if f not in m_counts:
                continue
            total_m = sum(m_counts[f].values()) + prior_strength
            total_u = sum(u_counts[f].values()) + len(outcomes) * 0.5
            for o in outcomes:
                new = (m_counts[f][o] + prior_strength * prior_m[f][o]) / total_m
                change = max(change, abs(new - outcomes[o]))
                outcomes[o] = new
                u[f][o] = (u_counts[f][o] + 0.5) / total_u
        new_lam = min(max(expected / n_pairs, 1e-9), max_share, 1 - 1e-9)
        change = max(change, abs(new_lam - lam))
        lam = new_lam
        if change < tol:
            converged = True
            break
    return EMResult(m, lam, expected, n_pairs, iteration, converged)


def strong_pairs(patterns: Mapping[Pattern, int], params: MatchParams, bits: float = 15.0) -> int:
    """Pairs whose fields alone (no prior) favour a match by at least `bits` under the starting m.

    The guard against EM learning the wrong thing: with no duplicates among
    the pairs, EM still finds *some* cluster (people who share a common name
    and birth year) and calls it "match". Only when the starting model already
    sees enough pairs that are plainly the same person is there a match class
    to learn from.
    """
    return sum(n for pattern, n in patterns.items() if _log2_bayes(params.m, params.u, pattern) >= bits)


def apply_em(
    params: MatchParams,
    patterns: Mapping[Pattern, int],
    *,
    source: str,
    min_matches: int = 50,
    prior_strength: float = 20.0,
    rows: int | None = None,
) -> MatchParams:
    """params with m from EM, or unchanged (with a note saying why) when the pairs hold too few matches.

    The household outcome is not in the patterns (it is a property of a
    notification, not of a pair) and keeps its m. With `rows` (the number of
    people whose candidates the pairs are) the prior is also re-estimated:
    EM's expected matches per row is the share of those people who are in the
    index, and the prior of one given record is that share over the index's
    size (unchanged: prior × size / in-index rate of the saved params).
    """
    notes = dict(params.notes)
    n_pairs = sum(patterns.values())
    strong = strong_pairs(patterns, params)
    if strong < min_matches:
        notes["m"] = (f"hand-set defaults: among {n_pairs} {source} only {strong} are plainly one person "
                      f"(fewer than {min_matches}), too few for EM")
        log.info("%s", notes["m"])
        return replace(params, notes=notes)
    # Plain duplicates are most of the matches; allow EM up to three times as many.
    share = strong / n_pairs
    result = run_em(patterns, params, prior_strength=prior_strength, match_share=share,
                    max_share=min(0.9, 3 * share))
    notes["m"] = (f"EM over {result.pairs} {source}: about {result.expected_matches:.0f} matches "
                  f"({result.match_share:.1%}), {result.iterations} iterations"
                  f"{'' if result.converged else ' (not converged)'}, prior {prior_strength:g} pseudo-pairs "
                  "centred on the defaults")
    prior = params.prior
    if rows:
        rate = min(max(result.expected_matches / rows, 0.01), 1.0)
        index_size_over_rate = 1.0 / params.prior  # prior = rate0 / n  ->  n / rate0
        rate0 = float(params.notes.get("in_index_rate", 0.5))
        prior = min(0.5, rate / (index_size_over_rate * rate0))
        notes["prior"] = f"{rate:.1%} of the linked rows are in the index (EM), so prior {prior:.3g}"
    log.info("%s", notes["m"])
    return replace(params, m=result.m, prior=prior, notes=notes)


def count_patterns(pairs: Iterable[tuple[Prepared, Prepared]], as_of: date) -> Counter[Pattern]:
    return Counter(outcome_vector(a, b, as_of) for a, b in pairs)


def index_pairs(
    persons: Sequence[Person],
    *,
    max_records: int = 50_000,
    max_pairs: int = 300_000,
    seed: int = 0,
) -> list[tuple[Prepared, Prepared]]:
    """Blocked pairs within (a random sample of) the index, people of one household left out.

    A sample keeps import-time EM to seconds on a million-record index; the
    blocking keys are the ones the store indexes, so these are the pairs a
    look-up would put side by side.
    """
    rng = random.Random(seed)
    sample = list(persons) if len(persons) <= max_records else rng.sample(list(persons), max_records)
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(sample):
        for k in person_keys(p):
            by_key[k].append(i)
    seen: set[tuple[int, int]] = set()
    for ids in by_key.values():
        if len(ids) < 2:
            continue
        if len(ids) > 200:  # a very common key: sample its pairs rather than take all
            ids = rng.sample(ids, 200)
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                i, j = ids[x], ids[y]
                a, b = sample[i], sample[j]
                if a.household_id and a.household_id == b.household_id:
                    continue
                seen.add((i, j) if i < j else (j, i))
    pairs = sorted(seen)
    if len(pairs) > max_pairs:
        pairs = rng.sample(pairs, max_pairs)
    return [(prepare_person(sample[i]), prepare_person(sample[j])) for i, j in pairs]


def estimate_m_from_index(params: MatchParams, persons: Sequence[Person], as_of: date, seed: int = 0) -> MatchParams:
    """m by EM over blocked pairs within the index (see the module docstring)."""
    pairs = index_pairs(persons, seed=seed)
    return apply_em(params, count_patterns(pairs, as_of), source="blocked pairs within the index")
