"""Checks for days/day02.ipynb: a validated data config, flattening nested configs, which layer set a value."""
from __future__ import annotations

import copy
import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show

PREFIX = "AICOURSE__"


def _fields(fields: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in fields.items())


def _first_error(error: Exception) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        try:
            first = errors()[0]
            return f"{'.'.join(map(str, first['loc'])) or '(top level)'}: {first['msg']}"
        except Exception:  # not pydantic's shape: fall back to the text
            pass
    return f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"


@exercise("day02.DataConfig",
          question="Which rule of the statement does this case test: the base class, a bound (strict or not), "
                   "a type, or a default?",
          recipe="class DataConfig(StrictModel): path: str; batch_size: int = Field(gt=0); "
                 "val_fraction: float = Field(default=0.1, gt=0, lt=1); shuffle: bool = True")
def check_data_config(DataConfig: Any, rng: random.Random) -> int:
    from aicourse.core import StrictModel

    if DataConfig is None:
        raise NotImplementedError
    if not isinstance(DataConfig, type):
        raise CheckFailed(f"DataConfig is {show(DataConfig)}, not a class; write class DataConfig(StrictModel): ...")
    if not issubclass(DataConfig, StrictModel):
        raise CheckFailed(f"DataConfig subclasses {', '.join(b.__name__ for b in DataConfig.__bases__)}, not StrictModel",
                          "What does StrictModel add to a plain model? (unknown keys are errors, configs are frozen)")

    def make(**fields: Any) -> Any:
        try:
            return DataConfig(**fields)
        except NotImplementedError:
            raise
        except Exception as e:
            raise CheckFailed(f"DataConfig({_fields(fields)}) was rejected ({_first_error(e)}); the statement allows it",
                              "Is this value inside the bounds the statement gives? Strings such as '64' must be converted.") from None

    def expect(cfg: Any, fields: dict[str, Any], name: str, want: Any) -> None:
        got = getattr(cfg, name, "<missing>")
        if not equal(got, want):
            raise CheckFailed(f"DataConfig({_fields(fields)}).{name} is {show(got)} ({type(got).__name__}), "
                              f"expected {want!r} ({type(want).__name__})",
                              f"Which type does the statement give {name}, and what is its default?")

    accepted = [dict(path="data/train", batch_size=1), dict(path="d", batch_size="64"),
                dict(path="d", batch_size=8, val_fraction=1e-12), dict(path="d", batch_size=8, val_fraction=1 - 1e-12),
                dict(path="d", batch_size=8, val_fraction="0.5", shuffle="false"),
                dict(path="d", batch_size=8, shuffle="true"), dict(path="d", batch_size=8, shuffle=False)]
    for _ in range(6):
        fields: dict[str, Any] = dict(path=f"data/{rng.randrange(1000)}", batch_size=rng.randint(1, 10**6))
        if rng.random() < 0.5:
            fields["batch_size"] = str(fields["batch_size"])
        if rng.random() < 0.7:
            fraction = rng.uniform(1e-6, 1 - 1e-6)
            fields["val_fraction"] = repr(fraction) if rng.random() < 0.5 else fraction
        if rng.random() < 0.7:
            fields["shuffle"] = rng.choice([True, False, "true", "false"])
        accepted.append(fields)
    for fields in accepted:
        cfg = make(**fields)
        expect(cfg, fields, "path", fields["path"])
        expect(cfg, fields, "batch_size", int(fields["batch_size"]))
        expect(cfg, fields, "val_fraction", float(fields.get("val_fraction", 0.1)))
        expect(cfg, fields, "shuffle", {"true": True, "false": False}.get(str(fields.get("shuffle", True)).lower()))
    cfg = make(path="d", batch_size=8)
    if raised(setattr, cfg, "batch_size", 16) is None:
        raise CheckFailed("cfg.batch_size = 16 changed a config; configs are frozen",
                          "Did you change StrictModel's model_config?")
    rejected = [dict(path="d", batch_size=0), dict(path="d", batch_size=-1), dict(path="d", batch_size="many"),
                dict(path="d", batch_size=8.5), dict(path="d", batch_size=None),
                dict(path="d", batch_size=8, val_fraction=0), dict(path="d", batch_size=8, val_fraction=1),
                dict(path="d", batch_size=8, val_fraction="1.0"), dict(path="d", batch_size=8, val_fraction=-0.1),
                dict(path="d", batch_size=8, val_fraction=1.5), dict(path="d", batch_size=8, val_fraction=math.nan),
                dict(path="d", batch_size=8, val_fraction=math.inf), dict(path="d", batch_size=8, val_fraction="lots"),
                dict(batch_size=8), dict(path="d"), dict(path="d", batch_size=8, batchsize=16),
                dict(path="d", batch_size=8, val_frac=0.2),
                dict(path="d", batch_size=-rng.randint(2, 10**6)),
                dict(path="d", batch_size=8, val_fraction=1 + rng.uniform(1e-6, 10)),
                dict(path="d", batch_size=8, val_fraction=-rng.uniform(1e-6, 10))]
    for fields in rejected:
        error = raised(DataConfig, **fields)
        if error is None:
            raise CheckFailed(f"DataConfig({_fields(fields)}) was accepted; it should be rejected",
                              "Which rule of the statement does this value break? Is the bound strict ('greater than', "
                              "'strictly between') or not?")
        if not isinstance(error, ValueError):  # pydantic's ValidationError is a ValueError
            raise CheckFailed(f"DataConfig({_fields(fields)}) raised {type(error).__name__}: {error}; "
                              "a validation error is expected")
    return len(accepted) + len(rejected) + 1


def _random_tree(rng: random.Random, depth: int) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for i in range(rng.randint(0 if depth < 3 else 1, 4)):
        key = f"{rng.choice(['lr', 'model', 'optim', 'data', 'seed', 'n'])}{i}"
        if depth > 0 and rng.random() < 0.5:
            tree[key] = _random_tree(rng, depth - 1)
        else:
            tree[key] = rng.choice([rng.random(), rng.randint(0, 9), "text", [1, 2], None, True, False, 0, "",
                                    [{"nested": "in a list"}], (1, 2)])
    return tree


def _reference_flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            out.update(_reference_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


@exercise("day02.flatten",
          question="What does your function do with a dict inside a dict inside a dict, and with an empty one?",
          recipe="for key, value in config.items(): recurse into dict values with the prefix f'{prefix}{key}.', "
                 "and set out[prefix + key] = value for everything else (lists and falsy values too)")
def check_flatten(flatten: Callable[[dict[str, Any]], dict[str, Any]], rng: random.Random) -> int:
    trees: list[dict[str, Any]] = [
        {}, {"a": {}}, {"a": {"b": {}}, "c": 1},  # empty sections give no key
        {"optim": {"lr": 0.1, "betas": [0.9, 0.99]}, "seed": 1},
        {"a": [1, {"b": 2}], "t": (3, 4)},  # lists and tuples are values, even with dicts inside
        {"zero": 0, "off": False, "none": None, "empty": "", "no": []},  # falsy values are kept
        {"model": {"encoder": {"layer": {"size": 64, "act": "gelu"}}, "name": "m"}},  # four levels deep
    ]
    trees += [_random_tree(rng, 4) for _ in range(20)]
    for tree in trees:
        want = _reference_flatten(tree)
        snapshot = copy.deepcopy(tree)
        got = call("flatten", flatten, tree)
        if not equal(tree, snapshot):
            raise CheckFailed(f"flatten({show(snapshot)}) changed the dict it was given to {show(tree)}",
                              "Do you pop, delete or assign into the dict you were given?")
        if not equal(got, want):
            extra = sorted(set(got) - set(want)) if isinstance(got, dict) else []
            missing = sorted(set(want) - set(got)) if isinstance(got, dict) else []
            detail = (f" (extra keys {extra}" if extra else "") + (f"{', ' if extra else ' ('}missing keys {missing}" if missing else "")
            raise CheckFailed(f"flatten({show(tree)}) returned {show(got)}, expected {show(want)}"
                              + (detail + ")" if detail else ""))
    return len(trees)


def _lookup(tree: dict[str, Any], parts: list[str]) -> bool:
    "True when the nested dict `tree` sets the path `parts` (to any value, None and 0 included)."
    node: Any = tree
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def _reference_source(key: str, base: dict[str, Any], env_file: dict[str, Any], environ: dict[str, str]) -> str | None:
    parts = key.split(".")
    setters = [name for name in environ if name.startswith(PREFIX) and name[len(PREFIX):].lower().split("__") == parts]
    if setters:
        return setters[-1]
    if _lookup(env_file, parts):
        return "env"
    if _lookup(base, parts):
        return "base"
    return None


def _env_name(parts: list[str], rng: random.Random) -> str:
    rest = "__".join(parts).upper()
    if rng.random() < 0.25:  # the part after the prefix is lower-cased, so any case names the same key
        rest = "".join(c.lower() if rng.random() < 0.5 else c for c in rest)
    return PREFIX + rest


def _random_layers(rng: random.Random) -> tuple[dict[str, Any], dict[str, Any], dict[str, str], list[str]]:
    "A schema of dotted keys, and three layers that each set some of them; no two variables name one key."
    sections = rng.sample(["optim", "data", "model", "trainer"], rng.randint(1, 3))
    keys = [f"{s}.{leaf}" for s in sections for leaf in rng.sample(["lr", "batch_size", "path", "size", "seed"], rng.randint(1, 3))]
    keys += rng.sample(["name", "seed", "device", "epochs"], rng.randint(1, 3))
    if rng.random() < 0.5:
        keys.append("model.encoder.dim")
    base: dict[str, Any] = {}
    env_file: dict[str, Any] = {}
    environ: dict[str, str] = {"HOME": "/home/you", "AICOURSE_ENV": "prod"}
    values = [0.001, 64, "data/train", None, 0, False, "cuda", [1, 2]]
    for key in keys:
        parts = key.split(".")
        for layer, chance in ((base, 0.7), (env_file, 0.4)):
            if rng.random() < chance:
                node = layer
                for part in parts[:-1]:
                    node = node.setdefault(part, {})
                node[parts[-1]] = rng.choice(values)
        roll = rng.random()
        if roll < 0.3:
            environ[_env_name(parts, rng)] = rng.choice(["3e-4", "8", "", "true", "x"])
        elif roll < 0.4:  # near misses that set nothing
            environ[rng.choice(["AICOURSE_", "aicourse__", "APP__"]) + "__".join(parts).upper()] = "1"
    if rng.random() < 0.5:
        env_file.setdefault(rng.choice(sections), {})  # a section present but empty sets nothing
    return base, env_file, environ, keys + ["not.set", f"{sections[0]}.unknown"]


@exercise("day02.source_of",
          question="Which layer is read last, does it set this exact key, and which variable names does the prefix rule match?",
          recipe="parts = key.split('.'); a variable whose name starts with 'AICOURSE__' and whose rest, lower-cased and "
                 "split at '__', equals parts wins; else walk env_file section by section, then base: the first that "
                 "holds the full path ('env' or 'base'); None when neither does")
def check_source_of(source_of: Callable[..., str | None], rng: random.Random) -> int:
    base = {"name": "digits", "seed": 0, "batch_size": 64, "optim": {"lr": 0.001, "weight_decay": 0.05},
            "model": {"encoder": {"dim": 128}}}
    env_file = {"batch_size": None, "optim": {"weight_decay": 0.1}, "model": {}, "device": False}
    environ = {"AICOURSE__OPTIM__LR": "3e-4", "AICOURSE_SEED": "7", "aicourse__batch_size": "8", "HOME": "/home/you",
               "AICOURSE__Model__Encoder__DIM": "256", "AICOURSE__NAME": "", "AICOURSE__LR": "0.1", "AICOURSE_ENV": "prod"}
    edge = [("optim.lr", "AICOURSE__OPTIM__LR"),  # the variable wins over both files
            ("optim.weight_decay", "env"),  # the env file wins over base
            ("seed", "base"),  # AICOURSE_SEED has one underscore: not the prefix
            ("batch_size", "env"),  # set to null in the env file is still set; aicourse__ is not the prefix
            ("name", "AICOURSE__NAME"),  # an empty value still sets the key (to None)
            ("device", "env"),  # False is a value
            ("model.encoder.dim", "AICOURSE__Model__Encoder__DIM"),  # the rest of the name is lower-cased
            ("lr", "AICOURSE__LR"),  # a top-level lr, not optim.lr
            ("epochs", None), ("encoder.dim", None), ("optim.momentum", None)]  # set nowhere: the model's default
    cases = [(key, base, env_file, environ, want) for key, want in edge]
    for _ in range(6):
        b, e, env, keys = _random_layers(rng)
        cases += [(key, b, e, env, _reference_source(key, b, e, env)) for key in keys]
    for key, b, e, env, want in cases:
        got = call("source_of", source_of, key, copy.deepcopy(b), copy.deepcopy(e), dict(env))
        if not equal(got, want):
            raise CheckFailed(f"source_of({key!r}, base, env_file, environ) returned {show(got)}, expected {want!r}, with\n"
                              f"         base     = {show(b)}\n         env_file = {show(e)}\n"
                              f"         environ  = {show(env)}")
    return len(cases)
