"""Day 35's attention-efficiency helpers in aicourse.llm, without loading a real model: greedy decoding with and
without the KV-cache on a tiny random Llama (same tokens as day 31's loop), the real cache's bytes against day 34's
formula, and tiled attention (FlashAttention's online softmax) against torch's SDPA."""
from __future__ import annotations

import pytest
import torch

from aicourse.llm import (
    DecoderShape,
    cache_nbytes,
    generate_tokens,
    greedy_decode_timed,
    kv_cache_size,
    tiled_attention,
)


@pytest.fixture(scope="module")
def tiny_llama():
    from transformers import LlamaConfig, LlamaForCausalLM
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=128, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128)
    return LlamaForCausalLM(config).eval()


def test_decoding_with_and_without_cache_gives_the_same_tokens(tiny_llama):
    prompt = torch.randint(0, 128, (3, 7), generator=torch.Generator().manual_seed(1))
    cached, cached_s = greedy_decode_timed(tiny_llama, prompt, 10, use_cache=True)
    uncached, uncached_s = greedy_decode_timed(tiny_llama, prompt, 10, use_cache=False)
    assert cached.shape == (3, 17) and torch.equal(cached[:, :7], prompt)
    assert torch.equal(cached, uncached)
    assert torch.equal(cached, generate_tokens(tiny_llama, prompt, 10))
    assert len(cached_s) == len(uncached_s) == 10 and all(s > 0 for s in cached_s + uncached_s)
    assert greedy_decode_timed(tiny_llama, prompt, 0)[0].shape == prompt.shape


def test_cache_nbytes_matches_the_formula(tiny_llama):
    with torch.no_grad():
        cache = tiny_llama(input_ids=torch.randint(0, 128, (2, 9)), use_cache=True).cache
    shape = DecoderShape.from_config(tiny_llama.config)
    assert cache_nbytes(cache) == kv_cache_size(shape, 9, 2, "float32") == 2 * 2 * 2 * 16 * 9 * 2 * 4


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("block", [1, 7, 32, 100])
def test_tiled_attention_equals_sdpa(causal, block):
    gen = torch.Generator().manual_seed(block)
    q, k, v = (torch.randn(2, 3, 50, 16, generator=gen) for _ in range(3))
    want = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=causal)
    torch.testing.assert_close(tiled_attention(q, k, v, block, causal), want, atol=1e-5, rtol=1e-4)


def test_tiled_attention_causal_with_fewer_queries_than_keys():
    "Decoding with a cache: the queries are the last positions, and each sees every key up to its own."
    gen = torch.Generator().manual_seed(0)
    q, k, v = torch.randn(1, 2, 5, 8, generator=gen), torch.randn(1, 2, 12, 8, generator=gen), \
        torch.randn(1, 2, 12, 8, generator=gen)
    mask = torch.ones(5, 12, dtype=torch.bool).tril(diagonal=12 - 5)
    want = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    torch.testing.assert_close(tiled_attention(q, k, v, 4, causal=True), want, atol=1e-5, rtol=1e-4)
    with pytest.raises(ValueError, match="block must be"):
        tiled_attention(q, k, v, block=0)
