"""Day 49: retrieval metrics equal trec_eval (pytrec_eval) on random runs with ties, graded judgments and missing
documents; `evaluate_run` counts a judged query missing from the run as 0; `load_beir` reads SciFact's BEIR layout
(5,183 / 300 / 339) and `beir_subset` keeps every judged document of its queries."""
from __future__ import annotations

import gzip
import itertools
import json
import math
import os
import random
import warnings
from pathlib import Path

import numpy as np
import pytest

from aicourse.data import BeirData, beir_subset, load_beir
from aicourse.metrics import (
    bootstrap_mean_ci,
    evaluate_run,
    ndcg_at_k,
    query_scores,
    rank_run,
    recall_at_k,
    reciprocal_rank,
)

pytrec_eval = pytest.importorskip("pytrec_eval")
ROOT = Path(__file__).resolve().parents[1]


def scifact() -> Path | None:
    for candidate in (os.environ.get("AICOURSE_DATA_DIR"), ROOT.parent / "shared" / "data"):
        if candidate and (Path(candidate) / "scifact_beir" / "qrels" / "test.tsv").is_file():
            return Path(candidate) / "scifact_beir"
    return None


def random_case(rng: random.Random, n_queries: int):
    docs = [f"d{i}" for i in range(rng.randint(1, 30))] + ["7", "10", "9"]  # numeric ids sort as strings
    qrels, run = {}, {}
    for q in range(n_queries):
        qrels[f"q{q}"] = {d: rng.choice([-2, 0, 1, 1, 2, 3]) for d in rng.sample(docs, rng.randint(1, len(docs)))}
        if max(qrels[f"q{q}"].values()) < 0:  # pytrec_eval 0.5.11 crashes (segfault) on a query with only negatives
            qrels[f"q{q}"][next(iter(qrels[f"q{q}"]))] = 0
        if rng.random() < 0.9:  # some judged queries are missing from the run
            found = rng.sample(docs + ["u1", "u2"], rng.randint(1, len(docs)))
            run[f"q{q}"] = {d: rng.choice([0.1, 0.5, 0.5, 0.9, 1.3, -2.0]) for d in found}  # many ties
    return qrels, run


@pytest.mark.parametrize("seed", range(40))
def test_metrics_equal_pytrec_eval(seed):
    rng = random.Random(seed)
    qrels, run = random_case(rng, 6)
    ranked = rank_run(run)
    for k in (1, 3, 10, 50):
        ref = pytrec_eval.RelevanceEvaluator(qrels, {f"ndcg_cut.{k}", f"recall.{k}"}).evaluate(run)
        cut = {q: {d: run[q][d] for d in r[:k]} for q, r in ranked.items()}
        rr = pytrec_eval.RelevanceEvaluator(qrels, {"recip_rank"}).evaluate(cut)
        assert set(ref) == set(run)  # pytrec_eval skips the judged queries missing from the run
        for q in ref:
            assert ndcg_at_k(ranked[q], qrels[q], k) == pytest.approx(ref[q][f"ndcg_cut_{k}"], abs=1e-12)
            assert recall_at_k(ranked[q], qrels[q], k) == pytest.approx(ref[q][f"recall_{k}"], abs=1e-12)
            assert reciprocal_rank(ranked[q], qrels[q], k) == pytest.approx(rr[q]["recip_rank"], abs=1e-12)
        ours = query_scores(run, qrels, "ndcg", k)
        assert set(ours) == set(qrels)
        assert all(ours[q] == 0.0 for q in qrels if q not in run)


def test_rank_run_breaks_ties_like_trec_eval():
    assert rank_run({"q": {"a": 1.0, "b": 1.0, "c": 2.0}}) == {"q": ["c", "b", "a"]}
    assert rank_run({"q": {"9": 0.5, "10": 0.5, "x": 0.1}}, k=2) == {"q": ["9", "10"]}
    assert rank_run({"q": {}}) == {"q": []}
    with pytest.raises(ValueError, match="NaN"):
        rank_run({"q": {"a": float("nan")}})
    with pytest.raises(ValueError, match="k must be"):
        rank_run({"q": {"a": 1.0}}, k=0)


def test_metric_values_and_edge_cases():
    rel = {"a": 2, "b": 1, "z": 0}
    assert ndcg_at_k(["a", "b"], rel, 2) == 1.0
    assert ndcg_at_k(["b", "a"], rel, 2) == pytest.approx((1 + 2 / math.log2(3)) / (2 + 1 / math.log2(3)))
    assert ndcg_at_k(["b"], rel, 10) == pytest.approx(1 / (2 + 1 / math.log2(3)))  # ideal from the qrels
    assert ndcg_at_k(["a", "b"], rel, 100) == 1.0  # k beyond the ranking
    assert recall_at_k(["z", "b"], rel, 2) == 0.5
    assert reciprocal_rank(["z", "x", "b"], rel) == pytest.approx(1 / 3)
    assert reciprocal_rank(["z", "x", "b"], rel, k=2) == 0.0
    for f in (ndcg_at_k, recall_at_k):
        assert f(["a"], {"a": 0}, 10) == 0.0  # no relevant document: 0, as trec_eval
        assert f([], rel, 10) == 0.0
        with pytest.raises(ValueError, match="k must be"):
            f(["a"], rel, 0)
        with pytest.raises(ValueError, match="repeats"):
            f(["a", "a"], rel, 5)
        with pytest.raises(ValueError, match="grades"):
            f(["a"], {"a": 1.5}, 5)
        with pytest.raises(ValueError, match="grades"):
            f(["a"], {"a": True}, 5)
        with pytest.raises(TypeError):
            f("ab", rel, 5)


def test_evaluate_run_counts_missing_queries_as_zero():
    qrels = {"q1": {"a": 1}, "q2": {"b": 1}}
    with pytest.warns(UserWarning, match="1 of 2 judged queries are missing"):
        out = evaluate_run({"q1": {"a": 1.0}, "extra": {"a": 1.0}}, qrels, ks=(1, 10))
    assert out == {"ndcg@1": 0.5, "recall@1": 0.5, "mrr@1": 0.5, "ndcg@10": 0.5, "recall@10": 0.5, "mrr@10": 0.5}
    with pytest.raises(ValueError, match="qrels is empty"):
        evaluate_run({}, {})
    with pytest.raises(ValueError, match="metric must be"):
        query_scores({}, qrels, "map", 10)


def test_bootstrap_interval():
    scores = [0.0, 1.0] * 150
    low, high = bootstrap_mean_ci(scores, n_boot=4000, seed=0)
    half = 1.96 * 0.5 / math.sqrt(300)
    assert low < 0.5 < high and (high - low) / 2 == pytest.approx(half, rel=0.1)
    assert bootstrap_mean_ci(scores, seed=3) == bootstrap_mean_ci(scores, seed=3)
    with pytest.raises(ValueError):
        bootstrap_mean_ci([1.0])
    with pytest.raises(ValueError):
        bootstrap_mean_ci([0.1, float("nan")])


def write_beir(folder: Path, qrels_lines: list[str]) -> Path:
    (folder / "qrels").mkdir(parents=True)
    with gzip.open(folder / "corpus.jsonl.gz", "wt") as f:
        for i in range(5):
            f.write(json.dumps({"_id": f"d{i}", "title": f"T{i}", "text": f"text {i}"}) + "\n")
    (folder / "queries.jsonl").write_text("".join(json.dumps({"_id": q, "text": f"query {q}"}) + "\n"
                                                  for q in ("1", "2", "3")))
    (folder / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n" + "\n".join(qrels_lines) + "\n")
    return folder


def test_load_beir_folder_and_errors(tmp_path):
    data = load_beir(write_beir(tmp_path / "toy", ["1\td0\t1", "1\td3\t2", "3\td4\t0"]))
    assert list(data.queries) == ["1", "3"]  # only the judged queries
    assert data.qrels == {"1": {"d0": 1, "d3": 2}, "3": {"d4": 0}}
    assert data.doc_texts(["d2"]) == ["T2 text 2"]
    with pytest.raises(FileNotFoundError, match="splits there"):
        load_beir(tmp_path / "toy", split="dev")
    with pytest.raises(FileNotFoundError, match="neither a registered dataset nor a folder"):
        load_beir(tmp_path / "nothing")
    with pytest.raises(ValueError, match="unknown document"):
        load_beir(write_beir(tmp_path / "bad1", ["1\tnope\t1"]))
    with pytest.raises(ValueError, match="judged twice"):
        load_beir(write_beir(tmp_path / "bad2", ["1\td0\t1", "1\td0\t1"]))
    with pytest.raises(ValueError, match="want 'query-id"):
        load_beir(write_beir(tmp_path / "bad3", ["1\td0"]))


def test_beir_subset_properties(tmp_path):
    data = load_beir(write_beir(tmp_path / "toy", ["1\td0\t1", "1\td3\t2", "2\td1\t1", "3\td4\t0"]))
    sub = beir_subset(data, 2, 1, seed=5)
    assert isinstance(sub, BeirData) and len(sub.queries) == 2 and set(sub.qrels) == set(sub.queries)
    judged = {d for rel in sub.qrels.values() for d in rel}
    assert judged <= set(sub.corpus) and len(sub.corpus) == len(judged) + 1
    assert beir_subset(data, 2, 1, seed=5) == sub  # seeded
    assert set(beir_subset(data, 2, 0, seed=5).corpus) <= set(sub.corpus)  # nested across sizes
    assert len(beir_subset(data, 3, None).corpus) == 5
    with pytest.raises(ValueError, match="n_queries"):
        beir_subset(data, 0, 1)
    with pytest.raises(ValueError, match="n_queries"):
        beir_subset(data, 4, 1)
    with pytest.raises(ValueError, match="n_distractors"):
        beir_subset(data, 1, 99)


@pytest.mark.skipif(scifact() is None, reason="the course's offline data is not beside the checkout")
def test_load_beir_scifact_counts():
    data = load_beir(scifact())
    assert (len(data.corpus), len(data.queries), sum(map(len, data.qrels.values()))) == (5183, 300, 339)
    sub = beir_subset(data, 30, 200, seed=0)
    assert len(sub.queries) == 30
    judged = {d for rel in sub.qrels.values() for d in rel}
    assert judged <= set(sub.corpus) and len(sub.corpus) == len(judged) + 200
    assert all(sub.qrels[q] == data.qrels[q] for q in sub.qrels)


def trec(qrels, run, measures):
    return pytrec_eval.RelevanceEvaluator(qrels, set(measures)).evaluate(run)


def test_scores_are_compared_as_float32_like_trec_eval():
    near = {"q": {"a": 1 + 2 ** -24, "b": 1.0}}  # different float64s, one float32: a tie, broken by id
    assert rank_run(near)["q"] == ["b", "a"]
    assert trec({"q": {"b": 1}}, near, {"recip_rank"})["q"]["recip_rank"] == 1.0
    assert rank_run({"q": {"a": 1 + 2 ** -22, "b": 1.0}})["q"] == ["a", "b"]  # float32 tells these apart
    # RRF-like sums: equal in exact arithmetic, different in the last float64 bit
    sums = None
    for ranks in itertools.combinations(range(1, 21), 3):
        found = {}
        for p in itertools.permutations(ranks):
            total = 0.0
            for r in p:
                total += 1 / (60 + r)
            found.setdefault(total, p)
        if len(found) > 1:
            sums = list(found)[:2]
            break
    assert sums is not None and sums[0] != sums[1]
    for rel in ("a", "b"):
        run, qrels = {"q": {"a": sums[0], "b": sums[1], "c": 0.001}}, {"q": {rel: 1}}
        ref = trec(qrels, run, {"recip_rank", "ndcg_cut.10"})["q"]
        ours = evaluate_run(run, qrels, ks=(10,))
        assert ours["mrr@10"] == ref["recip_rank"] and ours["ndcg@10"] == pytest.approx(ref["ndcg_cut_10"], abs=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_noisy_float64_scores_equal_pytrec_eval(seed):
    rng = random.Random(seed)
    qrels, run = random_case(rng, 6)
    levels = [0.3, 0.5, 1.0, 1 / 3]
    run = {q: {d: rng.choice(levels) + rng.choice([0.0, 2 ** -26, -(2 ** -27), 1e-12]) for d in s}
           for q, s in run.items()}
    ranked = rank_run(run)
    ref = trec(qrels, run, {"ndcg_cut.5", "recall.5", "recip_rank"})
    for q in ref:
        assert ndcg_at_k(ranked[q], qrels[q], 5) == pytest.approx(ref[q]["ndcg_cut_5"], abs=1e-12)
        assert recall_at_k(ranked[q], qrels[q], 5) == pytest.approx(ref[q]["recall_5"], abs=1e-12)
        assert reciprocal_rank(ranked[q], qrels[q]) == pytest.approx(ref[q]["recip_rank"], abs=1e-12)


def test_negative_grades_follow_trec_eval():
    qrels = {"q": {"a": 2, "b": -2, "c": 1, "d": -1}}
    run = {"q": {"b": 3.0, "a": 2.0, "c": 1.0, "d": 0.9, "x": 0.5}}
    ref = trec(qrels, run, {"ndcg_cut.3", "recall.3", "recip_rank"})["q"]
    ranking = rank_run(run)["q"]
    assert ndcg_at_k(ranking, qrels["q"], 3) == pytest.approx(ref["ndcg_cut_3"], abs=1e-12)  # junk: gain 0
    assert recall_at_k(ranking, qrels["q"], 3) == ref["recall_3"] == 1.0  # junk is not relevant
    assert reciprocal_rank(ranking, qrels["q"]) == ref["recip_rank"] == 0.5
    only_junk = {"q": {"a": -2}}  # (pytrec_eval itself crashes on this one)
    assert evaluate_run({"q": {"a": 1.0}}, only_junk, ks=(5,)) == {"ndcg@5": 0.0, "recall@5": 0.0, "mrr@5": 0.0}


def test_cutoffs_and_grades_accept_numpy_ints():
    rel = {"a": np.int64(2), "b": np.int32(1)}
    assert ndcg_at_k(["a", "b"], rel, np.int64(2)) == 1.0
    assert recall_at_k(["b"], rel, np.int64(5)) == 0.5
    assert reciprocal_rank(["x", "b"], rel, np.int16(2)) == 0.5
    assert rank_run({"q": {"a": np.float32(0.5), "b": 1}}, k=np.int64(1)) == {"q": ["b"]}
    assert evaluate_run({"q": {"a": 1.0}}, {"q": {"a": 1}}, ks=[np.int64(3)]) == {"ndcg@3": 1.0, "recall@3": 1.0,
                                                                                  "mrr@3": 1.0}
    for bad in (True, 2.0, "3"):
        with pytest.raises(ValueError, match="k must be"):
            ndcg_at_k(["a"], rel, bad)


def test_evaluate_run_cutoffs_are_checked():
    qrels, run = {"q": {"a": 1}}, {"q": {"a": 1.0}}
    with pytest.raises(ValueError, match="ks is empty"):
        evaluate_run(run, qrels, ks=())
    with pytest.raises(TypeError, match="sequence of cutoffs"):
        evaluate_run(run, qrels, ks=10)
    with pytest.raises(ValueError, match="k must be"):
        evaluate_run(run, qrels, ks=(10, 0))
    # ranking once at the deepest cutoff gives what ranking per cutoff gives
    rng = random.Random(3)
    qrels, run = random_case(rng, 8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = evaluate_run(run, qrels, ks=(1, 5, 20))
    for k in (1, 5, 20):
        for metric in ("ndcg", "recall", "mrr"):
            per = query_scores(run, qrels, metric, k)
            assert out[f"{metric}@{k}"] == pytest.approx(sum(per.values()) / len(per), abs=1e-15)


def write_raw(folder: Path, corpus: str, queries: str, qrels: str) -> Path:
    (folder / "qrels").mkdir(parents=True)
    (folder / "corpus.jsonl").write_text(corpus)
    (folder / "queries.jsonl").write_text(queries)
    (folder / "qrels" / "test.tsv").write_text(qrels)
    return folder


DOCS = "".join(json.dumps({"_id": f"d{i}", "title": "", "text": f"x{i}"}) + "\n" for i in range(3))
QUERIES = "".join(json.dumps({"_id": q, "text": "t" + q}) + "\n" for q in ("1", "2"))


def test_load_beir_edge_cases(tmp_path):
    ok = load_beir(write_raw(tmp_path / "neg", DOCS, QUERIES, "1\td0\t-2\n1\td1\t1\n"))
    assert ok.qrels == {"1": {"d0": -2, "d1": 1}}  # TREC's junk grade is kept; the metrics count it as 0
    with pytest.warns(UserWarning, match="dropped 2 judgment line.*1 query id"):
        data = load_beir(write_raw(tmp_path / "unknown_q", DOCS, QUERIES, "1\td0\t1\n9\td1\t1\n9\td2\t1\n"))
    assert data.qrels == {"1": {"d0": 1}} and list(data.queries) == ["1"]
    with pytest.raises(ValueError, match=r"test.tsv line 2: unknown query '9'"):
        load_beir(tmp_path / "unknown_q", strict=True)
    with pytest.raises(ValueError, match=r"test.tsv line 1: the grade must be a whole number, got '1.0'"):
        load_beir(write_raw(tmp_path / "float", DOCS, QUERIES, "1\td0\t1.0\n"))
    dup = QUERIES + json.dumps({"_id": "1", "text": "again"}) + "\n"
    with pytest.raises(ValueError, match=r"queries.jsonl line 3: query id '1' appears twice"):
        load_beir(write_raw(tmp_path / "dupq", DOCS, dup, "1\td0\t1\n"))
    with pytest.raises(ValueError, match=r"corpus.jsonl line 4: document id 'd0' appears twice"):
        load_beir(write_raw(tmp_path / "dupd", DOCS + DOCS.splitlines(True)[0], QUERIES, "1\td0\t1\n"))
    with pytest.raises(ValueError, match="has no judgments"):
        load_beir(write_raw(tmp_path / "empty", DOCS, QUERIES, "query-id\tcorpus-id\tscore\n"))
    no_text = DOCS + json.dumps({"_id": "d9", "title": "t"}) + "\n"
    with pytest.raises(ValueError, match=r"corpus.jsonl line 4: the document has no 'text' field"):
        load_beir(write_raw(tmp_path / "notext", no_text, QUERIES, "1\td0\t1\n"))
    with pytest.raises(ValueError, match=r"queries.jsonl line 1: the query has no 'text' field"):
        load_beir(write_raw(tmp_path / "qnotext", DOCS, '{"_id": "1"}\n', "1\td0\t1\n"))
    with pytest.raises(ValueError, match=r"corpus.jsonl line 2: not valid JSON"):
        load_beir(write_raw(tmp_path / "badjson", DOCS.splitlines(True)[0] + '{"_id": "d1"\n', QUERIES, "1\td0\t1\n"))
    with pytest.raises(ValueError, match="split must be a plain name"):
        load_beir(tmp_path / "neg", split="../qrels/test")


def test_beir_subset_refuses_bad_counts_and_copies(tmp_path):
    data = load_beir(write_beir(tmp_path / "toy", ["1\td0\t1", "1\td3\t2", "2\td1\t1", "3\td4\t0"]))
    with pytest.raises(TypeError, match="not True/False"):
        beir_subset(data, True, 0)
    with pytest.raises(TypeError, match="whole numbers"):
        beir_subset(data, 1, 1.5)
    assert beir_subset(data, np.int64(2), np.int64(1), seed=5) == beir_subset(data, 2, 1, seed=5)
    sub = beir_subset(data, 3, None)
    sub.corpus["d0"]["text"] = "changed"
    sub.qrels["1"]["d0"] = 3
    assert data.corpus["d0"]["text"] == "text 0" and data.qrels["1"]["d0"] == 1  # the original is untouched


def test_bench_rows_and_only(tmp_path, monkeypatch, capsys):
    import importlib.util
    import sys
    spec = importlib.util.spec_from_file_location("bench_retrieval_test", ROOT / "tests" / "bench" / "retrieval.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    (tmp_path / "retrieval_hybrid.py").write_text("import no_such_module_here\n")
    (tmp_path / "retrieval_rerank.py").write_text("RETRIEVERS = {'toy rerank': lambda data, run: run}\n")
    monkeypatch.setattr(bench, "HERE", tmp_path)
    rows, notes = bench.later_rows()
    assert list(rows) == ["toy rerank"]
    assert len(notes) == 1 and "retrieval_hybrid.py (day 50) did not import" in notes[0]
    monkeypatch.setattr(sys, "argv", ["retrieval.py", "--only", "matches nothing"])
    assert bench.main() == 2  # no row to run is an error, not an empty table
    assert "no retriever matches" in capsys.readouterr().err
    assert not (tmp_path / "RETRIEVAL.md").exists()
    assert bench.ANCHOR_SETTINGS[bench.DENSE] == {"max_seq_length": 256}
