"""Day 52: numbered sources, the context budget, citation parsing and checking, and the evidence gate."""
from __future__ import annotations

import random

import pytest

from aicourse.rag import (
    CITATION,
    REFUSAL_SENTENCE,
    Chunk,
    Source,
    answer_sentences,
    as_sources,
    check_citations,
    choose_refusal_threshold,
    citation_support,
    context_messages,
    fit_context,
    is_rag_refusal,
    is_refusal_sentence,
    numbered_sources,
    parse_citations,
    parse_markdown,
    should_refuse,
)

DOC = parse_markdown("# Policy\n\n## Keep\n\nInvoices are kept for 10 years.\nLogs for 90 days.\n\n## Refunds\n\n"
                     "A refund is possible within 14 days.\n", "policy.md")
_SPANS = [(DOC.text.index("## Keep"), DOC.text.index("days.") + 5),
          (DOC.text.index("## Refunds"), DOC.text.index("14 days.") + 8)]
CHUNKS = [Chunk("policy.md", DOC.text[a:b], a, b) for a, b in _SPANS]


def test_sources_keep_offsets_and_number_in_rank_order():
    srcs = as_sources(CHUNKS, scores=[0.9, 0.4])
    assert [s.number for s in srcs] == [1, 2]
    assert all(DOC.text[s.start:s.end] == s.text and s.source == "policy.md" for s in srcs)
    assert srcs[0].score == pytest.approx(0.9)
    block = numbered_sources(CHUNKS)
    assert block.splitlines()[0] == "[1] ## Keep Invoices are kept for 10 years. Logs for 90 days."
    assert len(block.splitlines()) == 2  # one line per source: inner line breaks become spaces
    assert numbered_sources(["a b"]) == "[1] a b"
    with pytest.raises(ValueError, match="empty"):
        as_sources(["ok", " \n"])
    with pytest.raises(ValueError, match="scores"):
        as_sources(["a", "b"], scores=[1.0])


def test_parse_citations_rules():
    assert parse_citations("Kept 10 years [1].") == [1]
    assert parse_citations("Both [1][2] and [1, 3], [ 4 ], [5 ,6].") == [1, 2, 3, 4, 5, 6]
    assert parse_citations("[3] then [1] then [3]") == [3, 1]
    assert parse_citations("Index `x[0]` and `a [1, 2]` are code; [7] is not.") == [7]
    assert parse_citations("[n] [a] [1-3] [1.5] [] [1,] [1 2] (1) {2}") == []
    assert parse_citations("Out of range still parses: [0] [12]") == [0, 12]
    assert CITATION.fullmatch("[1, 3]") and not CITATION.fullmatch("[1-3]")


def test_parse_citations_matches_the_workbook_check_reference():
    from aicourse.course.checks.day52 import _parse, _rand_answer
    rng = random.Random(0)
    for _ in range(300):
        text = _rand_answer(rng)
        assert parse_citations(text) == _parse(text), text


def test_sentences_keep_trailing_citations():
    assert answer_sentences("Kept 10 years. [1] Logs 90 days [2].") == ["Kept 10 years. [1]", "Logs 90 days [2]."]
    assert answer_sentences("It costs 3.5 euros [2]. Next!") == ["It costs 3.5 euros [2].", "Next!"]
    assert answer_sentences("  ") == []


def test_check_citations_catches_each_fault():
    assert check_citations("Kept for 10 years [1].", 2).ok
    bad = check_citations("Kept for 10 years [3].", 2)
    assert bad.invalid == [3] and not bad.ok
    zero = check_citations("Kept [0].", 2)
    assert zero.invalid == [0] and not zero.ok
    half = check_citations("Kept for 10 years. Logs 90 days [1].", 2)
    assert half.uncited == ["Kept for 10 years."] and not half.ok
    assert not check_citations("Kept for 10 years.", 2).ok  # nothing cited at all
    assert not check_citations("", 2).ok
    refusal = check_citations(REFUSAL_SENTENCE, 2)
    assert refusal.refused and refusal.ok and refusal.cited == []
    assert is_rag_refusal("the SOURCES do not answer this question") and not is_rag_refusal("I do not know.")


@pytest.mark.parametrize("answer", ["The Pro plan includes a free laptop. " + REFUSAL_SENTENCE,
                                    REFUSAL_SENTENCE + " Maybe 10 years.",
                                    "It is wrong to say the sources do not answer this question: invoices are kept 10 years."])
def test_a_refusal_does_not_excuse_an_uncited_claim(answer):
    report = check_citations(answer, 3)
    assert not report.ok and not report.refused and report.uncited


def test_refusal_is_the_whole_answer_with_a_short_lead_in():
    for answer in [REFUSAL_SENTENCE, "The answer is: " + REFUSAL_SENTENCE, REFUSAL_SENTENCE[:-1],
                   REFUSAL_SENTENCE[:-1] + "!", REFUSAL_SENTENCE.upper()]:
        assert is_rag_refusal(answer) and check_citations(answer, 2).ok, answer
    assert not is_refusal_sentence("It is false that " + REFUSAL_SENTENCE)  # four words of lead-in: a claim
    assert not is_rag_refusal("") and not is_refusal_sentence("  ")
    report = check_citations("I do not answer for prices [1].", 2)
    assert report.ok and not report.refused
    assert not check_citations("[1]", 2).ok  # a citation with no words says nothing


@pytest.mark.parametrize("answer,sentences", [
    ("- Invoices: 10 years [1]\n- Logs: 90 days", ["Invoices: 10 years [1]", "Logs: 90 days"]),
    ("1. Invoices: 10 years [1]\n2) Logs: 90 days [1]", ["Invoices: 10 years [1]", "Logs: 90 days [1]"]),
    ("Academia Dados, Lda. is the controller [1].", ["Academia Dados, Lda. is the controller [1]."]),
    ("See e.g. art. 17 of the GDPR [1].", ["See e.g. art. 17 of the GDPR [1]."]),
    ("Dr. Silva answers at dpo@academiadados.pt [2].", ["Dr. Silva answers at dpo@academiadados.pt [2]."]),
    ("Kept 10 years.\n[1]", ["Kept 10 years. [1]"])])
def test_sentences_break_at_lines_and_list_items_not_abbreviations(answer, sentences):
    assert answer_sentences(answer) == sentences
    assert check_citations(answer, 2).ok == all("[" in s for s in sentences)


def test_numbers_stay_with_their_sources_after_a_drop():
    srcs = as_sources(CHUNKS + ["Certificates need 70% [2]."])
    kept = [srcs[0], srcs[2]]  # the middle source dropped
    block = numbered_sources(kept)
    assert block.splitlines()[1].startswith("[3] Certificates need 70% (2).")  # own number; inner [2] rewritten
    assert check_citations("Kept 10 years [2].", kept).invalid == [2]  # [2] was not sent
    assert check_citations("Kept 10 years [1]. Certificates need 70% [3].", kept).ok
    assert citation_support("Certificates need 70% [3].", kept)[0][1] == [3]
    with pytest.raises(ValueError, match="distinct"):
        as_sources([srcs[0], srcs[0]])
    with pytest.raises(ValueError, match="distinct"):
        as_sources([Source(0, "x")])
    assert parse_citations("[\u0661]") == []  # only ASCII digits
    assert parse_citations("A link [1](https://example.com) and [2].") == [2]


def test_citation_support_flags_the_wrong_source():
    srcs = as_sources(CHUNKS)
    good = citation_support("Invoices are kept for 10 years [1].", srcs)
    wrong = citation_support("Invoices are kept for 10 years [2].", srcs)
    missing = citation_support("Invoices are kept for 10 years [9].", srcs)
    assert good[0][2] == pytest.approx(1.0) and wrong[0][2] < 0.5
    assert missing[0][1] == [] and missing[0][2] == 0.0
    assert citation_support("No citation here.", srcs) == []
    assert citation_support("Invoices are kept for 3 years [1].", srcs)[0][2] == 0.0  # 3 is not in source 1
    assert citation_support("Yes [2].", srcs)[0][2] == 0.0  # no content words: nothing supported
    assert citation_support("Invoices are kept for 10 years [1, 2].", srcs)[0][2] < 0.5  # over-citing costs


def test_should_refuse_gate():
    assert should_refuse([], 0.1)
    assert should_refuse([0.2, 0.3], 0.5)
    assert not should_refuse([0.2, 0.5], 0.5)  # a score equal to the threshold passes
    assert not should_refuse([0.9], float("-inf"))
    assert should_refuse([0.9], float("inf"))
    for scores, threshold in [([float("nan")], 0.5), ([0.3, float("nan")], 0.5), ([float("nan"), 0.3], 0.5),
                              ([0.3], float("nan")), ([float("inf")], 0.5)]:
        with pytest.raises(ValueError, match="finite"):
            should_refuse(scores, threshold)
    with pytest.raises(ValueError, match="finite"):
        should_refuse([s.score for s in as_sources(["no score"])], 0.5)  # Source.score defaults to NaN
    assert choose_refusal_threshold([0.7, 0.5, 0.4], [True, False, True]) == 0.4
    assert choose_refusal_threshold([0.3], [False]) == float("inf")


def test_budget_drops_whole_chunks_with_the_models_tokenizer(tiny_chat_model):
    from aicourse.llm import chat_ids
    from aicourse.rag import count_tokens
    model, tok = tiny_chat_model
    from aicourse.rag import prompt_tokens
    texts = ["Invoices are kept for 10 years.", "Logs are deleted after 90 days.", "A refund within 14 days."]
    q = "How long  are invoices kept?"
    assert count_tokens(tok, "Invoices") >= 1
    sizes = [prompt_tokens(tok, q, texts[:k]) for k in (1, 2, 3)]
    assert sizes == sorted(sizes)
    assert sizes[0] == len(chat_ids(tok, context_messages(q, texts[:1])))  # the whole chat is counted
    assert sizes[0] > count_tokens(tok, numbered_sources(texts[:1]))  # more than the sources block
    assert [s.text for s in fit_context(q, texts, tok, sizes[1])] == texts[:2]  # exactly the budget fits
    assert [s.number for s in fit_context(q, texts, tok, sizes[1] - 1)] == [1]
    assert len(fit_context(q, texts, tok, 10_000)) == 3
    assert fit_context(q, [], tok, 5) == []
    with pytest.raises(ValueError, match="best chunk alone"):
        fit_context(q, texts, tok, sizes[0] - 1)
    msgs = context_messages(q, texts, max_context_tokens=sizes[1], tokenizer=tok)
    assert len(chat_ids(tok, msgs)) <= sizes[1]
    assert "[2] Logs" in msgs[1]["content"] and "[3]" not in msgs[1]["content"]
    assert msgs[1]["content"].endswith("Question: How long are invoices kept?")
    assert REFUSAL_SENTENCE in msgs[0]["content"]
    assert chat_ids(tok, msgs)  # a valid chat for the template
    assert "(no sources)" in context_messages("q?", [])[1]["content"]
    with pytest.raises(ValueError, match="tokenizer"):
        context_messages("q?", texts, max_context_tokens=50)


def test_generate_and_check_end_to_end(tiny_chat_model):
    from aicourse.llm import chat_reply
    model, tok = tiny_chat_model
    sources = as_sources(CHUNKS)
    answer = chat_reply(model, tok, context_messages("How long are invoices kept?", sources), max_new_tokens=8)
    report = check_citations(answer, sources)
    assert isinstance(answer, str)
    assert report.cited == parse_citations(answer)
    assert report.invalid == [n for n in report.cited if n not in (1, 2)]
    assert report.refused == is_rag_refusal(answer)
    assert report.uncited == [s for s in answer_sentences(answer)
                              if not is_refusal_sentence(s) and not (parse_citations(s) and any(c.isalnum() for c in
                                                                                               CITATION.sub("", s)))]
    assert report.ok == (not report.invalid and not report.uncited and (report.refused or bool(report.cited)))
