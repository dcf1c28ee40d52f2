"""aicourse.rag (day 48): VectorIndex over FAISS flat, IVF, IVF-PQ and HNSW. Exact search equals day 47's
cosine_top_k; each approximate kind finds most of the exact top 10 on clustered vectors; save/load gives identical
results; bad input is refused; index_bytes matches the bytes FAISS serializes within 1%."""
from __future__ import annotations

import json
import os
import shutil
import warnings

import numpy as np
import pytest
from vectors import clustered  # tests/vectors.py

import aicourse.rag as rag
from aicourse.rag import VectorIndex, ann_recall, cosine_top_k, index_bytes, suggest_nlist

PARAMS = {"flat": {}, "ivf": {}, "ivfpq": {"m": 16, "nbits": 6}, "hnsw": {"M": 16}}
RECALL_FLOOR = {"flat": 1.0, "ivf": 0.9, "ivfpq": 0.5, "hnsw": 0.9}  # recall@10 at the knobs set in `built`


X = clustered(3_050)
DOCS, QUERIES = X[:3_000], X[3_000:]
IDS = [f"doc-{i}" for i in range(len(DOCS))]


@pytest.fixture(scope="module")
def built() -> dict[str, VectorIndex]:
    out = {kind: VectorIndex.build(DOCS, IDS, kind, **p) for kind, p in PARAMS.items()}
    out["ivf"].nprobe = out["ivfpq"].nprobe = 8
    out["hnsw"].ef_search = 32
    return out


def test_exact_search_equals_cosine_top_k(built):
    scores, ids = built["flat"].search(QUERIES, 10)
    assert scores.dtype == np.float32 and scores.shape == (len(QUERIES), 10)
    assert ids == [[IDS[j] for j in cosine_top_k(q, DOCS, 10)] for q in QUERIES]
    np.testing.assert_allclose(scores, np.sort(QUERIES @ DOCS.T, axis=1)[:, ::-1][:, :10], atol=1e-5)


@pytest.mark.parametrize("kind", list(PARAMS))
def test_recall_on_clustered_vectors(built, kind):
    _, exact = built["flat"].search(QUERIES, 10)
    _, found = built[kind].search(QUERIES, 10)
    assert all(len(f) == 10 and set(f) <= set(IDS) for f in found)
    assert ann_recall(found, exact) >= RECALL_FLOOR[kind]


def test_search_knobs_trade_recall(built):
    _, exact = built["flat"].search(QUERIES, 10)
    ivf = built["ivf"]
    recalls = []
    for nprobe in (1, ivf.params["nlist"]):
        ivf.nprobe = nprobe
        recalls.append(ann_recall(ivf.search(QUERIES, 10)[1], exact))
    ivf.nprobe = 8
    assert recalls[0] <= recalls[1] == pytest.approx(1.0)  # every cell probed: exact


@pytest.mark.parametrize("kind", list(PARAMS))
def test_save_load_gives_identical_results(built, kind, tmp_path):
    index = built[kind]
    before = index.search(QUERIES, 10)
    again = VectorIndex.load(index.save(tmp_path / kind))
    after = again.search(QUERIES, 10)
    assert after[1] == before[1] and np.array_equal(after[0], before[0])
    assert (again.kind, again.nprobe, again.ef_search, len(again)) == (kind, index.nprobe, index.ef_search, len(index))


@pytest.mark.parametrize("kind", list(PARAMS))
def test_index_bytes_matches_serialized_size(built, kind):
    index = built[kind]
    math = index_bytes(len(index), index.dim, kind, **index.params)
    assert abs(math - index.nbytes()) <= 0.01 * index.nbytes()


def test_k_larger_than_the_index_never_returns_padding():
    small = VectorIndex.build(DOCS[:3], IDS[:3], "flat")
    scores, ids = small.search(QUERIES[:2], 10)
    assert scores.shape == (2, 3) and all(sorted(r) == sorted(IDS[:3]) for r in ids)
    hnsw = VectorIndex.build(DOCS[:50], IDS[:50], "hnsw", M=8)
    hnsw.ef_search = 4  # smaller than k: this search uses k, the setting stays
    _, ids = hnsw.search(QUERIES[:3], 20)
    assert all(len(r) == 20 and "-1" not in r for r in ids) and hnsw.ef_search == 4


def test_ivf_short_result_drops_missing_ids():
    ivf = VectorIndex.build(DOCS, IDS, "ivf", nlist=64)
    ivf.nprobe = 1
    scores, ids = ivf.search(QUERIES, 200)  # one cell of ~47 vectors cannot fill 200 places
    assert all(len(r) < 200 and set(r) <= set(IDS) for r in ids)
    assert np.isneginf(scores[:, -1]).all()


def test_bad_input_is_refused():
    index = VectorIndex.build(DOCS[:100], IDS[:100], "flat")
    with pytest.raises(ValueError, match="must have shape"):
        index.search(QUERIES[:, :16], 5)
    bad = DOCS[100:102].copy()
    bad[1, 3] = np.inf
    with pytest.raises(ValueError, match="NaN or inf"):
        index.add(bad, ["a", "b"])
    with pytest.raises(ValueError, match="duplicate ids"):
        index.add(DOCS[100:102], ["a", "a"])
    with pytest.raises(ValueError, match="duplicate ids"):
        index.add(DOCS[100:102], [IDS[0], "b"])
    with pytest.raises(ValueError, match="one id per row"):
        index.add(DOCS[100:102], ["a"])
    with pytest.raises(ValueError, match="k must be >= 1"):
        index.search(QUERIES, 0)
    with pytest.raises(ValueError, match="empty"):
        VectorIndex(32, "ivf").search(QUERIES, 5)
    with pytest.raises(ValueError, match="needs at least"):
        VectorIndex.build(DOCS[:10], IDS[:10], "ivf", nlist=16)
    with pytest.raises(ValueError, match="kind must be one of"):
        VectorIndex(32, "lsh")
    with pytest.raises(ValueError, match="m must divide dim"):
        VectorIndex(32, "ivfpq", m=5)
    assert len(index) == 100  # nothing was added by the refused calls


def test_ann_recall_and_nlist_rule():
    assert ann_recall([["a", "b"], ["c", "x"]], [["a", "b"], ["c", "d"]]) == 0.75
    assert ann_recall([["b", "a", "a"]], [["a", "b"]]) == 1.0
    assert ann_recall([], []) == 1.0
    assert ann_recall([["x", "a"]], [["a"]]) == 1.0  # every found id counts: a longer list is k-recall@R
    with pytest.raises(ValueError):
        ann_recall([["a"]], [["a"], ["b"]])
    assert suggest_nlist(300) == 7 and suggest_nlist(1_000_000) == 4000
    assert all(n // suggest_nlist(n) >= 39 for n in (39, 100, 5_183, 10**5, 10**6))
    assert index_bytes(1_000_000, 384, "flat") == 1_536_000_000


def test_rows_that_are_not_unit_length_warn():
    with pytest.warns(UserWarning, match="normalize them first"):
        VectorIndex.build(2 * DOCS[:20], IDS[:20], "flat")


def _unit(n: int, dim: int = 32, seed: int = 1) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_interrupted_save_leaves_the_previous_index(tmp_path, monkeypatch):
    a = VectorIndex.build(DOCS[:200], IDS[:200], "flat")
    b = VectorIndex.build(DOCS[200:400], IDS[200:400], "flat")  # same size: a count check cannot tell them apart
    folder = tmp_path / "index"
    a.save(folder)
    want = a.search(QUERIES, 5)
    real_replace = os.replace

    def failing(src, dst):  # the disk fills up (or the process dies) while b is being put in place
        if os.path.basename(dst) in ("ids.json", "index") or os.fspath(dst) == os.fspath(folder):
            raise OSError("no space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(rag.os, "replace", failing)
    with pytest.raises(OSError):
        b.save(folder)
    monkeypatch.undo()
    got = VectorIndex.load(folder).search(QUERIES, 5)
    assert got[1] == want[1] and np.array_equal(got[0], want[0])  # a's index with a's ids, not a mix
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]  # no temporary files left behind
    b.save(folder)  # and a save that completes replaces it
    assert VectorIndex.load(folder).search(QUERIES, 5)[1] == b.search(QUERIES, 5)[1]


def test_load_refuses_files_that_do_not_belong_together(tmp_path):
    a = VectorIndex.build(DOCS[:100], IDS[:100], "flat").save(tmp_path / "a")
    b = VectorIndex.build(DOCS[100:200], IDS[100:200], "flat").save(tmp_path / "b")
    shutil.copy(b / "ids.json", a / "ids.json")
    with pytest.raises(ValueError, match="not the file this meta.json was saved with"):
        VectorIndex.load(a)
    with pytest.raises(ValueError, match="no saved VectorIndex here") as err:
        VectorIndex.load(tmp_path / "missing")
    assert str(tmp_path) not in str(err.value)  # no machine paths in the message
    meta = json.loads((b / "meta.json").read_text())
    (b / "meta.json").write_text(json.dumps(dict(meta, kind="hnsw")))
    with pytest.raises(ValueError, match="holds a IndexFlatIP"):
        VectorIndex.load(b)
    (b / "meta.json").write_text(json.dumps(dict(meta, dim=16)))
    with pytest.raises(ValueError, match="of dim 32"):
        VectorIndex.load(b)
    (b / "meta.json").write_text(json.dumps({k: v for k, v in meta.items() if k != "format"}))
    with pytest.raises(ValueError, match="index format None"):
        VectorIndex.load(b)


def test_save_refuses_a_folder_with_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="holds other files"):
        VectorIndex.build(DOCS[:10], IDS[:10], "flat").save(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("kind", ["flat", "ivf", "hnsw"])
def test_ids_stay_right_after_several_adds(kind):
    index = VectorIndex(32, kind, nlist=8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ivf: later adds grow past the training batch
        for start in range(0, 3_000, 1_000):
            index.add(DOCS[start:start + 1_000], IDS[start:start + 1_000])
    index.nprobe, index.ef_search = 8, 64
    _, ids = index.search(DOCS[[5, 1_500, 2_999]], 1)
    assert ids == [[IDS[5]], [IDS[1_500]], [IDS[2_999]]] and len(index) == 3_000
    with pytest.raises(ValueError, match="duplicate ids"):
        index.add(DOCS[:1], [IDS[2_500]])


def test_parameters_are_checked_before_faiss_sees_them():
    with pytest.raises(ValueError, match="M must be >= 2"):
        VectorIndex(32, "hnsw", M=1)  # FAISS segfaults on M=1
    for bad in (0, 17):
        with pytest.raises(ValueError, match="nbits must be between 1 and 16"):
            VectorIndex(32, "ivfpq", nbits=bad)
    with pytest.raises(ValueError, match="nlist must be >= 1"):
        VectorIndex(32, "ivf", nlist=0)
    with pytest.raises(ValueError, match="m must be >= 1"):
        VectorIndex(32, "ivfpq", m=0)
    for dim in (100, 4, 6):  # the default m = dim // 8 does not divide these
        with pytest.raises(ValueError, match=f"m must divide dim={dim}.*pass m="):
            VectorIndex(dim, "ivfpq")
    assert VectorIndex(100, "ivfpq", m=25).params["m"] == 25
    for name, value in (("ef_search", 2.9), ("nprobe", 1.5), ("ef_search", True)):
        with pytest.raises(TypeError, match="whole number"):
            setattr(VectorIndex(32, "hnsw"), name, value)
    with pytest.raises(TypeError, match="whole number"):
        VectorIndex(32, "ivf", nlist=4.0)
    ivf = VectorIndex.build(DOCS, IDS, "ivf", nlist=np.int64(16))  # numpy ints are whole numbers
    ivf.nprobe = np.int64(16)
    assert ivf.params["nlist"] == 16 and type(ivf.params["nlist"]) is int
    assert ann_recall(ivf.search(QUERIES, 10)[1], built_exact()) == pytest.approx(1.0)


def built_exact() -> list[list[str]]:
    return VectorIndex.build(DOCS, IDS, "flat").search(QUERIES, 10)[1]


def test_index_bytes_checks_its_inputs():
    with pytest.raises(TypeError):
        index_bytes(1000, 384, "ivfpq", nbit=4)  # a typo is not silently ignored
    with pytest.raises(ValueError, match="m must divide dim=384"):
        index_bytes(1000, 384, "ivfpq", m=5)
    with pytest.raises(ValueError, match="m must divide dim=100"):
        index_bytes(1000, 100, "ivfpq")
    with pytest.raises(ValueError, match="n must be >= 0"):
        index_bytes(-5, 384, "flat")
    with pytest.raises(ValueError, match="M must be >= 2"):
        index_bytes(1000, 384, "hnsw", M=1)  # was a ZeroDivisionError
    with pytest.raises(ValueError, match="m must be >= 1"):
        index_bytes(1000, 384, "ivfpq", m=0)
    assert index_bytes(1000, 384, "ivfpq") == index_bytes(1000, 384, "ivfpq", m=48)


def test_search_leaves_the_faiss_object_alone():
    hnsw = VectorIndex.build(DOCS[:500], IDS[:500], "hnsw", M=8)
    ivf = VectorIndex.build(DOCS, IDS, "ivf", nlist=16)
    before = (hnsw._index.hnsw.efSearch, ivf._index.nprobe)
    hnsw.ef_search, ivf.nprobe = 4, 16
    _, ids = hnsw.search(QUERIES, 50)  # k > ef_search: this call searches with efSearch = k
    assert all(len(r) == 50 for r in ids)
    assert ann_recall(ivf.search(QUERIES, 10)[1], built_exact()) == pytest.approx(1.0)  # nprobe 16 of 16 used
    assert (hnsw._index.hnsw.efSearch, ivf._index.nprobe) == before and hnsw.ef_search == 4


def test_under_trained_cells_warn():
    with pytest.warns(UserWarning, match="under 39 per centre"):
        VectorIndex.build(DOCS[:100], IDS[:100], "ivf", nlist=8)
    with pytest.warns(UserWarning, match="under 39 per centre"):
        VectorIndex.build(DOCS[:1_000], IDS[:1_000], "ivfpq", nlist=4, m=8, nbits=6)  # 64 codes need 2,496 rows
    index = VectorIndex.build(DOCS[:200], IDS[:200], "ivf", nlist=4)
    with pytest.warns(UserWarning, match="trained on its first 200 rows"):
        index.add(DOCS[200:3_000], IDS[200:3_000])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        VectorIndex.build(DOCS, IDS, "ivf")  # suggest_nlist keeps 39 rows per cell: no warning


def test_same_rows_train_the_same_cells():
    a, b = (VectorIndex.build(DOCS, IDS, "ivfpq", m=8, nbits=6) for _ in range(2))
    a.nprobe = b.nprobe = 4
    assert a.search(QUERIES, 10)[1] == b.search(QUERIES, 10)[1]
