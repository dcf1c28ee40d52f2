"""Fixtures shared by several test files."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def tiny_chat_model():
    "A tiny random Llama with SmolLM2's tokenizer and chat template (no weights to load)."
    transformers = pytest.importorskip("transformers")
    import torch

    from aicourse.course.assets import smollm2_path
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(smollm2_path())
    except Exception as e:  # the offline model is not prepared on this machine
        pytest.skip(f"SmolLM2 tokenizer not available: {e}")
    torch.manual_seed(0)
    config = transformers.LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                                      num_attention_heads=4, num_key_value_heads=2, eos_token_id=tokenizer.eos_token_id)
    return transformers.LlamaForCausalLM(config).eval(), tokenizer
