"""Day 45's adapter round trip (aicourse.finetune): save, load onto a fresh base, merge, export, reload, on a tiny
random Llama; adapters that do not fit their base get a clear error."""
from __future__ import annotations

import json

import pytest
import torch

pytest.importorskip("peft")

from aicourse.finetune import (  # noqa: E402
    ADAPTER_BASE_FILE,
    base_fingerprint,
    check_adapter_fits,
    export_merged,
    folder_sizes,
    load_adapter,
    lora_model,
    save_adapter,
)

VOCAB = 64


def _tiny_llama(hidden: int = 32, seed: int = 0, layers: int = 2):
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=VOCAB, hidden_size=hidden, intermediate_size=64, num_hidden_layers=layers,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=32)
    return LlamaForCausalLM(config).eval()


def _tokenizer():
    from tokenizers import Tokenizer, models
    from transformers import PreTrainedTokenizerFast

    vocab = {f"w{i}": i for i in range(VOCAB)}
    return PreTrainedTokenizerFast(tokenizer_object=Tokenizer(models.WordLevel(vocab, unk_token="w0")), unk_token="w0")


def _trained_adapter(targets=("q_proj", "v_proj"), r: int = 4):
    model = lora_model(_tiny_llama(), r=r, alpha=2 * r, targets=list(targets), dropout=0.0).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "lora_B" in name:
                p.normal_(std=0.1)  # as after training: B = 0 would hide every mistake
    return model


@pytest.fixture
def x():
    return torch.randint(0, VOCAB, (2, 9), generator=torch.Generator().manual_seed(1))


def test_round_trip_save_load_merge_export_reload(tmp_path, x):
    from transformers import LlamaForCausalLM

    model = _trained_adapter()
    with torch.no_grad():
        want = model(input_ids=x).logits
    files = save_adapter(model, tmp_path / "adapter")
    assert {"adapter_config.json", "adapter_model.safetensors", ADAPTER_BASE_FILE} <= set(files)
    assert files == folder_sizes(tmp_path / "adapter") and all(n > 0 for n in files.values())
    n_lora = sum(p.numel() for n, p in model.named_parameters() if "lora_" in n)
    assert n_lora * 4 <= files["adapter_model.safetensors"] < n_lora * 4 + 20_000  # float32 matrices + a header
    assert not (tmp_path / "adapter.partial").exists()

    loaded = load_adapter(_tiny_llama(), tmp_path / "adapter")
    assert not any(p.requires_grad for p in loaded.parameters())  # loaded for inference
    with torch.no_grad():
        assert torch.equal(loaded(input_ids=x).logits, want)

    q = loaded.base_model.model.model.layers[1].self_attn.q_proj
    by_hand = q.base_layer.weight + q.scaling["default"] * q.lora_B["default"].weight @ q.lora_A["default"].weight
    exported = export_merged(loaded, _tokenizer(), tmp_path / "merged", base_name="tiny-llama", notes="A test.")
    assert {"model.safetensors", "config.json", "tokenizer.json", "README.md"} <= set(exported)
    card = (tmp_path / "merged" / "README.md").read_text()
    assert card.startswith("---\nbase_model: tiny-llama\n") and "r=4" in card and "q_proj, v_proj" in card
    assert "A test." in card and "float32" in card

    merged = LlamaForCausalLM.from_pretrained(tmp_path / "merged").eval()
    assert not any("lora" in n for n, _ in merged.named_parameters())  # a plain model: no peft needed
    torch.testing.assert_close(merged.model.layers[1].self_attn.q_proj.weight, by_hand.detach(), rtol=0, atol=1e-6)
    with torch.no_grad():
        got = merged(input_ids=x).logits
    assert (got - want).abs().max().item() <= 1e-5 * want.abs().max().item()  # float32: rounding only


def test_export_in_bfloat16_needs_a_looser_tolerance(tmp_path, x):
    from transformers import LlamaForCausalLM

    model = _trained_adapter()
    with torch.no_grad():
        want = model(input_ids=x).logits
    export_merged(model, _tokenizer(), tmp_path / "bf16", dtype=torch.bfloat16)
    merged = LlamaForCausalLM.from_pretrained(tmp_path / "bf16", dtype=torch.bfloat16).eval()
    assert next(merged.parameters()).dtype == torch.bfloat16
    assert "bfloat16" in (tmp_path / "bf16" / "README.md").read_text()
    with torch.no_grad():
        diff = (merged(input_ids=x).logits.float() - want).abs().max().item()
    scale = want.abs().max().item()
    assert 1e-5 * scale < diff < 5e-2 * scale


def test_saving_refuses_to_overwrite_and_keeps_the_old_folder(tmp_path):
    model = _trained_adapter()
    save_adapter(model, tmp_path / "adapter")
    before = (tmp_path / "adapter" / "adapter_model.safetensors").read_bytes()
    with pytest.raises(FileExistsError, match="overwrite=True"):
        save_adapter(_trained_adapter(r=2), tmp_path / "adapter")
    assert (tmp_path / "adapter" / "adapter_model.safetensors").read_bytes() == before
    save_adapter(_trained_adapter(r=2), tmp_path / "adapter", overwrite=True)
    assert json.loads((tmp_path / "adapter" / "adapter_config.json").read_text())["r"] == 2


def test_a_failed_write_leaves_no_half_folder(tmp_path):
    model = _trained_adapter()

    class Boom(Exception):
        pass

    def broken_save(folder, **kwargs):
        (folder / "adapter_config.json").write_text("{}")
        raise Boom
    model.save_pretrained = broken_save
    with pytest.raises(Boom):
        save_adapter(model, tmp_path / "adapter")
    assert not (tmp_path / "adapter").exists() and not (tmp_path / "adapter.partial").exists()


def test_export_refused_for_a_taken_folder_leaves_the_model_untouched(tmp_path, x):
    model = _trained_adapter()
    with torch.no_grad():
        want = model(input_ids=x).logits
    state = {n: p.detach().clone() for n, p in model.named_parameters()}
    (tmp_path / "merged").mkdir()
    (tmp_path / "merged" / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        export_merged(model, _tokenizer(), tmp_path / "merged", dtype=torch.bfloat16)
    assert (tmp_path / "merged" / "notes.txt").read_text() == "keep me" and len(list((tmp_path / "merged").iterdir())) == 1
    now = dict(model.named_parameters())
    assert set(now) == set(state) and all(torch.equal(now[n], state[n]) for n in state)  # LoRA layers, float32: as before
    with torch.no_grad():
        assert torch.equal(model(input_ids=x).logits, want)
    save_adapter(model, tmp_path / "adapter")  # the fine-tune can still be saved
    export_merged(model, _tokenizer(), tmp_path / "merged", overwrite=True)  # and exported, when asked to overwrite
    assert not (tmp_path / "merged" / "notes.txt").exists() and (tmp_path / "merged" / "model.safetensors").is_file()


def test_only_peft_models_are_saved_as_adapters_or_merged(tmp_path):
    with pytest.raises(TypeError, match="not a peft model"):
        save_adapter(_tiny_llama(), tmp_path / "a")
    with pytest.raises(TypeError, match="no adapter to merge"):
        export_merged(_tiny_llama(), _tokenizer(), tmp_path / "m")


def test_fingerprint_names_the_weights_not_the_dtype():
    a, b = _tiny_llama(), _tiny_llama()
    assert base_fingerprint(a) == base_fingerprint(b)
    assert base_fingerprint(a) == base_fingerprint(b.to(torch.bfloat16))
    assert base_fingerprint(a) != base_fingerprint(_tiny_llama(seed=1))
    assert base_fingerprint(a) == base_fingerprint(lora_model(_tiny_llama(), targets=["q_proj"]))


@pytest.mark.parametrize("layer", ["model.layers.1.self_attn.q_proj", "model.layers.0.mlp.down_proj",
                                   "model.layers.1.mlp.gate_proj", "model.norm", "lm_head"])
def test_fingerprint_sees_a_change_in_any_layer(tmp_path, layer):
    "Not only the embeddings: a fine-tune merged into one layer of the base is another base."
    save_adapter(_trained_adapter(), tmp_path / "adapter")
    changed = _tiny_llama()
    with torch.no_grad():
        changed.get_submodule(layer).weight.add_(1.0)
    assert base_fingerprint(changed) != base_fingerprint(_tiny_llama())
    with pytest.raises(ValueError, match="fingerprint"):
        load_adapter(changed, tmp_path / "adapter")
    small = _tiny_llama()
    with torch.no_grad():
        small.get_submodule(layer).weight.view(-1)[0] += 0.05
    assert base_fingerprint(small) != base_fingerprint(_tiny_llama())  # one weight of one layer is enough


def test_fingerprint_of_a_peft_model_is_its_base_with_lora_left_out():
    wrapped = _trained_adapter(targets=("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"))
    assert base_fingerprint(wrapped) == base_fingerprint(_tiny_llama())  # B is nonzero: the adapter is not hashed
    with torch.no_grad():
        wrapped.base_model.model.model.layers[0].mlp.up_proj.base_layer.weight.add_(1.0)
    assert base_fingerprint(wrapped) != base_fingerprint(_tiny_llama())  # base_layer is the base


def test_adapters_that_do_not_fit_get_a_clear_error(tmp_path):
    from peft import PeftModel
    from transformers import GPT2Config, GPT2LMHeadModel

    save_adapter(_trained_adapter(), tmp_path / "adapter")
    with pytest.raises(ValueError, match=r"another model family"):
        load_adapter(GPT2LMHeadModel(GPT2Config(n_embd=32, n_layer=1, n_head=4, vocab_size=VOCAB)), tmp_path / "adapter")
    with pytest.raises(ValueError, match=r"q_proj maps 64 -> 64 .* another model size"):
        load_adapter(_tiny_llama(hidden=64), tmp_path / "adapter")
    with pytest.raises(ValueError, match="fingerprint"):
        load_adapter(_tiny_llama(seed=1), tmp_path / "adapter")
    with pytest.raises(ValueError, match=r"model\.layers\.1\.self_attn\.(q|v)_proj does not exist in this base .* another model size"):
        load_adapter(_tiny_llama(layers=1), tmp_path / "adapter")  # fewer layers: a clear error, not an AttributeError
    PeftModel.from_pretrained(_tiny_llama(seed=1), tmp_path / "adapter")  # what the check prevents: peft loads it silently
    with pytest.raises(FileNotFoundError, match="adapter_config.json"):
        load_adapter(_tiny_llama(), tmp_path)
    assert check_adapter_fits(_tiny_llama(), tmp_path / "adapter")["r"] == 4


def test_wrong_target_names_in_the_config_are_named(tmp_path):
    save_adapter(_trained_adapter(targets=("q_proj", "v_proj")), tmp_path / "adapter")
    config_path = tmp_path / "adapter" / "adapter_config.json"
    config = json.loads(config_path.read_text())
    config["target_modules"] = ["q_proj", "query_key_value"]
    config_path.write_text(json.dumps(config))
    with pytest.raises(ValueError, match=r"\['query_key_value'\]"):
        load_adapter(_tiny_llama(), tmp_path / "adapter")


def test_an_adapter_without_fingerprint_still_loads(tmp_path, x):
    model = _trained_adapter()
    model.save_pretrained(tmp_path / "plain")  # peft alone: no fingerprint file
    with torch.no_grad():
        assert torch.equal(load_adapter(_tiny_llama(), tmp_path / "plain")(input_ids=x).logits, model(input_ids=x).logits)
