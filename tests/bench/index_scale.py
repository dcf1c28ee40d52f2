"""Day 55's index scaling benchmark: flat, IVF, IVF-PQ and HNSW built at growing n on SYNTHETIC clustered unit vectors
(day 48's recipe, 384 numbers like MiniLM; no real embeddings: a million of those would take hours to encode, see the
embedding row). For each kind and size: build seconds (training on a sample, then adding in batches; CPU seconds of
this one-thread process, best of --repeat builds up to 100,000 rows), bytes (the file `VectorIndex.save` writes and
`rag.index_bytes`), resident memory the build added, the library's own `VectorIndex.save`, `VectorIndex.load` and
`rag.load_mapped` (seconds, and the PEAK resident memory each adds, measured in a fresh subprocess from /proc's
VmHWM), ms/query at one thread, and recall@10 against exact search: IVF kinds at nprobe 1, 4 and 16, IVF-PQ also as
10-recall@100 (the true top 10 found within its top 100, what a re-ranking stage would see). An IVF series at a FIXED
nlist (trained once, filled to growing n) checks that adding is linear there; one HNSW build beyond the fitted sizes
(--hnsw-check) checks its n log n projection. Then the check the lesson promises: the
build time and memory extrapolated from the two smallest sizes (`rag.extrapolate_seconds`, `rag.index_bytes`) against
what each larger build measured, and a 1M projection per kind. Run by hand, niced (it takes minutes and GiBs):

    nice -n 19 .venv/bin/python tests/bench/index_scale.py [--sizes 10000,30000,100000,1000000] \\
        [--kinds flat,ivf,ivfpq,hnsw] [--hnsw-max 100000] [--hnsw-check 300000] [--nlist-max 1024] \\
        [--fixed-nlist 1024] [--fixed-sizes 100000,300000,1000000] [--repeat 3] [--centres 500] [--spread 1.5] \\
        [--queries 200] [--no-write]

The previous version of this script (one build per size, bare FAISS calls for save/load) took 8 minutes on 2 shared
cores; this one builds small sizes --repeat times and adds the fixed-nlist and HNSW-check series: expect 20+ minutes. It holds the 1M vectors (1.4 GiB) and one index
at a time (up to about 1.8 GiB resident for IVF at 1M): a few GiB at most.

One thread throughout (FAISS and torch). IVF kinds use nlist = min(suggest_nlist(n), --nlist-max) cells (the cap keeps
k-means within minutes on one core; the wiki's 4 sqrt(n) is 4,000 at 1M) and train on 64 rows per centre (for IVF-PQ
at least 64 x 256 for its 8-bit codebooks). Writes the Markdown report to tests/bench/INDEX_SCALE.md (not with
--no-write) with the machine it ran on.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from aicourse.rag import (
    VectorIndex,
    add_batches,
    ann_recall,
    extrapolate_seconds,
    index_bytes,
    resident_bytes,
    suggest_nlist,
    train_index,
    training_rows,
)

HERE = Path(__file__).parent
LAW = {"flat": "linear", "ivf": "linear", "ivfpq": "linear", "hnsw": "nlogn"}  # of the add time; training is apart
NPROBES = (1, 4, 16)
BATCH = 50_000
SMALL = 100_000  # sizes up to this are built --repeat times (best of): their times are short and noisy

# One step of the library's persistence in a FRESH process (so no memory freed earlier is reused and hidden): its wall
# and CPU seconds, and the peak resident memory it added (VmHWM after the step minus VmRSS before it, in bytes).
STEP = """import json, sys, time
from pathlib import Path
import faiss  # imported before the step: its own import is not the step's memory
from aicourse.rag import VectorIndex, load_mapped
def status(key): return next(int(l.split()[1]) * 1024 for l in open("/proc/self/status") if l.startswith(key + ":"))
def reset():
    try:
        Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from the resident memory now
    except OSError:
        pass
step, folder, out = sys.argv[1:4]
kept = VectorIndex.load(folder) if step == "save" else None
reset(); before = status("VmRSS"); w, c = time.perf_counter(), time.process_time()
if step == "save":
    kept.save(out)
else:
    kept = (VectorIndex.load if step == "load" else load_mapped)(folder)
w, c = time.perf_counter() - w, time.process_time() - c
print(json.dumps(dict(wall_s=w, cpu_s=c, peak=status("VmHWM") - before)))
"""


def step_in_subprocess(step: str, folder: Path, out: Path) -> dict:
    "save / load / load_mapped of the saved index in a fresh one-thread process: seconds and peak bytes added."
    env = os.environ | {"OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", STEP, step, str(folder), str(out)], capture_output=True, text=True,
                          env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def clustered(n: int, dim: int = 384, n_centres: int = 500, spread: float = 1.5, seed: int = 0) -> np.ndarray:
    "Day 48's synthetic unit vectors around random centres, made in blocks so the float64 temporaries stay small."
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((n_centres, dim), dtype=np.float32)
    out = np.empty((n, dim), dtype=np.float32)
    for i in range(0, n, 100_000):
        m = min(100_000, n - i)
        x = centres[rng.integers(0, n_centres, m)] + spread * rng.standard_normal((m, dim), dtype=np.float32)
        out[i:i + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def ms_per_query(index: VectorIndex, q: np.ndarray, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        index.search(q, 10)
        times.append(time.process_time() - t0)
    return 1000 * float(min(times)) / len(q)


def k_recall(found: list[list[str]], truth: list[list[str]]) -> float:
    "Share of the true top k (truth rows) found anywhere in each found list (e.g. the top 100): k-recall@len(found)."
    return float(np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth, strict=True)]))


def ivf_params(kind: str, nlist: int) -> dict:
    return {"nlist": nlist} | ({"m": 48, "nbits": 8} if kind == "ivfpq" else {})


def trained(kind: str, x: np.ndarray, params: dict) -> tuple[VectorIndex, float]:
    "An empty IVF index trained on a random sample of x (64 rows per centre), and the CPU seconds it took."
    rows = min(len(x), training_rows(kind, params["nlist"], nbits=params.get("nbits", 8)))
    sample = x[np.sort(np.random.default_rng(1).choice(len(x), rows, replace=False))]
    t0 = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a 10k IVF-PQ has fewer rows than 39 x 256: said in the report
        index = train_index(sample, kind, **params)
    return index, time.process_time() - t0


def fill(index: VectorIndex, x: np.ndarray, ids: list[str]) -> float:
    "CPU seconds to add x in batches (one thread: CPU time is the work, whatever else the machine runs)."
    t0 = time.process_time()
    add_batches(index, ((x[i:i + BATCH], ids[i:i + BATCH]) for i in range(0, len(x), BATCH)))
    return time.process_time() - t0


def build(kind: str, x: np.ndarray, ids: list[str], nlist_max: int) -> tuple[VectorIndex, float, float, dict]:
    "The index, training CPU seconds, adding CPU seconds and its parameters; IVF kinds train on a random sample."
    params: dict = {}
    train_s = 0.0
    if kind in ("ivf", "ivfpq"):
        params = ivf_params(kind, min(suggest_nlist(len(x)), nlist_max))
        index, train_s = trained(kind, x, params)
    else:
        index = VectorIndex(x.shape[1], kind)
    return index, train_s, fill(index, x, ids), params


def clone(index: VectorIndex) -> VectorIndex:
    "A copy of a trained, empty IVF index (so one training serves every size of the fixed-nlist series)."
    import faiss
    copy = VectorIndex(index.dim, index.kind, **index.params)
    copy._index, copy.trained_on = faiss.clone_index(index._index), index.trained_on
    copy._sampled = True
    return copy


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,30000,100000,1000000", help="comma-separated n, ascending")
    ap.add_argument("--kinds", default="flat,ivf,ivfpq,hnsw")
    ap.add_argument("--hnsw-max", type=int, default=100_000, help="largest n to build HNSW at (it grows as n log n)")
    ap.add_argument("--hnsw-check", type=int, default=300_000, help="one HNSW build at this n, beyond the fitted sizes"
                    " (0: none)")
    ap.add_argument("--nlist-max", type=int, default=1024, help="cap on IVF cells")
    ap.add_argument("--fixed-nlist", type=int, default=1024, help="nlist of the fixed-nlist IVF series (0: none)")
    ap.add_argument("--fixed-sizes", default="100000,300000,1000000", help="sizes of the fixed-nlist IVF series")
    ap.add_argument("--repeat", type=int, default=3, help=f"builds per size up to {SMALL:,} (best of)")
    ap.add_argument("--centres", type=int, default=500, help="topic centres of the synthetic data (more: harder)")
    ap.add_argument("--spread", type=float, default=1.5, help="noise around each centre (less: neighbours closer)")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--no-write", action="store_true", help="print only; do not write INDEX_SCALE.md")
    args = ap.parse_args()
    import faiss
    import torch
    faiss.omp_set_num_threads(1)
    torch.set_num_threads(1)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    fixed_sizes = sorted(int(s) for s in args.fixed_sizes.split(",")) if args.fixed_nlist else []
    kinds = args.kinds.split(",")
    top = max(sizes + fixed_sizes + ([args.hnsw_check] if "hnsw" in kinds and args.hnsw_check else []))
    started, load_start = time.perf_counter(), os.getloadavg()[0]
    data = clustered(top + args.queries, n_centres=args.centres, spread=args.spread)
    base, queries = data[:top], data[top:]
    ids = [f"doc{i}#c{i % 7}" for i in range(top)]
    print(f"made {len(data):,} synthetic vectors in {time.perf_counter() - started:.1f} s", flush=True)
    rows, fixed, work = [], [], Path(tempfile.mkdtemp(prefix="index_scale."))
    truths: dict[int, list] = {}

    def truth(n: int) -> list:
        if n not in truths:
            flat = VectorIndex.build(base[:n], ids[:n], "flat")
            truths[n] = flat.search(queries, 100)[1]
        return truths[n]

    def measure(kind: str, n: int, index: VectorIndex, train_s: float, add_s: float, params: dict, grew: int,
                repeats: int) -> dict:
        top100 = truth(n)
        top10 = [t[:10] for t in top100]
        recall = {}
        for p in NPROBES if kind in ("ivf", "ivfpq") else (None,):
            if p is not None:
                index.nprobe = p
            else:
                index.ef_search = 64
            recall[p] = ann_recall(index.search(queries, 10)[1], top10)
        if kind in ("ivf", "ivfpq"):
            index.nprobe = 16
        r100 = k_recall(index.search(queries, 100)[1], top10) if kind == "ivfpq" else None
        ms = ms_per_query(index, queries)
        folder, again = work / f"{kind}-{n}", work / f"{kind}-{n}-again"
        t0 = time.process_time()
        index.save(folder)
        save_cpu = time.process_time() - t0
        size = (folder / "index.faiss").stat().st_size
        del index  # before loading, so two copies are never resident here
        steps = {step: step_in_subprocess(step, folder, again) for step in ("save", "load", "load_mapped")}
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(again, ignore_errors=True)
        row = dict(kind=kind, n=n, train_s=train_s, add_s=add_s, build_s=train_s + add_s, file=size,
                   math=index_bytes(n, base.shape[1], kind, **params), rss=grew, recall=recall, r100=r100, ms=ms,
                   save_cpu=save_cpu, steps=steps, params=params, repeats=repeats, load=os.getloadavg()[0])
        print(f"{kind:6s} n={n:>9,}: train {train_s:7.1f} s, add {add_s:7.1f} s (CPU, best of {repeats}), file "
              f"{size / 2**20:9.1f} MiB (math {row['math'] / 2**20:9.1f}), RSS +{grew / 2**20:8.1f} MiB, recall@10 "
              + ", ".join(f"{'nprobe ' + str(p) if p else 'ef 64' if kind == 'hnsw' else kind} {r:.3f}"
                           for p, r in recall.items())
              + (f", 10-recall@100 {r100:.3f}" if r100 is not None else "")
              + "".join(f", {k} {v['wall_s']:.2f} s peak +{v['peak'] / 2**20:.0f} MiB" for k, v in steps.items())
              + f" [{time.perf_counter() - started:.0f} s, load {row['load']:.1f}]", flush=True)
        return row

    for n in sizes:
        x = base[:n]
        for kind in kinds:
            if kind == "hnsw" and n > args.hnsw_max:
                continue
            repeats = args.repeat if n <= SMALL else 1
            best = None
            for _ in range(repeats):
                before = resident_bytes()
                index, train_s, add_s, params = build(kind, x, ids[:n], args.nlist_max)
                grew = resident_bytes() - before
                if best is None or train_s + add_s < best[1] + best[2]:
                    best = (index, train_s, add_s, params, grew)
                del index
            rows.append(measure(kind, n, *best[:4], grew=best[4], repeats=repeats))
            del best
    if "hnsw" in kinds and args.hnsw_check:
        index, train_s, add_s, params = build("hnsw", base[:args.hnsw_check], ids[:args.hnsw_check], args.nlist_max)
        rows.append(measure("hnsw", args.hnsw_check, index, train_s, add_s, params, grew=0, repeats=1) | {"check": True})
    if fixed_sizes:
        for kind in [k for k in kinds if k in ("ivf", "ivfpq")]:
            empty, train_s = trained(kind, base[:fixed_sizes[-1]], ivf_params(kind, args.fixed_nlist))
            for n in fixed_sizes:
                index = clone(empty)
                add_s = fill(index, base[:n], ids[:n])
                fixed.append(dict(kind=kind, n=n, nlist=args.fixed_nlist, train_s=train_s, add_s=add_s))
                print(f"{kind:6s} fixed nlist {args.fixed_nlist}: n={n:>9,} add {add_s:7.1f} s CPU "
                      f"({n / max(add_s, 1e-9):,.0f} rows/s)", flush=True)
                del index
    shutil.rmtree(work, ignore_errors=True)
    report = render(rows, fixed, kinds, args, time.perf_counter() - started, load_start)
    print(report)
    if not args.no_write:
        (HERE / "INDEX_SCALE.md").write_text(report)
    return 0


def notes(rows: list[dict], fixed: list[dict]) -> list[str]:
    "Each note says what the rows above measured (computed from them), then, marked, a hand-written interpretation."
    out = []
    for kind in ("flat", "ivf", "ivfpq", "hnsw"):
        mine = [r for r in rows if r["kind"] == kind and not r.get("check")]
        if not mine:
            continue
        big = mine[-1]
        load = big["steps"]["load"]["peak"] / big["file"]
        save = big["steps"]["save"]["peak"] / big["file"]
        mapped = big["steps"]["load_mapped"]["peak"] / big["file"]
        rss = ", ".join(f"{r['n']:,}: {r['rss'] / max(r['math'], 1):.2f}" for r in mine)
        out.append(f"- **{kind}**, memory: build RSS / index math by n {rss}; at n={big['n']:,} the peak resident "
                   f"memory a fresh process added was {load:.1f} x the file for `VectorIndex.load`, {save:.1f} x for "
                   f"`save` (after a load in the same process: a lower bound), {mapped:.2f} x for `load_mapped`.")
        if kind in ("ivf", "ivfpq"):
            sweep = "; ".join(f"{r['n']:,} (nlist {r['params']['nlist']}): " + ", ".join(
                f"nprobe {p} {v:.3f}" for p, v in r["recall"].items()) for r in mine)
            out.append(f"- **{kind}**, recall@10: {sweep}."
                       + (" 10-recall@100 (true top 10 within IVF-PQ's top 100): " + ", ".join(
                           f"{r['n']:,}: {r['r100']:.3f}" for r in mine) + "." if kind == "ivfpq" else ""))
    for kind in sorted({f["kind"] for f in fixed}):
        mine = [f for f in fixed if f["kind"] == kind]
        per = ", ".join(f"{f['n']:,}: {1e6 * f['add_s'] / f['n']:.1f} us/row" for f in mine)
        out.append(f"- **{kind} at a fixed nlist {mine[0]['nlist']}** (trained once, {mine[0]['train_s']:.0f} s CPU): "
                   f"add time per row {per} (linear means these are equal).")
    loads = [r["load"] for r in rows]
    out.append(f"- **Timing conditions**: CPU seconds of one thread (process_time), best of the repeats shown; load "
               f"average {min(loads):.1f} to {max(loads):.1f} during the rows.")
    out.append("- *Hand-written interpretation* (not computed): IVF lists grow like a std::vector (capacity doubling), "
               "so resident memory can exceed `index_bytes`; `VectorIndex.load` holds the file's bytes and the index "
               "built from them at once, and save serializes into one buffer: plan `memory_plan(..., headroom=)` "
               "above the steady state, or serve with `load_mapped`. Synthetic data with few, wide topics is easy for "
               "IVF (neighbours share a cell); real embeddings differ (day 48): measure recall on yours. Embedding "
               "(day 55's lesson: a few documents per second per core) dwarfs every build here.")
    return out


def render(rows: list[dict], fixed: list[dict], kinds: list[str], args: argparse.Namespace, total_s: float,
           load_start: float) -> str:
    import faiss
    mem = [line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")] \
        if Path("/proc/meminfo").exists() else []
    machine = (f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, 1 FAISS thread, "
               f"{f'{int(mem[0].split()[1]) / 2**20:.1f} GiB' if mem else 'unknown'} RAM, Python {platform.python_version()}, "
               f"numpy {np.__version__}, faiss {faiss.__version__}, load average {load_start:.1f} at the start and "
               f"{os.getloadavg()[0]:.1f} at the end; run {time.strftime('%Y-%m-%d')}, {total_s / 60:.1f} min in all\n\n"
               f"Run: `{' '.join(sys.argv[1:]) or '(defaults)'}` (sizes {args.sizes}, kinds {args.kinds}, hnsw-max "
               f"{args.hnsw_max}, hnsw-check {args.hnsw_check}, nlist-max {args.nlist_max}, fixed-nlist "
               f"{args.fixed_nlist} at {args.fixed_sizes}, repeat {args.repeat}, centres {args.centres}, spread "
               f"{args.spread}, queries {args.queries})")
    out = [f"# Index scaling (day 55)\n\n{machine}\n",
           f"**Synthetic** clustered unit vectors (day 48's recipe: {args.centres} centres, spread {args.spread}, 384 "
           f"numbers), {args.queries} queries drawn the same way; recall@10 against exact (flat) search; one thread; "
           f"times are CPU seconds (best of {args.repeat} up to {SMALL:,} rows). IVF kinds: nlist = "
           f"min(suggest_nlist(n), {args.nlist_max}), trained on a random sample of 64 rows per centre (IVF-PQ: m 48, "
           f"8-bit codes, at least 64 x 256 rows; fewer when n is smaller), then added in batches of {BATCH:,}; "
           f"HNSW M 32 / efConstruction 40 / ef_search 64. RSS: resident memory the build added. File: what "
           f"`VectorIndex.save` wrote; math: `rag.index_bytes`. save / load / load_mapped: the library's calls, each "
           f"in a fresh process: wall seconds and the peak resident memory it added (VmHWM).\n",
           "| kind | n | nlist | train s | add s | file MiB | math MiB | RSS + MiB | recall@10 (nprobe 1 / 4 / 16) | "
           "10-recall@100 | ms/query | save s / peak MiB | load s / peak MiB | load_mapped s / peak MiB |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        rec = " / ".join(f"{v:.3f}" for v in r["recall"].values())
        r100 = "" if r["r100"] is None else f"{r['r100']:.3f}"
        st = " | ".join(f"{r['steps'][k]['wall_s']:.2f} / {r['steps'][k]['peak'] / 2**20:,.0f}"
                        for k in ("save", "load", "load_mapped"))
        out.append(f"| {r['kind']}{' (check)' if r.get('check') else ''} | {r['n']:,} | {r['params'].get('nlist', '')} "
                   f"| {r['train_s']:.2f} | {r['add_s']:.2f} | {r['file'] / 2**20:,.1f} | {r['math'] / 2**20:,.1f} | "
                   f"{r['rss'] / 2**20:,.1f} | {rec} | {r100} | "
                   f"{r['ms']:.3f} | {st} |")
    if fixed:
        out += ["", "## IVF at a fixed nlist: is adding linear?", "",
                "| kind | nlist | n | add s (CPU) | us per row |", "|---|---:|---:|---:|---:|"]
        out += [f"| {f['kind']} | {f['nlist']} | {f['n']:,} | {f['add_s']:.1f} | {1e6 * f['add_s'] / f['n']:.1f} |"
                for f in fixed]
    out += ["", "## Extrapolated from the two smallest sizes, against the measured builds", "",
            "Add seconds extrapolated with each kind's law (flat, IVF, IVF-PQ: linear at a fixed nlist; HNSW: n log n) "
            "from the two smallest sizes; a size whose nlist differs from the fitted ones is marked (the fixed-nlist "
            "table above is the linear check); `fit exponent` is the log-log slope between the two fitted sizes.", "",
            "| kind | n | law | fit exponent | add s predicted | add s measured | ratio |",
            "|---|---:|---|---:|---:|---:|---:|"]
    for kind in kinds:
        mine = [r for r in rows if r["kind"] == kind]
        if len(mine) < 3:
            continue
        fit = mine[:2]
        slope = (np.log(max(fit[1]["add_s"], 1e-9)) - np.log(max(fit[0]["add_s"], 1e-9))) / np.log(fit[1]["n"] / fit[0]["n"])
        for r in mine[2:]:
            guess = extrapolate_seconds([f["n"] for f in fit], [f["add_s"] for f in fit], r["n"], LAW[kind])
            mark = " (nlist changed)" if r["params"].get("nlist") != fit[-1]["params"].get("nlist") else ""
            out.append(f"| {kind}{' (check)' if r.get('check') else ''} | {r['n']:,} | {LAW[kind]}{mark} | {slope:.2f} | "
                       f"{guess:.2f} | {r['add_s']:.2f} | {r['add_s'] / max(guess, 1e-9):.2f} |")
    out += ["", "## 1M chunks, per kind", "",
            "Projected from every size measured below 1M (add time by the kind's law, plus the largest build's "
            "training time, which was measured; HNSW: n log n, a lower bound), and what a 1M build measured where "
            "one ran.", "",
            "| kind | projected build s | measured build s | projected index MiB | measured file MiB |",
            "|---|---:|---:|---:|---:|"]
    for kind in kinds:
        mine = [r for r in rows if r["kind"] == kind]
        if not mine:
            continue
        fit = [r for r in mine if r["n"] < 1_000_000] or mine
        params = ivf_params(kind, min(suggest_nlist(1_000_000), args.nlist_max)) if kind in ("ivf", "ivfpq") else {}
        add = extrapolate_seconds([r["n"] for r in fit], [r["add_s"] for r in fit], 1_000_000, LAW[kind])
        real = next((r for r in mine if r["n"] == 1_000_000), None)
        built = f"{real['build_s']:.0f}" if real else "not built"
        file = f"{real['file'] / 2**20:,.0f}" if real else "-"
        out.append(f"| {kind} | {add + fit[-1]['train_s']:.0f}{' (lower bound)' if kind == 'hnsw' else ''} | {built} | "
                   f"{index_bytes(1_000_000, 384, kind, **params) / 2**20:,.0f} | {file} |")
    out += ["", "## Reading the tables", "", *notes(rows, fixed)]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
