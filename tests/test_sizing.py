"""Day 34's sizing formulas against tiny random Llama models (no download)."""
import pytest

from aicourse.llm import (
    DecoderShape,
    bytes_per_value,
    chinchilla_tokens,
    fits,
    flops_per_token,
    gpu_hours,
    kv_cache_size,
    lora_params,
    matmul_params,
    param_count,
    training_bytes,
    weights_bytes,
)

TINY = dict(vocab_size=97, hidden_size=48, intermediate_size=72, num_hidden_layers=2)
VARIANTS = [dict(num_attention_heads=6, num_key_value_heads=2, tie_word_embeddings=True),
            dict(num_attention_heads=6, num_key_value_heads=6, tie_word_embeddings=False),
            dict(num_attention_heads=4, num_key_value_heads=1, tie_word_embeddings=False, head_dim=20),
            dict(num_attention_heads=6, num_key_value_heads=3, tie_word_embeddings=True, attention_bias=True,
                 mlp_bias=True)]


def tiny_model(**variant):
    transformers = pytest.importorskip("transformers")
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    config = transformers.LlamaConfig(**TINY, **variant)
    return transformers.LlamaForCausalLM(config).eval(), DecoderShape.from_config(config)


@pytest.mark.parametrize("variant", VARIANTS)
def test_param_count_matches_torch(variant):
    model, shape = tiny_model(**variant)
    assert param_count(shape) == sum(p.numel() for p in model.parameters())


@pytest.mark.parametrize("variant", VARIANTS[:3])
def test_flops_and_kv_cache_match_the_real_model(variant):
    import torch
    from torch.utils.flop_counter import FlopCounterMode
    model, shape = tiny_model(**variant)
    model.set_attn_implementation("eager")  # its matmuls are visible to the FLOP counter
    ids = torch.randint(0, TINY["vocab_size"], (3, 11))
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        out = model(ids, use_cache=True)
    assert counter.get_total_flops() == ids.numel() * flops_per_token(shape, context=11)
    assert flops_per_token(shape, 11, training=True) == 3 * flops_per_token(shape, 11)
    assert matmul_params(shape) <= param_count(shape) + shape.vocab_size * shape.hidden_size
    nbytes = sum(t.numel() * t.element_size() for layer in out.cache.layers for t in (layer.keys, layer.values))
    assert nbytes == kv_cache_size(shape, 11, 3, "float32")


def test_memory_rules():
    assert weights_bytes(10, "int4") == 5 and bytes_per_value("float32") == 4
    assert training_bytes(100, "full") == 1600
    assert training_bytes(100, "lora", trainable=2) == 200 + 32
    assert training_bytes(100, "qlora", trainable=2) == 50 + 32
    assert fits(80, 100) and not fits(81, 100) and fits(81, 100, headroom=0.1)
    with pytest.raises(ValueError, match="unknown dtype"):
        bytes_per_value("fp8")
    with pytest.raises(ValueError, match="unknown method"):
        training_bytes(1, "adapter")
    with pytest.raises(ValueError, match="multiple"):
        DecoderShape(10, 8, 8, 1, num_heads=3, num_kv_heads=2, head_dim=4)


def test_lora_params_and_budget():
    shape = DecoderShape(vocab_size=10, hidden_size=8, intermediate_size=16, num_layers=2, num_heads=2,
                         num_kv_heads=1, head_dim=4)
    # q 8->8, k 8->4, v 8->4, o 8->8, gate 8->16, up 8->16, down 16->8: inputs + outputs = 128 per rank per layer
    assert lora_params(shape, rank=3) == 2 * 3 * 128
    assert chinchilla_tokens(70e9) == pytest.approx(1.4e12)
    assert gpu_hours(3600 * 1e12, peak_flops=2e12, mfu=0.5) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="share of the peak"):
        gpu_hours(1.0, 1.0, mfu=0)
