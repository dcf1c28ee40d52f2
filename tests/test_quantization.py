"""aicourse.llm's quantization (day 36): absmax and NF4 by hand against bitsandbytes' own functions, and
`load_quantized_lm` / `model_bytes` on a tiny random Llama saved here. No offline model is needed."""
from __future__ import annotations

import logging

import pytest

from aicourse.llm import (
    QUANT_SCHEMES,
    absmax_dequantize,
    absmax_quantize,
    dequantize_blockwise,
    fake_quantize_linears,
    load_quantized_lm,
    model_bytes,
    nf4_code,
    quantize_blockwise,
)

torch = pytest.importorskip("torch")
logging.getLogger("bitsandbytes").setLevel(logging.ERROR)  # an optional CPU kernel it cannot fetch offline
bnbf = pytest.importorskip("bitsandbytes.functional")


@pytest.mark.parametrize("bits", [2, 4, 8])
@pytest.mark.parametrize("dim", [None, 0, 1])
def test_absmax_error_is_at_most_half_a_step(bits, dim):
    w = torch.randn(33, 70, generator=torch.Generator().manual_seed(bits)) * 0.05
    q, scale = absmax_quantize(w, bits, dim)
    assert q.dtype == torch.int8 and q.abs().max() <= 2 ** (bits - 1) - 1
    assert ((absmax_dequantize(q, scale) - w).abs() <= scale / 2 * (1 + 1e-6)).all()


def test_absmax_edge_cases():
    q, scale = absmax_quantize(torch.zeros(4, 3), dim=1)
    assert q.eq(0).all() and scale.eq(1).all()  # an all-zero row: no division by zero
    assert absmax_quantize(torch.tensor([127.0, 2.5, -0.5]))[0].tolist() == [127, 2, 0]  # halves go to even
    assert absmax_quantize(torch.ones(2, dtype=torch.float64))[1].dtype == torch.float64
    with pytest.raises(ValueError, match="bits must be in"):
        absmax_quantize(torch.ones(3), bits=9)


def test_per_row_int8_equals_bitsandbytes():
    w = torch.randn(64, 96, generator=torch.Generator().manual_seed(0))
    q_theirs, row_absmax, _ = bnbf.int8_vectorwise_quant(w)
    q, scale = absmax_quantize(w, 8, dim=1)
    assert torch.equal(q, q_theirs)
    assert torch.allclose(scale[:, 0] * 127, row_absmax)


def test_nf4_code_equals_bitsandbytes():
    code = nf4_code()
    assert torch.allclose(code, bnbf.get_4bit_type("nf4", device="cpu"), atol=1e-6)
    assert code[0] == -1 and code[-1] == 1 and 0.0 in code.tolist() and (code.diff() > 0).all()


@pytest.mark.parametrize("shape", [(64,), (8, 64), (48, 128), (3, 5, 64)])
def test_blockwise_nf4_equals_bitsandbytes(shape):
    w = torch.randn(*shape, generator=torch.Generator().manual_seed(len(shape))) * 0.02
    packed, state = bnbf.quantize_4bit(w, blocksize=64, quant_type="nf4")
    code = nf4_code()
    indices, absmax = quantize_blockwise(w, code, 64)
    assert indices.dtype == torch.uint8 and int(indices.max()) <= 15
    assert torch.equal(absmax, state.absmax)
    assert torch.allclose(dequantize_blockwise(indices, absmax, code, w.shape), bnbf.dequantize_4bit(packed, state),
                          atol=1e-6)


def test_blockwise_refuses_a_partial_block():
    with pytest.raises(ValueError, match="blocks of 64"):
        quantize_blockwise(torch.ones(100), nf4_code())


@pytest.fixture(scope="module")
def tiny_llama(tmp_path_factory):
    transformers = pytest.importorskip("transformers")
    config = transformers.LlamaConfig(vocab_size=128, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                                      num_attention_heads=4, num_key_value_heads=2, tie_word_embeddings=True)
    torch.manual_seed(0)
    folder = tmp_path_factory.mktemp("tiny_llama")
    transformers.LlamaForCausalLM(config).save_pretrained(folder)
    tokenizers = pytest.importorskip("tokenizers")
    vocab = {f"t{i}": i for i in range(128)}
    tok = tokenizers.Tokenizer(tokenizers.models.WordLevel(vocab, unk_token="t0"))
    tok.pre_tokenizer = tokenizers.pre_tokenizers.Whitespace()
    transformers.PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="t0").save_pretrained(folder)
    return folder


def test_fake_quantize_linears_skips_the_output_layer(tiny_llama):
    model, _ = load_quantized_lm(tiny_llama, "fp32", "cpu")
    head = model.lm_head.weight.detach().clone()
    assert fake_quantize_linears(model, torch.zeros_like) == 2 * 7  # q, k, v, o, gate, up, down per layer
    assert torch.equal(model.lm_head.weight, head)
    assert model.model.layers[0].mlp.up_proj.weight.eq(0).all()


def test_load_quantized_lm_and_model_bytes(tiny_llama):
    ids = torch.tensor([[1, 2, 3, 4, 5]])
    fp32, _ = load_quantized_lm(tiny_llama, "fp32", "cpu")
    assert model_bytes(fp32) == fp32.get_memory_footprint()
    for scheme in ("int8", "nf4"):
        model, _ = load_quantized_lm(tiny_llama, scheme, "cpu")
        with torch.no_grad():
            logits = model(ids).logits
        assert logits.shape == (1, 5, 128) and torch.isfinite(logits).all()
        assert model.get_memory_footprint() < model_bytes(model) < model_bytes(fp32)  # the scales are counted
    with pytest.raises(ValueError, match="unknown scheme"):
        load_quantized_lm(tiny_llama, "int3")
    assert set(QUANT_SCHEMES) >= {"fp32", "int8", "nf4"}
