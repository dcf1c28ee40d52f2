"""Fast tests of day 40's QLoRA loader (aicourse.finetune.qlora_model) on a tiny random Llama saved to disk:
bitsandbytes quantizes to 4-bit only while `from_pretrained` loads."""
from __future__ import annotations

import logging
import warnings

import pytest
import torch

pytest.importorskip("bitsandbytes")
pytest.importorskip("peft")
logging.getLogger("bitsandbytes").setLevel(logging.ERROR)

from aicourse.finetune import qlora_model  # noqa: E402


@pytest.fixture(scope="module")
def tiny_llama_dir(tmp_path_factory):
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=128, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64)
    path = tmp_path_factory.mktemp("tiny_llama")
    LlamaForCausalLM(config).save_pretrained(path)
    return path


def _batch():
    ids = torch.randint(0, 128, (1, 8), generator=torch.Generator().manual_seed(0)).repeat(2, 3)
    return {"input_ids": ids, "labels": ids.clone()}


def _grad_norm(model, batch) -> float:
    model.train()
    model(**batch).loss.backward()
    norm = sum(float(p.grad.norm()) for p in model.parameters() if p.grad is not None)
    model.zero_grad()
    return norm


def test_base_is_nf4_and_only_float32_adapters_train(tiny_llama_dir):
    model = qlora_model(tiny_llama_dir, r=4, alpha=8, targets=["q_proj", "v_proj"], device="cpu")
    kinds = {type(m).__name__ for n, m in model.named_modules() if n.endswith(("q_proj.base_layer", "up_proj"))}
    assert kinds == {"Linear4bit"}
    four_bit = [m for m in model.modules() if type(m).__name__ == "Linear4bit"]
    assert {m.weight.quant_state.quant_type for m in four_bit} == {"nf4"}
    trainable = {n: p for n, p in model.named_parameters() if p.requires_grad}
    assert trainable and all("lora_A" in n or "lora_B" in n for n in trainable)
    assert {p.dtype for p in trainable.values()} == {torch.float32}
    assert len(trainable) == 2 * 2 * 2  # 2 layers x (q, v) x (A, B)


@pytest.mark.parametrize("checkpointing", [False, True])
def test_learns_after_an_evaluation_in_eval_mode(tiny_llama_dir, checkpointing):
    "An eval-mode, no-grad forward before training (a held-out loss) must not cut the gradient (day 40's bug)."
    torch.manual_seed(0)
    model = qlora_model(tiny_llama_dir, r=8, alpha=16, targets=["q_proj", "k_proj", "v_proj", "o_proj"], device="cpu",
                        gradient_checkpointing=checkpointing)
    batch = _batch()
    model.eval()
    with torch.no_grad():
        model(input_ids=batch["input_ids"])
    assert not any(getattr(m.weight.quant_state, "packing_format_for_cpu", False)
                   for m in model.modules() if type(m).__name__ == "Linear4bit")
    assert _grad_norm(model, batch) > 0
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-2)
    losses = []
    model.train()
    for _ in range(4):
        loss = model(**batch).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
    assert losses[-1] < losses[0] - 0.01, losses


def test_wrong_name_says_what_to_check():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(OSError, match="cannot load"):
            qlora_model("no/such-model-here", device="cpu")
