import math

import numpy as np
import pandas as pd

from analysis.frames import column_lists, factorize_runs, first_occurrences


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


def test_factorize_runs_is_pd_factorize_in_any_order():
    rng = np.random.default_rng(0)
    shuffled = rng.choice(np.array(["a", "b", "c", "d", None, float("nan")], dtype=object), size=300)
    grouped = np.array([*sorted(rng.choice(list("pqrs"), size=300)), "p", "p"], dtype=object)
    missing = pd.Series(["x", "x", None, None, "y", "x"], dtype="str").to_numpy(dtype=object)
    for values in (shuffled, grouped, missing, np.array(["z"], dtype=object), np.array([], dtype=object)):
        codes, uniques = factorize_runs(values)
        expected_codes, expected_uniques = pd.factorize(values)
        assert codes.tolist() == expected_codes.tolist()
        assert list(uniques) == list(expected_uniques)
