"""Reference answers for days/day59.ipynb."""
import math


def cost_per_1k(seconds, eur_per_hour):
    if not seconds:
        raise ValueError("no measured seconds: nothing to average")
    if any(not math.isfinite(s) or s < 0 for s in seconds):
        raise ValueError(f"seconds must be finite and >= 0, got {seconds}")
    if not math.isfinite(eur_per_hour) or eur_per_hour < 0:
        raise ValueError(f"the price must be finite and >= 0, got {eur_per_hour}")
    return sum(seconds) / len(seconds) * 1000 / 3600 * eur_per_hour


def monthly_cost(row, answers_per_month, updates_per_month, months=12):
    if months < 1 or answers_per_month < 0 or updates_per_month < 0:
        raise ValueError("months must be >= 1 and the counts >= 0")
    return (row["one_off_eur"] / months + answers_per_month / 1000 * row["per_1k_eur"]
            + updates_per_month * row["update_eur"])


def choose_approach(table, constraints):
    c = constraints
    ok = [r for r in table if r["quality"] is not None and r["quality"] >= c["min_quality"]
          and r["latency"] <= c["max_seconds"] and (r["cites"] or not c["needs_citations"])]
    if not ok:
        return None
    return min(ok, key=lambda r: (monthly_cost(r, c["answers_per_month"], c["updates_per_month"], c["months"]),
                                  -r["quality"], r["latency"], r["name"]))["name"]


def choose_approach__sorted(table, constraints):  # another allowed way: sort, then take the first
    c = constraints
    rows = sorted((r for r in table if r["quality"] is not None), key=lambda r: (
        r["one_off_eur"] / c["months"] + c["answers_per_month"] / 1000 * r["per_1k_eur"]
        + c["updates_per_month"] * r["update_eur"], -r["quality"], r["latency"], r["name"]))
    for r in rows:
        if r["quality"] >= c["min_quality"] and r["latency"] <= c["max_seconds"] and (
                r["cites"] or not c["needs_citations"]):
            return r["name"]
    return None


def verdict(successes_a, n_a, successes_b, n_b):
    from aicourse.metrics import wilson_interval
    for s, n in ((successes_a, n_a), (successes_b, n_b)):
        if n < 1 or not 0 <= s <= n:
            raise ValueError(f"need n >= 1 and 0 <= successes <= n, got {s}/{n}")
    (lo_a, hi_a), (lo_b, hi_b) = wilson_interval(successes_a, n_a), wilson_interval(successes_b, n_b)
    return "A" if lo_a > hi_b else "B" if lo_b > hi_a else "INCONCLUSIVE"
