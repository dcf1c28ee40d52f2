"""aicourse.data (day 10): where a dataset resolves from, and the clear errors for missing, incomplete and corrupt data.

Most tests build a tiny dataset of their own in a temporary folder and register it for the test; the few that
read the course's offline data skip when it is not beside the checkout (or in AICOURSE_DATA_DIR).
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from aicourse import data
from aicourse.data import (
    CorruptDatasetError,
    DatasetSpec,
    MissingDatasetError,
    TensorCache,
    dataset_path,
    load_sms_spam,
    parse_sms_lines,
    verify_dataset,
)

ROOT = Path(__file__).resolve().parents[1]
SMS = "ham\thello there\nspam\tWIN a prize\tnow\n"
SMS_SHA = hashlib.sha256(SMS.encode()).hexdigest()


def shared_data() -> Path | None:
    for candidate in (os.environ.get("AICOURSE_DATA_DIR"), ROOT.parent / "shared" / "data"):
        if candidate and (Path(candidate) / "sms_spam").is_dir():
            return Path(candidate)
    return None


@pytest.fixture
def env(tmp_path, monkeypatch):
    "No data dir, an empty cache in tmp_path, downloads off, and a fresh memo of verified folders."
    monkeypatch.delenv("AICOURSE_DATA_DIR", raising=False)
    monkeypatch.setenv("AICOURSE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AICOURSE_OFFLINE", "1")
    monkeypatch.setattr(data, "_VERIFIED", set())
    return monkeypatch


def toy_spec(download=None, **changes) -> DatasetSpec:
    fields = dict(name="toy", description="a toy SMS set", license="CC0", files={"sms.tsv": SMS_SHA},
                  online="datasets.load_dataset('toy')", download=download)
    return DatasetSpec(**{**fields, **changes})


def write_toy(root: Path, text: str = SMS) -> Path:
    folder = root / "toy"
    folder.mkdir(parents=True)
    (folder / "sms.tsv").write_text(text)
    return folder


@pytest.fixture
def toy(env):
    env.setitem(data.DATASETS, "toy", toy_spec())
    return env


def test_data_dir_comes_first_then_the_cache(toy, tmp_path):
    cached = write_toy(tmp_path / "cache" / "data")
    assert dataset_path("toy") == cached  # no AICOURSE_DATA_DIR: the cache
    offline = write_toy(tmp_path / "offline")
    toy.setenv("AICOURSE_DATA_DIR", str(tmp_path / "offline"))
    assert dataset_path("toy") == offline  # the data dir wins over the cache
    (tmp_path / "other").mkdir()
    toy.setenv("AICOURSE_DATA_DIR", str(tmp_path / "other"))
    assert dataset_path("toy") == cached  # a data dir without this dataset falls back to the cache


def test_missing_everywhere_says_where_it_looked_and_how_to_fix_it(toy, tmp_path):
    toy.setenv("AICOURSE_DATA_DIR", str(tmp_path))
    with pytest.raises(MissingDatasetError) as err:
        dataset_path("toy")
    message = str(err.value)
    assert isinstance(err.value, FileNotFoundError)
    for part in ("'toy'", str(tmp_path / "toy"), str(tmp_path / "cache" / "data" / "toy"), "AICOURSE_DATA_DIR",
                 "datasets.load_dataset('toy')"):
        assert part in message, (part, message)


def test_a_data_dir_that_points_nowhere_is_an_error(env, tmp_path):
    env.setenv("AICOURSE_DATA_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(MissingDatasetError, match="is not a folder"):
        dataset_path("sms_spam")


def test_unknown_dataset_lists_the_known_ones(env):
    with pytest.raises(KeyError, match="unknown dataset 'imagenet'.*sms_spam"):
        dataset_path("imagenet")


def test_download_goes_to_the_cache_only_when_online(env, tmp_path):
    calls = []

    def fake_download(folder: Path) -> None:
        calls.append(folder)
        (folder / "sms.tsv").write_text(SMS)

    env.setitem(data.DATASETS, "toy", toy_spec(download=fake_download))
    with pytest.raises(MissingDatasetError, match="downloads are off"):
        dataset_path("toy")  # AICOURSE_OFFLINE=1: no download by default
    assert not calls
    path = dataset_path("toy", download=True)
    assert path == tmp_path / "cache" / "data" / "toy" and (path / "sms.tsv").read_text() == SMS
    assert calls[0].name == "toy.partial"  # written under a temporary name, renamed at the end
    assert (path / "SHA256SUMS").is_file() and verify_dataset("toy") == 1
    env.delenv("AICOURSE_OFFLINE")
    assert dataset_path("toy") == path and len(calls) == 1  # found in the cache now: no second download


def test_a_failed_download_leaves_nothing_behind(env, tmp_path):
    def broken(folder: Path) -> None:
        (folder / "sms.tsv").write_text(SMS[:5])
        raise ConnectionError("no route to host")

    env.setitem(data.DATASETS, "toy", toy_spec(download=broken))
    with pytest.raises(MissingDatasetError, match="downloading 'toy' failed.*no route to host"):
        dataset_path("toy", download=True)
    assert not any((tmp_path / "cache" / "data").iterdir())


def test_a_changed_byte_is_caught_and_the_file_named(toy, tmp_path):
    folder = write_toy(tmp_path / "offline", SMS.replace("hello", "hellO"))
    toy.setenv("AICOURSE_DATA_DIR", str(tmp_path / "offline"))
    with pytest.raises(CorruptDatasetError, match=r"sms\.tsv is corrupt or truncated"):
        dataset_path("toy")
    assert dataset_path("toy", verify=False) == folder  # asked not to verify, it trusts the folder


def test_a_truncated_file_that_still_parses_is_caught(toy, tmp_path):
    truncated = SMS.splitlines(keepends=True)[0]
    folder = write_toy(tmp_path / "offline", truncated)
    assert parse_sms_lines(truncated.splitlines()) == [("ham", "hello there")]  # it loads: the danger
    with pytest.raises(CorruptDatasetError, match="corrupt or truncated"):
        verify_dataset("toy", folder)


def test_an_empty_or_incomplete_folder_is_an_error_not_a_smaller_dataset(toy, tmp_path):
    (tmp_path / "offline" / "toy").mkdir(parents=True)
    toy.setenv("AICOURSE_DATA_DIR", str(tmp_path / "offline"))
    with pytest.raises(CorruptDatasetError, match=r"incomplete: sms\.tsv missing"):
        dataset_path("toy")
    (tmp_path / "offline" / "toy" / "sms.tsv").write_text("")
    with pytest.raises(CorruptDatasetError, match="is empty"):
        dataset_path("toy")


def test_a_manifest_is_checked_before_it_is_trusted(env, tmp_path):
    folder = tmp_path / "offline" / "toy"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "a.jpg").write_bytes(b"pixels")
    manifest = f"{hashlib.sha256(b'pixels').hexdigest()}  img/a.jpg\n"
    (folder / "SUMS.txt").write_text(manifest)
    spec = toy_spec(files={"SUMS.txt": hashlib.sha256(manifest.encode()).hexdigest()}, manifest="SUMS.txt")
    env.setitem(data.DATASETS, "toy", spec)
    assert verify_dataset("toy", folder) == 2
    (folder / "img" / "a.jpg").write_bytes(b"pixelz")
    with pytest.raises(CorruptDatasetError, match=r"a\.jpg is corrupt"):
        verify_dataset("toy", folder)
    (folder / "SUMS.txt").write_text(f"{hashlib.sha256(b'pixelz').hexdigest()}  img/a.jpg\n")  # a forged list
    with pytest.raises(CorruptDatasetError, match=r"SUMS\.txt is corrupt"):
        verify_dataset("toy", folder)
    (folder / "SUMS.txt").write_text(manifest)
    (folder / "img" / "a.jpg").unlink()
    with pytest.raises(CorruptDatasetError, match=r"incomplete: .*a\.jpg is missing"):
        verify_dataset("toy", folder)


def test_sms_parser_names_the_malformed_line(tmp_path):
    assert parse_sms_lines(["spam\tcall\tnow"]) == [("spam", "call\tnow")]  # split at the first tab only
    for lines, number in ((["ham\tok", "no tab here"], 2), (["HAM\tupper case label"], 1),
                          (["ham\tok", "ham\tfine", "spam\t "], 3), (["ham\tok", "", "ham\tok"], 2)):
        with pytest.raises(CorruptDatasetError, match=f"line {number} "):
            parse_sms_lines(lines)
    bad = tmp_path / "SMSSpamCollection"
    bad.write_text("ham\tok\nspam no tab\n")
    with pytest.raises(CorruptDatasetError, match="SMSSpamCollection line 2"):
        load_sms_spam(path=bad)


def test_tensor_cache_is_keyed_by_content_and_refuses_broken_images(tmp_path):
    pytest.importorskip("PIL")
    import numpy as np
    import torch
    from PIL import Image

    files = []
    for i in range(3):
        path = tmp_path / "img" / f"{i}.png"
        path.parent.mkdir(exist_ok=True)
        Image.fromarray(np.full((4, 5, 3), 40 * i, dtype=np.uint8)).save(path)
        files.append((str(path), i))
    cache = TensorCache(tmp_path / "cache")
    X, y = cache.load(files)
    assert X.shape == (3, 3, 4, 5) and X.dtype == torch.uint8 and y.tolist() == [0, 1, 2]
    assert int(X[2].max()) == 80
    X2, _ = cache.load(files)
    assert torch.equal(X, X2) and (cache.hits, cache.misses) == (1, 1)
    assert not list((tmp_path / "cache").glob("*.partial"))  # the temporary file was renamed
    moved = shutil.copytree(tmp_path / "img", tmp_path / "moved")
    assert cache.key([(str(moved / Path(p).name), label) for p, label in files]) == cache.key(files)
    assert cache.key([(p, label + 1) for p, label in files]) != cache.key(files)  # labels are part of the key
    stored = next((tmp_path / "cache").glob("*.pt"))
    stored.write_bytes(stored.read_bytes()[:50])  # a damaged cache file is rebuilt, with a warning
    with pytest.warns(UserWarning, match="unreadable"):
        X3, _ = cache.load(files)
    assert torch.equal(X3, X)
    Path(files[1][0]).write_bytes(Path(files[1][0]).read_bytes()[:30])
    with pytest.raises(CorruptDatasetError, match=r"1\.png is not a readable image"):
        cache.load(files)


def test_balanced_split_is_seeded_balanced_and_complete():
    labels = [0] * 50 + [1] * 30 + [2] * 20
    train, val = data.balanced_split(labels, val_fraction=0.2, seed=3)
    assert sorted(train + val) == list(range(100))
    assert [sum(labels[i] == c for i in val) for c in range(3)] == [10, 6, 4]
    assert data.balanced_split(labels, 0.2, seed=3) == (train, val)
    assert data.balanced_split(labels, 0.2, seed=4) != (train, val)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        data.balanced_split(labels, 1.0)


def test_course_assets_delegate_to_the_library(env, tmp_path):
    from aicourse.course import assets

    assert assets.DATASETS is data.DATASETS
    with pytest.raises(assets.MissingAssetError) as err:  # old course code keeps catching MissingAssetError
        assets.dataset_path("sms_spam")
    assert isinstance(err.value, MissingDatasetError) and "sms_spam" in str(err.value)
    env.setenv("AICOURSE_DATA_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(assets.MissingAssetError, match="is not a folder"):
        assets.data_dir()


@pytest.mark.skipif(shared_data() is None, reason="the course's offline data is not beside this checkout")
def test_the_offline_sms_copy_resolves_verifies_and_loads(env):
    env.setenv("AICOURSE_DATA_DIR", str(shared_data()))
    assert dataset_path("sms_spam").name == "sms_spam"
    rows = load_sms_spam()
    assert len(rows) == 5574 and sum(label == "spam" for label, _ in rows) == 747


def test_the_online_downloaders_write_the_offline_layout(env, tmp_path):
    "The download code cannot reach the internet here: stand-ins for torchvision and datasets check what it writes."
    import sys
    import types

    import torchvision.datasets
    from PIL import Image

    class FakeCIFAR10(list):
        classes = list(data.CIFAR10_CLASSES)

        def __init__(self, root, train, download):
            assert (train, download) == (False, True)
            super().__init__([(Image.new("RGB", (32, 32), (i * 20, 0, 0)), i % 2) for i in range(3)])

    env.setattr(torchvision.datasets, "CIFAR10", FakeCIFAR10)
    rows = [{"sms": "Free entry now\n", "label": 1}, {"sms": "see you\nat 5", "label": 0}]

    class FakeHF(list):
        features = {"label": types.SimpleNamespace(names=["ham", "spam"])}

    def load_dataset(name: str, split: str) -> FakeHF:
        assert (name, split) == ("ucirvine/sms_spam", "train")
        return FakeHF(rows)

    fake_hf = types.SimpleNamespace(load_dataset=load_dataset)
    env.setitem(sys.modules, "datasets", fake_hf)
    cifar = dataset_path("cifar10_test_jpg", download=True)
    assert sorted(p.relative_to(cifar).as_posix() for p in cifar.rglob("*.jpg")) == [
        "test/airplane/0000.jpg", "test/airplane/0001.jpg", "test/automobile/0000.jpg"]
    assert verify_dataset("cifar10_test_jpg") == 3  # its own manifest, written at download time
    sms = dataset_path("sms_spam", download=True)
    assert load_sms_spam() == [("spam", "Free entry now"), ("ham", "see you at 5")]
    assert (sms / ".downloaded").is_file() and verify_dataset("sms_spam") == 1
