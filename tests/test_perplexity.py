"""aicourse.metrics.perplexity and window_spans (day 33), pinned on tiny models built here: a uniform module, a
module with known log-probabilities, and a randomly initialised Llama whose own `labels=` loss is the reference.
No offline model is needed."""
from __future__ import annotations

import math
import random

import pytest

from aicourse.metrics import PerplexityResult, perplexity, window_spans

torch = pytest.importorskip("torch")


class Uniform(torch.nn.Module):
    "Equal logits over `vocab` tokens: perplexity exactly `vocab`."

    def __init__(self, vocab: int):
        super().__init__()
        self.vocab = vocab
        self.dummy = torch.nn.Parameter(torch.zeros(()))

    def forward(self, input_ids, attention_mask=None):
        return torch.zeros(*input_ids.shape, self.vocab)


class Bigram(torch.nn.Module):
    "Logits that depend only on the current token: the NLL of a text is a sum of table entries, known by hand."

    def __init__(self, vocab: int, seed: int = 0):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.table = torch.nn.Parameter(torch.randn(vocab, vocab, generator=g).log_softmax(-1), requires_grad=False)

    def forward(self, input_ids, attention_mask=None):
        return self.table[input_ids]


def random_texts(seed: int, vocab: int, n: int = 6, max_len: int = 40) -> list[list[int]]:
    rng = random.Random(seed)
    return [[rng.randrange(vocab) for _ in range(rng.randint(0, max_len))] for _ in range(n)]


@pytest.fixture(scope="module")
def tiny_llama():
    transformers = pytest.importorskip("transformers")
    torch.manual_seed(0)
    config = transformers.LlamaConfig(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                                      num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=128)
    return transformers.LlamaForCausalLM(config).eval()


@pytest.mark.parametrize("window", [2, 3, 7])
def test_window_spans_score_each_token_once_with_context(window):
    for n, stride in ((n, s) for n in range(30) for s in range(1, window + 1)):
        spans = window_spans(n, window, stride)
        scored = [i for _, end, first in spans for i in range(first, end)]
        assert len(scored) == len(set(scored))  # nothing scored twice
        if stride < window:
            assert scored == list(range(1, n))  # every token but the first
        else:  # plain chunks: the first token of every chunk goes unscored
            assert scored == [i for i in range(1, n) if i % window]
        for start, end, first in spans:
            assert 0 <= start < first <= end <= n and end - start <= window
        for (_, prev_end, _), (start, _, first) in zip(spans, spans[1:], strict=False):
            assert first == max(prev_end, start + 1) and first - start >= window - stride


def test_window_spans_reject_bad_settings():
    with pytest.raises(ValueError, match="stride must be in"):
        window_spans(10, 4, 5)
    with pytest.raises(ValueError, match="stride must be in"):
        window_spans(10, 4, 0)
    with pytest.raises(ValueError, match="window must be >= 2"):
        window_spans(10, 1)
    assert window_spans(10, 4) == window_spans(10, 4, 4)


@pytest.mark.parametrize("window,stride", [(2, None), (5, 2), (16, 1), (64, 8)])
def test_uniform_model_has_perplexity_vocab(window, stride):
    texts = random_texts(1, 50)
    r = perplexity(Uniform(50), texts, window=window, stride=stride, batch_size=3)
    assert r.perplexity == pytest.approx(50, rel=1e-5)
    assert r.loss == pytest.approx(math.log(50), rel=1e-6)
    assert r.tokens == sum(e - f for t in texts for _, e, f in window_spans(len(t), window, stride))


def test_known_log_probs_token_weighted():
    model, texts = Bigram(20), random_texts(2, 20, n=5)
    want_sum = sum(-model.table[a, b].item() for t in texts for a, b in zip(t, t[1:], strict=False))
    want_n = sum(max(len(t) - 1, 0) for t in texts)
    r = perplexity(model, texts, window=8, stride=3, batch_size=2)  # a bigram needs one token of context
    assert r.tokens == want_n
    assert r.nll_sum == pytest.approx(want_sum, rel=1e-5)
    assert r.perplexity == pytest.approx(math.exp(want_sum / want_n), rel=1e-5)


def test_chunks_equal_the_models_own_loss_token_weighted(tiny_llama):
    texts = random_texts(3, 64, n=5, max_len=50)
    window = 12
    total, count = 0.0, 0
    for t in texts:
        ids = torch.tensor(t)[None]
        for chunk in ids.split(window, dim=1):
            if chunk.shape[1] > 1:
                with torch.no_grad():
                    total += tiny_llama(chunk, labels=chunk).loss.item() * (chunk.shape[1] - 1)
                count += chunk.shape[1] - 1
    r = perplexity(tiny_llama, texts, window=window, batch_size=4)
    assert r.tokens == count
    assert r.loss == pytest.approx(total / count, rel=1e-5)


def test_window_longer_than_texts_equals_full_context_loss(tiny_llama):
    texts = random_texts(4, 64, n=4, max_len=60)
    total, count = 0.0, 0
    for t in texts:
        if len(t) > 1:
            ids = torch.tensor(t)[None]
            with torch.no_grad():
                total += tiny_llama(ids, labels=ids).loss.item() * (len(t) - 1)
            count += len(t) - 1
    for stride in (1, 7, 64):
        r = perplexity(tiny_llama, texts, window=64, stride=stride)
        assert r.loss == pytest.approx(total / count, rel=1e-5)


def test_batch_size_and_padding_do_not_change_the_result(tiny_llama):
    texts = random_texts(5, 64, n=7, max_len=45)
    results = [perplexity(tiny_llama, texts, window=16, stride=5, batch_size=b) for b in (1, 3, 100)]
    for r in results[1:]:
        assert r.tokens == results[0].tokens and r.windows == results[0].windows
        assert r.nll_sum == pytest.approx(results[0].nll_sum, rel=1e-5)


class CharTokenizer:
    "One token per character (ids = code points): enough of a tokenizer for `perplexity`."

    def __call__(self, texts, add_special_tokens=False):
        return type("Encoding", (), {"input_ids": [[ord(c) for c in t] for t in texts]})()


def test_bits_per_byte_needs_every_token_scored():
    model, texts = Uniform(256), ["hello world", "perplexity"]
    r = perplexity(model, texts, CharTokenizer(), window=4, stride=2, start_token_id=0)
    assert r.tokens == r.n_bytes == 21
    assert r.bits_per_byte == pytest.approx(8.0, rel=1e-5)  # uniform over 256 bytes: 8 bits each
    no_start = perplexity(model, texts, CharTokenizer(), window=4, stride=2)
    chunks = perplexity(model, texts, CharTokenizer(), window=4, start_token_id=0)
    for result in (no_start, chunks):  # a first token, or chunk starts, go unscored
        assert result.n_bytes is None
        with pytest.raises(ValueError, match="every token scored"):
            _ = result.bits_per_byte


def test_bad_inputs_get_clear_errors():
    model = Uniform(10)
    with pytest.raises(ValueError, match="tokenizer"):
        perplexity(model, ["some text"])
    with pytest.raises(TypeError, match="one string"):
        perplexity(model, "some text", CharTokenizer())
    with pytest.raises(ValueError, match="nothing to score"):
        perplexity(model, [[1], []])
    with pytest.raises(ValueError, match="no texts"):
        perplexity(model, [])


def test_result_properties():
    r = PerplexityResult(nll_sum=10 * math.log(4), tokens=10, windows=1, fed_tokens=11, n_bytes=20)
    assert r.loss == pytest.approx(math.log(4))
    assert r.perplexity == pytest.approx(4.0)
    assert r.bits_per_byte == pytest.approx(1.0)  # 2 bits per token, 2 bytes per token
