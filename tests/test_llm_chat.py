"""Day 32's chat helpers in aicourse.llm, without loading a real model:
message checks, few-shot structure, incremental decoding on a byte-level fake tokenizer, and, on a tiny random
Llama with SmolLM2's tokenizer, label scoring against a plain forward pass and streaming against `generate`."""
from __future__ import annotations

import pytest

from aicourse.llm import check_messages, few_shot_messages, text_pieces
from aicourse.metrics import wilson_interval


def test_check_messages_refuses_malformed_conversations():
    check_messages([{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}])
    bad = {
        "no messages": [],
        "use one of system, user, assistant": [{"role": "usr", "content": "Hi"}],
        "empty content": [{"role": "user", "content": " \n"}],
        "exactly the keys": [{"role": "user", "text": "Hi"}],
        "can only come first": [{"role": "user", "content": "Hi"}, {"role": "system", "content": "Be brief."}],
    }
    for message, messages in bad.items():
        with pytest.raises(ValueError, match=message):
            check_messages(messages)


def test_few_shot_messages_alternate_user_and_assistant():
    got = few_shot_messages("Label it.", [("win now", "spam"), ("see you", "ham")], "free cash")
    assert [m["role"] for m in got] == ["system", "user", "assistant", "user", "assistant", "user"]
    assert [m["content"] for m in got] == ["Label it.", "win now", "spam", "see you", "ham", "free cash"]
    assert few_shot_messages(None, [], "hi") == [{"role": "user", "content": "hi"}]
    with pytest.raises(ValueError, match="empty content"):
        few_shot_messages("Label it.", [("win now", "")], "free cash")


def test_wilson_interval():
    low, high = wilson_interval(8, 10)
    assert abs(low - 0.4902) < 1e-4 and abs(high - 0.9433) < 1e-4
    assert wilson_interval(0, 10)[0] == 0.0 and wilson_interval(10, 10)[1] == 1.0
    assert wilson_interval(5, 10)[1] - wilson_interval(5, 10)[0] > wilson_interval(500, 1000)[1] - wilson_interval(500, 1000)[0]
    with pytest.raises(ValueError):
        wilson_interval(3, 2)


class ByteTokenizer:
    "One token per UTF-8 byte: decoding a prefix can end inside a character, as with byte-level BPE."
    def decode(self, ids, skip_special_tokens=True):
        return bytes(ids).decode("utf-8", errors="replace")


def test_text_pieces_never_split_a_character():
    text = "Olá! Café ☕ 😀 done"
    pieces = list(text_pieces(ByteTokenizer(), list(text.encode())))
    assert "".join(pieces) == text
    assert not any("\ufffd" in p for p in pieces)
    assert "😀" in pieces  # the four bytes of the emoji arrive as one piece


def test_label_logprobs_match_one_forward_pass_per_label(tiny_chat_model):
    import torch

    from aicourse.llm import chat_ids, label_logprobs
    model, tokenizer = tiny_chat_model
    labels = ["spam", "ham", "not sure"]
    conversations = [few_shot_messages("Label it.", [("win now", "spam")], q) for q in ("free cash", "lunch at 1?")]
    got = label_logprobs(model, tokenizer, conversations, labels, batch_size=2)
    for i, c in enumerate(conversations):
        prompt = chat_ids(tokenizer, c)
        for j, label in enumerate(labels):
            full = chat_ids(tokenizer, [*c, {"role": "assistant", "content": label}], add_generation_prompt=False)
            reply = full[len(prompt):full.index(tokenizer.eos_token_id, len(prompt))]
            with torch.no_grad():
                logp = model(torch.tensor([full])).logits[0].log_softmax(-1)
            want = sum(logp[len(prompt) - 1 + t, tok].item() for t, tok in enumerate(reply))
            assert abs(got[i, j].item() - want) < 1e-4


def test_stream_reply_joins_to_chat_reply(tiny_chat_model):
    from aicourse.llm import chat_reply, stream_reply
    model, tokenizer = tiny_chat_model
    messages = [{"role": "user", "content": "Say something."}]
    pieces = list(stream_reply(model, tokenizer, messages, max_new_tokens=12))
    assert "".join(pieces) == chat_reply(model, tokenizer, messages, max_new_tokens=12)
