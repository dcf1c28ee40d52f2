"""aicourse.rag (day 55): the capacity planner's math against real small builds, build-time extrapolation, training on a
sample, adding in batches (the same index as one add), memory-mapped loading (the same answers as a normal load,
read-only), and the errors."""
from __future__ import annotations

import math
import sys
import warnings

import numpy as np
import pytest
from vectors import clustered  # tests/vectors.py

from aicourse.rag import (
    GROWTH_LAWS,
    MappedVectorIndex,
    VectorIndex,
    add_batches,
    extrapolate_seconds,
    index_bytes,
    load_mapped,
    max_chunks,
    memory_plan,
    resident_bytes,
    train_index,
    training_rows,
)

PARAMS = {"flat": {}, "ivf": {"nlist": 16}, "ivfpq": {"nlist": 16, "m": 8, "nbits": 5}, "hnsw": {"M": 8}}


X = clustered(2_050, n_centres=30)
DOCS, QUERIES = X[:2_000], X[2_000:]
IDS = [f"doc-{i}" for i in range(len(DOCS))]


def sample(n: int, seed: int = 0) -> np.ndarray:
    return DOCS[np.random.default_rng(seed).choice(len(DOCS), n, replace=False)]


def built(kind: str) -> VectorIndex:
    if kind in ("ivf", "ivfpq"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # 1,500 rows for 32 PQ centroids is over 39 each; nlist 16 too
            index = train_index(sample(1_500), kind, **PARAMS[kind])
        index.nprobe = 4
        return add_batches(index, ((DOCS[i:i + 500], IDS[i:i + 500]) for i in range(0, len(DOCS), 500)))
    return VectorIndex.build(DOCS, IDS, kind, **PARAMS[kind])


@pytest.mark.parametrize("kind", ["flat", "ivf", "ivfpq", "hnsw"])
def test_memory_plan_matches_a_real_build(kind):
    index = built(kind)
    plan = memory_plan(len(DOCS), 32, kind, text_bytes=1_000, id_bytes=90.5, meta_bytes=20, **PARAMS[kind])
    assert plan["index"] == index_bytes(len(DOCS), 32, kind, **PARAMS[kind])
    assert abs(plan["index"] - index.nbytes()) / index.nbytes() < 0.01
    assert (plan["texts"], plan["ids"], plan["metadata"]) == (2_000_000, 181_000, 40_000)
    assert plan["total"] == plan["index"] + plan["texts"] + plan["ids"] + plan["metadata"]


@pytest.mark.parametrize("kind", ["flat", "ivf", "ivfpq", "hnsw"])
@pytest.mark.parametrize("budget", [0, 10_000, 2**20, 4 * 2**30, 3.5e9])
def test_max_chunks_is_the_largest_n_that_fits(kind, budget):
    params = {"m": 48} if kind == "ivfpq" else {}
    n = max_chunks(budget, 384, kind, text_bytes=1_500, id_bytes=100, **params)

    def total(k: int) -> int:
        return memory_plan(k, 384, kind, text_bytes=1_500, id_bytes=100, **params)["total"]
    assert n == 0 and total(0) > budget or total(n) <= budget < total(n + 1)


def test_max_chunks_units_and_fixed_costs():
    assert max_chunks(4 * 2**30, 384, "flat", text_bytes=1_500, id_bytes=100) == 4 * 2**30 // (1_536 + 1_600)
    assert max_chunks(4e9, 384, "flat") < max_chunks(4 * 2**30, 384, "flat")  # GB is less than GiB
    assert max_chunks(1_000, 384, "ivfpq", m=48) == 0  # the codebooks alone are over the budget
    for bad in (-1, float("nan"), float("inf"), True, "4GiB"):
        with pytest.raises(ValueError, match="budget_bytes"):
            max_chunks(bad, 384, "flat")
    with pytest.raises(ValueError, match="text_bytes must be"):
        memory_plan(10, 384, "flat", text_bytes=-1)
    with pytest.raises(ValueError, match="id_bytes must be"):
        memory_plan(10, 384, "flat", id_bytes=float("nan"))
    with pytest.raises(ValueError, match="kind must be one of"):
        memory_plan(10, 384, "annoy")


def test_extrapolate_seconds():
    assert extrapolate_seconds([1_000, 2_000], [1.0, 2.0], 4_000) == pytest.approx(4.0)
    law = GROWTH_LAWS["nlogn"]
    c = 3e-7
    assert extrapolate_seconds([1_000, 4_000], [c * law(1_000), c * law(4_000)], 10**6, "nlogn") == \
        pytest.approx(c * 10**6 * math.log2(10**6))
    # least squares through the origin: the larger run weighs more than a mean of the ratios would give it
    assert extrapolate_seconds([1_000, 4_000], [1.0, 1.0], 16_000) == pytest.approx(16_000 * 5_000 / 17_000_000)
    for args, match in [(([1], [1.0], 10, "cubic"), "law must be one of"), (([1, 2], [1.0], 10), "one time per size"),
                        (([], [], 10), "at least one run"), (([1_000], [-1.0], 10), "finite and >= 0"),
                        (([0], [1.0], 10), "n must be >= 1")]:
        with pytest.raises(ValueError, match=match):
            extrapolate_seconds(*args)


def test_training_rows():
    assert training_rows("ivf", 4_000) == 256_000
    assert training_rows("ivfpq", 64, nbits=8) == 64 * 256  # the codebooks set the size, not the cells
    assert training_rows("ivfpq", 4_000, nbits=8, per_centre=39) == 39 * 4_000
    with pytest.raises(ValueError, match="between 39 and 256"):
        training_rows("ivf", 64, per_centre=10)
    with pytest.raises(ValueError, match="only 'ivf' and 'ivfpq'"):
        training_rows("hnsw", 64)


@pytest.mark.parametrize("kind", ["ivf", "ivfpq"])
def test_batches_equal_one_add(kind):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = train_index(sample(1_500), kind, **PARAMS[kind])
        many = train_index(sample(1_500), kind, **PARAMS[kind])
    one.add(DOCS, IDS)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a sample-trained index grows past 10x its sample without a warning
        add_batches(many, ((DOCS[i:i + 300], IDS[i:i + 300]) for i in range(0, len(DOCS), 300)))
    one.nprobe = many.nprobe = 4
    (s1, i1), (s2, i2) = one.search(QUERIES, 10), many.search(QUERIES, 10)
    assert i1 == i2 and np.array_equal(s1, s2)
    assert many.trained_on == 1_500 and len(many) == len(DOCS)


def test_add_batches_flat_progress_and_errors():
    index = add_batches(VectorIndex(32, "flat"), [(DOCS[:10], IDS[:10]), (DOCS[10:20], IDS[10:20])], progress=True,
                        total=2)
    assert index.ids == IDS[:20]
    with pytest.raises(ValueError, match="duplicate ids"):
        add_batches(index, [(DOCS[:1], IDS[:1])])
    with pytest.raises(ValueError, match="only 'ivf' and 'ivfpq' are trained"):
        train_index(DOCS, "hnsw")
    with pytest.raises(ValueError, match="needs at least"):
        train_index(DOCS[:10], "ivf", nlist=16)
    with pytest.raises(ValueError, match="m must divide dim=10"):
        train_index(DOCS[:, :10], "ivfpq", nlist=4, m=8)  # 10 numbers cannot be cut into 8 sub-vectors
    with pytest.raises(ValueError, match="must have shape"):
        train_index(DOCS[0, :10][None, None], "ivf", nlist=1)
    bad = DOCS[:100].copy()
    bad[3, 0] = np.nan
    with pytest.raises(ValueError, match="NaN or inf"):
        train_index(bad, "ivf", nlist=2)


@pytest.mark.parametrize("kind", ["flat", "ivf", "ivfpq", "hnsw"])
def test_mapped_load_equals_normal_load(kind, tmp_path):
    folder = built(kind).save(tmp_path / kind)
    normal, mapped = VectorIndex.load(folder), load_mapped(folder)
    assert isinstance(mapped, MappedVectorIndex)
    assert (mapped.kind, mapped.params, mapped.nprobe, mapped.ef_search) == \
        (normal.kind, normal.params, normal.nprobe, normal.ef_search)
    (s1, i1), (s2, i2) = normal.search(QUERIES, 10), mapped.search(QUERIES, 10)
    assert i1 == i2 and np.array_equal(s1, s2)
    with pytest.raises(ValueError, match="memory-mapped"):
        mapped.add(DOCS[:1], ["new"])  # FAISS itself would abort the process
    again = VectorIndex.load(mapped.save(tmp_path / "again"))  # a mapped index saves like any other
    assert again.search(QUERIES, 10)[1] == i1


def test_mapped_load_refuses_changed_files(tmp_path):
    folder = built("flat").save(tmp_path / "a")
    with pytest.raises(ValueError, match="no saved VectorIndex here"):
        load_mapped(tmp_path / "nothing")
    data = bytearray((folder / "index.faiss").read_bytes())
    data[-1] ^= 1  # one flipped bit in the last vector
    (folder / "index.faiss").write_bytes(bytes(data))
    with pytest.raises(ValueError, match="not the one this meta.json was saved with"):
        load_mapped(folder)
    assert len(load_mapped(folder, verify=False)) == len(DOCS)  # verify=False trusts the file (and is faster)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_resident_bytes():
    before = resident_bytes()
    block = np.ones(64 * 2**20, dtype=np.uint8)  # 64 MiB, touched
    assert resident_bytes() - before > 32 * 2**20
    del block


def test_memory_plan_headroom():
    plan = memory_plan(1_000, 32, "flat", text_bytes=100, headroom=1.5)
    steady = plan["index"] + plan["texts"] + plan["ids"] + plan["metadata"]
    assert plan["headroom"] == math.ceil(steady * 0.5) and plan["total"] == steady + plan["headroom"]
    assert memory_plan(1_000, 32, "flat")["headroom"] == 0  # 1.0: the steady state alone
    budget = 2**20
    n = max_chunks(budget, 32, "flat", text_bytes=100, headroom=2.0)
    assert memory_plan(n, 32, "flat", text_bytes=100, headroom=2.0)["total"] <= budget
    assert memory_plan(n + 1, 32, "flat", text_bytes=100, headroom=2.0)["total"] > budget
    assert n == budget // (2 * (4 * 32 + 100))
    for bad in (0.5, float("nan"), True, "2"):
        with pytest.raises(ValueError, match="headroom must be"):
            memory_plan(10, 32, "flat", headroom=bad)


def test_train_index_needs_nlist():
    with pytest.raises(ValueError, match="needs nlist"):
        train_index(sample(1_500), "ivf")  # suggest_nlist(1,500) would size the cells for the sample


def test_load_mapped_makes_load_checks(tmp_path):
    import json

    import faiss

    from aicourse.rag import _sha256
    folder = built("flat").save(tmp_path / "a")
    l2 = faiss.IndexFlatL2(32)  # same dim and size, wrong metric: verify=False must not accept it
    l2.add(DOCS)
    faiss.write_index(l2, str(folder / "index.faiss"))
    with pytest.raises(ValueError, match="over inner product"):
        load_mapped(folder, verify=False)
    folder = built("flat").save(tmp_path / "b")
    meta = json.loads((folder / "meta.json").read_text())
    blob = json.dumps(list(range(len(DOCS)))).encode()  # integer ids, with a matching sha256
    (folder / "ids.json").write_bytes(blob)
    meta["sha256"]["ids.json"] = _sha256(blob)
    (folder / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="distinct string ids"):
        load_mapped(folder)
    (folder / "meta.json").write_text("{not json")
    with pytest.raises(ValueError, match="not a VectorIndex meta file"):
        load_mapped(folder)


def test_resident_bytes_without_proc(monkeypatch):
    import aicourse.rag as rag
    real = rag.Path
    monkeypatch.setattr(rag, "Path", lambda p: real("/nonexistent") / real(p).name)
    psutil = pytest.importorskip("psutil")
    got = resident_bytes()
    assert isinstance(got, int) and got > 0
    assert abs(got - psutil.Process().memory_info().rss) < 64 * 2**20
    monkeypatch.setitem(sys.modules, "psutil", None)
    with pytest.raises(OSError, match="psutil"):
        resident_bytes()


def test_mapped_index_is_not_built():
    with pytest.raises(ValueError, match="comes from load_mapped"):
        MappedVectorIndex.build(DOCS, IDS)  # it would build in RAM, then refuse every add
