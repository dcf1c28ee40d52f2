"""aicourse.finetune's data tools (day 37): loading, filters, exact and near deduplication (checked against brute-force
Jaccard), balance, the grouped split that never leaks, and chat formatting with the loss on the answer only, on a
character-level fake chat tokenizer and, when it is available offline, on SmolLM2's real one."""
from __future__ import annotations

import json
import random
from itertools import combinations

import pytest

from aicourse.finetune import (
    InstructionRecord,
    balance_by,
    char_ngrams,
    chat_messages,
    collate_chat,
    count_leaks,
    duplicate_groups,
    exact_dedup,
    format_chat,
    grouped_split,
    instruction_split,
    instruction_verb,
    is_broken,
    jaccard,
    length_filter,
    load_instructions,
    load_split,
    looks_english,
    near_dedup,
    near_duplicate_pairs,
    normalize_text,
    random_split,
    record_hash,
    save_split,
)

END = "\x01"  # the fake tokenizer's end-of-turn token: one character, id 1


class CharChat:
    "A ChatML-like template over characters: each character is one token (its code point)."
    eos_token = END

    def apply_chat_template(self, messages, tokenize=True, add_generation_prompt=False):
        text = "".join(f"<{m['role']}>{m['content']}{END}\n" for m in messages)
        text += "<assistant>" if add_generation_prompt else ""
        return [ord(c) for c in text] if tokenize else text

    def convert_tokens_to_ids(self, token):
        return ord(token)

    def decode(self, ids):
        return "".join(chr(i) for i in ids)


def rec(instruction: str, output: str = "ok", input: str = "") -> InstructionRecord:
    return InstructionRecord(instruction, input, output)


def test_load_instructions(tmp_path):
    path = tmp_path / "data.json"
    path.write_text(json.dumps([{"instruction": "Add", "input": "1 2", "output": "3"}, {"instruction": "Hi", "output": "Hello"}]))
    records = load_instructions(path)
    assert records == [InstructionRecord("Add", "1 2", "3", "data"), InstructionRecord("Hi", "", "Hello", "data")]
    assert records[0].prompt == "Add\n\n1 2" and records[1].prompt == "Hi"
    path.write_text(json.dumps([{"instruction": "no answer"}]))
    with pytest.raises(ValueError, match="needs 'instruction' and 'output'"):
        load_instructions(path)
    path.write_text(json.dumps({"instruction": "a", "output": "b"}))
    with pytest.raises(ValueError, match="JSON array"):
        load_instructions(path)


def test_filters():
    assert is_broken(rec("Say hi", " \n")) and is_broken(rec("  ", "x")) and not is_broken(rec("Say hi", "hi"))
    assert looks_english("Write a function that sorts the given list.")
    assert not looks_english("Ein Mann fährt mit dem Fahrrad auf der Straße.")
    assert looks_english("Sort it.")  # no stop word at all: the tie goes to English
    with pytest.raises(ValueError, match="lengths"):
        length_filter([rec("a")], [1, 2], 10)
    assert length_filter([rec("a", "x"), rec("b", "y"), rec("c", " ")], [5, 50, 5], 10) == [rec("a", "x")]


def test_exact_dedup_normalises_and_keeps_the_first():
    a, b = rec("Sort  the LIST.", "first"), rec("sort the list.\n", "second")
    assert normalize_text(" Sort\tthe\n\nLIST. ") == "sort the list."
    assert record_hash(a) == record_hash(b) != record_hash(rec("Sort the list", input="[3, 1]"))
    assert exact_dedup([a, rec("other"), b]) == [a, rec("other")]


def test_char_ngrams_and_jaccard():
    assert char_ngrams("abcdef", 5) == {"abcde", "bcdef"} and char_ngrams("ab", 5) == {"ab"}
    assert jaccard(char_ngrams("abcdef", 5), char_ngrams("abcdeg", 5)) == pytest.approx(1 / 3)
    assert jaccard(set(), set()) == 1.0
    with pytest.raises(ValueError):
        char_ngrams("abc", 0)


@pytest.mark.parametrize("seed", range(3))
def test_near_duplicate_pairs_match_brute_force(seed):
    rng = random.Random(seed)
    base = ["".join(rng.choice("abc d") for _ in range(rng.randint(0, 30))) for _ in range(25)]
    texts = base + [t[: rng.randint(0, len(t))] + "xy" for t in base[:10]]  # some near copies
    for threshold in (0.2, 0.5, 0.8):
        grams = [char_ngrams(normalize_text(t), 5) for t in texts]
        want = {(i, j) for i, j in combinations(range(len(texts)), 2) if jaccard(grams[i], grams[j]) >= threshold}
        got = near_duplicate_pairs(texts, threshold)
        assert {(i, j) for i, j, _ in got} == want
        for i, j, s in got:
            assert s == pytest.approx(jaccard(grams[i], grams[j]), abs=1e-6)


def test_duplicate_groups_and_near_dedup():
    assert duplicate_groups(6, [(4, 5, 1.0), (1, 4, 0.9), (0, 2, 0.8)]) == [0, 1, 0, 3, 1, 1]
    records = [rec("Write a function that reverses a string"), rec("Explain recursion to a child"),
               rec("Please write a function that reverses a string")]
    assert near_dedup(records, 0.7) == records[:2]
    assert near_dedup(records, 0.99) == records


def test_balance_by():
    records = [rec(f"Write code {i}") for i in range(10)] + [rec(f"Explain idea {i}") for i in range(3)]
    kept = balance_by(records, instruction_verb, cap=4, seed=1)
    assert [instruction_verb(r) for r in kept].count("write") == 4 and [instruction_verb(r) for r in kept].count("explain") == 3
    assert kept == [r for r in records if r in kept]  # order kept
    assert kept == balance_by(records, instruction_verb, cap=4, seed=1)
    assert len({tuple(balance_by(records, instruction_verb, cap=4, seed=s)) for s in range(8)}) > 1
    with pytest.raises(ValueError):
        balance_by(records, instruction_verb, cap=0)
    assert instruction_verb(rec("  3. Write it")) == "write" and instruction_verb(rec("123")) == ""


@pytest.mark.parametrize("seed", range(5))
def test_grouped_split_never_leaks(seed):
    rng = random.Random(seed)
    groups = [g for g in range(60) for _ in range(rng.randint(1, 5))]
    rng.shuffle(groups)
    pairs = [(i, j, 1.0) for i, j in combinations(range(len(groups)), 2) if groups[i] == groups[j]]
    train, test = grouped_split(groups, 0.2, seed)
    assert sorted(train + test) == list(range(len(groups)))
    assert count_leaks(pairs, train, test) == 0
    target = round(0.2 * len(groups))
    assert target <= len(test) < target + 5
    assert (train, test) == grouped_split(groups, 0.2, seed)
    assert count_leaks(pairs, *random_split(len(groups), 0.2, seed)) > 0
    with pytest.raises(ValueError):
        grouped_split(groups, 1.0)


def test_count_leaks():
    pairs = [(0, 1, 0.9), (2, 3, 0.9), (3, 4, 0.5)]
    assert count_leaks(pairs, train=[0, 2, 4], test=[1, 3]) == 2
    assert count_leaks(pairs, train=[0, 1], test=[2, 3, 4]) == 0


def test_format_chat_masks_the_prompt():
    tok = CharChat()
    record = rec("Reverse it", "cba", input="abc")
    chat = format_chat(record, tok, system="Be brief.")
    n = chat["labels"].count(-100)
    prompt = tok.apply_chat_template(chat_messages(record, "Be brief.")[:-1], tokenize=False, add_generation_prompt=True)
    assert tok.decode(chat["input_ids"][:n]) == prompt
    assert tok.decode(chat["labels"][n:]) == "cba" + END  # the answer and the end of turn; the template's newline is dropped
    assert chat["labels"][n:] == chat["input_ids"][n:]
    with pytest.raises(ValueError, match="max_length"):
        format_chat(record, tok, max_length=10)

    class NoEnd(CharChat):
        def convert_tokens_to_ids(self, token):
            return 0
    with pytest.raises(ValueError, match="end-of-turn"):
        format_chat(record, NoEnd())


def test_collate_chat_pads_labels_with_ignore_index():
    torch = pytest.importorskip("torch")
    batch = collate_chat([{"input_ids": [5, 6, 7], "labels": [-100, 6, 7]}, {"input_ids": [5], "labels": [5]}], pad_token_id=7)
    assert batch["input_ids"].tolist() == [[5, 6, 7], [5, 7, 7]]
    assert batch["attention_mask"].tolist() == [[1, 1, 1], [1, 0, 0]]
    assert batch["labels"].tolist() == [[-100, 6, 7], [5, -100, -100]]
    assert batch["labels"].dtype == torch.int64


def test_save_and_load_split(tmp_path):
    train, test = [rec("a", "b"), InstructionRecord("c", "d", "e", "src")], [rec("f")]
    path = save_split(tmp_path / "split.json", train, test)
    assert load_split(path) == (train, test) and not (tmp_path / "split.json.tmp").exists()


def test_instruction_split_end_to_end():
    rng = random.Random(0)
    topics = ["sort a list", "reverse a string", "sum the numbers", "parse a date", "merge two dicts", "count the words"]
    records = [rec(f"Write a function to {t} in {lang} number {i}", f"code {i}")
               for i, (t, lang) in enumerate((rng.choice(topics), rng.choice(["C", "Go"])) for _ in range(60))]
    records += records[:5] + [rec("Ein Mann und eine Frau auf der Straße", "x"), rec("Explain a closure", "")]
    train, test, funnel = instruction_split(records, CharChat(), max_tokens=500, cap=1000, group_at=0.5, test_fraction=0.2)
    counts = [n for _, n in funnel]
    assert counts == sorted(counts, reverse=True) and counts[0] == len(records) and counts[-1] == len(train) + len(test)
    assert counts[1] == len(records) - 1 and counts[2] == counts[1] - 1  # the empty answer, then the German one
    pairs = near_duplicate_pairs([r.prompt for r in train + test], 0.5)
    assert test and count_leaks(pairs, range(len(train)), range(len(train), len(train) + len(test))) == 0


@pytest.fixture(scope="module")
def smollm2_tokenizer():
    transformers = pytest.importorskip("transformers")
    from aicourse.course.assets import smollm2_path
    try:
        return transformers.AutoTokenizer.from_pretrained(smollm2_path())
    except Exception as e:  # not in the offline cache here
        pytest.skip(f"SmolLM2 tokenizer not available: {e}")


def test_format_chat_on_smollm2(smollm2_tokenizer):
    tok = smollm2_tokenizer
    for record in [rec("Reverse a string in Python.", "s[::-1]", input="s = 'abc'"), rec("Say hi\n", "  Hello!\n\nBye.  ")]:
        for system in (None, "Answer in one line."):
            chat = format_chat(record, tok, system=system)
            n = chat["labels"].count(-100)
            assert tok.decode(chat["labels"][n:]) == record.output.strip() + tok.eos_token
            assert tok.decode(chat["input_ids"][:n]) == tok.apply_chat_template(
                chat_messages(record, system)[:-1], tokenize=False, add_generation_prompt=True)
            assert all(label == -100 for label in chat["labels"][:n])
