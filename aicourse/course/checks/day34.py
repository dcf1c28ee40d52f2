"""Checks for days/day34.ipynb: the KV-cache's bytes, a decoder's parameter count, and choosing a method that fits a card."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, show


def _number(name: str, got: Any, case: str) -> float:
    if isinstance(got, bool) or not isinstance(got, (int, float)) or not math.isfinite(got):
        raise CheckFailed(f"{name}({case}) returned {show(got)}: return a number")
    return float(got)


def _kv_reference(config: dict[str, Any], tokens: int, batch: int, bytes_per_value: float) -> float:
    head_dim = config.get("head_dim") or config["hidden_size"] // config["num_attention_heads"]
    return 2 * config["num_hidden_layers"] * config["num_key_value_heads"] * head_dim * tokens * batch * bytes_per_value


def _random_attention(rng: random.Random) -> dict[str, Any]:
    kv = rng.choice([1, 2, 3, 4, 8])
    heads = kv * rng.choice([1, 2, 3, 4, 8])
    hidden = heads * rng.choice([32, 64, 80, 128])
    config = {"num_hidden_layers": rng.randint(2, 80), "num_attention_heads": heads, "num_key_value_heads": kv,
              "hidden_size": hidden}
    roll = rng.random()
    if roll < 0.4:
        config["head_dim"] = rng.choice([64, 96, 128, 256])  # not hidden_size / heads
    elif roll < 0.6:
        config["head_dim"] = None
    return config


@exercise("day34.kv_cache_bytes",
          question="Do you count keys AND values (the factor 2), use num_key_value_heads (not num_attention_heads), and "
                   "take head_dim from the config when it is given, falling back to hidden_size // num_attention_heads?",
          recipe="head_dim = config.get('head_dim') or config['hidden_size'] // config['num_attention_heads']; return "
                 "2 * config['num_hidden_layers'] * config['num_key_value_heads'] * head_dim * tokens * batch * bytes_per_value")
def check_kv_cache_bytes(kv_cache_bytes: Callable[..., Any], rng: random.Random) -> int:
    smollm2 = {"num_hidden_layers": 30, "num_attention_heads": 9, "num_key_value_heads": 3, "hidden_size": 576,
               "head_dim": 64}
    cases: list[tuple[dict[str, Any], int, int, float]] = [
        (smollm2, 1, 1, 2),
        (smollm2, 8192, 4, 2),
        ({"num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "hidden_size": 4096},
         8192, 1, 2),  # no head_dim: 4096 // 32
        ({"num_hidden_layers": 4, "num_attention_heads": 8, "num_key_value_heads": 8, "hidden_size": 512,
          "head_dim": 128}, 100, 3, 4),  # head_dim given and not 512 // 8
        ({"num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 1, "hidden_size": 256,
          "head_dim": None}, 10, 2, 0.5),  # head_dim None: fall back
    ]
    for _ in range(25):
        cases.append((_random_attention(rng), rng.choice([1, 7, 512, 4096, 32768]), rng.randint(1, 32),
                      rng.choice([4, 2, 1, 0.5])))
    for config, tokens, batch, nbytes in cases:
        case = f"{show(config)}, tokens={tokens}, batch={batch}, bytes_per_value={nbytes}"
        got = _number("kv_cache_bytes", call("kv_cache_bytes", kv_cache_bytes, dict(config), tokens, batch, nbytes), case)
        want = _kv_reference(config, tokens, batch, nbytes)
        if abs(got - want) > 1e-9 * want:
            raise CheckFailed(f"kv_cache_bytes({case}) returned {show(got)}, expected {want:g}")
    return len(cases)


def _params_reference(config: dict[str, Any]) -> int:
    d, ffn, layers = config["hidden_size"], config["intermediate_size"], config["num_hidden_layers"]
    head_dim = d // config["num_attention_heads"]
    q, kv = config["num_attention_heads"] * head_dim, config["num_key_value_heads"] * head_dim
    block = 2 * d * q + 2 * d * kv + 3 * d * ffn + 2 * d
    head = 0 if config["tie_word_embeddings"] else config["vocab_size"] * d
    return config["vocab_size"] * d + layers * block + d + head


@exercise("day34.decoder_params",
          question="Do keys and values use num_key_value_heads (grouped-query attention), does the MLP have THREE matrices "
                   "(gate, up, down), do you count two norms per block plus the final norm, and do you add the output "
                   "head only when tie_word_embeddings is False?",
          recipe="head_dim = d // heads; q = heads * head_dim; kv = kv_heads * head_dim; block = 2*d*q + 2*d*kv + "
                 "3*d*intermediate + 2*d; total = vocab*d + layers*block + d, plus vocab*d when not tied")
def check_decoder_params(decoder_params: Callable[[dict[str, Any]], Any], rng: random.Random) -> int:
    cases = [
        {"vocab_size": 49152, "hidden_size": 576, "intermediate_size": 1536, "num_hidden_layers": 30,
         "num_attention_heads": 9, "num_key_value_heads": 3, "tie_word_embeddings": True},  # SmolLM2-135M
        {"vocab_size": 128256, "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
         "num_attention_heads": 32, "num_key_value_heads": 8, "tie_word_embeddings": False},  # Llama 3.1 8B
        {"vocab_size": 100, "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 1,
         "num_attention_heads": 4, "num_key_value_heads": 4, "tie_word_embeddings": True},  # full multi-head
        {"vocab_size": 1000, "hidden_size": 96, "intermediate_size": 200, "num_hidden_layers": 3,
         "num_attention_heads": 6, "num_key_value_heads": 1, "tie_word_embeddings": False},  # one key/value head
    ]
    for _ in range(25):
        kv = rng.choice([1, 2, 3, 4])
        heads = kv * rng.choice([1, 2, 3, 4])
        cases.append({"vocab_size": rng.randint(50, 150_000), "hidden_size": heads * rng.choice([16, 32, 64, 128]),
                      "intermediate_size": rng.randint(64, 20_000), "num_hidden_layers": rng.randint(1, 60),
                      "num_attention_heads": heads, "num_key_value_heads": kv, "tie_word_embeddings": rng.random() < 0.5})
    for config in cases:
        got = call("decoder_params", decoder_params, dict(config))
        want = _params_reference(config)
        if isinstance(got, bool) or not isinstance(got, int) and not (isinstance(got, float) and got == int(got)):
            raise CheckFailed(f"decoder_params({show(config)}) returned {show(got)}: return a whole number")
        if int(got) != want:
            raise CheckFailed(f"decoder_params({show(config)}) returned {int(got):,}, expected {want:,}")
    return len(cases)


_NEEDS = {"full": lambda n, a: 16 * n, "lora": lambda n, a: 2 * n + 16 * a, "qlora": lambda n, a: 0.5 * n + 16 * a}


def _choose_reference(n_params: int, adapter_params: int, card_gb: float) -> str | None:
    usable = 0.8 * card_gb * 1e9
    return next((m for m, need in _NEEDS.items() if need(n_params, adapter_params) <= usable), None)


def _near_boundary(n_params: int, adapter_params: int, card_gb: float) -> bool:
    usable = 0.8 * card_gb * 1e9
    return any(abs(need(n_params, adapter_params) - usable) < 1e-6 * usable for need in _NEEDS.values())


@exercise("day34.choose_method",
          question="Do you try the methods in the stated order (full, then lora, then qlora) and return the FIRST that "
                   "fits, with 16 bytes per parameter for full fine-tuning, and keep 20% of the card free "
                   "(need <= 0.8 * card_gb * 1e9, card_gb in decimal gigabytes)?",
          recipe="usable = 0.8 * card_gb * 1e9; for method, need in (('full', 16*n), ('lora', 2*n + 16*a), "
                 "('qlora', 0.5*n + 16*a)): return method if need <= usable; return None after the loop")
def check_choose_method(choose_method: Callable[[int, int, float], Any], rng: random.Random) -> int:
    cases: list[tuple[int, int, float]] = [
        (135_000_000, 1_000_000, 24),  # small: full fine-tuning fits
        (8_030_000_000, 41_900_000, 24),  # 8B on 24 GB: lora
        (8_030_000_000, 41_900_000, 16),  # 8B on 16 GB: only qlora
        (70_550_000_000, 200_000_000, 24),  # 70B on 24 GB: nothing
        (70_550_000_000, 200_000_000, 80),  # 70B on 80 GB: qlora
        (1_250_000_000, 10_000_000, 25),  # full needs exactly 80% of 25 GB: it fits
        (4_000_000_000, 500_000_000, 20),  # lora needs 16 GB = exactly 80% of 20 GB: it fits
        (1_710_000_000, 18_000_000, 24),  # 1.7B on 24 GB: full does not fit, lora does
        (8_030_000_000, 41_900_000, 20),  # 8B on 20 GB: lora needs 16.7 GB > 16 GB usable: qlora
    ]
    while len(cases) < 40:
        n = int(10 ** rng.uniform(8, 11.2))
        a = int(n * rng.uniform(0.001, 0.03))
        card = rng.choice([8, 12, 16, 24, 40, 48, 80, 96, 141])
        if not _near_boundary(n, a, card):
            cases.append((n, a, card))
    for n, a, card in cases:
        got = call("choose_method", choose_method, n, a, card)
        want = _choose_reference(n, a, card)
        if not equal(got, want):
            raise CheckFailed(f"choose_method(n_params={n:,}, adapter_params={a:,}, card_gb={card}) returned "
                              f"{show(got)}, expected {show(want)}")
    return len(cases)
