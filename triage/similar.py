"""Similar past decisions: how people rated the notifications most like this one.

The inspection letter found thresholds applied inconsistently. Showing, beside
each proposal, the most similar earlier notifications and how they were rated
("4 of the 5 most similar were rated RED") lets a researcher rate like cases
alike. Similarity is a weighted cosine over two parts: the risk factors read
from the text (what the guide cares about) and TF-IDF word n-grams (how the
situation was described).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from triage.store import Store

FACTOR_SHARE = 0.6  # share of the similarity from risk factors; the rest from the words


def _vectors(texts: Sequence[str], factors: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """Rows whose dot products are the weighted cosine similarity of two notifications."""
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, strip_accents="unicode").fit_transform(
        texts
    )
    vocab = sorted({f for fs in factors for f in fs})
    index = {f: i for i, f in enumerate(vocab)}
    rows = [i for i, fs in enumerate(factors) for f in fs]
    cols = [index[f] for fs in factors for f in fs]
    found = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), max(len(vocab), 1)))
    return sparse.hstack(
        [normalize(words) * np.sqrt(1 - FACTOR_SHARE), normalize(found) * np.sqrt(FACTOR_SHARE)], format="csr"
    )


def similar_decisions(store: Store, notification_id: int, k: int = 5) -> list[dict[str, Any]]:
    """The `k` earlier decided notifications most similar to this one, most similar first.

    Only notifications received before this one count (what a researcher
    could have known), and never the notification itself.
    """
    target = store.notification(notification_id)
    target_factors = sorted(store.parsed(notification_id).present_factors())
    earlier = [
        d
        for d in store.decided_notifications()
        if d["notification_id"] != notification_id and d["received_at"] <= target.received_at.isoformat()
    ]
    if not earlier:
        return []
    x = _vectors([target.text, *(d["text"] for d in earlier)], [target_factors, *(d["factors"] for d in earlier)])
    sims = (x[1:] @ x[0].T).toarray().ravel()
    order = np.argsort(-sims, kind="stable")[:k]
    return [
        {
            "notification_id": earlier[i]["notification_id"],
            "ref": earlier[i]["ref"],
            "received_at": earlier[i]["received_at"],
            "similarity": round(float(sims[i]), 3),
            "decided_rag": earlier[i]["decided_rag"],
            "proposed_rag": earlier[i]["proposed_rag"],
        }
        for i in order
    ]


def summary(items: Sequence[dict[str, Any]]) -> str:
    """One line for the review screen: "4 of the 5 most similar were rated RED"."""
    if not items:
        return "no similar earlier decisions yet"
    counts = Counter(i["decided_rag"] for i in items)
    rag, n = max(counts.items(), key=lambda kv: (kv[1], {"RED": 2, "AMBER": 1, "GREEN": 0}.get(kv[0], -1)))
    if len(items) == 1:
        return f"the most similar was rated {rag}"
    return f"{n} of the {len(items)} most similar were rated {rag}"
