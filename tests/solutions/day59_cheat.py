"""Cheats for days/day59.ipynb: answers that fit the visible examples only, or ignore a stated rule."""


def cost_per_1k(seconds, eur_per_hour):
    if not seconds:
        raise ValueError("empty")
    return seconds[0] * 1000 / 3600 * eur_per_hour  # the first measurement stands for all of them


def monthly_cost(row, answers_per_month, updates_per_month, months=12):
    return row["one_off_eur"] / 12 + answers_per_month / 1000 * row["per_1k_eur"] + updates_per_month * row["update_eur"]


def choose_approach(table, constraints):
    measured = [r for r in table if r["quality"] is not None]
    return max(measured, key=lambda r: r["quality"])["name"] if measured else None  # the best quality, at any cost


def verdict(successes_a, n_a, successes_b, n_b):  # fits the workbook's two printed examples only
    if n_a < 1 or n_b < 1:
        raise ValueError("empty")
    return "INCONCLUSIVE" if n_a < 10 else "A" if successes_a > successes_b else "B"
