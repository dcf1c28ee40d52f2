"""Plausible mistakes for days/day42.ipynb."""
import math
from statistics import NormalDist


def unblind_counts(ratings, key):
    # reads the sides as if the tuned answer were always on the left: the key is ignored
    for item, choice in ratings.items():
        if item not in key or choice not in ("left", "right", "tie"):
            raise ValueError("bad rating")
    choices = list(ratings.values())
    return choices.count("left"), choices.count("right"), choices.count("tie")


def verdict(wins, losses, ties):
    # decides from the win rate itself, not from its interval
    n = wins + losses + ties
    if n == 0:
        raise ValueError("no ratings")
    rate = (wins + ties / 2) / n
    return "tuned better" if rate > 0.5 else "base better" if rate < 0.5 else "can't tell"


def ratings_needed(half_width, confidence=0.95):
    # the textbook (Wald) interval: z * sqrt(0.25 / n) <= half_width
    if not 0 < half_width < 0.5:
        raise ValueError("half_width")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    return math.ceil(z * z / (4 * half_width * half_width))


def unblind_counts__tie_before_key(ratings, key):
    # counts a tie before looking the item up: a 'tie' for an item missing from the key slips through
    wins = losses = ties = 0
    for item, choice in ratings.items():
        if choice == "tie":
            ties += 1
            continue
        if item not in key or choice not in ("left", "right"):
            raise ValueError("bad rating")
        wins, losses = (wins + 1, losses) if choice == key[item] else (wins, losses + 1)
    return wins, losses, ties


def verdict__drops_ties(wins, losses, ties):
    # a Wilson interval over the decisive ratings only, wins / (wins + losses): the ties are dropped, not counted half
    if wins + losses + ties == 0:
        raise ValueError("no ratings")
    if wins + losses == 0:
        return "can't tell"
    from aicourse.evals import win_rate
    r = win_rate(wins, losses)
    return "tuned better" if r.low > 0.5 else "base better" if r.high < 0.5 else "can't tell"
