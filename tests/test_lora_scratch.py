"""Fast tests of day 38's LoRA from scratch (aicourse.scratch), on small layers and a tiny random Llama."""
from __future__ import annotations

import pytest
import torch

from aicourse.scratch import (
    add_lora,
    is_lora,
    lora_layers,
    lora_linear,
    lora_param_count,
    merge_lora,
    unmerge_lora,
)


def _tiny_llama():
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=32)
    return LlamaForCausalLM(config).eval()


def test_lora_linear_starts_at_base_and_trains_only_a_and_b():
    torch.manual_seed(0)
    base = torch.nn.Linear(8, 5)
    layer = lora_linear(base, r=2, alpha=4)
    x = torch.randn(3, 8)
    assert torch.equal(layer(x), base(x))
    assert is_lora(layer) and not is_lora(base)
    assert [n for n, p in layer.named_parameters() if p.requires_grad] == ["lora_A", "lora_B"]
    assert layer.scaling == 2.0 and tuple(layer.lora_A.shape) == (2, 8) and tuple(layer.lora_B.shape) == (5, 2)


def test_forward_matches_formula_and_merge_round_trips():
    torch.manual_seed(1)
    base = torch.nn.Linear(6, 4, bias=False)
    layer = lora_linear(base, r=3, alpha=6)
    torch.nn.init.normal_(layer.lora_B)
    x = torch.randn(2, 6)
    w = base.weight.detach().clone()
    want = x @ w.T + 2.0 * (x @ layer.lora_A.T) @ layer.lora_B.T
    torch.testing.assert_close(layer(x), want)
    layer.merge()
    assert layer.merged
    torch.testing.assert_close(base.weight, w + 2.0 * layer.lora_B @ layer.lora_A)
    torch.testing.assert_close(layer(x), want)
    layer.merge()  # merging twice must not add the update twice
    torch.testing.assert_close(layer(x), want)
    layer.unmerge()
    torch.testing.assert_close(base.weight, w)


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match="rank"):
        lora_linear(torch.nn.Linear(2, 2), r=0, alpha=1)
    with pytest.raises(TypeError, match="nn.Linear"):
        lora_linear(torch.nn.Conv1d(2, 2, 1), r=1, alpha=1)
    with pytest.raises(ValueError, match="linear layers are called"):
        add_lora(torch.nn.Sequential(torch.nn.Linear(2, 2)), ["q_proj"])
    with pytest.raises(ValueError, match="rank"):
        lora_param_count([(4, 4)], 0)


def test_add_lora_on_tiny_llama_counts_merges_and_matches_peft():
    model = _tiny_llama()
    ids = torch.randint(0, 64, (2, 7))
    with torch.no_grad():
        before = model(ids).logits
    n = add_lora(model, ["q_proj", "v_proj"], r=4, alpha=8)
    layers = lora_layers(model)
    assert len(layers) == 4  # 2 blocks x (q, v)
    assert n == lora_param_count([tuple(m.base.weight.shape) for _, m in layers], 4) == 2 * 4 * ((32 + 32) + (32 + 16))
    with torch.no_grad():
        assert torch.equal(model(ids).logits, before)
        for _, m in layers:
            torch.nn.init.normal_(m.lora_B, std=0.1)
        unmerged = model(ids).logits
        assert merge_lora(model) == 4
        torch.testing.assert_close(model(ids).logits, unmerged, rtol=1e-4, atol=1e-5)
        assert unmerge_lora(model) == 4
        torch.testing.assert_close(model(ids).logits, unmerged, rtol=1e-4, atol=1e-5)

    peft = pytest.importorskip("peft")
    plain = _tiny_llama()  # the same seed: the same frozen weights
    peft_model = peft.get_peft_model(plain, peft.LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"],
                                                            lora_dropout=0.0))
    with torch.no_grad():
        for name, m in layers:
            p = peft_model.get_submodule("base_model.model." + name)
            p.lora_A["default"].weight.copy_(m.lora_A)
            p.lora_B["default"].weight.copy_(m.lora_B)
        torch.testing.assert_close(peft_model(ids).logits, unmerged, rtol=1e-4, atol=1e-5)
