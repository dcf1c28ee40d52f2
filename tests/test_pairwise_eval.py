"""aicourse.evals, day 42: the blind sheet is balanced and keeps its key apart, the ratings store loses nothing and
resumes, the win rate and its interval match scipy, batched greedy replies match one-at-a-time ones, and the
Gradio rating app works through a real gradio_client on localhost."""
from __future__ import annotations

import itertools
import json
import math
import threading
import warnings

import pytest
from gradio_apps import launched  # also keeps gradio off the network (analytics off)

from aicourse.evals import (
    CHOICES,
    BlindItem,
    RatingStore,
    blind_sheet,
    count_verdicts,
    pairwise_app,
    proxy_rater,
    rate_all,
    sign_test,
    unblind,
    win_rate,
)


def sheet(n: int = 6, seed: int = 0):
    prompts = [f"question {i}" for i in range(n)]
    return blind_sheet(prompts, [f"base answer {i}" for i in range(n)], [f"tuned answer {i}" for i in range(n)], seed)


def test_blind_sheet_is_balanced_seeded_and_keeps_the_key_apart():
    items, key = sheet(4000, seed=3)
    lefts = sum(side == "left" for side in key.values())
    assert abs(lefts - 2000) < 4 * math.sqrt(4000 / 4)  # a fair coin per item
    for item in items:
        tuned_side, base_side = key[item.id], "right" if key[item.id] == "left" else "left"
        assert getattr(item, tuned_side).startswith("tuned") and getattr(item, base_side).startswith("base")
    assert [f.name for f in BlindItem.__dataclass_fields__.values()] == ["id", "prompt", "left", "right"]
    assert sheet(50, seed=3) == sheet(50, seed=3)
    assert sheet(50, seed=3)[1] != sheet(50, seed=4)[1]
    longest = max(len(list(run)) for _, run in itertools.groupby(key.values()))
    assert longest < 20  # no long streak on one side (the longest of 4000 fair coins is about 12)


def test_blind_sheet_refuses_bad_input():
    with pytest.raises(ValueError, match="one base and one tuned output per prompt"):
        blind_sheet(["a", "b"], ["x"], ["y", "z"])
    with pytest.raises(ValueError, match="unique"):
        blind_sheet(["a", "b"], ["x", "y"], ["z", "w"], ids=["same", "same"])
    items, key = blind_sheet(["a", "b"], ["x", "y"], ["z", "w"], ids=["q1", "q2"])
    assert [i.id for i in items] == ["q1", "q2"] and set(key) == {"q1", "q2"}


def test_store_writes_each_rating_at_once_and_resumes(tmp_path):
    items, _ = sheet(5)
    path = tmp_path / "r.jsonl"
    store = RatingStore(path, items, rater="ana")
    for n, (item, choice) in enumerate(zip(items[:3], ["left", "tie", "right"], strict=True), 1):
        store.rate(item.id, choice)
        lines = path.read_text().splitlines()  # read by another handle: on disk already, not in a buffer
        assert len(lines) == n and json.loads(lines[-1])["choice"] == choice
    again = RatingStore(path, items, rater="ana")
    assert again.ratings == {"p000": "left", "p001": "tie", "p002": "right"} and len(again) == 3
    assert again.next_item() == items[3]
    again.rate("p001", "left")  # a re-rating wins, and both lines stay
    assert RatingStore(path, items, rater="ana").ratings["p001"] == "left" and len(path.read_text().splitlines()) == 4


def test_store_refuses_bad_ratings_and_writes_nothing(tmp_path):
    items, _ = sheet(3)
    store = RatingStore(tmp_path / "r.jsonl", items)
    for item_id, choice, message in [("p999", "left", "unknown item"), (None, "left", "unknown item"),
                                     ("p000", "A", "invalid choice"), ("p000", "", "invalid choice"),
                                     ("p000", None, "invalid choice"), ("p000", "LEFT", "invalid choice")]:
        with pytest.raises(ValueError, match=message):
            store.rate(item_id, choice)
    assert len(store) == 0 and not (tmp_path / "r.jsonl").exists()
    with pytest.raises(ValueError, match="share an id"):
        RatingStore(tmp_path / "x.jsonl", [items[0], items[0]])


def test_store_survives_a_torn_line_and_refuses_foreign_files(tmp_path):
    items, _ = sheet(4)
    path = tmp_path / "r.jsonl"
    store = RatingStore(path, items, rater="ana")
    store.rate("p000", "left")
    store.rate("p001", "right")
    with path.open("a") as f:
        f.write('{"item": "p002", "choi')  # the process died mid-write
    with pytest.warns(UserWarning, match="unfinished last line"):
        after = RatingStore(path, items, rater="ana")
    assert after.ratings == {"p000": "left", "p001": "right"}
    after.rate("p002", "tie")  # appends after the last complete line: the file stays valid
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(RatingStore(path, items, rater="ana")) == 3
    with pytest.raises(ValueError, match="holds ratings by 'ana'"):
        RatingStore(path, items, rater="bo")
    other, _ = blind_sheet([i.prompt for i in items], ["x"] * 4, ["y"] * 4)
    with pytest.raises(ValueError, match="another sheet"):
        RatingStore(path, other, rater="ana")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"item": "p000", "choice": "maybe", "rater": "rater"}\n')
    with pytest.raises(ValueError, match="line 1 is not a valid rating"):
        RatingStore(bad, items)
    bad.write_text("not json\n")
    with pytest.raises(ValueError, match="line 1 is not a valid rating"):
        RatingStore(bad, items)


def rated(path, items, rater="ana", choices=("left", "right")):
    "A ratings file by `rater` with the first items rated; its bytes."
    store = RatingStore(path, items, rater=rater)
    for item, choice in zip(items, choices, strict=False):
        store.rate(item.id, choice)
    return path.read_bytes()


def test_a_refused_open_leaves_the_file_as_it_was(tmp_path):
    items, _ = sheet(4)
    path = tmp_path / "r.jsonl"
    rated(path, items)
    with path.open("a") as f:
        f.write('{"item": "p002", "choi')  # an unterminated last line
    before = path.read_bytes()
    with pytest.raises(ValueError, match="holds ratings by 'ana'"):
        RatingStore(path, items, rater="bo")
    other, _ = blind_sheet([i.prompt for i in items], ["x"] * 4, ["y"] * 4)
    with pytest.raises(ValueError, match="another sheet"):
        RatingStore(path, other, rater="ana")
    assert path.read_bytes() == before
    with pytest.warns(UserWarning, match="unfinished last line"):
        store = RatingStore(path, items, rater="ana")
    assert path.read_bytes() == before and len(store) == 2  # opening only reads, even the right rater's file


def test_a_write_cut_short_while_open_does_not_spoil_the_next_rating(tmp_path):
    items, _ = sheet(4)
    path = tmp_path / "r.jsonl"
    rated(path, items)
    store = RatingStore(path, items, rater="ana")
    for n, torn in enumerate([b'{"item": "p002", "cho', b'{"item": "p00', b'{', b'{"item": "p003", "choice": "l\xc3'], 2):
        with path.open("ab") as f:
            f.write(torn)  # a write that failed halfway, while the store stays open
        with pytest.warns(UserWarning, match="unfinished last line"):
            store.rate(items[n % 4].id, "tie")
        assert path.read_bytes().endswith(b"\n") and all(json.loads(line) for line in path.read_bytes().splitlines())
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            again = RatingStore(path, items, rater="ana")  # every line whole: no warning, nothing refused
        assert again.ratings == store.ratings and len(path.read_text().splitlines()) == n + 1


def test_blank_lines_are_skipped(tmp_path):
    items, _ = sheet(4)
    path = tmp_path / "r.jsonl"
    lines = rated(path, items).decode().splitlines()
    path.write_text("\n" + lines[0] + "\n\n   \n\t\r\n" + lines[1] + "\n \n")
    store = RatingStore(path, items, rater="ana")
    assert store.ratings == {"p000": "left", "p001": "right"}
    store.rate("p002", "tie")
    assert RatingStore(path, items, rater="ana").ratings == {"p000": "left", "p001": "right", "p002": "tie"}
    path.write_text(path.read_text() + "  ")  # whitespace without a newline: nothing to cut, nothing to keep
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        RatingStore(path, items, rater="ana").rate("p003", "left")
    assert len(RatingStore(path, items, rater="ana")) == 4


def test_a_whole_rating_without_its_newline_is_kept(tmp_path):
    items, _ = sheet(4)
    path = tmp_path / "r.jsonl"
    path.write_bytes(rated(path, items).rstrip(b"\n"))  # a hand edit saved without the final newline
    before = path.read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        store = RatingStore(path, items, rater="ana")
    assert store.ratings == {"p000": "left", "p001": "right"} and path.read_bytes() == before
    store.rate("p002", "tie")  # ends the kept line first
    assert path.read_bytes().startswith(before + b"\n")
    assert RatingStore(path, items, rater="ana").ratings == {"p000": "left", "p001": "right", "p002": "tie"}


def test_a_last_line_that_is_no_rating_of_ours_is_refused_not_cut(tmp_path):
    items, _ = sheet(4)
    path = tmp_path / "r.jsonl"
    rated(path, items)
    store = RatingStore(path, items, rater="ana")
    for tail, message in [(b"not json", "line 3 is not a valid rating"),
                          (b'{"item": "p002", "choice": "maybe", "rater": "ana"}', "line 3 is not a valid rating"),
                          (json.dumps(dict(item="p002", choice="left", rater="bo",
                                           fingerprint=items[2].fingerprint)).encode(), "holds ratings by 'bo'")]:
        path.write_bytes(rated(tmp_path / f"{len(tail)}.jsonl", items) + tail)
        before = path.read_bytes()
        with pytest.raises(ValueError, match=message):
            RatingStore(path, items, rater="ana")
        with pytest.raises(ValueError, match=message):
            store.rate("p003", "left")  # the file changed under an open store: it refuses, writing nothing
        assert path.read_bytes() == before


def test_store_loses_nothing_under_concurrent_raters(tmp_path):
    items, _ = sheet(200)
    store = RatingStore(tmp_path / "r.jsonl", items)
    def work(part):
        for item in part:
            store.rate(item.id, CHOICES[int(item.id[1:]) % 3])
    threads = [threading.Thread(target=work, args=(items[k::8],)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = (tmp_path / "r.jsonl").read_text().splitlines()
    assert len(lines) == 200 and all(json.loads(line)["item"] for line in lines)  # no interleaved half lines
    assert RatingStore(tmp_path / "r.jsonl", items).ratings == {i.id: CHOICES[int(i.id[1:]) % 3] for i in items}


def test_unblind_and_count():
    key = {"a": "left", "b": "right", "c": "left", "d": "right"}
    verdicts = unblind({"a": "left", "b": "left", "c": "tie", "d": "right"}, key)
    assert verdicts == {"a": "win", "b": "loss", "c": "tie", "d": "win"}
    assert count_verdicts(verdicts) == (2, 1, 1)
    with pytest.raises(ValueError, match="not in the key"):
        unblind({"z": "left"}, key)
    with pytest.raises(ValueError, match="invalid choice"):
        unblind({"a": "A"}, key)


def test_win_rate_matches_scipy_and_counts_ties_half():
    stats = pytest.importorskip("scipy.stats")
    from aicourse.metrics import wilson_interval
    for w in range(0, 31, 3):
        for n in (w, w + 1, w + 7, 30, 50):
            if n < w or n == 0:
                continue
            ours, ref = win_rate(w, n - w), stats.binomtest(w, n)
            ci = ref.proportion_ci(0.95, method="wilson")
            assert ours.low == pytest.approx(ci.low, abs=1e-12) and ours.high == pytest.approx(ci.high, abs=1e-12)
            assert (ours.low, ours.high) == pytest.approx(wilson_interval(w, n), abs=1e-4)
            assert ours.p_value == pytest.approx(ref.pvalue, abs=1e-12)
            assert sign_test(w, n - w) == pytest.approx(ref.pvalue, abs=1e-12)
            ci90 = ref.proportion_ci(0.90, method="wilson")
            assert win_rate(w, n - w, confidence=0.9).low == pytest.approx(ci90.low, abs=1e-12)
    r = win_rate(20, 10, 20)
    assert r.rate == pytest.approx(0.6) and r.n == 50 and r.low < 0.6 < r.high
    assert r.p_value == pytest.approx(stats.binomtest(20, 30).pvalue)  # ties left out of the sign test
    assert win_rate(0, 0, 10).rate == 0.5 and win_rate(0, 0, 10).p_value == 1.0
    assert win_rate(50, 0).high == 1.0 and win_rate(0, 50).low == 0.0
    for bad in [(0, 0, 0), (-1, 3, 0), (1, 2, -1)]:
        with pytest.raises(ValueError):
            win_rate(*bad)
    with pytest.raises(ValueError, match="confidence"):
        win_rate(3, 4, confidence=95)
    with pytest.raises(TypeError):
        win_rate(2.5, 3)  # counts are whole numbers


def test_win_rate_with_ties_is_no_narrower_than_a_bootstrap():
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(0)
    for wins, losses, ties in [(20, 10, 20), (10, 10, 30), (30, 15, 5)]:
        scores = np.array([1.0] * wins + [0.0] * losses + [0.5] * ties)
        boot = rng.choice(scores, size=(20_000, scores.size)).mean(axis=1)
        low, high = np.quantile(boot, [0.025, 0.975])
        r = win_rate(wins, losses, ties)
        assert r.high - r.low >= high - low


def test_proxy_rater_and_position_bias():
    items, key = sheet(400, seed=5)
    refs = {i.id: f"tuned answer {int(i.id[1:])}" for i in items}
    def overlap(out, ref):
        return len(set(out.split()) & set(ref.split()))
    proxy = proxy_rater(refs, overlap)
    assert all(proxy(i) == key[i.id] for i in items)  # the tuned text equals the reference: it always wins
    assert proxy(BlindItem("p000", "q", "same", "same")) == "tie"
    always_left = {i.id: "left" for i in items}
    lazy = win_rate(*count_verdicts(unblind(always_left, key)))
    assert lazy.low < 0.5 < lazy.high  # the coin balances the sides: a side-biased rater reads as noise


def test_rate_all(tmp_path):
    items, key = sheet(7)
    store = RatingStore(tmp_path / "r.jsonl", items)
    store.rate("p003", "tie")
    assert rate_all(store, lambda item: "right") == 6 and rate_all(store, lambda item: "right") == 0
    assert store.ratings["p003"] == "tie" and len(store) == 7


def test_greedy_replies_batched_equal_one_at_a_time(tiny_chat_model):
    from aicourse.evals import greedy_replies
    from aicourse.llm import chat_reply
    model, tokenizer = tiny_chat_model
    prompts = ["Hi", "Write a Python function that adds two numbers.", "What is 2 + 2?", "Sort [3, 1, 2] please, quickly."]
    model.train()
    batched = greedy_replies(model, tokenizer, prompts, max_new_tokens=8, batch_size=3)
    assert model.training  # the mode is restored
    single = [chat_reply(model.eval(), tokenizer, [{"role": "user", "content": p}], max_new_tokens=8).strip() for p in prompts]
    assert batched == single
    with pytest.raises(ValueError, match="batch_size"):
        greedy_replies(model, tokenizer, prompts, batch_size=0)


@pytest.fixture()
def rating_app(tmp_path):
    pytest.importorskip("gradio")
    items, key = sheet(4, seed=11)
    store = RatingStore(tmp_path / "ratings.jsonl", items, rater="tester")
    with launched(pairwise_app(store, key)) as client:
        yield client, store, items, key


def test_rating_through_the_client_lands_in_the_store(rating_app):
    client, store, items, key = rating_app
    view = client.predict(api_name="/current")
    assert (view["id"], view["prompt"], view["A"], view["B"]) == (items[0].id, items[0].prompt, items[0].left, items[0].right)
    assert view["rated"] == 0 and view["total"] == 4 and view["result"] == ""
    assert "tuned" not in json.dumps({k: v for k, v in view.items() if k not in ("A", "B")})  # no key before the end
    choices = ["left", "tie", "right", "left"]
    for n, choice in enumerate(choices, 1):
        view = client.predict(view["id"], choice, api_name="/rate")
        reopened = RatingStore(store.path, items, rater="tester")  # on disk, as a new session would see it
        assert len(reopened) == n and reopened.ratings[items[n - 1].id] == choice
        assert view["rated"] == n and (n == 4 or view["progress"] == f"{n} of 4 rated.")
    want = win_rate(*count_verdicts(unblind(dict(zip([i.id for i in items], choices, strict=True)), key)))
    assert view["progress"] == "All 4 rated." and view["result"] == str(want) and view["id"] == ""


def test_bad_input_gets_a_clear_message_and_writes_nothing(rating_app):
    client, store, items, _ = rating_app
    for item_id, choice, message in [("p999", "left", "unknown item 'p999'"), ("p000", "A is better", "invalid choice"),
                                     ("p000", "", "invalid choice"), ("", "left", "unknown item")]:
        with pytest.raises(Exception, match=message):
            client.predict(item_id, choice, api_name="/rate")
    assert len(store) == 0 and not store.path.exists()
    assert client.predict(api_name="/current")["id"] == items[0].id


def test_rating_after_the_end_says_so(rating_app):
    client, store, items, _ = rating_app
    for item in items:
        client.predict(item.id, "tie", api_name="/rate")
    with pytest.raises(Exception, match="Nothing left to rate"):
        client.predict("", "left", api_name="/rate")
    assert len(store) == 4


def test_the_buttons_record_ratings_too(tmp_path):
    pytest.importorskip("gradio")
    items, key = sheet(2)
    store = RatingStore(tmp_path / "r.jsonl", items)
    app = pairwise_app(store, key)
    load, a_better, tie, b_better = [f.fn for f in app.fns.values() if f.api_visibility == "private"]
    assert load() == ("p000", items[0].prompt, items[0].left, items[0].right, "**0 of 2 rated.** ")
    assert a_better("p000")[0] == "p001" and store.ratings == {"p000": "left"}
    shown = b_better("p001")
    assert shown[0] == "" and shown[4].startswith("**All 2 rated.** tuned beats base")
    with pytest.raises(Exception, match="Nothing left to rate"):
        tie("")
    assert RatingStore(store.path, items).ratings == {"p000": "left", "p001": "right"}
