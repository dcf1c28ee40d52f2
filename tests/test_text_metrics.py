"""Day 44's text metrics in aicourse.evals: BLEU and ROUGE written small, checked against sacrebleu and rouge-score
on random cases and edge cases (tokenization: sacrebleu's 13a for BLEU; rouge-score's lowercase a-z0-9 tokens, with
and without the Porter stemmer, for ROUGE; equal within 1e-9); MMLU prompts and log-likelihood scoring on a tiny
random Llama with a character tokenizer; the judge-bias arithmetic."""
from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from aicourse.evals import (
    best_choice,
    choice_logprobs,
    clipped_matches,
    corpus_bleu,
    corpus_rouge,
    lcs_length,
    mmlu_logprobs,
    mmlu_prompt,
    position_bias,
    rouge_scores,
    rouge_tokenize,
    swap_average,
    tokenize_13a,
)

WORDS = "the a cat dog sat on mat . , ! 3.5 big - it's Dog (red) &amp; U.S. 1,000".split()


def _sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high)))


def test_tokenize_13a_matches_sacrebleu():
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

    theirs = Tokenizer13a()
    rng = random.Random(0)
    texts = ["", "  ", "A dog, 3.5 years old, runs-fast.", "U.S. costs $1,000.50 (approx.)\n", "5-4 win"]
    texts += ["".join(rng.choices("ab .,-3&;:()'\"\n", k=rng.randint(0, 30))) for _ in range(300)]
    for text in texts:
        assert tokenize_13a(text) == theirs(text.rstrip()).split(), text


@pytest.mark.parametrize("smooth", ["exp", "none"])
def test_corpus_bleu_matches_sacrebleu_on_random_corpora(smooth):
    sacrebleu = pytest.importorskip("sacrebleu")
    rng = random.Random(1)
    for _ in range(300):
        n, k = rng.randint(1, 6), rng.randint(1, 4)
        hyps = [_sentence(rng, 0, 14) for _ in range(n)]
        refs = [[_sentence(rng, 1, 14) for _ in range(k)] for _ in range(n)]
        ours = corpus_bleu(hyps, refs, smooth=smooth)
        theirs = sacrebleu.corpus_bleu(hyps, [list(r) for r in zip(*refs, strict=True)], smooth_method=smooth)
        assert abs(ours.score - theirs.score) < 1e-9
        assert abs(ours.brevity_penalty - theirs.bp) < 1e-12
        assert (ours.hyp_len, ours.ref_len) == (theirs.sys_len, theirs.ref_len)


def test_bleu_edge_cases():
    perfect = corpus_bleu(["a cat sat on the mat ."], ["a cat sat on the mat ."])
    assert perfect.score == pytest.approx(100.0) and perfect.brevity_penalty == 1.0
    empty = corpus_bleu([""], ["a cat sat on the mat ."])
    assert empty.score == 0.0 and empty.brevity_penalty == 0.0 and empty.hyp_len == 0
    assert corpus_bleu(["dogs run"], ["a cat sat on the mat ."]).score == 0.0  # no overlap at all
    one = corpus_bleu(["the cat sat on a mat ."], ["the cat is on the mat ."])
    two = corpus_bleu(["the cat sat on a mat ."], [["the cat is on the mat .", "the cat sat on a rug ."]])
    assert two.score > one.score  # a second reference can only add matches
    assert clipped_matches("the the the".split(), ["the cat".split(), "the dog".split()], 1) == (1, 3)  # max, not sum
    with pytest.raises(ValueError, match="reference sets"):
        corpus_bleu(["a", "b"], ["a"])
    with pytest.raises(ValueError, match="no reference"):
        corpus_bleu(["a"], [[]])
    with pytest.raises(ValueError, match="smooth"):
        corpus_bleu(["a"], ["a"], smooth="floor")


def test_rouge_matches_rouge_score_on_random_texts():
    from nltk.stem.porter import PorterStemmer
    from rouge_score import rouge_scorer

    plain = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"])
    stemmed = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    stem = PorterStemmer().stem
    rng = random.Random(2)
    vocab = WORDS + ["running", "runs", "Cats", "ÉTÉ", "#Person1#"]
    for _ in range(300):
        hyp = " ".join(rng.choices(vocab, k=rng.randint(0, 16)))
        refs = [" ".join(rng.choices(vocab, k=rng.randint(0, 16))) for _ in range(rng.randint(1, 3))]
        for stemmer, scorer in ((None, plain), (stem, stemmed)):
            ours, theirs = rouge_scores(hyp, refs, stemmer), scorer.score_multi(refs, hyp)
            assert all(abs(ours[k] - theirs[k].fmeasure) < 1e-9 for k in ours), (hyp, refs)


def test_rouge_edge_cases():
    assert rouge_scores("", "a cat") == {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    assert rouge_scores("dogs run", "a cat sat") == {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    assert rouge_scores("The cat sat.", "the CAT sat")["rouge2"] == 1.0  # case and punctuation do not count
    one = rouge_scores("the cat sat", "a dog ran")
    several = rouge_scores("the cat sat", ["a dog ran", "the cat sat"])
    assert one["rouge1"] == 0.0 and several["rouge1"] == 1.0  # the best reference counts
    assert lcs_length("a b c d e".split(), "a x c y e".split()) == 3
    assert lcs_length([], ["a"]) == 0
    assert rouge_tokenize("#Person1# isn't here") == ["person1", "isn", "t", "here"]
    mean = corpus_rouge(["the cat", "dogs"], ["the cat", "a cat"])
    assert mean["rouge1"] == pytest.approx(0.5)
    with pytest.raises(ValueError):
        corpus_rouge(["a"], [])
    with pytest.raises(ValueError, match="no reference"):
        rouge_scores("a", [])


ITEM = {"subject": "high_school_physics", "question": "What is 2 + 2?", "choices": ["3", "4", "5", "22"], "answer": 1}


def test_mmlu_prompt_forms_and_shots():
    context, choices = mmlu_prompt(ITEM)
    assert context == ("The following are multiple choice questions (with answers) about high school physics.\n\n"
                       "What is 2 + 2?\nA. 3\nB. 4\nC. 5\nD. 22\nAnswer:")
    assert choices == [" A", " B", " C", " D"]
    context, choices = mmlu_prompt(ITEM, "cloze")
    assert context == "The following are questions about high school physics.\nQuestion: What is 2 + 2?\nAnswer:"
    assert choices == [" 3", " 4", " 5", " 22"]
    shot = {**ITEM, "question": "What is 1 + 1?", "choices": ["2", "1", "0", "11"], "answer": 0}
    with_shot, _ = mmlu_prompt(ITEM, "letters", [shot])
    assert "What is 1 + 1?\nA. 2\nB. 1\nC. 0\nD. 11\nAnswer: A\n\nWhat is 2 + 2?" in with_shot
    assert "Question: What is 1 + 1?\nAnswer: 2\n\nQuestion: What is 2 + 2?" in mmlu_prompt(ITEM, "cloze", [shot])[0]
    with pytest.raises(ValueError, match="form"):
        mmlu_prompt(ITEM, "generate")
    assert best_choice([-3.0, -1.0, -2.0, -5.0]) == 1
    assert best_choice([-3.0, -4.0], lengths=[1, 8]) == 1  # per character, the long answer wins
    with pytest.raises(ValueError):
        best_choice([])


class CharTokenizer:
    "One token per character (code point below 128): the context's tokens never merge with a continuation's."
    def __call__(self, text, add_special_tokens=True):
        return SimpleNamespace(input_ids=[ord(c) % 128 for c in text])


@pytest.fixture(scope="module")
def tiny_lm():
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    torch.manual_seed(0)
    config = transformers.LlamaConfig(vocab_size=128, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512)
    return transformers.LlamaForCausalLM(config).eval()


def _slow_logprob(model, context: str, choice: str) -> float:
    import torch

    ids = [ord(c) % 128 for c in context + choice]
    with torch.no_grad():
        logp = model(torch.tensor([ids])).logits[0].float().log_softmax(-1)
    return sum(logp[j - 1, ids[j]].item() for j in range(len(context), len(ids)))


def test_choice_logprobs_match_one_forward_pass_per_choice(tiny_lm):
    context, choices = "Question: which?\nAnswer:", [" yes", " no", " maybe so", " x"]
    fast = choice_logprobs(tiny_lm, CharTokenizer(), context, choices)
    assert fast == pytest.approx([_slow_logprob(tiny_lm, context, c) for c in choices], abs=1e-4)
    with pytest.raises(ValueError, match="non-empty context"):
        choice_logprobs(tiny_lm, CharTokenizer(), "", choices)


class PrefersC:
    "A fake LM: the tiny Llama with a large bonus on the character 'C' wherever it is scored."
    def __init__(self, model):
        self.model = model

    def parameters(self):
        return self.model.parameters()

    def __call__(self, **kwargs):
        out = self.model(**kwargs)
        out.logits[..., ord("C")] += 50.0
        return out


def test_mmlu_scoring_picks_the_likeliest_letter(tiny_lm):
    items = [ITEM, {**ITEM, "answer": 2}]
    scores = mmlu_logprobs(PrefersC(tiny_lm), CharTokenizer(), items, "letters")
    assert len(scores) == 2 and all(len(s) == 4 for s in scores)
    assert [best_choice(s) for s in scores] == [2, 2]  # ' C' every time: right on the second item only
    cloze = mmlu_logprobs(tiny_lm, CharTokenizer(), [ITEM], "cloze")[0]
    context, choices = mmlu_prompt(ITEM, "cloze")
    assert cloze == pytest.approx([_slow_logprob(tiny_lm, context, c) for c in choices], abs=1e-4)


def test_position_bias_and_swap_average():
    always_a = position_bias([0.9, 0.8, 0.7], [0.9, 0.6, 0.8])
    assert always_a == {"first_wins": 1.0, "consistent": 0.0}
    fair = position_bias([0.9, 0.2], [0.1, 0.7])  # the same answer wins in both orders
    assert fair == {"first_wins": 0.5, "consistent": 1.0}
    assert swap_average([0.9, 0.2], [0.1, 0.7]) == pytest.approx([0.9, 0.25])
    assert swap_average([0.8], [0.8]) == pytest.approx([0.5])  # 'A' both times: no preference left
    with pytest.raises(ValueError):
        position_bias([], [])
