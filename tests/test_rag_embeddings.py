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
    assert model_family("acme/gte5-like") is None
    with pytest.warns(UserWarning, match="by hand from its model card"):
        assert prefixes_for("acme/unknown") == ("", "")


@pytest.mark.parametrize("name,family", [
    ("intfloat/e5-base-v2", "e5"), ("intfloat/multilingual-e5-large", "e5"), ("intfloat/e5-small", "e5"),
    ("BAAI/bge-small-en-v1.5", "bge"), ("BAAI/bge-large-en", "bge"), ("thenlper/gte-base", "gte"),
    ("sentence-transformers/all-mpnet-base-v2", "minilm"), ("/cache/models--BAAI--bge-base-en-v1.5", "bge"),
    ("C:\\models\\e5-large-v2", "e5"),
    ("/home/me/e5-runs/all-MiniLM-L6-v2-finetuned", None), ("/home/me/bge-models/my-encoder", None),
    ("BAAI/bge-m3", None), ("BAAI/bge-small-zh-v1.5", None), ("BAAI/bge-reranker-base", None),
    ("intfloat/e5-mistral-7b-instruct", None), ("intfloat/multilingual-e5-large-instruct", None),
    ("Alibaba-NLP/gte-Qwen2-7B-instruct", None), ("acme/my-gte5-thing", None)])
def test_family_from_the_model_name_only(name, family):
    assert model_family(name) == family
    if family is None:
        with pytest.warns(UserWarning, match="set query_prefix and passage_prefix by hand"):
            assert prefixes_for(name) == ("", "")


def test_folder_fingerprint_changes_with_the_weights(tmp_path):
    import os

    from aicourse.rag import _folder_fingerprint
    a, b = tmp_path / "a" / "model", tmp_path / "b" / "model"
    for d in (a, b):
        d.mkdir(parents=True)
        (d / "config.json").write_text('{"hidden_size": 384}')
        (d / "model.safetensors").write_bytes(b"weights")
        os.utime(d / "model.safetensors", ns=(10**18, 10**18))
    assert _folder_fingerprint(a) == _folder_fingerprint(b)
    fp = _folder_fingerprint(a)
    os.utime(a / "model.safetensors", ns=(2 * 10**18, 2 * 10**18))  # re-fine-tuned in place
    assert _folder_fingerprint(a) != fp
    (b / "config.json").write_text('{"hidden_size": 768}')
    assert _folder_fingerprint(b) != fp


@pytest.mark.parametrize("setting", ["1_Pooling/config.json", "modules.json", "sentence_bert_config.json",
                                     "tokenizer.json", "vocab.txt", "spiece.model"])
def test_folder_fingerprint_sees_every_settings_file_not_the_readme_or_a_download_cache(tmp_path, setting):
    from aicourse.rag import _folder_fingerprint
    d = tmp_path / "model"
    (d / "1_Pooling").mkdir(parents=True)
    (d / "model.safetensors").write_bytes(b"weights")
    (d / setting).write_text("mean pooling, 256 tokens")
    fp = _folder_fingerprint(d)
    (d / "README.md").write_text("a model card edit changes no vector")
    (d / ".cache").mkdir()
    (d / ".cache" / "state.json").write_text("download bookkeeping")
    assert _folder_fingerprint(d) == fp
    (d / setting).write_text("CLS pooling, 512 tokens")  # same weights, other vectors: the cache must miss
    assert _folder_fingerprint(d) != fp


def test_edge_cases_raise():
    np.testing.assert_allclose(normalize_rows(np.array([[1e-30, 0.0]])), [[1.0, 0.0]])
    for bad in ([[np.inf, 1.0]], [[np.nan, 0.0]]):
        with pytest.raises(ValueError, match="NaN or inf"):
            normalize_rows(np.array(bad))
    with pytest.raises(ValueError, match="k must be"):
        cosine_top_k(np.array([1.0, 0.0]), np.eye(2), -1)
    assert len(cosine_top_k(np.array([1.0, 0.0]), np.eye(2), 0)) == 0


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
    return load_embedder(path, query_prefix="", passage_prefix="")  # the folder is named 'model': no family


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


def test_key_dtype_and_local_id_come_from_the_model(minilm, tmp_path):
    import copy
    from pathlib import Path
    assert minilm.dtype == "float32"
    assert Path(minilm.model_id.split("#")[0]).is_absolute() and len(minilm.model_id.split("#")[1]) == 12
    bf16 = Embedder(copy.deepcopy(minilm.model).bfloat16(), minilm.model_id)  # wrapped by hand
    assert bf16.dtype == "bfloat16"
    cache = EmbeddingCache(tmp_path)
    embed(minilm, ["one text"], cache=cache)
    embed(bf16, ["one text"], cache=cache)
    assert (cache.hits, cache.misses) == (0, 2)  # bf16 vectors are stored under their own key
