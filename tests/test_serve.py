"""aicourse.serve (day 56): the RAG API over real HTTP. uvicorn serves `rag_api` on a free localhost port in a thread
and httpx (raw, and through RagClient) calls every route and every error; then concurrency, a clean shutdown, and
one real small pipeline (day 53's RagPipeline with a tiny random model)."""
from __future__ import annotations

import contextlib
import json
import logging
import math
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from aicourse.serve import (  # noqa: E402
    MAX_BODY_BYTES,
    MAX_K,
    MAX_QUERY_CHARS,
    AnswerRequest,
    AnswerResponse,
    RagApiError,
    RagClient,
    SearchRequest,
    SearchResponse,
    SourceOut,
    answer_out,
    rag_api,
    served,
)

PIPELINE_MAX_CHARS = 200


@dataclass(frozen=True)
class Src:  # shaped like day 52's rag.Source: the API only reads its attributes
    number: int
    text: str
    source: str = ""
    start: int = 0
    end: int = 0
    score: float = float("nan")


class Answer:  # shaped like day 53's RagAnswer: the API only calls to_dict()
    def __init__(self, question: str):
        self.question = question

    def to_dict(self) -> dict:
        return dict(question=self.question, answer="Invoices are kept for 10 years [1].", model_answer="x",
                    sources=[dict(number=1, text="Invoices are kept for 10 years.", source="privacy.md", start=3,
                                  end=34, score=None)],
                    retrieved=[], cited=[1], citations_ok=True, citations={}, refused=False, gated=False,
                    attributed=True, ok=True, prompt_tokens=50, seconds={"generate": 0.25, "total": 0.5})


class FakePipeline:
    """A pipeline with known answers: k sources with scores 1/n (the last one NaN). Like day 53's, it checks the
    question first (`check_question`: too long -> ValueError); after that, 'bug' raises KeyError and 'index' a
    ValueError from deep inside (a setup fault, not the client's)."""

    def __init__(self, delay: float = 0.0, barrier: threading.Barrier | None = None):
        self.delay, self.barrier, self.calls = delay, barrier, 0

    def check_question(self, question: str) -> str:
        if len(question) > PIPELINE_MAX_CHARS:
            raise ValueError(f"the question is {len(question)} characters, over max_question_chars={PIPELINE_MAX_CHARS}")
        return question.strip()

    def _fail(self, question: str) -> None:
        if "bug" in question:
            raise KeyError("/root/secret/path.py")  # a bug in the pipeline: must not reach the client
        if "index" in question:
            raise ValueError("shapes (1,4) and (8,) not aligned: /root/secret/index.py")  # a setup fault

    def search(self, question: str, k: int) -> list[Src]:
        self._fail(question)
        return [Src(i + 1, f"text {i + 1}", "doc.md", 10 * i, 10 * i + 6, float("nan") if i == k - 1 else 1 / (i + 1))
                for i in range(k)]

    def answer(self, question: str) -> Answer:
        self._fail(question)
        self.calls += 1
        if self.barrier is not None:
            self.barrier.wait()  # returns only when another request is inside answer() at the same time
        time.sleep(self.delay)
        return Answer(question)


@pytest.fixture(scope="module")
def url():
    with served(rag_api(FakePipeline())) as base:
        yield base


@pytest.fixture(scope="module")
def client(url):
    with RagClient(url) as c:
        yield c


def _refused(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", port)) != 0


def test_import_stays_light():
    code = "import sys, aicourse.serve; print(sorted(m for m in ('fastapi', 'uvicorn', 'httpx', 'starlette') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_served_yields_a_localhost_url_with_a_port(url):
    assert url.startswith("http://127.0.0.1:") and int(url.rsplit(":", 1)[1]) > 0


def test_health(url):
    r = httpx.get(url + "/health")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_search_over_http(url, client):
    r = httpx.post(url + "/search", json={"query": "How long are invoices kept?", "k": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "How long are invoices kept?" and body["k"] == 3
    assert [s["number"] for s in body["sources"]] == [1, 2, 3]
    assert body["sources"][0] == {"number": 1, "text": "text 1", "source": "doc.md", "start": 0, "end": 6, "score": 1.0}
    assert body["sources"][2]["score"] is None  # NaN is not JSON: it travels as null
    got = client.search("How long are invoices kept?", k=3)
    assert isinstance(got, SearchResponse) and got == SearchResponse.model_validate(body)
    assert len(client.search("x").sources) == SearchRequest.model_fields["k"].default == 5


def test_answer_over_http(client):
    got = client.answer("How long are invoices kept?")
    assert isinstance(got, AnswerResponse)
    assert got == answer_out(Answer("How long are invoices kept?"))
    assert (got.cited, got.citations_ok, got.attributed, got.refused, got.gated) == ([1], True, True, False, False)
    assert got.sources[0].start == 3 and got.seconds["total"] == 0.5


def test_answer_out_reads_the_nested_citations_too():
    d = Answer("q").to_dict()
    del d["cited"], d["citations_ok"], d["ok"]
    d["citations"] = {"cited": [2], "ok": False}
    out = answer_out(d)
    assert (out.cited, out.citations_ok) == ([2], False)
    with pytest.raises(TypeError, match="to_dict"):
        answer_out("an answer")


BAD_BODIES = [  # (route, body, status, field, type)
    ("/search", {"query": "", "k": 3}, 422, "query", "string_too_short"),
    ("/search", {"query": "   \n\t", "k": 3}, 422, "query", "value_error"),
    ("/search", {"query": "x", "k": 0}, 422, "k", "greater_than_equal"),
    ("/search", {"query": "x", "k": -3}, 422, "k", "greater_than_equal"),
    ("/search", {"query": "x", "k": MAX_K + 1}, 422, "k", "less_than_equal"),
    ("/search", {"query": "x", "k": 1000}, 422, "k", "less_than_equal"),
    ("/search", {"query": "x", "k": "five"}, 422, "k", "int_type"),
    ("/search", {"query": "x", "k": "5"}, 422, "k", "int_type"),  # strict: a string is not a number
    ("/search", {"query": "x", "k": 2.0}, 422, "k", "int_type"),
    ("/search", {"query": "x", "k": True}, 422, "k", "int_type"),
    ("/search", {"query": "x", "k": None}, 422, "k", "int_type"),
    ("/search", {"query": 42, "k": 3}, 422, "query", "string_type"),
    ("/search", {"k": 3}, 422, "query", "missing"),
    ("/search", {"querry": "x"}, 422, "querry", "extra_forbidden"),
    ("/search", {"query": "x" * (MAX_QUERY_CHARS + 1)}, 422, "query", "string_too_long"),
    ("/search", ["query", "x"], 422, None, "model_attributes_type"),
    ("/answer", {"question": ""}, 422, "question", "string_too_short"),
    ("/answer", {"question": "  "}, 422, "question", "value_error"),
    ("/answer", {"query": "x"}, 422, "question", "missing"),
    ("/answer", {"question": ["x"]}, 422, "question", "string_type"),
    ("/answer", {"question": "x" * (MAX_QUERY_CHARS + 1)}, 422, "question", "string_too_long"),
]


@pytest.mark.parametrize("route, body, status, field, kind", BAD_BODIES, ids=[f"{r}-{i}" for i, (r, *_) in enumerate(BAD_BODIES)])
def test_invalid_bodies_get_422_with_pydantics_message(url, route, body, status, field, kind):
    r = httpx.post(url + route, json=body)
    assert r.status_code == status, r.text
    errors = r.json()["detail"]
    assert any(e["type"] == kind and (field is None or e["loc"][-1] == field) for e in errors), errors
    assert all(set(e) == {"loc", "msg", "type"} and e["loc"][0] == "body" and e["msg"] for e in errors)
    assert "Traceback" not in r.text and 'File "' not in r.text
    assert len(r.text) < 600  # the input is not echoed back (a 1001-character question is not returned)


def test_a_body_that_is_not_json_gets_422(url):
    r = httpx.post(url + "/search", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "json_invalid"
    assert httpx.post(url + "/answer", content=b"").status_code == 422


def test_the_pipelines_value_error_is_400_with_its_message(url, client):
    long = "x" * (PIPELINE_MAX_CHARS + 1)  # within the API's limit, over the pipeline's
    for route, body in [("/search", {"query": long, "k": 2}), ("/answer", {"question": long})]:
        r = httpx.post(url + route, json=body)
        assert r.status_code == 400
        assert r.json() == {"detail": f"the question is {len(long)} characters, over max_question_chars=200"}
    with pytest.raises(RagApiError, match="400: the question is 201 characters") as e:
        client.answer(long)
    assert e.value.status_code == 400 and "max_question_chars" in e.value.detail


def test_a_bug_is_a_500_without_its_traceback(url):
    r = httpx.post(url + "/answer", json={"question": "a bug"})
    assert r.status_code == 500
    assert r.json() == {"detail": "internal server error (the server logged it)"}
    assert "secret" not in r.text and "Traceback" not in r.text


def test_wrong_method_and_unknown_path(url):
    assert httpx.get(url + "/search").status_code == 405
    assert httpx.post(url + "/nothing", json={}).status_code == 404


def test_the_client_turns_422_into_one_line_per_field(client):
    with pytest.raises(RagApiError) as e:
        client.search("   ", k=0)
    assert e.value.status_code == 422
    assert str(e.value) == ("422: query: Value error, must hold some words, not only spaces; "
                            "k: Input should be greater than or equal to 1")
    assert [d["loc"][-1] for d in e.value.detail] == ["query", "k"]


def test_the_models_state_their_limits_in_the_openapi_schema(url):
    schema = httpx.get(url + "/openapi.json").json()
    assert {p: sorted(m) for p, m in schema["paths"].items()} == {"/health": ["get"], "/search": ["post"],
                                                                  "/answer": ["post"]}
    assert [schema["paths"][p][m]["operationId"] for p, m in [("/health", "get"), ("/search", "post"),
                                                              ("/answer", "post")]] == ["health", "search", "answer"]
    props = schema["components"]["schemas"]["SearchRequest"]["properties"]
    assert (props["query"]["minLength"], props["query"]["maxLength"]) == (1, MAX_QUERY_CHARS)
    assert (props["k"]["minimum"], props["k"]["maximum"], props["k"]["default"]) == (1, MAX_K, 5)
    assert schema["components"]["schemas"]["SearchRequest"]["additionalProperties"] is False
    for path in ("/search", "/answer"):
        replies = schema["paths"][path]["post"]["responses"]
        assert {"200", "400", "413", "422", "500"} <= set(replies)
        for code in ("400", "413", "500"):
            assert replies[code]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
    answer = schema["components"]["schemas"]["AnswerResponse"]
    assert set(answer["required"]) == set(AnswerResponse.model_fields) - {"reason"}  # reason: optional, default null
    assert {"type": "null"} in answer["properties"]["reason"]["anyOf"]
    assert answer["properties"]["sources"]["items"] == {"$ref": "#/components/schemas/SourceOut"}
    assert SearchRequest.model_json_schema()["properties"]["k"]["maximum"] == MAX_K
    assert AnswerRequest.model_json_schema()["properties"]["question"]["maxLength"] == MAX_QUERY_CHARS


def test_rag_api_refuses_an_object_without_the_two_methods():
    class OnlySearch:
        def search(self, question, k):
            return []
    with pytest.raises(TypeError, match=r"\.answer\(\)"):
        rag_api(OnlySearch())


def test_two_requests_at_once_are_both_answered_concurrently():
    barrier = threading.Barrier(2, timeout=10)  # each answer() waits until the other one is inside too
    with served(rag_api(FakePipeline(barrier=barrier))) as base:
        results = [None, None]

        def ask(i):
            with RagClient(base, timeout=20) as c:
                results[i] = c.answer(f"question {i}")
        threads = [threading.Thread(target=ask, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert [r.question for r in results] == ["question 0", "question 1"]
    assert not barrier.broken


def test_lock_true_makes_the_calls_take_turns():
    inside, peak, count_lock = [0], [0], threading.Lock()

    class Counting(FakePipeline):
        def answer(self, question):
            with count_lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            time.sleep(0.05)
            with count_lock:
                inside[0] -= 1
            return Answer(question)

    with served(rag_api(Counting(), lock=True)) as base:
        threads = [threading.Thread(target=lambda i=i: httpx.post(base + "/answer", json={"question": f"q{i}"},
                                                                    timeout=20)) for i in range(4)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        elapsed = time.perf_counter() - t0
    assert peak[0] == 1 and elapsed >= 4 * 0.05


def test_shutdown_is_clean_and_frees_the_port():
    def uvicorn_threads() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if t.name == "uvicorn"}
    before = uvicorn_threads()  # the module's server runs on
    with served(rag_api(FakePipeline())) as base:
        ours = uvicorn_threads() - before
        port = int(base.rsplit(":", 1)[1])
        assert httpx.get(base + "/health").status_code == 200
        assert not _refused(port)
    assert len(ours) == 1
    assert _refused(port)  # nothing listens any more
    with socket.socket() as s:  # and the port can be bound again
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
    assert not any(t.is_alive() for t in ours) and uvicorn_threads() == before  # served joined its thread


def test_shutdown_lets_a_request_in_flight_finish():
    pipeline = FakePipeline(delay=0.5)
    out = {}
    with served(rag_api(pipeline)) as base:
        t = threading.Thread(target=lambda: out.setdefault("r", httpx.post(base + "/answer", json={"question": "q"},
                                                                            timeout=20)))
        t.start()
        deadline = time.time() + 10
        while pipeline.calls == 0 and time.time() < deadline:  # the request is inside the pipeline
            time.sleep(0.01)
    t.join(20)
    assert out["r"].status_code == 200 and out["r"].json()["question"] == "q"


def test_served_on_a_taken_port_says_so():
    with served(rag_api(FakePipeline())) as base:
        port = int(base.rsplit(":", 1)[1])
        with pytest.raises(OSError, match="cannot listen"):
            with served(rag_api(FakePipeline()), port=port):
                pass


def test_the_client_bypasses_environment_proxies_for_localhost(monkeypatch, url):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # a proxy that is not there
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    with RagClient(url) as c:
        assert c.health() == {"status": "ok"}


def test_source_out_from_a_source_object_and_a_dict():
    a = SourceOut.model_validate(Src(2, "t", "d.md", 1, 2, float("inf")))
    b = SourceOut.model_validate({"number": 2, "text": "t", "source": "d.md", "start": 1, "end": 2, "score": None})
    assert a == b and a.score is None
    assert math.isclose(SourceOut.model_validate(Src(1, "t", score=0.25)).score, 0.25)


def test_reason_travels_from_the_pipeline_to_the_client(tiny_chat_model):
    "Why the pipeline refused by itself (day 53's RagAnswer.reason) reaches the client; a blank model reply included."
    rag = pytest.importorskip("aicourse.rag")
    if not hasattr(rag, "RagPipeline"):
        pytest.skip("day 53's RagPipeline is not in aicourse.rag yet")
    assert answer_out(Answer("q")).reason is None  # a pipeline without the key: null
    assert answer_out({**Answer("q").to_dict(), "reason": "gate"}).reason == "gate"
    _, tokenizer = tiny_chat_model
    texts = {"privacy.md#0": "Invoices are kept for 10 years, as Portuguese tax law requires.",
             "privacy.md#1": "Server logs are deleted after 90 days.",
             "faq.json#0": "The Pro plan costs 12 euros per month, or 120 euros per year."}
    chunks = {i: rag.Chunk(i.split("#")[0], t, 0, len(t)) for i, t in texts.items()}
    retrieve = rag.bm25_retriever(rag.BM25Index(list(texts.values()), list(texts)))
    blank = rag.RagPipeline(chunks, retrieve, lambda messages: "  ", tokenizer, k=1, max_context_tokens=400)
    with served(rag_api(blank)) as base, RagClient(base) as c:
        got = c.answer("How long are invoices kept?")
    assert (got.refused, got.gated, got.reason) == (True, False, "empty_answer")
    assert got.answer == rag.REFUSAL_SENTENCE  # the text alone cannot tell it from a refusal: reason can


def test_a_real_small_pipeline_over_http(tiny_chat_model):
    "Day 53's RagPipeline (BM25 retrieval, a tiny random Llama): the API returns what the pipeline returns."
    rag = pytest.importorskip("aicourse.rag")
    if not hasattr(rag, "RagPipeline"):
        pytest.skip("day 53's RagPipeline is not in aicourse.rag yet")
    model, tokenizer = tiny_chat_model
    texts = {"privacy.md#0": "Invoices are kept for 10 years, as Portuguese tax law requires.",
             "privacy.md#1": "Server logs are deleted after 90 days.",
             "faq.json#0": "The Pro plan costs 12 euros per month, or 120 euros per year."}
    chunks = {i: rag.Chunk(i.split("#")[0], t, 0, len(t)) for i, t in texts.items()}
    retrieve = rag.bm25_retriever(rag.BM25Index(list(texts.values()), list(texts)))
    pipe = rag.RagPipeline(chunks, retrieve, rag.llm_generator(model, tokenizer, max_new_tokens=8), tokenizer, k=2,
                           max_context_tokens=400, max_question_chars=300)
    question = "How long are invoices kept?"
    with served(rag_api(pipe)) as base, RagClient(base) as c:
        found = c.search(question, k=2)
        assert found.sources == [SourceOut.model_validate(s) for s in pipe.search(question, 2)]
        assert found.sources[0].text == texts["privacy.md#0"]
        got = c.answer(question)
        want = answer_out(pipe.answer(question))  # greedy: the same text every time
        assert got.model_dump(exclude={"seconds"}) == want.model_dump(exclude={"seconds"})
        assert set(got.seconds) >= {"retrieve", "generate", "total"}
        with pytest.raises(RagApiError, match="400: the question is 301 characters"):
            c.answer("x" * 301)  # within the API's 1000, over this pipeline's 300
        json.dumps(got.model_dump())  # JSON-safe both ways


# ---- whose fault: check_question (400), everything after it (500), client_errors for pipelines without a check


def _logged_errors(caplog) -> list[type]:
    return [r.exc_info[0] for r in caplog.records if r.name == "uvicorn.error" and r.exc_info]


def test_a_value_error_after_the_check_is_a_500_logged_on_the_server(url, caplog):
    with caplog.at_level(logging.ERROR, logger="uvicorn.error"):
        for route, body in [("/search", {"query": "the index", "k": 2}), ("/answer", {"question": "the index"})]:
            r = httpx.post(url + route, json=body)
            assert r.status_code == 500 and r.json() == {"detail": "internal server error (the server logged it)"}
            assert "secret" not in r.text and "shapes" not in r.text
        deadline = time.time() + 5
        while len(_logged_errors(caplog)) < 2 and time.time() < deadline:
            time.sleep(0.01)
    assert _logged_errors(caplog) == [ValueError, ValueError]


class QuestionError(ValueError):
    "What a pipeline without check_question raises for a question it refuses."


class Unchecked:  # no check_question: only client_errors can make a 400
    def search(self, question, k):
        if question.startswith("long"):
            raise QuestionError("too long for this pipeline")
        raise ValueError("a setup fault")

    def answer(self, question):
        return self.search(question, 1)


def test_client_errors_names_the_400s_of_a_pipeline_without_check_question():
    with served(rag_api(Unchecked())) as plain, served(rag_api(Unchecked(), client_errors=(QuestionError,))) as named:
        for base, want in [(plain, 500), (named, 400)]:
            r = httpx.post(base + "/answer", json={"question": "long question"})
            assert r.status_code == want, r.text
        r = httpx.post(named + "/search", json={"query": "long question", "k": 1})
        assert r.json() == {"detail": "too long for this pipeline"}
        assert httpx.post(named + "/search", json={"query": "other", "k": 1}).status_code == 500  # not a QuestionError


def test_check_question_runs_first_and_its_message_is_the_400():
    class Counting(FakePipeline):
        def check_question(self, question):
            if "tokens" in question:
                raise ValueError("the question is 900 tokens, over max_context_tokens=512: shorten the question")
            return question

    pipeline = Counting()
    with served(rag_api(pipeline)) as base:
        r = httpx.post(base + "/answer", json={"question": "many tokens"})
        assert r.status_code == 400 and "900 tokens" in r.json()["detail"]
        assert httpx.post(base + "/search", json={"query": "many tokens", "k": 1}).status_code == 400
    assert pipeline.calls == 0  # refused before the pipeline ran


def test_day53s_question_error_from_answer_is_a_400_other_value_errors_are_500s():
    from aicourse.rag import QuestionError as RagQuestionError  # fits alone, not with its best source

    class FitsAloneOnly(FakePipeline):
        def check_question(self, question):
            return question

        def answer(self, question):
            if "long" in question:
                raise RagQuestionError("the question is 300 tokens: with the best source the chat is 1100 tokens")
            raise ValueError("queries must have shape [n, 8], got (1, 4)")  # a setup fault: the server's

    with served(rag_api(FitsAloneOnly())) as base:
        r = httpx.post(base + "/answer", json={"question": "a long question"})
        assert r.status_code == 400 and "best source" in r.json()["detail"]
        r = httpx.post(base + "/answer", json={"question": "another"})
        assert r.status_code == 500 and "shape" not in r.text


# ---- the client's input stays out of the replies and out of memory


def test_a_422_cuts_long_keys_and_lists_at_most_ten_errors(url):
    body = {"query": "x", "k": 3, **{"y" * 2000 + str(i): 1 for i in range(25)}}  # 25 unknown keys, 50 kB
    r = httpx.post(url + "/search", json=body)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert len(detail) == 11 and detail[-1] == {"loc": ["body"], "msg": "and 15 more errors", "type": "too_many_errors"}
    assert all(len(str(part)) <= 40 for e in detail for part in e["loc"])
    assert len(r.content) < 2000
    with pytest.raises(RagApiError, match="and 15 more errors"):
        raise RagApiError(422, detail)


def test_a_large_body_gets_413_unread_or_counted(url):
    big = json.dumps({"query": "x" * (MAX_BODY_BYTES + 10)}).encode()
    r = httpx.post(url + "/search", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json() == {"detail": f"the request body is over {MAX_BODY_BYTES} bytes"}

    def chunks(data: bytes, size: int = 8192):  # no Content-Length: sent chunked, counted as it arrives
        yield from (data[i:i + size] for i in range(0, len(data), size))
    r = httpx.post(url + "/search", content=chunks(big), headers={"content-type": "application/json"})
    assert r.status_code == 413
    small = json.dumps({"query": "x", "k": 2}).encode()
    r = httpx.post(url + "/search", content=chunks(small, 3), headers={"content-type": "application/json"})
    assert r.status_code == 200 and len(r.json()["sources"]) == 2
    assert httpx.get(url + "/health").status_code == 200  # and the server goes on


def test_rag_api_takes_its_own_body_limit():
    with served(rag_api(FakePipeline(), max_body_bytes=100)) as base:
        assert httpx.post(base + "/answer", json={"question": "x" * 200}).status_code == 413
        assert httpx.post(base + "/answer", json={"question": "x" * 20}).status_code == 200


def test_non_finite_times_are_left_out_and_the_client_reads_the_reply():
    class NaNTimes(FakePipeline):
        def answer(self, question):
            d = Answer(question).to_dict()
            d["seconds"] = {"generate": float("nan"), "rerank": float("inf"), "total": 0.5}
            return d

    with served(rag_api(NaNTimes())) as base, RagClient(base) as c:
        assert httpx.post(base + "/answer", json={"question": "q"}).json()["seconds"] == {"total": 0.5}
        assert c.answer("q").seconds == {"total": 0.5}


# ---- /health does not queue behind busy worker threads


def test_health_answers_while_every_worker_thread_is_busy():
    release, lock = threading.Event(), threading.Lock()
    inside = [0]

    class Held(FakePipeline):
        def answer(self, question):
            with lock:
                inside[0] += 1
            release.wait(30)
            return Answer(question)

    n = 45  # more than anyio's 40 worker threads: 5 wait for a thread
    with served(rag_api(Held())) as base, httpx.Client(base_url=base, timeout=60,
                                                       limits=httpx.Limits(max_connections=n + 5)) as http:
        threads = [threading.Thread(target=http.post, args=("/answer",), kwargs={"json": {"question": f"q{i}"}})
                   for i in range(n)]
        for t in threads:
            t.start()
        deadline = time.time() + 20
        while inside[0] < 40 and time.time() < deadline:
            time.sleep(0.01)
        try:
            assert inside[0] == 40  # every worker thread is held
            r = httpx.get(base + "/health", timeout=10)
            assert r.status_code == 200 and inside[0] == 40  # answered while all of them still wait
        finally:
            release.set()
            for t in threads:
                t.join(30)


# ---- the client: every failure is a RagApiError


def test_the_client_wraps_odd_replies_and_transport_failures():
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse, PlainTextResponse

    app, stop = FastAPI(), threading.Event()

    @app.post("/search")
    def overloaded():
        return JSONResponse(status_code=503, content=["overloaded"])

    @app.post("/answer")
    def proxy_page():
        return PlainTextResponse("<html>proxy page</html>", status_code=200)

    @app.get("/health")
    def slow():
        stop.wait(5)
        return {"status": "ok"}

    with served(app) as base, RagClient(base, timeout=0.3) as c:
        with pytest.raises(RagApiError) as e:
            c.search("q")
        assert (e.value.status_code, e.value.detail) == (503, ["overloaded"])
        with pytest.raises(RagApiError, match="not JSON") as e:
            c.answer("q")
        assert e.value.status_code == 200
        with pytest.raises(RagApiError, match="no reply: ReadTimeout") as e:
            c.health()
        assert e.value.status_code is None and isinstance(e.value.__cause__, httpx.TimeoutException)
        stop.set()
    with RagClient(base) as c, pytest.raises(RagApiError) as e:
        c.health()  # nothing listens any more
    assert e.value.status_code is None and isinstance(e.value.__cause__, httpx.ConnectError)


# ---- served: hosts, a server that dies while starting, one that will not stop


def test_a_wildcard_host_yields_a_loopback_url():
    with served(rag_api(FakePipeline()), host="0.0.0.0") as base:
        assert base.startswith("http://127.0.0.1:")
        assert httpx.get(base + "/health").json() == {"status": "ok"}


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback on this machine")
def test_ipv6_hosts():
    with served(rag_api(FakePipeline()), host="::1") as base, RagClient(base) as c:
        assert base.startswith("http://[::1]:")
        assert c.health() == {"status": "ok"} and c._http.trust_env is False  # ::1 is this machine: no proxy
    with served(rag_api(FakePipeline()), host="::") as base:
        assert base.startswith("http://[::1]:") and httpx.get(base + "/health").status_code == 200


def test_a_server_that_dies_while_starting_says_so():
    from fastapi import FastAPI

    @contextlib.asynccontextmanager
    async def lifespan(app):
        raise RuntimeError("model file missing")
        yield

    t = time.perf_counter()
    with pytest.raises(RuntimeError, match="exited during startup"):
        with served(FastAPI(lifespan=lifespan), timeout=30):
            pass
    assert time.perf_counter() - t < 25  # it did not wait for the timeout


def test_a_server_that_will_not_stop_is_a_warning():
    from fastapi import FastAPI

    app, inside, release = FastAPI(), threading.Event(), threading.Event()

    @app.get("/stuck")
    async def stuck():  # blocks the event loop itself: not even force_exit gets through
        inside.set()
        release.wait(30)
        return "done"

    try:
        with pytest.warns(RuntimeWarning, match="still runs after force_exit"):
            with served(app, timeout=0.5) as base:
                threading.Thread(target=lambda: httpx.get(base + "/stuck", timeout=30), daemon=True).start()
                assert inside.wait(10)
    finally:
        release.set()
