"""Plausible wrong answers for days/day59.ipynb."""
import math


def cost_per_1k(seconds, eur_per_hour):
    if not seconds or any(not math.isfinite(s) or s < 0 for s in seconds) or eur_per_hour < 0:
        raise ValueError("bad input")
    return sum(seconds) * 1000 / 3600 * eur_per_hour  # the sum, not the mean


def monthly_cost(row, answers_per_month, updates_per_month, months=12):
    if months < 1 or answers_per_month < 0 or updates_per_month < 0:
        raise ValueError("bad input")
    return row["one_off_eur"] + answers_per_month / 1000 * row["per_1k_eur"] + updates_per_month * row["update_eur"]


def choose_approach(table, constraints):
    c = constraints
    ok = [r for r in table if r["quality"] is not None and r["quality"] > c["min_quality"]  # strict: equal fails
          and r["latency"] <= c["max_seconds"] and (r["cites"] or not c["needs_citations"])]
    if not ok:
        return None
    return min(ok, key=lambda r: (r["one_off_eur"] / c["months"] + c["answers_per_month"] / 1000 * r["per_1k_eur"]
                                  + c["updates_per_month"] * r["update_eur"], -r["quality"], r["latency"],
                                  r["name"]))["name"]


def choose_approach__no_updates(table, constraints):  # forgets the update cost
    c = constraints
    ok = [r for r in table if r["quality"] is not None and r["quality"] >= c["min_quality"]
          and r["latency"] <= c["max_seconds"] and (r["cites"] or not c["needs_citations"])]
    if not ok:
        return None
    return min(ok, key=lambda r: (r["one_off_eur"] / c["months"] + c["answers_per_month"] / 1000 * r["per_1k_eur"],
                                  -r["quality"], r["latency"], r["name"]))["name"]


def cost_per_1k__inf_price(seconds, eur_per_hour):  # lets an infinite price through (not (x >= 0) misses inf)
    if not seconds or any(not math.isfinite(s) or s < 0 for s in seconds) or not (eur_per_hour >= 0):
        raise ValueError("bad input")
    return sum(seconds) / len(seconds) * 1000 / 3600 * eur_per_hour


def cost_per_1k__last_only(seconds, eur_per_hour):  # validates only the last measurement
    if not seconds or not math.isfinite(seconds[-1]) or seconds[-1] < 0 or not math.isfinite(eur_per_hour) \
            or eur_per_hour < 0:
        raise ValueError("bad input")
    return sum(seconds) / len(seconds) * 1000 / 3600 * eur_per_hour


def monthly_cost__default1(row, answers_per_month, updates_per_month, months=1):  # the wrong default
    if months < 1 or answers_per_month < 0 or updates_per_month < 0:
        raise ValueError("bad input")
    return row["one_off_eur"] / months + answers_per_month / 1000 * row["per_1k_eur"] + updates_per_month * row["update_eur"]


def _monthly(r, c):
    return r["one_off_eur"] / c["months"] + c["answers_per_month"] / 1000 * r["per_1k_eur"] \
        + c["updates_per_month"] * r["update_eur"]


def choose_approach__truthy(table, constraints):  # `if r["quality"]` also drops a measured 0.0
    c = constraints
    ok = [r for r in table if r["quality"] and r["quality"] >= c["min_quality"]
          and r["latency"] <= c["max_seconds"] and (r["cites"] or not c["needs_citations"])]
    return min(ok, key=lambda r: (_monthly(r, c), -r["quality"], r["latency"], r["name"]))["name"] if ok else None


def choose_approach__no_one_off(table, constraints):  # forgets the one-off share
    c = constraints
    ok = [r for r in table if r["quality"] is not None and r["quality"] >= c["min_quality"]
          and r["latency"] <= c["max_seconds"] and (r["cites"] or not c["needs_citations"])]
    return min(ok, key=lambda r: (c["answers_per_month"] / 1000 * r["per_1k_eur"] + c["updates_per_month"]
                                  * r["update_eur"], -r["quality"], r["latency"], r["name"]))["name"] if ok else None


def _check(sa, na, sb, nb):
    for s, n in ((sa, na), (sb, nb)):
        if n < 1 or not 0 <= s <= n:
            raise ValueError("bad counts")


def verdict(successes_a, n_a, successes_b, n_b):  # compares the point estimates: no notion of noise
    _check(successes_a, n_a, successes_b, n_b)
    pa, pb = successes_a / n_a, successes_b / n_b
    return "A" if pa > pb else "B" if pb > pa else "INCONCLUSIVE"


def verdict__wald(successes_a, n_a, successes_b, n_b):  # the normal (Wald) interval: zero width at 0/n and n/n
    _check(successes_a, n_a, successes_b, n_b)

    def wald(s, n):
        p = s / n
        half = 1.96 * math.sqrt(p * (1 - p) / n)
        return max(0.0, p - half), min(1.0, p + half)
    (lo_a, hi_a), (lo_b, hi_b) = wald(successes_a, n_a), wald(successes_b, n_b)
    return "A" if lo_a > hi_b else "B" if lo_b > hi_a else "INCONCLUSIVE"


def verdict__one_interval(successes_a, n_a, successes_b, n_b):  # A's interval against B's point estimate
    from aicourse.metrics import wilson_interval
    _check(successes_a, n_a, successes_b, n_b)
    (lo_a, hi_a), pb = wilson_interval(successes_a, n_a), successes_b / n_b
    return "A" if lo_a > pb else "B" if hi_a < pb else "INCONCLUSIVE"


def verdict__no_validation(successes_a, n_a, successes_b, n_b):  # right verdicts, but 4 out of 3 passes silently
    from aicourse.metrics import wilson_interval
    if n_a < 1 or n_b < 1:
        raise ValueError("n must be >= 1")
    (lo_a, hi_a), (lo_b, hi_b) = wilson_interval(min(successes_a, n_a), n_a), wilson_interval(min(successes_b, n_b), n_b)
    return "A" if lo_a > hi_b else "B" if lo_b > hi_a else "INCONCLUSIVE"
