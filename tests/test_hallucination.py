"""Day 43's hallucination checks in aicourse.evals: answer normalisation and matching (exact, whole-word alias,
SQuAD token F1 against the official v1.1 formula restated here), grading as correct / refused / hallucinated,
self-consistency agreement on given samples, support against a passage, and, on a tiny random Llama with SmolLM2's
tokenizer, the greedy and sampled rows of `sample_answers` against `generate`."""
from __future__ import annotations

import random
import re
import string
from collections import Counter

import pytest

from aicourse.evals import (
    OUTCOMES,
    Fact,
    answer_core,
    contains_answer,
    exact_match,
    grade_answer,
    is_refusal,
    majority_answer,
    normalize_answer,
    same_answer,
    support_score,
    token_f1,
)


def squad_v1_f1(prediction: str, ground_truth: str) -> float:
    "The official SQuAD v1.1 evaluation script's normalize_answer and f1_score, restated independently."
    def normalize(s: str) -> str:
        s = s.lower()
        exclude = set(string.punctuation)
        s = "".join(ch for ch in s if ch not in exclude)
        s = re.sub(r"\b(a|an|the)\b", " ", s)
        return " ".join(s.split())
    prediction_tokens = normalize(prediction).split()
    ground_truth_tokens = normalize(ground_truth).split()
    common = Counter(prediction_tokens) & Counter(ground_truth_tokens)
    num_same = sum(common.values())
    if num_same == 0:
        return 0
    precision = 1.0 * num_same / len(prediction_tokens)
    recall = 1.0 * num_same / len(ground_truth_tokens)
    return (2 * precision * recall) / (precision + recall)


def test_normalisation_follows_squad():
    assert normalize_answer("  The Capital,  of FRANCE!  ") == "capital of france"
    assert normalize_answer("Theatre and an anthem") == "theatre and anthem"  # articles as whole words only
    assert normalize_answer("A.") == ""
    assert normalize_answer("it's 1,000") == "its 1000"  # ASCII punctuation goes without a space
    assert normalize_answer("São Paulo") == "são paulo"  # accents stay: 'Sao Paulo' is another string
    assert normalize_answer("l\u2019été") == "l\u2019été"  # a curly apostrophe is not ASCII punctuation


def test_exact_match_and_aliases():
    assert exact_match("Paris.", "paris")
    assert exact_match("Lisboa", ["Lisbon", "Lisboa"])
    assert not exact_match("The capital of France is Paris.", "Paris")
    assert exact_match("", "Paris") is False


@pytest.mark.parametrize("prediction,reference,want", [
    ("Paris", "Paris", 1.0),
    ("The capital of France is Paris.", "Paris", 1 / 3),  # P 1/5, R 1
    ("new new york", "new york", 0.8),  # multiplicity: the second 'new' is not shared
    ("york york york", "new york york", 2 * (2 / 3) * (2 / 3) / (4 / 3)),
    ("", "Paris", 0.0),
    ("the a an", "Paris", 0.0),  # only articles: nothing said
    ("Lyon", "Paris", 0.0),
])
def test_token_f1_known_values(prediction, reference, want):
    assert token_f1(prediction, reference) == pytest.approx(want, abs=1e-12)
    assert squad_v1_f1(prediction, reference) == pytest.approx(want, abs=1e-12)


def test_token_f1_matches_the_official_formula_on_random_pairs():
    rng = random.Random(0)
    words = ["the", "a", "An", "Paris", "paris,", "Lisbon!", "is", "capital", "of", "France.", "euro", "7", "it's", "its"]
    checked = 0
    for _ in range(3000):
        prediction = " ".join(rng.choices(words, k=rng.randint(0, 7)))
        reference = " ".join(rng.choices(words, k=rng.randint(1, 4)))
        if normalize_answer(reference):
            assert token_f1(prediction, reference) == pytest.approx(squad_v1_f1(prediction, reference), abs=1e-12)
            checked += 1
    assert checked > 2000


def test_token_f1_takes_the_best_alias():
    assert token_f1("Luis de Camoes", ["Camões", "Luis de Camoes"]) == 1.0
    assert token_f1("Camoes wrote it", ["Camoes", "Luis de Camoes"]) == pytest.approx(max(
        squad_v1_f1("Camoes wrote it", "Camoes"), squad_v1_f1("Camoes wrote it", "Luis de Camoes")))


def test_contains_answer_matches_whole_words():
    assert contains_answer("The capital of France is Paris.", "Paris")
    assert not contains_answer("A Parisian cafe", "Paris")
    assert not contains_answer("It is 120 km away", "12")
    assert contains_answer("It is 12 km away", ["twelve", "12"])
    assert contains_answer("Rio de Janeiro, I think", "rio de janeiro")
    assert contains_answer("Not Paris: Lyon.", "Paris")  # the known limit: a denial that names the answer


@pytest.mark.parametrize("call", [exact_match, token_f1, contains_answer])
def test_matching_refuses_missing_or_empty_references(call):
    with pytest.raises(ValueError, match="no reference answer"):
        call("Paris", [])
    with pytest.raises(ValueError, match="empty once normalised"):
        call("Paris", ["Paris", "The"])


def test_refusals():
    assert is_refusal("I don't know.") and is_refusal("I don\u2019t know")  # straight or curly apostrophe
    assert is_refusal("") and is_refusal(" ... ")  # says nothing
    assert is_refusal("Portugal has never won the World Cup.")
    assert not is_refusal("Unknownia is the capital.")  # whole words
    assert not is_refusal("Paris")
    assert is_refusal("no idea", phrases=["no idea"]) and not is_refusal("I don't know", phrases=["no idea"])


def test_grade_answer_orders_correct_refused_hallucinated():
    assert grade_answer("The capital of France is Paris.", ["Paris"]) == "correct"
    assert grade_answer("I don't know, maybe Paris.", ["Paris"]) == "correct"  # it named the answer
    assert grade_answer("I don't know.", ["Paris"]) == "refused"
    assert grade_answer("Lyon", ["Paris"]) == "hallucinated"
    assert grade_answer("Lyon", ("Paris", "Lutetia")) == "hallucinated"
    fact = Fact("In which year did Portugal win the FIFA World Cup?")
    assert fact.answers == () and grade_answer("It never did.", fact.answers) == "refused"
    assert grade_answer("In 2014.", fact.answers) == "hallucinated"
    assert set(OUTCOMES) == {"correct", "refused", "hallucinated"}
    with pytest.raises(TypeError, match="wrap"):
        grade_answer("Paris", "Paris")


def test_majority_answer_and_agreement_on_given_samples():
    assert majority_answer(["Paris", "paris.", "Lyon"]) == ("Paris", pytest.approx(2 / 3))
    assert majority_answer(["Lyon", "Paris", "Paris", "Lyon"]) == ("Lyon", 0.5)  # a tie: the group formed first
    assert majority_answer(["a", "b", "c", "d"]) == ("a", 0.25)  # the floor is 1 / k
    assert majority_answer(["Berlin"]) == ("Berlin", 1.0)
    loose = majority_answer(["Berlin", "It is Berlin", "Bonn"], same=lambda a, b: token_f1(a, b) >= 0.5)
    assert loose == ("Berlin", pytest.approx(2 / 3))
    assert same_answer("The Euro!", "euro") and not same_answer("euro", "euros")
    with pytest.raises(ValueError, match="no answers"):
        majority_answer([])


def test_answer_core_drops_the_question():
    q = "What is the capital of France?"
    assert answer_core("The capital of France is Paris.", q) == "paris"
    assert answer_core("Paris", q) == "paris"
    assert answer_core("The capital of France is", q) == ""
    samples = ["Paris", "The capital of France is Paris.", "Paris is the capital of France", "Lyon"]
    assert majority_answer(samples)[1] == 0.25
    assert majority_answer([answer_core(s, q) for s in samples]) == ("paris", 0.75)


def test_support_score():
    passage = "The library opens at 9:30 and closes at 18:00. It was founded by Ines Duarte."
    assert support_score("It was founded by Ines Duarte.", passage) == 1.0
    assert support_score("It was founded by Fernando Pessoa", passage) == pytest.approx(4 / 6)
    assert support_score("The library opens at 18:00", passage) == 1.0  # grounded words, wrong answer
    assert support_score("", passage) == 0.0
    assert support_score("at at at", "at") == pytest.approx(1 / 3)  # with multiplicity


def test_sample_answers_greedy_row_matches_generate(tiny_chat_model):
    import torch

    from aicourse.evals import sample_answers
    from aicourse.llm import chat_ids, few_shot_messages
    model, tokenizer = tiny_chat_model
    eos = tokenizer.eos_token_id
    chats = [few_shot_messages("Answer briefly.", [("Capital of Japan?", "Tokyo")], q) for q in ("Capital of Peru?", "Who?")]
    got = sample_answers(model, tokenizer, chats, k=3, max_new_tokens=6, temperature=0.9, seed=1)
    assert len(got) == 2 and all(len(r.samples) == 3 for r in got)
    for chat, result in zip(chats, got, strict=True):
        ids = torch.tensor([chat_ids(tokenizer, chat)])
        with torch.no_grad():
            out = model.generate(ids, max_new_tokens=6, do_sample=False, eos_token_id=eos, pad_token_id=eos,
                                 output_scores=True, return_dict_in_generate=True)
        new = out.sequences[0, ids.shape[1]:]
        assert result.greedy == tokenizer.decode(new, skip_special_tokens=True).strip()
        scores = model.compute_transition_scores(out.sequences, out.scores, normalize_logits=True)[0]
        assert result.greedy_logprob == pytest.approx(scores[new != eos].mean().item(), abs=1e-4)
    again = sample_answers(model, tokenizer, chats, k=3, max_new_tokens=6, temperature=0.9, seed=1)
    assert [r.samples for r in again] == [r.samples for r in got]  # seeded
    greedy_only = sample_answers(model, tokenizer, chats[:1], k=0, max_new_tokens=6)
    assert greedy_only[0].samples == [] and greedy_only[0].greedy == got[0].greedy


def test_sample_answers_refuses_bad_input(tiny_chat_model):
    from aicourse.evals import sample_answers
    model, tokenizer = tiny_chat_model
    chat = [{"role": "user", "content": "Hi"}]
    with pytest.raises(ValueError, match="at least one conversation"):
        sample_answers(model, tokenizer, [], k=2)
    with pytest.raises(ValueError, match="k >= 0"):
        sample_answers(model, tokenizer, [chat], k=-1)
    with pytest.raises(ValueError, match="temperature must be > 0"):
        sample_answers(model, tokenizer, [chat], temperature=0)
