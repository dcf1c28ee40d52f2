"""Plausible wrong answers for days/day34.ipynb."""


def kv_cache_bytes(config: dict, tokens: int, batch: int, bytes_per_value: float) -> float:
    # every query head gets its own keys and values: ignores grouped-query attention
    head_dim = config.get("head_dim") or config["hidden_size"] // config["num_attention_heads"]
    return 2 * config["num_hidden_layers"] * config["num_attention_heads"] * head_dim * tokens * batch * bytes_per_value


def kv_cache_bytes__keys_only(config: dict, tokens: int, batch: int, bytes_per_value: float) -> float:
    # forgets the values: no factor 2
    head_dim = config.get("head_dim") or config["hidden_size"] // config["num_attention_heads"]
    return config["num_hidden_layers"] * config["num_key_value_heads"] * head_dim * tokens * batch * bytes_per_value


def kv_cache_bytes__hidden(config: dict, tokens: int, batch: int, bytes_per_value: float) -> float:
    # always hidden_size // heads, even when the config gives head_dim
    head_dim = config["hidden_size"] // config["num_attention_heads"]
    return 2 * config["num_hidden_layers"] * config["num_key_value_heads"] * head_dim * tokens * batch * bytes_per_value


def decoder_params(config: dict) -> int:
    # keys and values with every head (multi-head attention), GQA ignored
    d, ffn = config["hidden_size"], config["intermediate_size"]
    block = 4 * d * d + 3 * d * ffn + 2 * d
    total = config["vocab_size"] * d + config["num_hidden_layers"] * block + d
    return total if config["tie_word_embeddings"] else total + config["vocab_size"] * d


def decoder_params__two_matrix_mlp(config: dict) -> int:
    # the MLP of the original transformer (up and down), not SwiGLU's three matrices
    d, ffn = config["hidden_size"], config["intermediate_size"]
    kv = config["num_key_value_heads"] * (d // config["num_attention_heads"])
    block = 2 * d * d + 2 * d * kv + 2 * d * ffn + 2 * d
    total = config["vocab_size"] * d + config["num_hidden_layers"] * block + d
    return total if config["tie_word_embeddings"] else total + config["vocab_size"] * d


def decoder_params__always_head(config: dict) -> int:
    # counts the output head even when it is tied to the embedding
    d, ffn = config["hidden_size"], config["intermediate_size"]
    kv = config["num_key_value_heads"] * (d // config["num_attention_heads"])
    block = 2 * d * d + 2 * d * kv + 3 * d * ffn + 2 * d
    return 2 * config["vocab_size"] * d + config["num_hidden_layers"] * block + d


def choose_method(n_params: int, adapter_params: int, card_gb: float) -> str | None:
    # no headroom: the whole card for weights and optimizer state, nothing left for activations
    usable = card_gb * 1e9
    needs = {"full": 16 * n_params, "lora": 2 * n_params + 16 * adapter_params,
             "qlora": 0.5 * n_params + 16 * adapter_params}
    return next((m for m, need in needs.items() if need <= usable), None)


def choose_method__weights_only(n_params: int, adapter_params: int, card_gb: float) -> str | None:
    # full fine-tuning counted as bf16 weights only (2 bytes): forgets gradients and AdamW state
    usable = 0.8 * card_gb * 1e9
    needs = {"full": 2 * n_params, "lora": 2 * n_params + 16 * adapter_params,
             "qlora": 0.5 * n_params + 16 * adapter_params}
    return next((m for m, need in needs.items() if need <= usable), None)


def choose_method__cheapest(n_params: int, adapter_params: int, card_gb: float) -> str | None:
    # picks the smallest footprint first: qlora whenever it fits
    usable = 0.8 * card_gb * 1e9
    needs = {"qlora": 0.5 * n_params + 16 * adapter_params, "lora": 2 * n_params + 16 * adapter_params,
             "full": 16 * n_params}
    return next((m for m, need in needs.items() if need <= usable), None)
