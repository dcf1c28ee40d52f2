"""Day 51: `rerank` and its halves (score_top, interpolate_run), the LLM relevance scorer (batched equals one pair at a
time, on a tiny random Llama), and the cross-encoder wiring with a fake (no download)."""
import copy
import math

import numpy as np
import pytest

from aicourse.metrics import rank_run
from aicourse.rag import cross_encoder_scorer, interpolate_run, llm_relevance_scorer, rerank, score_top

RUN = {"q1": {"a": 0.9, "b": 0.8, "c": 0.7, "d": 0.6, "e": 0.5}, "q2": {"x": 0.3, "y": 0.2}, "q3": {}}
QUERIES = {"q1": "first query", "q2": "second query", "q3": "third query"}
DOCS = {d: f"text {d}" for d in "abcdexy"}


def table_scorer(table):
    "A scorer that looks the passage text up in a dict (and counts its calls and pairs)."
    calls = []

    def score(queries, passages):
        calls.append(len(passages))
        return [table.get(p, 0.0) for p in passages]
    score.calls = calls
    return score


def test_rerank_moves_only_the_top_depth_and_keeps_the_rest_in_order():
    s = table_scorer({"text c": 5.0, "text a": -1.0, "text e": 99.0})
    out = rerank(RUN, QUERIES, DOCS, s, depth=3)
    assert rank_run(out)["q1"] == ["c", "b", "a", "d", "e"]  # e scored high, but it is below depth
    assert rank_run(out)["q2"] == ["x", "y"]
    assert out["q3"] == {}
    assert s.calls == [5]  # one scorer call for all pairs: q1's three and q2's two


def test_rerank_depth_larger_than_the_list_and_ties():
    flat = rerank(RUN, QUERIES, DOCS, lambda qs, ps: [1.0] * len(ps), depth=100)
    assert rank_run(flat)["q1"] == list("abcde")  # all tied: first-stage order
    # the first stage itself tied: rank_run's trec_eval order (doc id descending) is the order kept
    tied = {"q": {"m": 1.0, "n": 1.0, "o": 1.0}}
    out = rerank(tied, {"q": "?"}, {d: d for d in "mno"}, lambda qs, ps: [0.0] * len(ps), depth=2)
    assert rank_run(out)["q"] == rank_run(tied)["q"] == ["o", "n", "m"]


def test_scores_out_are_distinct_ranks():
    out = rerank(RUN, QUERIES, DOCS, table_scorer({"text b": 2.0}), depth=2)
    assert sorted(out["q1"].values(), reverse=True) == [5.0, 4.0, 3.0, 2.0, 1.0]


def test_interpolation_weights():
    run = {"q1": {"a": 1.0, "b": 0.75, "c": 0.5, "d": 0.25, "e": 0.0}}  # exact in binary: ties are real ties
    scored = score_top(run, QUERIES, DOCS, table_scorer({"text c": 1.0, "text b": 0.5}), depth=3)
    assert rank_run(interpolate_run(run, scored, 0.0))["q1"] == list("abcde")
    assert rank_run(interpolate_run(run, scored, 1.0))["q1"] == list("cbade")
    # w = 0.5: a -> 0.5*0 + 0.5*1 = 0.5, b -> 0.25 + 0.25 = 0.5, c -> 0.5 + 0 = 0.5: all tied, first-stage order
    assert rank_run(interpolate_run(run, scored, 0.5))["q1"] == list("abcde")
    assert rank_run(interpolate_run(run, scored, 0.75))["q1"] == list("cbade")


@pytest.mark.parametrize("call, match", [
    (lambda: rerank(RUN, QUERIES, DOCS, table_scorer({}), depth=0), "depth must be"),
    (lambda: rerank(RUN, QUERIES, DOCS, table_scorer({}), depth=True), "depth must be"),
    (lambda: rerank(RUN, {"q1": "x"}, DOCS, table_scorer({})), "no text in query_texts"),
    (lambda: rerank(RUN, QUERIES, {"a": "a"}, table_scorer({})), "no text in doc_texts"),
    (lambda: rerank(RUN, QUERIES, DOCS, lambda qs, ps: [0.0]), "one per pair"),
    (lambda: rerank(RUN, QUERIES, DOCS, lambda qs, ps: [math.nan] * len(ps)), "NaN or inf"),
    (lambda: interpolate_run(RUN, {}, 1.5), "weight must be"),
    (lambda: interpolate_run(RUN, {"q1": {"zz": 1.0}}, 0.5), "not in its run"),
    (lambda: interpolate_run(RUN, {"q1": {"c": 1.0}}, 0.0), "top 1 of its ranked run"),  # not a prefix
    (lambda: interpolate_run(RUN, {"q1": {"a": 1.0, "b": 0.0, "e": 2.0}}, 0.5), "top 3 of its ranked run"),
    (lambda: interpolate_run({"q": {"a": math.nan, "b": 1.0}}, {}, 0.5), "NaN or inf"),
    (lambda: interpolate_run({"q": {"a": math.inf, "b": 1.0}}, {"q": {"a": 1.0}}, 0.5), "NaN or inf"),
    (lambda: interpolate_run({"q": {"a": 2.0, "b": 1.0}}, {"q": {"a": math.nan}}, 0.5), "NaN or inf"),
    (lambda: interpolate_run(RUN, {"zz": {}}, 0.5), "not in the run"),
    (lambda: interpolate_run(RUN, {}, "0.5"), "weight must be a number"),
    (lambda: interpolate_run(RUN, {}, math.nan), "weight must be a number"),
])
def test_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_interpolate_weight_0_is_the_first_stage_even_for_float32_ties():
    tie = {"q": {"a": 1 + 2**-30, "b": 1.0, "c": 0.5}}  # a tie in 32-bit floats, as trec_eval (rank_run) sees it
    assert rank_run(tie)["q"] == ["b", "a", "c"]
    for scored in ({"a": 0.0, "b": 1.0}, {"a": 1.0, "b": 0.0}, {"b": 3.0, "a": 3.0, "c": 3.0}):
        assert rank_run(interpolate_run(tie, {"q": scored}, 0.0))["q"] == ["b", "a", "c"]


def test_depth_accepts_numpy_ints_and_the_weight_numpy_floats():
    s = table_scorer({"text c": 5.0})
    assert rank_run(rerank(RUN, QUERIES, DOCS, s, depth=np.int64(3), weight=np.float64(1.0)))["q1"] == list("cabde")
    with pytest.raises(ValueError, match="depth must be"):
        rerank(RUN, QUERIES, DOCS, s, depth=3.0)


def test_llm_scorer_batched_equals_one_pair_at_a_time(tiny_chat_model):
    model, tok = tiny_chat_model
    queries = ["Aspirin lowers heart attack risk.", "Vitamin D prevents fractures.", "p53 suppresses tumours.",
               "Aspirin lowers heart attack risk."]
    passages = ["A trial of aspirin in 22,000 physicians.", "Falls in older women were counted over three years "
                "in a large randomized trial of vitamin supplements.", "short", "Trams in Lisbon."]
    batched = llm_relevance_scorer(model, tok, max_passage_tokens=16, batch_size=4)(queries, passages)
    single = [llm_relevance_scorer(model, tok, max_passage_tokens=16, batch_size=1)([q], [p])[0]
              for q, p in zip(queries, passages, strict=True)]
    assert len(batched) == 4 and all(math.isfinite(x) for x in batched)
    assert batched == pytest.approx(single, abs=1e-4)
    assert len(set(round(x, 6) for x in batched)) > 1  # the pairs really differ
    assert llm_relevance_scorer(model, tok)([], []) == []


def test_llm_scorer_truncates_and_checks_inputs(tiny_chat_model):
    model, tok = tiny_chat_model
    s8 = llm_relevance_scorer(model, tok, max_passage_tokens=8)
    long = "word " * 200
    assert s8(["q"], [long]) == pytest.approx(s8(["q"], [long + "more words at the end"]), abs=1e-5)  # cut: same input
    with pytest.raises(ValueError, match="one query per passage"):
        s8(["q", "r"], ["p"])
    with pytest.raises(ValueError, match="must contain"):
        llm_relevance_scorer(model, tok, question="no fields here")
    for bad in (dict(batch_size=0), dict(batch_size=2.0), dict(batch_size=True), dict(max_passage_tokens=0),
                dict(max_passage_tokens=8.5)):
        with pytest.raises(ValueError, match="int >= 1"):
            llm_relevance_scorer(model, tok, **bad)
    for labels in (("Yes",), ("Yes", "No", "Maybe"), ("Yes", "Yes"), "Yes"):
        with pytest.raises(ValueError, match="labels must be two different"):
            llm_relevance_scorer(model, tok, labels=labels)
    with pytest.raises(ValueError, match="one token"):
        llm_relevance_scorer(model, tok, labels=("Yes indeed relevant", "No"))
    assert llm_relevance_scorer(model, tok, batch_size=np.int64(2))(["q"], ["p"])  # numpy ints are ints


QS = ["Aspirin lowers heart attack risk.", "Vitamin D prevents fractures.", "p53 suppresses tumours.",
      "Aspirin lowers heart attack risk."]
PS = ["A trial of aspirin in 22,000 physicians.", "Falls in older women were counted over three years in a large "
      "randomized trial of vitamin supplements.", "short", "Trams in Lisbon."]


def test_llm_scorer_is_the_label_log_odds_of_the_model(tiny_chat_model):
    "In float32 the scorer's logit difference equals log P(Yes) - log P(No) from the model's own full logits."
    from aicourse.llm import label_logprobs
    from aicourse.rag import RELEVANCE_QUESTION, RELEVANCE_SYSTEM
    model, tok = tiny_chat_model
    got = llm_relevance_scorer(model, tok, max_passage_tokens=1000, batch_size=3)(QS, PS)
    chats = [[{"role": "system", "content": RELEVANCE_SYSTEM},
              {"role": "user", "content": RELEVANCE_QUESTION.format(query=q, passage=p)}] for q, p in zip(QS, PS, strict=True)]
    lp = label_logprobs(model, tok, chats, ["Yes", "No"], batch_size=1)
    assert got == pytest.approx((lp[:, 0] - lp[:, 1]).tolist(), abs=1e-4)


def test_llm_scorer_in_bf16_keeps_float32_label_logits(tiny_chat_model):
    """A bf16 model: the two label logits are computed in float32, so the scores stay close to the float32 model's
    (a bf16 head rounds logits of tens to steps of 1/8 and more) and batched equals one pair at a time."""
    torch = pytest.importorskip("torch")
    model, tok = tiny_chat_model
    big = copy.deepcopy(model)
    with torch.no_grad():
        big.get_output_embeddings().weight.mul_(64.0)  # logits of tens, like a trained model's
    fp32 = llm_relevance_scorer(big, tok, max_passage_tokens=16, batch_size=4)(QS, PS)
    b16 = copy.deepcopy(big).to(torch.bfloat16)
    batched = llm_relevance_scorer(b16, tok, max_passage_tokens=16, batch_size=4)(QS, PS)
    single = [llm_relevance_scorer(b16, tok, max_passage_tokens=16, batch_size=1)([q], [p])[0]
              for q, p in zip(QS, PS, strict=True)]
    assert batched == pytest.approx(single, abs=1e-3)
    assert batched == pytest.approx(fp32, abs=0.15)  # a bf16 head: 0.31 off on the second pair
    assert len(set(batched)) == len(QS)  # no ties


class FakeCrossEncoder:
    "Stands in for sentence_transformers.CrossEncoder: predict(pairs) -> one score per pair."
    def __init__(self):
        self.seen = []

    def predict(self, pairs, batch_size=32, show_progress_bar=False):
        self.seen.append((list(pairs), batch_size))
        return [float(len(set(q.split()) & set(p.split()))) for q, p in pairs]


def test_cross_encoder_scorer_wiring_with_a_fake():
    fake = FakeCrossEncoder()
    scorer = cross_encoder_scorer(fake, batch_size=7)
    out = rerank({"q": {"a": 0.9, "b": 0.8, "c": 0.1}}, {"q": "aspirin heart"},
                 {"a": "trams", "b": "aspirin and the heart", "c": "aspirin"}, scorer, depth=3)
    assert rank_run(out)["q"] == ["b", "c", "a"]
    assert fake.seen == [([("aspirin heart", "trams"), ("aspirin heart", "aspirin and the heart"),
                           ("aspirin heart", "aspirin")], 7)]
    assert scorer([], []) == []
    with pytest.raises(ValueError, match="one query per passage"):
        scorer(["q"], [])
    with pytest.raises(TypeError, match="no predict"):
        cross_encoder_scorer(object())


def test_cross_encoder_missing_folder_is_not_a_connection_problem(tmp_path):
    pytest.importorskip("sentence_transformers")
    for where in (tmp_path / "absent", str(tmp_path / "absent"), "./absent-cross-encoder"):
        with pytest.raises(FileNotFoundError, match="no cross-encoder folder"):
            cross_encoder_scorer(where)
    with pytest.raises(ValueError, match="batch_size must be"):
        cross_encoder_scorer(FakeCrossEncoder(), batch_size=0)


def test_cross_encoder_by_name_offline_fails_clearly(monkeypatch):
    sentence_transformers = pytest.importorskip("sentence_transformers")

    def offline(*args, **kwargs):
        raise OSError("We couldn't connect to 'https://huggingface.co'")
    monkeypatch.setattr(sentence_transformers, "CrossEncoder", offline)  # no 45 s of hub retries in a test
    with pytest.raises(OSError, match="needs a connection"):
        cross_encoder_scorer("cross-encoder/ms-marco-MiniLM-L6-v2")
