"""Day 54: ALCE's citation recall and precision and groundedness on hand cases (refusals, no sentences, invalid
numbers), the judges (overlap, the SmolLM2 judge on a tiny random Llama, the NLI judge's wiring with a fake), Cohen's
kappa against scikit-learn, and the review sheet's round trip and validation errors."""
import csv
import math
import random

import pytest

from aicourse.rag import (
    CITATION_RIGHT,
    REFUSAL_SENTENCE,
    REVIEW_COLUMNS,
    SUPPORT_QUESTION,
    SUPPORT_SYSTEM,
    SUPPORTED,
    Source,
    as_sources,
    citation_precision,
    citation_recall,
    cohen_kappa,
    groundedness,
    judge_agreement,
    llm_support_judge,
    nli_judge,
    overlap_judge,
    read_review,
    review_sheet,
    score_answer,
)

# facts as words: a passage supports a claim when it holds every word of it (joined passages pool their words)
SOURCES = as_sources(["alpha beta", "gamma delta", "epsilon"])


def words_judge(claim: str, passage: str) -> bool:
    return set(claim.lower().strip(".").split()) <= set(passage.lower().split())


def scores(answer, sources=SOURCES, judge=words_judge, threshold=None):
    s = score_answer(answer, sources, judge, threshold)
    return s.citation_recall, s.citation_precision, s.groundedness


def test_metric_definitions_on_hand_cases():
    assert scores("Alpha beta [1].") == (1.0, 1.0, 1.0)
    assert scores("Alpha beta [2].") == (0.0, 0.0, 1.0)  # true, miscited: grounded, no recall
    assert scores("Alpha beta [1, 3].") == (1.0, 0.5, 1.0)  # [3] is irrelevant: alone no, and [1] without it yes
    assert scores("Alpha gamma [1][2].") == (1.0, 1.0, 0.0)  # two halves: joined yes, each needed; no single source
    assert scores("Alpha gamma [1, 2, 3].") == (1.0, pytest.approx(2 / 3), 0.0)
    assert scores("Alpha beta [1]. Zeta [1].") == (0.5, 0.5, 0.5)  # one made-up sentence
    assert scores("Alpha beta.") == (0.0, 0.0, 1.0)  # no citation: recall 0; precision 0 (no citation at all)
    assert scores("Alpha beta [1]. Gamma delta.") == (0.5, 1.0, 1.0)  # the one citation counts


def test_invalid_numbers_score_zero_and_count():
    assert scores("Alpha beta [7].") == (0.0, 0.0, 1.0)
    assert scores("Alpha beta [1, 7].") == (0.0, 0.0, 1.0)  # a number not sent: no recall, both citations fail
    assert scores("Alpha beta [0].") == (0.0, 0.0, 1.0)
    kept = [SOURCES[0], SOURCES[2]]  # fit_context dropped source 2: citing it is citing nothing sent
    assert scores("Gamma delta [2].", kept) == (0.0, 0.0, 0.0)
    s = score_answer("Alpha beta [1, 7].", SOURCES, words_judge)
    assert s.sentences[0].invalid == [7] and s.n_citations == 2


def test_refusals_and_answers_without_claims_are_not_scored():
    for answer in (REFUSAL_SENTENCE, "The answer is: " + REFUSAL_SENTENCE.lower(), "", "   \n ", "[1].",
                   f"{REFUSAL_SENTENCE}\n{REFUSAL_SENTENCE}"):
        s = score_answer(answer, SOURCES, words_judge)
        assert (s.citation_recall, s.citation_precision, s.groundedness, s.n_claims) == (None, None, None, 0), answer
    assert score_answer(REFUSAL_SENTENCE, SOURCES, words_judge).refused
    assert not score_answer("", SOURCES, words_judge).refused  # nothing said is not a refusal
    mixed = score_answer(f"Zeta [1]. {REFUSAL_SENTENCE}", SOURCES, words_judge)  # the refusal excuses nothing
    assert (mixed.n_claims, mixed.citation_recall, mixed.refused) == (1, 0.0, False)
    assert score_answer("No sources sent.", [], words_judge).groundedness == 0.0
    assert [f("Alpha beta [1].", SOURCES, words_judge) for f in (citation_recall, citation_precision, groundedness)] \
        == [1.0, 1.0, 1.0]
    assert citation_recall(REFUSAL_SENTENCE, SOURCES, words_judge) is None


def test_score_judges_need_a_threshold_and_calls_are_memoised():
    calls = []

    def judge(claim, passage):
        calls.append((claim, passage))
        return 0.9 if words_judge(claim, passage) else 0.1
    with pytest.raises(ValueError, match="pass threshold="):
        score_answer("Alpha beta [1].", SOURCES, judge)
    calls.clear()
    assert scores("Alpha beta [1]. Alpha beta [1].", judge=judge, threshold=0.5) == (1.0, 1.0, 1.0)
    assert len(calls) == len(set(calls))  # each (claim, passage) judged once
    assert scores("Alpha beta [1].", judge=judge, threshold=0.95) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="NaN"):
        score_answer("Alpha beta [1].", SOURCES, lambda c, p: float("nan"), threshold=0.5)


def test_overlap_judge_is_day52_source_support():
    from aicourse.rag import source_support
    claim, passage = "Invoices are kept for 10 years.", "Invoices are kept for 10 years, as tax law requires."
    assert overlap_judge(None)(claim, passage) == source_support(claim, passage) == 1.0
    assert overlap_judge(0.8)("Invoices are deleted.", "Server logs are deleted after 90 days.") is False  # 1 of 2
    assert overlap_judge(0.8)("Invoices are kept for 11 years.", passage) is False  # a number missing: 0


def test_cohen_kappa_matches_sklearn():
    sk = pytest.importorskip("sklearn.metrics")
    rng = random.Random(0)
    for _ in range(500):
        a = [rng.choice("abc"[:rng.randint(1, 3)]) for _ in range(rng.randint(1, 15))]
        b = [rng.choice("abc") for _ in a]
        if len(set(a) | set(b)) > 1:
            assert cohen_kappa(a, b) == pytest.approx(sk.cohen_kappa_score(a, b), abs=1e-12)
    assert math.isnan(cohen_kappa([True] * 4, [True] * 4))  # sklearn gives nan too
    assert cohen_kappa([True, False], [True, False]) == 1.0
    assert cohen_kappa([True, False], [False, True]) == -1.0
    with pytest.raises(ValueError, match="equally long"):
        cohen_kappa([True], [True, False])
    with pytest.raises(ValueError, match="non-empty"):
        cohen_kappa([], [])


def test_judge_agreement():
    got = judge_agreement([True, True, True, True], [True, False, True, False])
    assert got == dict(n=4, accuracy=0.5, kappa=0.0)
    with pytest.raises(ValueError, match="one verdict per label"):
        judge_agreement([True], [True, False])


class Answer:  # duck-typed like day 53's RagAnswer
    def __init__(self, question, answer, sources):
        self.question, self.answer, self.sources = question, answer, sources


def test_review_sheet_round_trip(tmp_path):
    srcs = [Source(1, "Invoices are kept for 10 years.", "privacy.md", 10, 41),
            Source(3, "Refunds within 14 days.", "faq.json", 0, 23)]
    path = review_sheet([("How long?", "Kept 10 years [1]. Refunds [3, 9].", srcs),
                         Answer("Mars?", REFUSAL_SENTENCE, []), ("Empty?", "", srcs),
                         ("Evil?", "=1+1 [1]", srcs)], tmp_path / "sheet.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # utf-8-sig: spreadsheets read accents right
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(REVIEW_COLUMNS)
    assert rows[1][2:5] == ["Kept 10 years [1].", "1", "[1] privacy.md 10-41"]
    assert rows[2][3:5] == ["3 9", "[3] faq.json 0-23; [9] not a source sent"]
    assert rows[2][5] == "[3] Refunds within 14 days."
    assert rows[4][2] == "" and rows[5][2] == "'=1+1 [1]"  # an empty answer still gets its row; no formula runs
    back = read_review(path)
    assert [r.id for r in back] == ["a0.s0", "a0.s1", "a1.s0", "a2.s0", "a3.s0"]
    assert back[1].cited == (3, 9) and back[0].supported is None and back[0].notes == ""
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def edit(path, row, column, value):
    with path.open(encoding="utf-8-sig", newline="") as f:
        cells = list(csv.reader(f))
    cells[row - 1][REVIEW_COLUMNS.index(column)] = value
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(cells)


def test_read_review_validates_and_names_the_row(tmp_path):
    path = review_sheet([("Q?", "A one [1]. A two [1].", ["text"])], tmp_path / "r.csv")
    edit(path, 2, "supported", " PARTLY ")
    edit(path, 2, "citation_right", "Yes")
    got = read_review(path)
    assert (got[0].supported, got[0].citation_right, got[1].supported) == ("partly", "yes", None)
    assert SUPPORTED == ("yes", "partly", "no") and CITATION_RIGHT == ("yes", "no")
    with pytest.raises(ValueError, match="r.csv row 3 .*supported is blank"):
        read_review(path, complete=True)
    edit(path, 3, "supported", "maybe")
    with pytest.raises(ValueError, match="r.csv row 3 .*supported must be one of yes, partly, no"):
        read_review(path)
    edit(path, 3, "supported", "no")
    edit(path, 3, "citation_right", "partly")  # partly is for `supported` only
    with pytest.raises(ValueError, match="row 3 .*citation_right must be one of yes, no"):
        read_review(path)
    edit(path, 3, "citation_right", "")
    edit(path, 3, "cited", "one")
    with pytest.raises(ValueError, match="row 3 .*cited must be numbers"):
        read_review(path)
    edit(path, 3, "cited", "1")
    edit(path, 3, "id", "a0.s0")
    with pytest.raises(ValueError, match="row 3: the id 'a0.s0' is blank or repeated"):
        read_review(path)
    edit(path, 1, "notes", "comments")
    with pytest.raises(ValueError, match="header"):
        read_review(path)
    short = tmp_path / "short.csv"
    short.write_text(",".join(REVIEW_COLUMNS) + "\nx,q,s\n", encoding="utf-8")
    with pytest.raises(ValueError, match="short.csv row 2: 3 cells"):
        read_review(short)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        read_review(empty)


class FakeNLI:
    "Stands in for an NLI CrossEncoder: logits (contradiction, entailment, neutral) from word containment."
    class config:  # noqa: N801
        id2label = {0: "contradiction", 1: "entailment", 2: "neutral"}

    def __init__(self):
        self.seen = []

    def predict(self, pairs, show_progress_bar=False):
        self.seen += list(pairs)
        return [[0.0, 3.0 if words_judge(hyp, premise) else -3.0, 0.0] for premise, hyp in pairs]


def test_nli_judge_wiring_with_a_fake():
    fake = FakeNLI()
    judge = nli_judge(fake, threshold=None)
    p = judge("alpha beta", "alpha beta gamma")
    assert p == pytest.approx(math.exp(3) / (math.exp(3) + 2))  # softmax at the entailment label
    assert fake.seen == [("alpha beta gamma", "alpha beta")]  # premise = passage, hypothesis = claim
    assert nli_judge(fake)("alpha beta", "alpha") is False  # default threshold 0.5
    assert scores("Alpha beta [1, 3].", judge=nli_judge(fake)) == (1.0, 0.5, 1.0)

    class NoEntail(FakeNLI):
        class config:  # noqa: N801
            id2label = {0: "negative", 1: "positive"}
    with pytest.raises(ValueError, match="entailment"):
        nli_judge(NoEntail())
    with pytest.raises(TypeError, match="predict"):
        nli_judge(object())


def test_nli_judge_by_name_offline_fails_clearly(monkeypatch, tmp_path):
    sentence_transformers = pytest.importorskip("sentence_transformers")

    def offline(*args, **kwargs):
        raise OSError("We couldn't connect to 'https://huggingface.co'")
    monkeypatch.setattr(sentence_transformers, "CrossEncoder", offline)  # no 45 s of hub retries in a test
    with pytest.raises(OSError, match="needs a connection"):
        nli_judge("cross-encoder/nli-deberta-v3-small")
    with pytest.raises(FileNotFoundError, match="no NLI model folder"):
        nli_judge(tmp_path / "absent")


def test_llm_support_judge_is_the_label_log_odds(tiny_chat_model):
    from aicourse.llm import label_logprobs
    model, tok = tiny_chat_model
    claims, passages = ["Invoices are kept 10 years.", "Logs go after 90 days."], ["Invoices: 10 years.", "Trams."]
    judge = llm_support_judge(model, tok)
    got = [judge(c, p) for c, p in zip(claims, passages, strict=True)]
    chats = [[{"role": "system", "content": SUPPORT_SYSTEM},
              {"role": "user", "content": SUPPORT_QUESTION.format(query=c, passage=p)}]
             for c, p in zip(claims, passages, strict=True)]
    lp = label_logprobs(model, tok, chats, ["Yes", "No"], batch_size=1)
    assert got == pytest.approx((lp[:, 0] - lp[:, 1]).tolist(), abs=1e-4)
    assert judge.scores(claims, passages) == pytest.approx(got, abs=1e-4)  # batched = one at a time
    cut = min(got) + (max(got) - min(got)) / 2
    verdicts = [llm_support_judge(model, tok, threshold=cut)(c, p) for c, p in zip(claims, passages, strict=True)]
    assert verdicts == [g >= cut for g in got] and all(isinstance(v, bool) for v in verdicts)
    s = score_answer("Invoices are kept 10 years [1].", ["Invoices: 10 years."], judge, threshold=cut)
    assert s.citation_recall == float(got[0] >= cut)


def test_code_spans_stay_in_the_claim():
    judge = overlap_judge(0.8)
    src = ["Run pip install aicourse to install it."]
    s = score_answer("Run `rm -rf /` to install it [1].", src, judge)
    assert s.sentences[0].claim == "Run `rm -rf /` to install it."  # the code is part of the claim; the marker goes
    assert s.citation_recall == 0.0
    s = score_answer("Use `x[0]` for the first item [1].", ["Use x[0] for the first item."], words_judge)
    assert s.sentences[0].cited == [1] and "`x[0]`" in s.sentences[0].claim  # [0] in code is not a citation
    assert score_answer("Run pip install aicourse to install it [1].", src, judge).citation_recall == 1.0


def test_a_refusal_with_a_marker_is_a_refusal():
    for answer in (REFUSAL_SENTENCE[:-1] + " [1].", REFUSAL_SENTENCE + " [1]", REFUSAL_SENTENCE[:-1] + " [1][2]."):
        s = score_answer(answer, SOURCES, words_judge)
        assert s.refused and s.n_claims == 0 and s.citation_recall is None, answer


def test_numpy_bools_are_verdicts_and_scores_are_not():
    np = pytest.importorskip("numpy")
    judge = lambda c, p: np.bool_(words_judge(c, p))  # noqa: E731
    assert scores("Alpha beta [1].", judge=judge) == (1.0, 1.0, 1.0)  # no threshold needed: np.bool_ is a verdict
    assert judge_agreement(np.array([True, False]), [True, False])["accuracy"] == 1.0
    for verdicts in ([-1.36, 0.2], [1, 0], [np.float64(0.7), True]):
        with pytest.raises(TypeError, match="not a bool"):
            judge_agreement(verdicts, [True, False])
    with pytest.raises(TypeError, match="label is 1"):
        judge_agreement([True, False], [1, 0])
    with pytest.raises(ValueError, match="NaN"):
        cohen_kappa([1.0, float("nan")], [1.0, 0.0])


def test_single_scores_make_only_the_calls_they_need():
    calls = []

    def judge(claim, passage):
        calls.append(passage)
        return words_judge(claim, passage)
    answer = "Alpha beta [1, 3]."
    for f, want, n_calls in ((citation_recall, 1.0, 1), (groundedness, 1.0, 1), (citation_precision, 0.5, 3)):
        calls.clear()
        assert f(answer, SOURCES, judge) == want
        assert len(calls) == n_calls, f.__name__
    calls.clear()
    score_answer(answer, SOURCES, judge)
    assert len(calls) == 3  # joined [1, 3], then [1] and [3] alone; groundedness re-uses [1]: each pair once


def test_truncated_passages_warn(tiny_chat_model):
    model, tok = tiny_chat_model
    judge = llm_support_judge(model, tok, max_passage_tokens=4)
    with pytest.warns(UserWarning, match="joined passage"):
        judge("A claim.", "one two three four five six seven eight nine ten")
    with pytest.warns(UserWarning, match="joined passage"):
        judge.scores(["A claim."], ["one two three four five six seven eight nine ten"])

    class Tok:
        def __call__(self, a, b):
            return {"input_ids": (a + " " + b).split()}

    class LongNLI(FakeNLI):
        tokenizer, max_length = Tok(), 3
    with pytest.warns(UserWarning, match="max_length=3"):
        nli_judge(LongNLI(), threshold=None)("alpha beta", "alpha beta gamma")


def test_read_review_takes_what_spreadsheets_save(tmp_path):
    path = review_sheet([("Q?", "=1+1 [1]. Second [1].", ["text é"])], tmp_path / "r.csv")
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    rows[1][6] = "yes"
    semi = tmp_path / "semi.csv"  # a comma-decimal locale saves with ';', in Windows-1252, trailing blanks dropped
    semi.write_bytes("\r\n".join(";".join(f'"{c}"' if (";" in c or "\n" in c) else c for c in r).rstrip(";")
                                 for r in [rows[0], rows[1][:7], rows[2][:6]]).encode("cp1252"))
    got = read_review(semi)
    assert [(r.id, r.sentence, r.supported) for r in got] == [("a0.s0", "=1+1 [1].", "yes"), ("a0.s1", "Second [1].", None)]
    assert read_review(path)[0].sentence == "=1+1 [1]."  # the ' guard is taken off again


def test_review_sheet_mode_and_failures(tmp_path, monkeypatch):
    import os
    import stat
    path = review_sheet([("Q?", "A [1].", ["t"])], tmp_path / "r.csv")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0o600
    os.chmod(path, 0o640)
    review_sheet([("Q?", "B [1].", ["t"])], path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # the old sheet's mode kept
    with pytest.raises(FileNotFoundError, match="absent"):
        review_sheet([("Q?", "A [1].", ["t"])], tmp_path / "absent" / "r.csv")
    before = path.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr("aicourse.rag.os.replace", broken)
    with pytest.raises(OSError, match="disk full"):
        review_sheet([("Q?", "C [1].", ["t"])], path)
    assert path.read_bytes() == before and sorted(tmp_path.iterdir()) == [path]  # old sheet kept, temp removed
