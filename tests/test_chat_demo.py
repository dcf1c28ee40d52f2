"""Day 45's streaming chat app (aicourse.demos.chat_app): launched on localhost and driven with a real
gradio_client, first with a fake fast reply function (no model), then once with the offline SmolLM2."""
from __future__ import annotations

import time

import pytest
from gradio_apps import launched  # also keeps gradio off the network (analytics off)

gr = pytest.importorskip("gradio")

from aicourse.demos import MAX_CHARS, MAX_REPLY_CHARS, chat_app, chat_history, chat_turn  # noqa: E402

PIECES = ["Hello", ", ", "you", " asked", ": "]


def fake_stream(messages):
    "A fast stand-in for a model: a fixed opening, then how many messages it got and the last one, piece by piece."
    for piece in PIECES + [f"{len(messages)} messages", " | ", messages[-1]["content"]]:
        time.sleep(0.02)  # slow enough that the client sees the updates one by one
        yield piece


@pytest.fixture(scope="module")
def client():
    app = chat_app(fake_stream, title="Test chat", system="Be brief.", max_chars=100, max_reply_chars=200)
    with launched(app) as client:
        yield client


def test_chat_history_reads_both_gradio_formats():
    api = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]
    page = [{"role": "user", "content": [{"type": "text", "text": "Hi"}], "metadata": None, "options": None},
            {"role": "assistant", "content": [{"type": "text", "text": "Hel"}, {"type": "text", "text": "lo!"}]}]
    assert chat_history(api) == chat_history(page) == api
    noise = [{"role": "assistant", "content": "...", "metadata": {"title": "Thinking"}},
             {"role": "user", "content": [{"type": "file", "file": {"path": "x.png"}}]},
             {"role": "assistant", "content": "   "}]
    assert chat_history(noise) == [] and chat_history(None) == []
    for bad in [[("Hi", "Hello")], [{"role": "system", "content": "x"}], ["Hi"]]:
        with pytest.raises(ValueError, match="expected a dict with role"):
            chat_history(bad)


def test_chat_turn_streams_a_growing_reply_and_checks_input():
    outputs = list(chat_turn("  What is 2 + 2? ", [], fake_stream, system="Be brief."))
    assert len(outputs) == len(PIECES) + 3
    assert all(b.startswith(a) and len(b) > len(a) for a, b in zip(outputs, outputs[1:], strict=False))
    assert outputs[-1] == "Hello, you asked: 2 messages | What is 2 + 2?"  # system + user; the message is stripped
    for bad, message in [(None, "No text"), ("", "empty"), (" \n ", "empty"), ("x" * (MAX_CHARS + 1), "the limit is")]:
        with pytest.raises(gr.Error, match=message):
            list(chat_turn(bad, [], fake_stream))


def test_reply_limit_cuts_and_closes_the_stream():
    closed = []

    def endless(messages):
        try:
            while True:
                yield "la "
        finally:
            closed.append(True)  # the model's decoding loop would end here
    outputs = list(chat_turn("sing", [], endless, max_reply_chars=10))
    assert outputs[-1] == "la la la l [stopped: the limit is 10 characters]" and closed == [True]
    assert MAX_REPLY_CHARS >= 1000
    assert list(chat_turn("hi", [], lambda m: iter([]))) == ["(the model returned an empty reply)"]


def test_client_sees_partial_outputs_that_grow(client):
    job = client.submit("What is 2 + 2?", api_name="/chat")
    final = job.result(timeout=30)
    outputs = job.outputs()
    assert len(outputs) >= 3  # streamed, not one answer at the end
    assert all(b.startswith(a) and len(b) >= len(a) for a, b in zip(outputs, outputs[1:], strict=False))
    assert final == outputs[-1] == "Hello, you asked: 2 messages | What is 2 + 2?"


def test_client_history_reaches_the_model():
    app = chat_app(fake_stream, title="History")
    with launched(app) as client:
        assert client.predict("first", api_name="/chat").endswith("1 messages | first")
        assert client.predict("second", api_name="/chat").endswith("3 messages | second")  # user, assistant, user


@pytest.mark.parametrize("text, message", [("", "The text is empty"), ("  \n\t  ", "The text is empty"),
                                           ("x" * 101, "the limit is 100")])
def test_bad_input_gets_a_clear_message(client, text, message):
    with pytest.raises(Exception, match=message):
        client.predict(text, api_name="/chat")


def test_real_smollm2_streams_through_the_app():
    torch = pytest.importorskip("torch")
    from aicourse.course.assets import MissingAssetError, smollm2_path
    from aicourse.llm import chat_reply, load_causal_lm, stream_reply

    try:
        path = smollm2_path()
    except MissingAssetError as e:
        pytest.skip(f"the offline SmolLM2 is not here: {e}")
    torch.set_num_threads(1)
    model, tokenizer = load_causal_lm(path, device="cpu", dtype=torch.float32)
    app = chat_app(lambda messages: stream_reply(model, tokenizer, messages, max_new_tokens=12), title="SmolLM2")
    question = "Write a Python function that adds two numbers."
    with launched(app) as client:
        job = client.submit(question, api_name="/chat")
        final = job.result(timeout=60)
    outputs = job.outputs()
    assert len(outputs) >= 2 and all(b.startswith(a) for a, b in zip(outputs, outputs[1:], strict=False))
    assert final == chat_reply(model, tokenizer, [{"role": "user", "content": question}], max_new_tokens=12)
