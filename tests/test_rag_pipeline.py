"""Day 53: the RAG pipeline (retrievers, generator, attribution, RagAnswer, RagPipeline), checked with fakes."""
from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import threading
import time

import numpy as np
import pytest

from aicourse.rag import (
    MIN_SUPPORT,
    REFUSAL_SENTENCE,
    BM25Index,
    Chunk,
    Embedder,
    QuestionError,
    RagAnswer,
    RagPipeline,
    VectorIndex,
    as_sources,
    attribute_citations,
    best_source,
    bm25_retriever,
    check_citations,
    dense_retriever,
    fit_context,
    hybrid_retriever,
    llm_generator,
    model_lock,
    prompt_tokens,
)

TEXTS = {"keep": "Invoices are kept for 10 years, as tax law requires.",
         "logs": "Server logs are deleted after 90 days.",
         "refund": "You can ask for a refund within 14 days of buying a plan.",
         "cert": "A certificate is issued when you pass the final quiz with at least 70%.",
         "pay": "You can pay by card, MB Way or Multibanco reference."}
CHUNKS = {i: Chunk(f"{i}.md", t, 0, len(t)) for i, t in TEXTS.items()}
ORDER = ["keep", "logs", "refund", "cert", "pay"]


class WordTokenizer:
    "A fake tokenizer: one token per whitespace word of every message, plus two per message for the template."

    def __call__(self, text, add_special_tokens=False):
        return {"input_ids": list(range(len(text.split())))}

    def apply_chat_template(self, messages, tokenize=True, add_generation_prompt=True):
        n = sum(len(m["content"].split()) + 2 for m in messages) + (2 if add_generation_prompt else 0)
        return list(range(n)) if tokenize else " ".join(m["content"] for m in messages)


TOK = WordTokenizer()


def fixed_retriever(hits):
    "A fake retriever that returns the same hits (cut at k) for any question, and counts its calls."
    def retrieve(question, k):
        retrieve.calls += 1
        return list(hits)[:k]
    retrieve.calls = 0
    return retrieve


RANKED = fixed_retriever([(i, 1.0 - 0.1 * n) for n, i in enumerate(ORDER)])


class Recorder:
    "A fake generator that records every prompt it is sent and returns a fixed reply."

    def __init__(self, reply="Invoices are kept for 10 years."):
        self.reply, self.prompts = reply, []

    def __call__(self, messages):
        self.prompts.append(messages)
        return self.reply


def never(messages):
    raise AssertionError("the generator must not be called")


def pipeline(generate=None, **kw):
    kw.setdefault("k", 4)
    kw.setdefault("max_context_tokens", 10_000)
    return RagPipeline(CHUNKS, kw.pop("retrieve", RANKED), generate or Recorder(), TOK, **kw)


# --- fit_context first: what was dropped is never sent, and citations are checked against what was sent ---------
def test_fit_context_runs_before_generate_and_dropped_sources_are_not_sent():
    gen = Recorder("Invoices are kept for 10 years [4].")
    q = "How long are invoices kept?"
    retrieved = as_sources([CHUNKS[i] for i in ORDER[:4]], [1.0, 0.9, 0.8, 0.7])
    budget = prompt_tokens(TOK, q, retrieved[:2])  # room for exactly two sources
    a = pipeline(gen, max_context_tokens=budget).answer(q)
    assert [s.number for s in a.sources] == [1, 2] == [s.number for s in fit_context(q, retrieved, TOK, budget)]
    assert [s.number for s in a.retrieved] == [1, 2, 3, 4] and [s.number for s in a.dropped] == [3, 4]
    assert len(gen.prompts) == 1
    prompt = gen.prompts[0][-1]["content"]
    assert TEXTS["keep"] in prompt and TEXTS["logs"] in prompt
    assert TEXTS["refund"] not in prompt and TEXTS["cert"] not in prompt and "[4]" not in prompt
    assert a.prompt_tokens == budget == len(TOK.apply_chat_template(gen.prompts[0]))
    # [4] was retrieved but not sent: invalid against the sources sent (a check against `retrieved` would pass it)
    assert a.citations.invalid == [4] and not a.ok
    assert check_citations(a.answer, a.retrieved).ok


def test_no_budget_sends_every_candidate_and_needs_no_tokenizer():
    gen = Recorder()
    a = RagPipeline(CHUNKS, RANKED, gen, None, k=3, max_context_tokens=None).answer("invoices?")
    assert [s.number for s in a.sources] == [1, 2, 3] and a.prompt_tokens == 0
    with pytest.raises(ValueError, match="tokenizer"):
        RagPipeline(CHUNKS, RANKED, gen, None, max_context_tokens=100)


def test_budget_that_cannot_hold_the_system_prompt_is_refused_at_build_time():
    with pytest.raises(ValueError, match="system prompt"):
        pipeline(max_context_tokens=5)


def test_a_chunk_over_the_budget_is_a_setup_fault_not_the_questions():
    q = "How long are invoices kept?"
    budget = prompt_tokens(TOK, "?", [CHUNKS["keep"]]) - 1  # the best chunk does not fit even with a one-word question
    with pytest.raises(RuntimeError, match="chunk smaller") as e:
        pipeline(max_context_tokens=budget).answer(q)
    assert not isinstance(e.value, ValueError)


def test_a_question_too_long_in_tokens_is_a_value_error_about_the_question():
    budget = prompt_tokens(TOK, "?", [CHUNKS["keep"]]) + 5  # room for the best chunk and a short question
    p = pipeline(max_context_tokens=budget, max_question_chars=10_000)
    assert not p.answer("invoices kept?").gated
    with pytest.raises(ValueError, match="question is .* tokens") as e:  # fits with no source, not with the best
        p.answer("how long " * 5 + "?")
    assert "chunk smaller" not in str(e.value)
    assert isinstance(e.value, QuestionError)  # day 56 answers it with a 400: the question's fault
    for search in (p.answer, p.search):  # over the budget even with no source: caught before retrieval
        with pytest.raises(ValueError, match="question is .* tokens"):
            search("word " * budget)


def test_check_question_is_public_and_is_what_answer_and_search_call_first():
    p = pipeline(never)  # day 56's API calls check_question before anything runs: a ValueError there is a 400
    assert p.check_question("  invoices kept?  ") == "invoices kept?"
    for bad in ("", "   ", 3, None, "x" * (p.max_question_chars + 1)):
        with pytest.raises(QuestionError, match="question"):
            p.check_question(bad)
        for call in (p.answer, p.search):
            with pytest.raises(ValueError, match="question"):
                call(bad)


# --- the gate -----------------------------------------------------------------------------------------------------
def test_gate_refuses_without_calling_the_generator():
    low = fixed_retriever([("keep", 0.2), ("logs", 0.1)])
    a = pipeline(never, retrieve=low, refusal_threshold=0.5).answer("What is the capital of Australia?")
    assert a.gated and a.refused and a.ok and not a.attributed
    assert a.answer == REFUSAL_SENTENCE and a.model_answer is None and a.sources == [] and a.prompt_tokens == 0
    assert [s.number for s in a.retrieved] == [1, 2] and a.gate_score == pytest.approx(0.2)
    assert a.seconds["generate"] == 0.0 and a.seconds["total"] >= a.seconds["retrieve"]


def test_gate_passes_at_the_threshold_and_reads_gate_retrieve():
    gen = Recorder()
    assert not pipeline(gen, refusal_threshold=1.0).answer("invoices?").gated  # top score 1.0 >= 1.0
    gate = fixed_retriever([("keep", 0.05)])
    a = pipeline(never, refusal_threshold=0.5, gate_retrieve=gate).answer("invoices?")
    assert a.gated and gate.calls == 1 and a.gate_score == pytest.approx(0.05)
    b = pipeline(gen, refusal_threshold=0.5, gate_retrieve=fixed_retriever([("keep", 0.9)])).answer("invoices?")
    assert not b.gated and b.gate_score == pytest.approx(0.9)
    assert pipeline(gen).answer("invoices?").gate_score is None  # no gate, no gate score


def test_nothing_retrieved_is_a_refusal_with_a_reason_and_gated_only_with_a_gate():
    a = pipeline(never, retrieve=fixed_retriever([])).answer("anything?")
    assert not a.gated and a.refused and a.reason == "no_hits" and a.retrieved == [] and a.answer == REFUSAL_SENTENCE
    assert a.model_answer is None and a.to_dict()["reason"] == "no_hits"
    b = pipeline(never, retrieve=fixed_retriever([]), refusal_threshold=0.1).answer("anything?")
    assert b.gated and b.reason == "no_hits" and b.gate_score is None
    c = pipeline(never, refusal_threshold=5.0).answer("anything?")
    assert c.gated and c.reason == "gate"


def test_gated_retrieved_is_first_stage_and_not_reranked():
    def scorer(queries, passages):
        raise AssertionError("a refused question must not be reranked")
    a = pipeline(never, refusal_threshold=5.0, rerank=scorer).answer("q")
    assert [s.text for s in a.retrieved] == [TEXTS[i] for i in ORDER[:4]] and a.retrieved[0].score == 1.0


def test_threshold_must_be_a_real_number_and_a_nan_gate_score_is_a_setup_fault():
    for bad in ("0.3", True, [0.3]):
        with pytest.raises(ValueError, match="refusal_threshold"):
            pipeline(refusal_threshold=bad)
    p = pipeline(never, retrieve=fixed_retriever([("keep", math.nan)]), refusal_threshold=0.3)
    with pytest.raises(RuntimeError, match="finite"):
        p.answer("q")


def test_nan_threshold_is_refused():
    with pytest.raises(ValueError, match="NaN"):
        pipeline(refusal_threshold=float("nan"))


# --- rerank -------------------------------------------------------------------------------------------------------
def test_rerank_scores_the_top_depth_and_keeps_the_best_k():
    seen = []

    def by_length(queries, passages):  # longer passage = more relevant; a fake day-51 pair scorer
        assert len(set(queries)) == 1
        seen.append(len(passages))
        return [float(len(p)) for p in passages]
    p = pipeline(k=2, rerank=by_length, rerank_depth=3)
    got = [s.text for s in p.search("q")]
    top3 = sorted(ORDER[:3], key=lambda i: -len(TEXTS[i]))  # the reranker sees the first stage's top 3
    assert got == [TEXTS[i] for i in top3[:2]] and seen == [3]
    assert [s.number for s in p.search("q")] == [1, 2]
    assert p.search("q", k=1) == p.search("q")[:1]
    everything = [s.text for s in pipeline(k=5, rerank=by_length, rerank_depth=3).search("q")]
    assert everything == sorted((TEXTS[i] for i in ORDER), key=len, reverse=True)  # k > depth: all k reranked


def test_rerank_ties_keep_first_stage_order_and_bad_scores_raise():
    assert [s.text for s in pipeline(rerank=lambda q, p: [0.0] * len(p)).search("q")] == [TEXTS[i] for i in ORDER[:4]]
    with pytest.raises(RuntimeError, match="one\\s+finite score per passage"):  # the setup's fault: not a 400
        pipeline(rerank=lambda q, p: [0.0]).answer("q")
    with pytest.raises(RuntimeError, match="NaN"):
        pipeline(rerank=lambda q, p: [math.nan] * len(p)).search("q")


@pytest.mark.parametrize("k, depth, search_k", [(3, 1, None), (1, 1, 3), (4, 2, 4)])
def test_every_kept_source_has_a_reranker_score(k, depth, search_k):
    def scorer(queries, passages):  # reranker scores live far from the retriever's (1.0 .. 0.6)
        return [100.0 + len(p) for p in passages]
    got = pipeline(k=k, rerank=scorer, rerank_depth=depth).search("q", k=search_k)
    assert len(got) == (search_k or k) and all(s.score >= 100 for s in got)
    assert [s.score for s in got] == sorted((s.score for s in got), reverse=True)


def test_duplicate_ids_from_a_retriever_are_kept_once_the_first_time():
    dup = fixed_retriever([("keep", 0.9), ("logs", 0.8), ("keep", 0.7), ("refund", 0.6)])
    got = pipeline(retrieve=dup).search("q")
    assert [s.text for s in got] == [TEXTS["keep"], TEXTS["logs"], TEXTS["refund"]]
    assert [(s.number, s.score) for s in got] == [(1, 0.9), (2, 0.8), (3, 0.6)]


def test_source_valued_chunks_are_renumbered_1_to_k():
    numbered = {i: s for i, s in zip(ORDER, as_sources([CHUNKS[i] for i in ORDER]), strict=True)}  # 1..5
    ones = {i: as_sources([CHUNKS[i]])[0] for i in ORDER}  # every one numbered 1
    hits = fixed_retriever([("refund", 0.9), ("keep", 0.8)])
    for chunks in (numbered, ones):
        p = RagPipeline(chunks, hits, Recorder("Invoices are kept for 10 years."), None, k=2, max_context_tokens=None)
        assert [(s.number, s.text) for s in p.search("q")] == [(1, TEXTS["refund"]), (2, TEXTS["keep"])]
        a = p.answer("q")
        assert a.answer == "Invoices are kept for 10 years [2]." and a.ok


def test_unknown_chunk_id_is_a_clear_key_error():
    with pytest.raises(KeyError, match="not in chunks"):
        pipeline(retrieve=fixed_retriever([("nope", 1.0)])).answer("q")


# --- attribution --------------------------------------------------------------------------------------------------
SRCS = as_sources([CHUNKS["keep"], CHUNKS["logs"]])


def test_attribution_cites_the_best_supported_source_before_the_full_stop():
    out = attribute_citations("Invoices are kept for 10 years. Server logs are deleted after 90 days!", SRCS)
    assert out == "Invoices are kept for 10 years [1]. Server logs are deleted after 90 days [2]!"
    assert check_citations(out, SRCS).ok
    assert best_source("Server logs are deleted after 90 days.", SRCS) == (2, 1.0)


def test_attribution_leaves_unsupported_cited_and_refusal_sentences_alone():
    assert attribute_citations("You get a free laptop.", SRCS) == "You get a free laptop."
    assert attribute_citations("Logs go after 90 days [1]. Next.", SRCS) == "Logs go after 90 days [1]. Next."
    assert attribute_citations(REFUSAL_SENTENCE, SRCS) == REFUSAL_SENTENCE
    assert attribute_citations("Invoices are kept for 10 years.", []) == "Invoices are kept for 10 years."
    text = "Invoices are kept for 10 years\nline two here"  # no full stop: the marker goes at the end
    assert attribute_citations(text, SRCS).startswith("Invoices are kept for 10 years [1]\n")


def test_attribution_threshold_and_kept_numbers():
    claim = "Invoices are kept for 12 years."  # a number the source lacks: support 0
    assert attribute_citations(claim, SRCS, min_support=0.1) == claim
    partial = "Invoices are kept forever somewhere else."  # 2 of 5 content words in source 1: support 0.4
    assert attribute_citations(partial, SRCS, min_support=0.4) == "Invoices are kept forever somewhere else [1]."
    assert attribute_citations(partial, SRCS, min_support=0.5) == partial
    kept = [s for s in as_sources(list(TEXTS.values())) if s.number in (2, 5)]  # sources keep their numbers
    assert attribute_citations("Server logs are deleted after 90 days.", kept).endswith("[2].")
    for bad in (0, -0.1, 1.5, True, "0.5", math.nan):
        with pytest.raises(ValueError, match="min_support"):
            attribute_citations("x", SRCS, min_support=bad)


def test_default_floor_is_the_documented_one():
    assert MIN_SUPPORT == 0.8 and RagPipeline.__dataclass_fields__["min_support"].default == MIN_SUPPORT
    claim = "Invoices are kept forever for 10 years."  # 4 of 5 content words: support 0.8, cited at the default
    assert attribute_citations(claim, SRCS).endswith("[1].")
    assert attribute_citations("Invoices are kept forever somewhere for 10 years.", SRCS).endswith("years.")


def test_code_spans_must_be_in_the_source_verbatim():
    code = as_sources(["Run `make test` to check the build, then `pytest -q`.",
                       "Invoices are kept for 10 years, as Portuguese tax law requires."])
    for claim in ("Run `rm -rf /` to check the build.", "Invoices are kept for `DELETE FROM invoices` 10 years."):
        assert attribute_citations(claim, code, min_support=0.1) == claim
        assert best_source(claim, code)[1] == 0.0
    assert attribute_citations("Run `make test` to check the build.", code) == "Run `make test` to check the build [1]."
    assert best_source("Read `x[4]` to check the build.", code) == (1, 0.0)  # `x[4]` is code, not in source 1


def test_best_source_tie_goes_to_the_first_listed_not_the_lower_number():
    from aicourse.rag import Source
    tie = [Source(5, "Invoices kept here"), Source(2, "Invoices kept there")]
    assert best_source("Invoices kept", tie) == (5, 1.0)
    assert best_source("Invoices kept", tie[::-1]) == (2, 1.0)
    assert best_source("anything", []) == (None, 0.0)


def test_pipeline_labels_attribution_and_can_turn_it_off():
    a = pipeline(Recorder("Invoices are kept for 10 years.")).answer("How long are invoices kept?")
    assert a.attributed and a.answer == "Invoices are kept for 10 years [1]." and a.ok
    assert a.model_answer == "Invoices are kept for 10 years."
    b = pipeline(Recorder("Invoices are kept for 10 years [1].")).answer("How long are invoices kept?")
    assert not b.attributed and b.ok  # the model cited: nothing added
    c = pipeline(Recorder("Invoices are kept for 10 years."), attribute=False).answer("How long are invoices kept?")
    assert not c.attributed and not c.ok and c.citations.uncited == ["Invoices are kept for 10 years."]
    d = pipeline(Recorder(REFUSAL_SENTENCE)).answer("Who won the cup?")
    assert d.refused and not d.gated and d.ok and not d.attributed and d.reason is None


@pytest.mark.parametrize("reply", ["", "   ", " \n\t "])
def test_a_blank_reply_becomes_a_refusal_with_a_reason(reply):
    a = pipeline(Recorder(reply)).answer("How long are invoices kept?")
    assert a.answer == REFUSAL_SENTENCE and a.model_answer == "" and a.reason == "empty_answer"
    assert a.refused and not a.gated and not a.attributed and a.sources and a.to_dict()["reason"] == "empty_answer"


def test_the_reply_is_stripped():
    a = pipeline(Recorder("  Invoices are kept for 10 years. \n")).answer("How long are invoices kept?")
    assert a.model_answer == "Invoices are kept for 10 years." and a.answer == "Invoices are kept for 10 years [1]."


# --- bad input ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [None, 42, b"bytes", "", "   \n", "x" * 1001])
def test_bad_questions_raise_value_error(question):
    p = pipeline(never)
    with pytest.raises(ValueError, match="question"):
        p.answer(question)
    with pytest.raises(ValueError, match="question"):
        p.search(question)


@pytest.mark.parametrize("kw", [dict(k=0), dict(k=2.5), dict(k=True), dict(rerank_depth=0),
                                dict(max_context_tokens=0), dict(max_question_chars=0), dict(min_support=0),
                                dict(chunks=[1, 2]), dict(generate="not callable"), dict(rerank="no")])
def test_bad_settings_raise_value_error(kw):
    args = dict(chunks=CHUNKS, retrieve=RANKED, generate=Recorder(), tokenizer=TOK) | kw
    with pytest.raises(ValueError):
        RagPipeline(**args)


def test_search_k_and_max_question_chars():
    p = pipeline(never, max_question_chars=10)
    assert len(p.search("0123456789", k=2)) == 2
    for k in (0, -1, 1.0):
        with pytest.raises(ValueError, match="k must be"):
            p.search("q", k=k)
    with pytest.raises(ValueError, match="max_question_chars"):
        p.answer("01234567890")


def test_generator_must_return_text():
    with pytest.raises(TypeError, match="reply text"):
        pipeline(lambda m: None).answer("q")


# --- RagAnswer ----------------------------------------------------------------------------------------------------
def test_to_dict_is_json_safe_and_complete():
    p = RagPipeline(CHUNKS, fixed_retriever([("keep", math.nan), ("logs", 0.5)]), Recorder(), TOK)
    a = p.answer("How long are invoices kept?")
    d = json.loads(json.dumps(a.to_dict(), allow_nan=False))  # NaN scores become null
    assert d["sources"][0]["score"] is None and d["sources"][1]["score"] == 0.5
    assert set(d["sources"][0]) == {"number", "text", "source", "start", "end", "score"}
    for key in ("question", "answer", "model_answer", "sources", "retrieved", "cited", "citations_ok", "refused",
                "gated", "attributed", "seconds", "prompt_tokens", "ok", "reason", "gate_score"):
        assert key in d
    assert d["cited"] == a.citations.cited and d["citations_ok"] == a.ok and d["refused"] == a.refused
    assert set(d["seconds"]) >= {"retrieve", "rerank", "generate", "total"}
    gated = pipeline(never, refusal_threshold=math.inf).answer("q").to_dict()
    assert json.loads(json.dumps(gated, allow_nan=False))["model_answer"] is None


def test_rag_answer_properties():
    report = check_citations(REFUSAL_SENTENCE, [])
    a = RagAnswer("q", REFUSAL_SENTENCE, REFUSAL_SENTENCE, [], [], report, False, False, 0, {"total": 0.0})
    assert a.refused and a.ok and not a.gated and a.gate_score is None


# --- threads ------------------------------------------------------------------------------------------------------
def test_generation_runs_under_a_lock():
    state = dict(inside=0, most=0)
    guard = threading.Lock()

    def slow(messages):
        with guard:
            state["inside"] += 1
            state["most"] = max(state["most"], state["inside"])
        time.sleep(0.01)
        with guard:
            state["inside"] -= 1
        return "Invoices are kept for 10 years."

    p = pipeline(slow)
    errors = []

    def ask():
        try:
            assert p.answer("How long are invoices kept?").ok
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and state["most"] == 1


def _most_at_once(pipelines, delay=0.03):
    state, guard = dict(inside=0, most=0), threading.Lock()

    def slow(messages):
        with guard:
            state["inside"] += 1
            state["most"] = max(state["most"], state["inside"])
        time.sleep(delay)
        with guard:
            state["inside"] -= 1
        return "Invoices are kept for 10 years."

    built = [dataclasses.replace(p, generate=slow) for p in pipelines]  # replace keeps each one's lock
    threads = [threading.Thread(target=p.answer, args=("q",)) for p in built * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return state["most"]


def test_the_lock_is_shared_by_replace_and_can_be_passed():
    p = pipeline()
    q = dataclasses.replace(p, refusal_threshold=None, k=2)
    assert q.lock is p.lock
    assert _most_at_once([p, q]) == 1  # two pipelines, one lock: at most one generation at once
    shared = threading.Lock()
    assert _most_at_once([pipeline(lock=shared), pipeline(lock=shared)]) == 1
    assert _most_at_once([pipeline(lock=contextlib.nullcontext())] * 2) > 1  # no lock: calls overlap
    with pytest.raises(ValueError, match="lock"):
        pipeline(lock="no")


def test_model_lock_is_one_per_model():
    class M:
        pass
    a, b = M(), M()
    assert model_lock(a) is model_lock(a) and model_lock(a) is not model_lock(b)


# --- retrievers ---------------------------------------------------------------------------------------------------
class FakeST:
    "Stands in for a SentenceTransformer: a bag-of-letters vector (the same text, the same vector)."

    max_seq_length = 64

    def parameters(self):
        import torch
        yield torch.zeros(1)

    def get_sentence_embedding_dimension(self):
        return 26

    def encode(self, texts, **kw):
        import torch
        rows = np.zeros((len(texts), 26), dtype=np.float32)
        for r, t in enumerate(texts):
            for ch in t.lower():
                if "a" <= ch <= "z":
                    rows[r, ord(ch) - 97] += 1
        return torch.from_numpy(rows + 1e-3)


def test_dense_retriever_matches_the_index():
    from aicourse.rag import embed
    pytest.importorskip("faiss")
    emb = Embedder(FakeST(), "fake")
    ids = list(TEXTS)
    index = VectorIndex.build(embed(emb, [TEXTS[i] for i in ids]), ids)
    r = dense_retriever(index, emb)
    hits = r(TEXTS["logs"], 3)
    scores, found = index.search(embed(emb, [TEXTS["logs"]], kind="query"), 3)
    assert [i for i, _ in hits] == found[0] and hits[0][0] == "logs"
    assert all(isinstance(s, float) for _, s in hits) and hits[0][1] == pytest.approx(float(scores[0][0]))
    assert len(r("x", 50)) == len(ids)
    with pytest.raises(ValueError, match="k must be"):
        r("x", 0)


def test_bm25_and_hybrid_retrievers():
    index = BM25Index([TEXTS[i] for i in TEXTS], list(TEXTS))
    bm25 = bm25_retriever(index)
    assert bm25("server logs deleted", 2)[0][0] == "logs"
    assert bm25("zebra", 3) == []  # no shared word: nothing found
    other = fixed_retriever([("pay", 3.0), ("logs", 2.0), ("cert", 1.0)])
    hybrid = hybrid_retriever([bm25, other], k_rrf=60, depth=5)
    runs = [[i for i, _ in bm25("server logs", 5)], ["pay", "logs", "cert"]]  # RRF by hand: 1/(60 + rank)
    by_hand = {i: sum(1 / (61 + r.index(i)) for r in runs if i in r) for i in set(runs[0]) | set(runs[1])}
    got = hybrid("server logs", 3)
    assert got[0][0] == "logs" and len(got) == 3 and by_hand["logs"] == pytest.approx(1 / 61 + 1 / 62)
    assert [s for _, s in got] == pytest.approx(sorted(by_hand.values(), reverse=True)[:3])
    assert [s for _, s in got] == sorted((s for _, s in got), reverse=True)
    assert hybrid("zebra", 3) == [("pay", 1 / 61), ("logs", 1 / 62), ("cert", 1 / 63)]
    with pytest.raises(ValueError, match="retrievers"):
        hybrid_retriever([])


@pytest.mark.parametrize("kw", [dict(weights=[1.0]), dict(weights=[1.0, -1.0]), dict(k_rrf=-5),
                                dict(k_rrf="60"), dict(k_rrf=math.nan)])
def test_hybrid_settings_are_checked_when_built(kw):
    with pytest.raises(ValueError):
        hybrid_retriever([RANKED, RANKED], **kw)


# --- one real (tiny) model ----------------------------------------------------------------------------------------
def test_pipeline_with_a_tiny_chat_model(tiny_chat_model):
    model, tokenizer = tiny_chat_model
    gen = llm_generator(model, tokenizer, max_new_tokens=6)
    q = "How long are invoices kept?"
    budget = prompt_tokens(tokenizer, q, as_sources([CHUNKS[i] for i in ORDER[:2]]))
    p = RagPipeline(CHUNKS, RANKED, gen, tokenizer, k=4, max_context_tokens=budget)
    a = p.answer(q)
    assert isinstance(a.model_answer, str) and not a.gated
    assert [s.number for s in a.sources] == [1, 2] and a.prompt_tokens == budget
    assert a.answer == p.answer(q).answer  # greedy: the same reply twice
    json.dumps(a.to_dict(), allow_nan=False)
    with pytest.raises(ValueError, match="max_new_tokens"):
        llm_generator(model, tokenizer, max_new_tokens=0)
    assert gen.lock is model_lock(model) is llm_generator(model, tokenizer).lock  # one lock per model
