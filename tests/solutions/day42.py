"""Reference answers for days/day42.ipynb."""
import math
from statistics import NormalDist

from aicourse.evals import win_rate


def unblind_counts(ratings, key):
    wins = losses = ties = 0
    for item, choice in ratings.items():
        if item not in key:
            raise ValueError(f"item {item!r} is not in the key")
        if choice not in ("left", "right", "tie"):
            raise ValueError(f"invalid choice {choice!r}")
        if choice == "tie":
            ties += 1
        elif choice == key[item]:
            wins += 1
        else:
            losses += 1
    return wins, losses, ties


def unblind_counts__library(ratings, key):
    from aicourse.evals import count_verdicts, unblind
    return count_verdicts(unblind(ratings, key))


def verdict(wins, losses, ties):
    r = win_rate(wins, losses, ties)  # raises ValueError without ratings
    return "tuned better" if r.low > 0.5 else "base better" if r.high < 0.5 else "can't tell"


def verdict__by_hand(wins, losses, ties):
    n = wins + losses + ties
    if n == 0:
        raise ValueError("no ratings")
    p, z = (wins + ties / 2) / n, NormalDist().inv_cdf(0.975)
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    if centre - half > 0.5:
        return "tuned better"
    return "base better" if centre + half < 0.5 else "can't tell"


def ratings_needed(half_width, confidence=0.95):
    if not 0 < half_width < 0.5:
        raise ValueError(f"half_width must be between 0 and 0.5, got {half_width}")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    return max(1, math.ceil(z * z / (4 * half_width * half_width) - z * z))


def ratings_needed__loop(half_width, confidence=0.95):
    if not 0 < half_width < 0.5:
        raise ValueError(f"half_width must be between 0 and 0.5, got {half_width}")
    n = 1
    while True:
        r = win_rate(0, 0, n, confidence)  # all ties: a win rate of exactly 0.5 at any n
        if (r.high - r.low) / 2 <= half_width:
            return n
        n += 1
