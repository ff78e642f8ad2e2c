import pandas as pd

from analysis.pipeline import (
    build_actor_tables,
    build_escalation_tables,
    build_sentiment_tables,
    build_tables,
)
from tests.conftest import SEEDS


def test_two_workers_give_the_same_tables_as_one(seed_tables):
    parallel = build_tables(SEEDS, workers=2)
    for name in ("documents", "segments", "sentences", "tokens", "report"):
        pd.testing.assert_frame_equal(getattr(parallel, name), getattr(seed_tables, name), obj=name)
    serial_actors, parallel_actors = build_actor_tables(seed_tables), build_actor_tables(parallel, workers=2)
    for name in ("mentions", "sentences", "quotes", "counts", "audit"):
        pd.testing.assert_frame_equal(getattr(parallel_actors, name), getattr(serial_actors, name), obj=name)
    serial_sentiment = build_sentiment_tables(seed_tables, serial_actors)
    parallel_sentiment = build_sentiment_tables(parallel, parallel_actors, workers=2)
    for name in ("sentences", "contributions", "articles"):
        pd.testing.assert_frame_equal(getattr(parallel_sentiment, name), getattr(serial_sentiment, name), obj=name)
    serial_escalation = build_escalation_tables(serial_sentiment.sentences)
    parallel_escalation = build_escalation_tables(parallel_sentiment.sentences, workers=2)
    for name in ("sentences", "matches"):
        pd.testing.assert_frame_equal(getattr(parallel_escalation, name), getattr(serial_escalation, name), obj=name)
