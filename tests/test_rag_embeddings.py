"""aicourse.rag (day 47): prefixes per family, cache keys that name every field, an on-disk cache that survives a
restart and ignores a corrupt file, and `embed` that matches sentence-transformers' own `encode` in input order."""
from __future__ import annotations

import numpy as np
import pytest

from aicourse.rag import (
    Embedder,
    EmbeddingCache,
    cache_key,
    cosine_top_k,
    embed,
    length_batches,
    model_family,
    normalize_rows,
    padding_fraction,
    prefixes_for,
)

BASE = dict(model_id="m", max_seq_length=256, normalize=True, prefix="", text="hello", dtype="float32")


def key(**kw) -> str:
    return cache_key(**{**BASE, **kw})


def test_prefixes_per_family():
    assert prefixes_for("intfloat/e5-small-v2") == ("query: ", "passage: ")
    assert prefixes_for("BAAI/bge-base-en-v1.5") == ("Represent this sentence for searching relevant passages: ", "")
    assert prefixes_for("thenlper/gte-base") == ("", "")
    assert model_family("sentence-transformers/all-MiniLM-L6-v2") == "minilm"
    assert model_family("acme/gte5-like") is None and prefixes_for("acme/unknown") == ("", "")


def test_cache_keys_differ_by_every_field():
    variants = [key(), key(model_id="m2"), key(max_seq_length=512), key(normalize=False), key(prefix="query: "),
                key(text="hello!"), key(dtype="bfloat16"), key(prefix="a", text="bc"), key(prefix="ab", text="c")]
    assert len(set(variants)) == len(variants)
    assert key() == key() and len(key()) == 64


def test_cache_round_trip_restart_and_corrupt_file(tmp_path):
    cache = EmbeddingCache(tmp_path)
    vec = np.arange(4, dtype=np.float32)
    assert cache.get(key()) is None
    cache.put(key(), vec)
    again = EmbeddingCache(tmp_path)  # a restart: a new object on the same folder
    np.testing.assert_array_equal(again.get(key()), vec)
    assert again.get(key(model_id="other")) is None  # never another model's vector
    assert not list(tmp_path.rglob("*.tmp"))  # the atomic write left no temporary file
    again.path(key()).write_bytes(b"garbage")
    with pytest.warns(UserWarning, match="unreadable cache file"):
        assert again.get(key()) is None


def test_batching_and_normalization():
    assert length_batches([3, 9, 1, 5], 2) == [[1, 3], [0, 2]]
    assert length_batches([3, 9, 1], 2, sort=False) == [[0, 1], [2]]
    lengths = [1, 10, 1, 10]
    assert padding_fraction(lengths, length_batches(lengths, 2)) == 0
    assert padding_fraction(lengths, length_batches(lengths, 2, sort=False)) > 0.4
    x = normalize_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(x, [[0.6, 0.8], [0, 0]])
    assert x.dtype == np.float32
    assert list(cosine_top_k(np.array([1.0, 0.0]), np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]]), 2)) == [1, 2]


@pytest.fixture(scope="module")
def minilm():
    pytest.importorskip("sentence_transformers")
    from aicourse.course.assets import MissingAssetError, minilm_path
    from aicourse.rag import load_embedder
    try:
        path = minilm_path()
    except MissingAssetError:
        pytest.skip("offline MiniLM not installed")
    return load_embedder(path)


def test_embed_matches_sentence_transformers_in_input_order(minilm, tmp_path):
    texts = ["A short one.", "A much longer sentence about aspirin and the risk of heart attacks in older adults.",
             "Mid length text about trams.", "x", "Another fairly long sentence, this one about invoices and tax law."]
    ours = embed(minilm, texts, batch_size=2)  # sorted batches of 2, returned in input order
    theirs = minilm.model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, theirs, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)
    cache = EmbeddingCache(tmp_path)
    np.testing.assert_allclose(embed(minilm, texts, cache=cache), ours, atol=1e-6)
    other = Embedder(minilm.model, "another/model")
    again = EmbeddingCache(tmp_path)
    np.testing.assert_allclose(embed(minilm, texts, cache=again), ours, atol=1e-6)
    assert (again.hits, again.misses) == (len(texts), 0)
    embed(other, texts[:2], cache=again)
    assert again.misses == 2  # another model id never reads these vectors
    with pytest.raises(ValueError, match="kind"):
        embed(minilm, texts, kind="document")
