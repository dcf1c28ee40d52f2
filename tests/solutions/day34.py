"""Reference answers for days/day34.ipynb."""


def kv_cache_bytes(config: dict, tokens: int, batch: int, bytes_per_value: float) -> float:
    head_dim = config.get("head_dim") or config["hidden_size"] // config["num_attention_heads"]
    return 2 * config["num_hidden_layers"] * config["num_key_value_heads"] * head_dim * tokens * batch * bytes_per_value


def kv_cache_bytes__library(config: dict, tokens: int, batch: int, bytes_per_value: float) -> float:
    from types import SimpleNamespace

    from aicourse.llm import DecoderShape
    from aicourse.llm import kv_cache_size as library
    full = SimpleNamespace(vocab_size=1, intermediate_size=1, **config)
    full.head_dim = config.get("head_dim")
    shape = DecoderShape.from_config(full)
    dtype = {4: "float32", 2: "bfloat16", 1: "int8", 0.5: "int4"}[bytes_per_value]
    return library(shape, tokens, batch, dtype)


def decoder_params(config: dict) -> int:
    d, ffn = config["hidden_size"], config["intermediate_size"]
    head_dim = d // config["num_attention_heads"]
    q, kv = config["num_attention_heads"] * head_dim, config["num_key_value_heads"] * head_dim
    attention = d * q + 2 * d * kv + q * d
    block = attention + 3 * d * ffn + 2 * d
    total = config["vocab_size"] * d + config["num_hidden_layers"] * block + d
    if not config["tie_word_embeddings"]:
        total += config["vocab_size"] * d
    return total


def choose_method(n_params: int, adapter_params: int, card_gb: float) -> str | None:
    usable = 0.8 * card_gb * 1e9
    needs = {"full": 16 * n_params, "lora": 2 * n_params + 16 * adapter_params,
             "qlora": 0.5 * n_params + 16 * adapter_params}
    for method, need in needs.items():
        if need <= usable:
            return method
    return None


def choose_method__integers(n_params: int, adapter_params: int, card_gb: float) -> str | None:
    # the same rule in whole numbers: 5 * need <= 4 * card bytes (qlora doubled to stay whole)
    card = card_gb * 10**9
    if 5 * 16 * n_params <= 4 * card:
        return "full"
    if 5 * (2 * n_params + 16 * adapter_params) <= 4 * card:
        return "lora"
    if 5 * (n_params + 32 * adapter_params) <= 8 * card:
        return "qlora"
    return None
