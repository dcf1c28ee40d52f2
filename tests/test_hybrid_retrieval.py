"""aicourse.rag (day 50): word_tokens, BM25Index (equal to rank_bm25's BM25Okapi), search_run,
reciprocal_rank_fusion (the formula, its properties, its errors) and inverse_cloze_split (the query sentence leaves
its document, excluded documents are never sources, seeded). Small synthetic corpora: fast, no model, no data files."""
from __future__ import annotations

import random

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from aicourse.data import BeirData
from aicourse.metrics import rank_run
from aicourse.rag import BM25Index, inverse_cloze_split, reciprocal_rank_fusion, search_run, word_tokens

WORDS = "p53 tumour tumours growth mice cell cells gene il 6 brca1 mutation mutated diet fat bone the of in and".split()


def random_texts(rng: random.Random, n: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 30))) for _ in range(n)]


def test_word_tokens():
    assert word_tokens("IL-6 in T-cells, 2.5-fold", stem=False) == ["il", "6", "in", "t", "cells", "2", "5", "fold"]
    assert word_tokens("Tumours TUMOUR tumour") == ["tumour"] * 3
    assert word_tokens("mutations mutated") == ["mutat", "mutat"]
    assert word_tokens("") == [] and word_tokens("--- ...") == []
    # any script: an ASCII-only [a-z0-9]+ dropped the Greek letter and split "naïve"; NFKC undoes a ligature
    assert word_tokens("TNF-α and IFN-γ in naïve cells", stem=False) == ["tnf", "α", "and", "ifn", "γ", "in", "naïve", "cells"]
    assert word_tokens("ﬁbrosis snake_case x²", stem=False) == ["fibrosis", "snake", "case", "x2"]
    with pytest.raises(TypeError, match="takes a string"):
        word_tokens(None)


@pytest.mark.filterwarnings("ignore:the mean idf")  # 20 words over 40 texts: often a negative mean idf
@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("k1,b", [(1.5, 0.75), (0.9, 0.4), (0.5, 1.0), (2.0, 0.0)])
def test_bm25_index_equals_rank_bm25(seed, k1, b):
    rng = random.Random(seed)
    texts = random_texts(rng, 40)
    index = BM25Index(texts, [f"d{i}" for i in range(40)], k1=k1, b=b)
    ref = BM25Okapi([word_tokens(t) for t in texts], k1=k1, b=b)
    for query in random_texts(rng, 10) + ["p53 p53 p53", "zebrafish", ""]:
        np.testing.assert_allclose(index.scores(query), ref.get_scores(word_tokens(query)), rtol=1e-12, atol=1e-12)


def test_search_orders_by_score_with_ids():
    rng = random.Random(0)
    texts = random_texts(rng, 30)
    ids = [f"doc-{i}" for i in range(30)]
    index = BM25Index(texts, ids, stem=False)
    queries = random_texts(rng, 6)
    scores, found = index.search(queries, 7)
    assert scores.dtype == np.float32 and scores.shape == (6, 7) and all(len(f) <= 7 for f in found)
    for q, row, got in zip(queries, scores, found, strict=True):
        s = index.scores(q).astype(np.float32)
        want = sorted((j for j in range(30) if s[j] > 0), key=lambda j: (s[j], ids[j]), reverse=True)[:7]
        assert got == [ids[j] for j in want]  # float32 score descending, ties by id descending; score 0 not found
        np.testing.assert_array_equal(row[: len(want)], s[want])
        assert np.all(np.isneginf(row[len(want):]))
    assert index.search(queries[:1], 100)[0].shape == (1, 30)  # k above the size: every text
    run = search_run(index, ["a", "b"], queries[:2], 3)
    assert list(run) == ["a", "b"] and list(run["a"]) == found[0][:3]


def test_k1_zero_counts_presence_only():
    index = BM25Index(["p53 p53 p53 gene", "p53 gene", "diet", "bone", "fat"], list("xyzuv"), k1=0.0, b=0.0)
    s = index.scores("p53")
    assert s[0] == s[1] > 0 and s[2] == s[3] == s[4] == 0  # rank_bm25 itself returns NaN here (0 / 0 for an absent word)


def test_stemming_changes_matches():
    texts, ids = ["tumours in mice", "a tumour in a mouse", "bone density", "vitamin d", "fat diet"], list("vwxyz")
    assert BM25Index(texts, ids, stem=False).scores("tumour")[0] == 0
    assert BM25Index(texts, ids, stem=True).scores("tumour")[0] > 0


@pytest.mark.filterwarnings("ignore:the mean idf")
def test_bm25_errors():
    with pytest.raises(ValueError, match="duplicate ids"):
        BM25Index(["a b", "c"], ["x", "x"])
    with pytest.raises(ValueError, match="one id per text"):
        BM25Index(["a b"], ["x", "y"])
    with pytest.raises(ValueError, match="no words"):
        BM25Index(["", "..."], ["x", "y"])
    with pytest.raises(ValueError, match="no words"):
        BM25Index([], [])
    with pytest.raises(TypeError, match="list of strings"):
        BM25Index("one text", ["x"])
    with pytest.raises(ValueError, match="k1"):
        BM25Index(["a"], ["x"], b=1.5)
    index = BM25Index(["a b", "c"], ["x", "y"])
    with pytest.raises(ValueError, match="k must be"):
        index.search(["a"], 0)
    with pytest.raises(TypeError, match="list of strings"):
        index.search("a", 1)
    with pytest.raises(ValueError, match="query ids"):
        search_run(index, ["q1", "q2"], ["a"], 1)


def rrf_by_hand(runs, k=60, weights=None, depth=None):
    weights = weights or [1.0] * len(runs)
    out: dict[str, dict[str, float]] = {}
    for run, w in zip(runs, weights, strict=True):
        if w == 0:
            continue  # a run of weight 0 is left out
        for q, docs in run.items():
            ranked = sorted(docs, key=lambda d: (docs[d], d), reverse=True)[:depth]
            fused = out.setdefault(q, {})  # a query with an empty ranking stays, with no documents
            for r, d in enumerate(ranked):
                fused[d] = fused.get(d, 0.0) + w / (k + r + 1)
    return out


def random_run(rng: random.Random, queries: list[str]) -> dict[str, dict[str, float]]:
    return {q: {f"d{j}": float(rng.choice([0.1, 0.5, 1.0, 2.0, rng.random()])) for j in rng.sample(range(15), rng.randint(0, 10))}
            for q in queries if rng.random() < 0.9}


@pytest.mark.parametrize("seed", range(10))
def test_rrf_formula(seed):
    rng = random.Random(seed)
    queries = [f"q{i}" for i in range(5)]
    runs = [random_run(rng, queries) for _ in range(rng.randint(1, 3))]
    k, depth = rng.choice([0, 1, 60, 2.5]), rng.choice([None, 1, 3, 100])
    weights = [rng.choice([0.0, 0.5, 1.0, 2.0]) for _ in runs]
    weights[0] = weights[0] or 1.0  # at least one positive
    got = reciprocal_rank_fusion(runs, k=k, weights=weights, depth=depth)
    want = rrf_by_hand(runs, k, weights, depth)
    assert got.keys() == want.keys()
    for q in want:
        assert got[q].keys() == want[q].keys()
        assert all(got[q][d] == pytest.approx(want[q][d], rel=1e-12) for d in want[q])


def test_rrf_properties():
    a = {"q": {"x": 0.9, "y": 0.8, "z": 0.1}}
    b = {"q": {"y": 30.0, "w": 12.0}}
    fused = reciprocal_rank_fusion([a, b], k=60)["q"]
    assert fused["y"] == pytest.approx(1 / 62 + 1 / 61) and fused["w"] == pytest.approx(1 / 62)  # only in one run
    scaled = {"q": {d: 1e3 * s - 5 for d, s in a["q"].items()}}  # a monotone rescaling changes no rank
    assert reciprocal_rank_fusion([scaled, b]) == reciprocal_rank_fusion([a, b])
    assert rank_run(reciprocal_rank_fusion([a]))["q"] == rank_run(a)["q"]  # one run: its order is kept
    assert reciprocal_rank_fusion([a, b], weights=[1, 0]) == reciprocal_rank_fusion([a])  # weight 0: no padding
    assert rank_run(reciprocal_rank_fusion([a, b], weights=[1, 0]))["q"] == ["x", "y", "z"]
    assert reciprocal_rank_fusion([a], depth=np.int64(2)) == reciprocal_rank_fusion([a], depth=2)
    assert reciprocal_rank_fusion([{"q": {"a": 1.0, "b": 1.0}}], k=0)["q"] == {"b": 1.0, "a": 0.5}  # ties: id desc
    assert reciprocal_rank_fusion([{}, {}]) == {} and reciprocal_rank_fusion([{"q": {}}]) == {"q": {}}
    assert sorted(reciprocal_rank_fusion([a, b], depth=1)["q"]) == ["x", "y"]


def test_rrf_errors():
    a = {"q": {"x": 1.0}}
    for kwargs, match in [(dict(weights=[1, 2]), "one weight per run"), (dict(weights=[-1]), "weights"),
                          (dict(weights=[float("nan")]), "weights"), (dict(k=-1), "k must be"),
                          (dict(depth=0), "depth"), (dict(depth=2.5), "depth"), (dict(weights=[0]), "at least one")]:
        with pytest.raises(ValueError, match=match):
            reciprocal_rank_fusion([a], **kwargs)
    with pytest.raises(ValueError, match="needs a list"):
        reciprocal_rank_fusion([])


def toy_corpus(n: int = 30, seed: int = 0) -> dict[str, dict[str, str]]:
    rng = random.Random(seed)

    def sentence(i: int, j: int) -> str:
        return f"Sentence {j} of doc {i} says " + " ".join(rng.choice(WORDS) for _ in range(6)) + "."
    return {f"d{i}": {"title": f"Title {i}", "text": " ".join(sentence(i, j) for j in range(rng.randint(1, 5)))}
            for i in range(n)}


def test_inverse_cloze_split():
    corpus = toy_corpus()
    exclude = {"d0", "d1", "d2", "d3"}
    dev = inverse_cloze_split(corpus, 10, seed=3, exclude=exclude)
    assert isinstance(dev, BeirData) and len(dev.queries) == 10 and set(dev.corpus) == set(corpus)
    for q, rel in dev.qrels.items():
        (d,) = rel
        assert rel[d] == 1 and d not in exclude and q == f"ict-{d}"
        assert dev.queries[q] in corpus[d]["text"] and dev.queries[q] not in dev.corpus[d]["text"]
        assert dev.corpus[d]["title"] == corpus[d]["title"]
        assert len(dev.corpus[d]["text"]) == len(corpus[d]["text"]) - len(dev.queries[q]) - 1  # one space fewer
    untouched = set(corpus) - {d for rel in dev.qrels.values() for d in rel}
    assert all(dev.corpus[d] == corpus[d] for d in untouched)
    assert corpus == toy_corpus()  # the input is not changed
    again = inverse_cloze_split(corpus, 10, seed=3, exclude=exclude)
    assert again.queries == dev.queries and again.corpus == dev.corpus
    assert inverse_cloze_split(corpus, 10, seed=4, exclude=exclude).queries != dev.queries


def test_inverse_cloze_split_errors():
    corpus = toy_corpus()
    n_sources = sum(len(doc["text"].split(". ")) >= 3 for doc in corpus.values())
    inverse_cloze_split(corpus, n_sources)  # every source once
    for bad in (0, n_sources + 1, 2.0, True):
        with pytest.raises(ValueError, match="n_queries must be"):
            inverse_cloze_split(corpus, bad)
    with pytest.raises(ValueError, match="n_queries must be"):
        inverse_cloze_split(corpus, 1, exclude=list(corpus))
    with pytest.raises(ValueError, match="at least 99 words"):  # the message names every limit that applies
        inverse_cloze_split(corpus, 1, min_words=99)


def test_search_ranks_as_rank_run_at_every_depth():
    # many exact ties (texts repeat): the old search broke them by index, rank_run by id descending, so a run's
    # metrics changed with the depth it was cut at
    texts = ["p53 gene", "gene p53", "p53 diet", "diet", "bone", "fat", "mice", "the cell"] * 3
    ids = [f"d{i}" for i in range(len(texts))]
    index = BM25Index(texts, ids, stem=False)
    full = search_run(index, ["q"], ["p53 gene"], len(texts))
    for k in (1, 2, 3, 5, 8, len(texts)):
        _, found = index.search(["p53 gene"], k)
        assert found[0] == rank_run(full, k)["q"]
    assert set(full["q"]) == {d for d, t in zip(ids, texts, strict=True) if "p53" in t or "gene" in t}  # score 0: gone
    assert min(full["q"].values()) > 0


def test_negative_mean_idf_warns():
    with pytest.warns(UserWarning, match="mean idf"):
        index = BM25Index(["x y"] * 3 + ["z"], list("abcd"), stem=False)
    assert index.scores("x").argmax() == 3  # rank_bm25's negative floor: the text without 'x' scores highest
    assert index.search(["x"], 4)[1] == [[]]  # and no text scores > 0
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        BM25Index(["x y", "z", "w", "v"], list("abcd"))  # a normal corpus: no warning


def test_bm25_argument_checks():
    index = BM25Index(["p53 gene", "diet", "bone"], list("abc"))
    for bad in (2.9, float("nan"), "2", True):
        with pytest.raises(TypeError, match="whole number"):
            index.search(["p53"], bad)
    assert index.search(["p53"], np.int64(2))[1] == [["a"]]
    for k1 in (float("inf"), float("nan"), -1, True):
        with pytest.raises(ValueError, match="k1"):
            BM25Index(["a"], ["x"], k1=k1)
    with pytest.raises(TypeError, match="not a dict"):
        search_run(index, ["q1"], {"q1": "p53"}, 2)  # would search the id 'q1' as text
    with pytest.raises(TypeError, match="list of strings"):
        index.search({"q1": "p53"}, 2)
    assert index.stem is True and BM25Index(["a", "b", "c"], list("xyz"), tokenizer=str.split).stem is None
