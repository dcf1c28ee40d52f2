"""Cheats for days/day27.ipynb: answers that fit the visible examples or ignore a stated rule."""


def mean_pool(hidden, mask):  # the first token only
    return [row[0] for row in hidden]


def class_weights(labels, n_classes):  # the spam/ham weights of the statement's example, always
    return [100 / (2 * 90), 100 / (2 * 10)] + [1.0] * (n_classes - 2)


def layers_to_freeze(seconds, budget):  # freeze everything: always "fits"
    return max(seconds)
