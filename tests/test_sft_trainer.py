"""Fast tests of day 41's `sft_trainer` (aicourse.finetune): a tiny random Llama with SmolLM2's offline tokenizer."""
from __future__ import annotations

import pickle
from types import SimpleNamespace

import pytest
import torch

from aicourse.finetune import (
    ChatCollator,
    InstructionRecord,
    answer_loss,
    format_chat,
    lora_model,
    sft_trainer,
)

# Answers of very different lengths, so that micro-batches hold different numbers of answer tokens.
RECORDS = [
    InstructionRecord("Add 2 and 3.", "", "5"),
    InstructionRecord("Name a color.", "", "Blue"),
    InstructionRecord("Write a Python function that returns the square of a number.", "",
                      "def square(x):\n    return x * x\n\nprint(square(4))  # prints 16, the square of four"),
    InstructionRecord("List three fruits and say one thing about each.", "",
                      "Apple: crisp and sweet. Banana: soft and full of potassium. Cherry: small, red and tart."),
]


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    from aicourse.course.assets import smollm2_path
    return AutoTokenizer.from_pretrained(smollm2_path())


def _tiny_llama(tokenizer, seed: int = 0):
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
                         pad_token_id=tokenizer.pad_token_id, tie_word_embeddings=True, initializer_range=0.5)
    return LlamaForCausalLM(config)


def _batch(tokenizer, records):
    return ChatCollator(tokenizer.pad_token_id)([format_chat(r, tokenizer) for r in records])


def test_bad_inputs_raise_clear_errors(tokenizer, tmp_path):
    model = _tiny_llama(tokenizer)
    with pytest.raises(ValueError, match="train set is empty"):
        sft_trainer(model, tokenizer, [], RECORDS, tmp_path)
    for name in ("batch", "accumulate", "eval_steps", "save_steps"):
        with pytest.raises(ValueError, match=f"{name} must be an integer >= 1"):
            sft_trainer(model, tokenizer, RECORDS, RECORDS, tmp_path, **{name: 0})
    with pytest.raises(ValueError, match="batch must be"):
        sft_trainer(model, tokenizer, RECORDS, RECORDS, tmp_path, batch=2.5)
    with pytest.raises(ValueError, match="validation set is empty"):
        sft_trainer(model, tokenizer, RECORDS, [], tmp_path, eval_steps=1)
    with pytest.raises(ValueError, match="no pad token"):
        sft_trainer(model, SimpleNamespace(pad_token_id=None), RECORDS, RECORDS, tmp_path)


def test_collator_pickles_and_pads_right(tokenizer):
    collate = pickle.loads(pickle.dumps(ChatCollator(tokenizer.pad_token_id)))
    batch = collate([format_chat(r, tokenizer) for r in RECORDS[:2]])
    assert set(batch) == {"input_ids", "attention_mask", "labels"}
    short = int(batch["attention_mask"].sum(1).argmin())
    assert batch["attention_mask"][short, -1] == 0 and batch["labels"][short, -1] == -100  # right padding


def test_the_loss_drops_on_a_tiny_set(tokenizer, tmp_path):
    model = _tiny_llama(tokenizer)
    before = answer_loss(model, [_batch(tokenizer, RECORDS)])
    trainer = sft_trainer(model, tokenizer, RECORDS, RECORDS, tmp_path, lr=1e-2, batch=2, accumulate=2,
                          epochs=8, eval_steps=4, lr_scheduler_type="constant", per_device_eval_batch_size=4)
    trainer.train()
    after = answer_loss(model, [_batch(tokenizer, RECORDS)])
    assert after < 0.8 * before, (before, after)
    evals = [h for h in trainer.state.log_history if "eval_loss" in h]
    assert [h["step"] for h in evals] == [4, 8]
    assert evals[-1]["eval_loss"] == pytest.approx(after, rel=1e-4)  # one eval batch: the token mean


def test_checkpoints_of_a_peft_model_hold_only_the_adapter(tokenizer, tmp_path):
    model = lora_model(_tiny_llama(tokenizer), r=4, alpha=8, targets=["q_proj", "v_proj"], dropout=0.0)
    trainer = sft_trainer(model, tokenizer, RECORDS, [], tmp_path, batch=1, save_steps=1, lr=1e-3)
    trainer.train()
    kept = sorted(p.name for p in tmp_path.glob("checkpoint-*"))
    assert kept == ["checkpoint-3", "checkpoint-4"]  # 4 steps, save_total_limit=2
    files = {f.name: f.stat().st_size for f in (tmp_path / "checkpoint-4").iterdir()}
    assert "adapter_model.safetensors" in files and "model.safetensors" not in files
    n_trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    assert files["adapter_model.safetensors"] < 4 * n_trainable + 10_000  # float32 A and B plus a small header
    assert sum(files.values()) < 4 * sum(p.numel() for p in model.parameters()) / 5  # far below the base


def _first_step(tokenizer, tmp_path, batch: int, accumulate: int, fixed: bool = True) -> dict:
    trainer = sft_trainer(_tiny_llama(tokenizer), tokenizer, RECORDS, [], tmp_path, batch=batch,
                          accumulate=accumulate, max_steps=1)
    if not fixed:
        trainer.model_accepts_loss_kwargs = False  # the mean of micro-batch means (before the 2024 fix)
    trainer.train()
    return trainer.state.log_history[0]


def test_accumulation_takes_the_same_step_as_a_bigger_batch(tokenizer, tmp_path):
    big = _first_step(tokenizer, tmp_path, 4, 1)
    for batch, accumulate in ((2, 2), (1, 4)):
        small = _first_step(tokenizer, tmp_path, batch, accumulate)
        assert small["grad_norm"] == pytest.approx(big["grad_norm"], rel=1e-4)
        assert small["loss"] == pytest.approx(big["loss"], rel=1e-5)
    naive = _first_step(tokenizer, tmp_path, 1, 4, fixed=False)  # 1 x 4: every chat weighs the same
    assert abs(naive["grad_norm"] / big["grad_norm"] - 1) > 0.01
