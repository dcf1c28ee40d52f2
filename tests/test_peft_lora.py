"""Fast tests of day 39's peft LoRA helpers (aicourse.finetune), on a tiny random Llama."""
from __future__ import annotations

import math

import pytest
import torch

from aicourse.finetune import answer_loss, linear_module_names, lora_model, lora_scale
from aicourse.scratch import lora_param_count
from aicourse.vision import count_params


def _tiny_llama():
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=32)
    return LlamaForCausalLM(config).eval()


def test_linear_module_names_lists_the_seven_projections_without_lm_head():
    names = linear_module_names(_tiny_llama())
    assert names == {n: 2 for n in ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]}
    assert "lm_head" in linear_module_names(_tiny_llama(), exclude=())


def test_lora_model_counts_starts_at_base_and_rejects_unknown_names():
    model = _tiny_llama()
    x = torch.randint(0, 64, (2, 6))
    with torch.no_grad():
        before = model(input_ids=x).logits
    shapes = [tuple(m.weight.shape) for n, m in model.named_modules() if n.endswith(("q_proj", "v_proj"))]
    wrapped = lora_model(model, r=4, alpha=8, targets=["q_proj", "v_proj"], dropout=0.0).eval()
    counts = count_params(wrapped)
    assert counts["trainable"] == lora_param_count(shapes, 4) and counts["frozen"] > counts["trainable"]
    with torch.no_grad():
        assert torch.equal(wrapped(input_ids=x).logits, before)
    with pytest.raises(ValueError, match="no nn.Linear named"):
        lora_model(_tiny_llama(), targets=["query"])


@pytest.mark.parametrize("rslora", [False, True])
def test_lora_scale_matches_peft(rslora):
    wrapped = lora_model(_tiny_llama(), r=16, alpha=8, targets=["q_proj"], rslora=rslora)
    peft_scale = wrapped.base_model.model.model.layers[0].self_attn.q_proj.scaling["default"]
    assert math.isclose(peft_scale, lora_scale(16, 8, rslora)) and math.isclose(peft_scale, 0.5 if not rslora else 2.0)
    assert lora_scale(16, 8) == lora_scale(8, 8) / 2
    with pytest.raises(ValueError):
        lora_scale(0, 8)


def test_answer_loss_is_token_weighted_and_ignores_prompt():
    model = _tiny_llama()
    torch.manual_seed(1)
    ids = torch.randint(0, 64, (3, 8))
    labels = ids.clone()
    labels[:, :5] = -100
    labels[0, 5:] = -100  # the first chat has no answer tokens in this batch
    long = {"input_ids": ids, "attention_mask": torch.ones_like(ids), "labels": labels}
    short = {k: v[2:, :6] for k, v in long.items()}  # one chat, one answer token
    got = answer_loss(model, [long, short])
    with torch.no_grad():
        loss_long, loss_short = model(**long).loss.item(), model(**short).loss.item()
    n_long, n_short = int((labels[:, 1:] != -100).sum()), 1
    assert math.isclose(got, (loss_long * n_long + loss_short * n_short) / (n_long + n_short), rel_tol=1e-4)
    assert not model.training
    with pytest.raises(ValueError, match="no answer tokens"):
        answer_loss(model, [{**short, "labels": torch.full_like(short["labels"], -100)}])


def test_lora_training_lowers_loss():
    model = lora_model(_tiny_llama(), r=4, alpha=8, targets=["q_proj", "k_proj", "v_proj", "o_proj"], dropout=0.0)
    x = torch.arange(8).repeat(4, 1)
    batch = {"input_ids": x, "attention_mask": torch.ones_like(x), "labels": x}
    before = answer_loss(model, [batch])
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-2)
    model.train()
    for _ in range(20):
        model(**batch).loss.backward()
        opt.step()
        opt.zero_grad()
    assert answer_loss(model, [batch]) < before - 0.1
