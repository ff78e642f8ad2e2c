import math

import numpy as np
import pandas as pd

from analysis.frames import column_lists, first_occurrences


def test_column_lists_hold_the_values_iteration_gives():
    table = pd.DataFrame({"doc": pd.Series(["a", None, "c"], dtype="str"), "n": [1, 2, 3], "x": [0.5, None, 2.0]})
    docs, n, x = column_lists(table, "doc", "n", "x")
    assert docs[0] == "a" and math.isnan(docs[1]) and math.isnan(list(table["doc"])[1])
    assert n == list(table["n"]) and all(type(v) is int for v in n)
    assert x[0] == 0.5 and math.isnan(x[1])


def test_first_occurrences_are_those_np_unique_finds():
    rng = np.random.default_rng(0)
    for values in (rng.choice(list("abcdefghij"), size=500), np.array(["z"]), np.array([], dtype=object)):
        codes, _ = pd.factorize(values)
        assert first_occurrences(codes).tolist() == np.unique(codes, return_index=True)[1].tolist()
