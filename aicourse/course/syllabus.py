"""The 90-day course map as data: the CLI (`today`, `progress`), the home notebook and the docs read it.

Hand-written glue (no notebook owns it). A lesson that is written lives at
nbs/<phase folder>/dayNN_<slug>.ipynb and its workbook at days/dayNN.ipynb, under the course content
(a checkout, or the copy in the wheel: see `aicourse.course.content`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["Phase", "Day", "PHASES", "DAYS", "MINUTES_PER_DAY", "get_day", "phase_of", "lesson_path",
           "workbook_path", "course_map_markdown"]

MINUTES_PER_DAY = 90  # the course's rhythm: about 90 minutes a day


@dataclass(frozen=True)
class Phase:
    "One of the three 30-day phases."
    number: int
    title: str
    folder: str  # under nbs/
    first: int
    last: int
    goal: str  # what you have at the end of the phase


@dataclass(frozen=True)
class Day:
    "One day of the course: its topic and the library module it creates or extends."
    number: int
    title: str
    module: str  # '-' when the day only uses the library
    owner: bool = False  # True when the day creates the module


PHASES = (
    Phase(1, "Fundamentals", "01_fundamentals", 1, 30,
          "two clean, tested notebooks: an image classifier (ResNet18 on CIFAR-10) and a text classifier"),
    Phase(2, "LLMs in practice", "02_llms", 31, 60,
          "one demo with an API and one clear metric: a LoRA fine-tune and a RAG system that cites sources"),
    Phase(3, "Production and MLOps", "03_production", 61, 90,
          "a pipeline with logging, monitoring, an A/B test and a rollback"),
)

DAYS = (
    Day(1, 'Your machine: devices, CUDA/ROCm/MPS check, versions, AMP default, `aicourse doctor`', 'core', owner=True),
    Day(2, 'Python for AI: typing, dataclasses and Pydantic configs, YAML configs per environment', 'core'),
    Day(3, 'Project template and habits: src/tests/configs/scripts, pytest, pre-commit, ruff, mypy', 'scaffold', owner=True),
    Day(4, 'Tensors and linear algebra 80/20: shapes, broadcasting, dot products, matrices', '-'),
    Day(5, 'Derivatives and the chain rule: a tiny autograd from scratch, checked against torch', 'scratch', owner=True),
    Day(6, 'Probability 80/20: Bayes, expectation and variance, sampling, likelihood', 'scratch'),
    Day(7, 'Losses and activations: MSE, cross-entropy, softmax, sigmoid, numerically stable', 'scratch'),
    Day(8, 'Normalization: standardization, BatchNorm, LayerNorm from scratch', 'scratch'),
    Day(9, 'Optimizers and schedules: SGD, momentum, Adam, AdamW, warmup + cosine', 'scratch'),
    Day(10, 'Datasets and DataLoaders: transforms, workers, pinning, caching, offline data', 'data', owner=True),
    Day(11, 'The training loop from scratch: loop, eval, scheduler, metrics', 'train', owner=True),
    Day(12, 'Checkpoints, resume, early stopping, callbacks', 'train'),
    Day(13, 'Mixed precision (AMP/bf16), gradient accumulation, GPU memory and OOM', 'train'),
    Day(14, 'Reproducibility and experiment tracking: seeds, pinned versions, MLflow runs', 'tracking', owner=True),
    Day(15, 'Checkpoint: write a full training loop yourself (fluency check 1)', '-'),
    Day(16, 'Convolutions and CNNs: conv, pooling, receptive field, from scratch vs nn.Conv2d', '-'),
    Day(17, 'CIFAR-10 data: loading, normalization, RandAugment, looking at the data', 'vision', owner=True),
    Day(18, 'ResNet18 and transfer learning: pretrained backbone, new head, freezing', 'vision'),
    Day(19, 'Training ResNet18 on CIFAR-10: AdamW, cosine schedule, AMP, label smoothing', 'vision'),
    Day(20, 'Evaluating classifiers: accuracy, per-class F1, confusion matrix, AUROC', 'metrics', owner=True),
    Day(21, 'Learning curves and ablations', 'tracking'),
    Day(22, 'Error analysis: subgroups, inspecting mistakes, dataset nutrition labels', 'metrics'),
    Day(23, 'The image classifier as a Gradio demo', 'demos', owner=True),
    Day(24, 'Text as data: tokenization (BPE), vocabularies, sequences', 'text', owner=True),
    Day(25, 'Baselines: TF-IDF + logistic regression, embeddings + linear probe', 'text'),
    Day(26, 'Attention from scratch (Vaswani et al., 2017), checked against SDPA', 'scratch'),
    Day(27, 'Fine-tuning a small transformer encoder for text classification', 'text'),
    Day(28, 'Evaluating and calibrating the text classifier; its Gradio demo', 'metrics, demos'),
    Day(29, 'Profiling and speed: torch.profiler, data-loader bottlenecks, torch.compile', 'train'),
    Day(30, 'Phase review: project write-up (README, benchmarks, trade-offs), fluency checklist', '-'),
    Day(31, 'How LLMs generate: causal LM, logits, greedy, temperature, top-k, top-p', 'llm', owner=True),
    Day(32, 'Chat templates and prompting: zero-shot, few-shot, system prompts', 'llm, metrics'),
    Day(33, 'Perplexity: computing and reading it', 'metrics'),
    Day(34, 'Scaling laws (Chinchilla) and sizing: FLOPs, memory, "8B first"', 'llm'),
    Day(35, 'Attention efficiency: KV-cache, SDPA / FlashAttention (Dao et al., 2022)', 'llm'),
    Day(36, 'Quantization: INT8 / INT4, memory against perplexity', 'llm'),
    Day(37, 'Instruction data: collect, clean, deduplicate, balance, split', 'finetune', owner=True),
    Day(38, 'LoRA from scratch (Hu et al., 2021): low-rank update and merge', 'scratch'),
    Day(39, 'LoRA with peft: target modules, rank, alpha, dropout', 'finetune'),
    Day(40, 'QLoRA (Dettmers et al., 2023): 4-bit NF4 base + LoRA', 'finetune'),
    Day(41, 'Training runs: Trainer, logging, eval, checkpoints, gradient accumulation', 'finetune'),
    Day(42, 'Evaluating a fine-tune: perplexity, held-out loss, blind human eval of 50 prompts', 'evals', owner=True),
    Day(43, 'Hallucination: detecting and measuring it', 'evals'),
    Day(44, 'NLP metrics: BLEU, ROUGE, MMLU-style multiple choice, judge models', 'evals'),
    Day(45, 'Adapters in practice: merge, save, load; chat demo of the fine-tune', 'finetune, demos'),
    Day(46, 'RAG: ingesting documents (PDF, HTML, FAQ, Markdown) and chunking', 'rag', owner=True),
    Day(47, 'Embeddings: BGE, E5, GTE, MiniLM; normalization, batching', 'rag'),
    Day(48, 'Vector search with FAISS: Flat, IVF, IVF-PQ, HNSW; recall against speed', 'rag'),
    Day(49, 'Retrieval evaluation: nDCG@k, Recall@k, MRR', 'metrics, data'),
    Day(50, 'Hybrid retrieval: BM25 + dense, reciprocal rank fusion', 'rag'),
    Day(51, 'Reranking with cross-encoders', 'rag'),
    Day(52, 'Prompting with context and citing sources', 'rag'),
    Day(53, 'The RAG pipeline end to end: retrieve, rerank, generate, cite', 'rag'),
    Day(54, 'Evaluating RAG answers: groundedness, answer quality, source trace', 'rag'),
    Day(55, 'Scaling the index: 1M chunks, IVF-PQ training, persistence, memory math', 'rag'),
    Day(56, 'A RAG API with FastAPI: contract and tests', 'serve', owner=True),
    Day(57, 'The RAG Gradio demo, with sources shown', 'demos'),
    Day(58, 'Guarding RAG: prompt injection in documents, refusing without evidence', 'safety', owner=True),
    Day(59, 'Prompt, RAG, fine-tune or train from scratch? A decision made with measurements', '-'),
    Day(60, 'Phase review: one demo with an API and one clear metric', '-'),
    Day(61, 'Serving LLMs: OpenAI-compatible API, Pydantic contracts, engines', 'serve'),
    Day(62, 'Dynamic batching on the server', 'serve'),
    Day(63, 'Streaming (SSE) and time to first token', 'serve'),
    Day(64, 'vLLM, continuous batching and PagedAttention; the CPU engine', 'serve'),
    Day(65, 'Caching: response cache, prefix / KV-cache reuse', 'serve'),
    Day(66, 'Quantized inference and its quality regression test', 'serve'),
    Day(67, 'Latency: P50/P95, tokens/s, load tests', 'serve'),
    Day(68, 'Cost per request and per 1000 requests; cost/latency against quality plots', 'evals'),
    Day(69, 'Containers: a pinned CUDA image, image size, health checks', '-'),
    Day(70, 'CI/CD: unit + smoke tests, lint, build, regression gates', '-'),
    Day(71, 'Config and secrets: per-environment YAML, environment variables, never in the repo', 'core'),
    Day(72, 'Data versioning: content hashes, DVC-style pointers, dataset cards', 'data'),
    Day(73, 'Experiment tracking in depth with MLflow: runs, artifacts, comparisons', 'tracking'),
    Day(74, 'Model registry: versions, aliases (champion / challenger), lineage', 'mlops', owner=True),
    Day(75, 'Canary deploys and rollback', 'mlops'),
    Day(76, 'Monitoring: Prometheus metrics, SLOs, alerts', 'mlops'),
    Day(77, 'Data drift: PSI, KS, embedding drift', 'mlops'),
    Day(78, 'LLM observability: prompt sampling, tracing, continuous human eval', 'mlops'),
    Day(79, 'A/B tests: design, sample size, significance, guardrail metrics', 'mlops'),
    Day(80, 'Automatic rollback triggers wired to the registry', 'mlops'),
    Day(81, 'Content safety: toxicity filters, PII redaction', 'safety'),
    Day(82, 'Privacy in the EU / Portugal (GDPR): pseudonymization, retention, legal bases, access audit', 'safety'),
    Day(83, 'API contract tests, quality regression suites, security limits (auth, rate, size)', 'serve'),
    Day(84, 'Scaling out: DDP with torchrun / accelerate, vLLM tensor parallelism', 'train'),
    Day(85, 'Troubleshooting training: OOM, no convergence, overfitting, unstable results', '-'),
    Day(86, 'Troubleshooting serving: slow loaders, high latency, memory growth', '-'),
    Day(87, 'Capstone 1: data to fine-tune / RAG to registry to serving', '-'),
    Day(88, 'Capstone 2: monitoring, an A/B test and a rollback drill', '-'),
    Day(89, 'Capstone 3: benchmarks and the cost / latency / quality report', '-'),
    Day(90, 'Portfolio: README, demo, comparable benchmarks, post-mortem, what next', '-'),
)


def get_day(number: int) -> Day:
    "The day `number` (1-90)."
    if not 1 <= number <= len(DAYS):
        raise ValueError(f"day {number} is not in the course: days run from 1 to {len(DAYS)}")
    return DAYS[number - 1]


def phase_of(number: int) -> Phase:
    "The phase that day `number` belongs to."
    get_day(number)
    return next(p for p in PHASES if p.first <= number <= p.last)


def _content(root: str | Path | None) -> Path | None:
    if root is not None:
        return Path(root)
    from aicourse.course.content import content_root

    return content_root()


def lesson_path(number: int, root: str | Path | None = None) -> Path | None:
    "The lesson notebook of day `number` under `root` (default: the course content), or None while it is not written."
    folder = _content(root)
    found = sorted((folder / "nbs" / phase_of(number).folder).glob(f"day{number:02d}_*.ipynb")) if folder else []
    return found[0] if found else None


def workbook_path(number: int, root: str | Path | None = None) -> Path | None:
    "The workbook of day `number` under `root` (default: the course content), or None while it is not written."
    folder = _content(root)
    path = folder / "days" / f"day{number:02d}.ipynb" if folder else None
    return path if path is not None and path.is_file() else None


def course_map_markdown(root: str | Path | None = None) -> str:
    "The course map as Markdown tables, one per phase; days with a lesson under `root` are marked."
    out = []
    for phase in PHASES:
        out += [f"### Phase {phase.number}: {phase.title} (days {phase.first:02d}-{phase.last:02d})", "",
                f"Goal: {phase.goal}.", "", "| Day | Topic | Module | Lesson |", "|---|---|---|---|"]
        for day in DAYS[phase.first - 1:phase.last]:
            written = root is not None and lesson_path(day.number, root) is not None
            module = f"`{day.module}`" + (" (new)" if day.owner else "") if day.module != "-" else "-"
            out.append(f"| {day.number:02d} | {day.title} | {module} | {'written' if written else 'planned'} |")
        out.append("")
    return "\n".join(out)
