from itertools import pairwise

import matplotlib.pyplot as plt
import pytest

from analysis import plots
from analysis.concordance import dispersion
from analysis.frequency import term_frequencies, top_terms
from analysis.similarity import cosine_similarity
from analysis.style import categorical_palette, group_colours, save_figure, use_house_style


def _assert_titled_and_labelled(figures):
    """Every figure has a title (or suptitle) and every axis but a colour bar an x label."""
    for fig in figures:
        title = fig._suptitle.get_text() if fig._suptitle else fig.axes[0].get_title()
        assert title
        assert all(ax.get_xlabel() for ax in fig.axes if ax.get_label() != "<colorbar>"), title
        plt.close(fig)


def _figure():
    use_house_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [2, 0, 1])
    ax.set(title="A line", xlabel="x (units)", ylabel="y (units)")
    return fig


def test_saved_figures_are_byte_identical_and_named_after_the_notebook(tmp_path):
    save_figure(_figure(), "01_overview", "line", tmp_path / "a")
    save_figure(_figure(), "01_overview", "line", tmp_path / "b")
    first = (tmp_path / "a" / "01_overview__line.png").read_bytes()
    assert first == (tmp_path / "b" / "01_overview__line.png").read_bytes()
    assert b"Software" not in first


def test_figure_names_must_be_slugs(tmp_path):
    with pytest.raises(ValueError, match="lower-case letters"):
        save_figure(_figure(), "01 Overview", "line", tmp_path)


def test_palettes_are_stable_and_refuse_too_many_categories():
    assert group_colours(["2024", "2020"]) == group_colours(["2020", "2024", "2020"])
    assert len(set(categorical_palette(10))) == 10
    with pytest.raises(ValueError, match="10 or fewer"):
        categorical_palette(11)


def test_every_plot_has_a_title_and_labelled_axes(seed_tables):
    docs, tokens = seed_tables.documents, seed_tables.tokens
    figures = [
        plots.article_lengths(docs),
        plots.removed_characters(seed_tables.cleaning_report, docs),
        plots.top_terms_chart(top_terms(term_frequencies(tokens, docs), 5)),
        plots.dispersion_plot(dispersion(tokens, ["iran", "war"]), docs, ["iran", "war"]),
        plots.similarity_heatmap(cosine_similarity(tokens), docs),
    ]
    _assert_titled_and_labelled(figures)


def test_every_actor_plot_has_a_title_and_labelled_axes(seed_tables):
    from analysis import actor_plots
    from analysis.actor_stats import actor_matrix, cooccurrence, cooccurrence_matrix, side_shares
    from analysis.pipeline import build_actor_tables
    from analysis.speakers import speaker_summary

    actors = build_actor_tables(seed_tables)
    by_period = actors.counts[actors.counts["by"] == "period"]
    by_article = actors.counts[actors.counts["by"] == "doc_id"]
    docs = seed_tables.documents
    figures = [
        actor_plots.top_actors_chart(by_period, n=5),
        actor_plots.article_actor_heatmap(actor_matrix(by_article, "per_1000", ["Iran", "Iraq"]), docs),
        actor_plots.cooccurrence_heatmap(cooccurrence_matrix(cooccurrence(actors.mentions), ["Iran", "Iraq"])),
        actor_plots.side_balance_chart(side_shares(actors.mentions, docs), docs),
        actor_plots.speakers_chart(speaker_summary(actors.sentences, docs)),
    ]
    _assert_titled_and_labelled(figures)


def test_every_sentiment_plot_has_a_title_and_labelled_axes(seed_tables):
    from analysis import sentiment_plots
    from analysis.pipeline import build_actor_tables, build_sentiment_tables
    from analysis.sentiment_stats import actor_sentiment, direction_check, sentiment_summary

    actors = build_actor_tables(seed_tables)
    sentiment = build_sentiment_tables(seed_tables, actors)
    docs, scored = seed_tables.documents, sentiment.sentences
    figures = [
        sentiment_plots.sentiment_distribution(scored, docs),
        sentiment_plots.mean_intervals(sentiment.articles, sentiment_summary(scored, docs), docs),
        sentiment_plots.sentiment_heatmap(actor_sentiment(scored, actors.mentions, docs), "actor", "group", "t", "y", "x"),
        sentiment_plots.lexicon_comparison(scored, docs, direction_check(scored, docs, "2020", "2024")),
    ]
    _assert_titled_and_labelled(figures)


def test_every_comparison_plot_has_a_title_and_labelled_axes(seed_tables):
    from analysis import comparison_plots
    from analysis.comparison import Design, leave_one_out, mean_of
    from analysis.keyness import keyness
    from analysis.period_comparison import period_summary, sentence_measures
    from analysis.pipeline import build_actor_tables, build_escalation_tables, build_sentiment_tables
    from analysis.wordshift import word_shift

    actors = build_actor_tables(seed_tables)
    escalation = build_escalation_tables(build_sentiment_tables(seed_tables, actors).sentences)
    docs = seed_tables.documents
    measures = sentence_measures(escalation.sentences, seed_tables.tokens, actors.mentions, ["Iran"])
    summary = period_summary(measures, docs, "2020", "2024", ["Iran"])
    shift, totals = word_shift(seed_tables.tokens, docs, "2020", "2024")
    design = Design.from_tables(measures, docs, "2020", "2024")
    loao = {"compound": leave_one_out(design, mean_of(measures["compound"].to_numpy()))}
    figures = [
        comparison_plots.keyness_chart(keyness(seed_tables.tokens, docs)),
        comparison_plots.word_shift_chart(shift, totals, "2020", "2024"),
        comparison_plots.shift_forest(summary),
        comparison_plots.actor_shift_chart(summary[summary["effect_size"].isna()]),
        comparison_plots.leave_one_out_chart(loao, {"compound": -0.06}, docs),
    ]
    _assert_titled_and_labelled(figures)


def test_cleaning_chart_draws_when_nothing_was_removed(seed_tables):
    report = seed_tables.cleaning_report.iloc[0:0]
    fig = plots.removed_characters(report, seed_tables.documents)
    assert fig.axes[0].get_title() and fig.axes[0].get_legend().get_texts()[0].get_text() == "nothing removed"
    plt.close(fig)


def _many_documents(n: int):
    import pandas as pd

    return pd.DataFrame({
        "doc_id": [f"{i:04d}" for i in range(n)],
        "published": [f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n)],
        "period": ["2020"] * n, "n_sentences": [3] * n, "n_words": [60] * n,
    })


def test_article_sample_is_evenly_spaced_by_date_and_keeps_small_corpora_whole():
    documents = _many_documents(300)
    assert plots.article_sample(documents.iloc[:40]).equals(documents.iloc[:40])
    shown = plots.article_sample(documents)
    assert len(shown) == plots.MAX_ROWS and list(shown.index) == sorted(shown.index)  # their own order
    by_date = documents.sort_values(["published", "doc_id"])["doc_id"].tolist()
    positions = sorted(by_date.index(doc_id) for doc_id in shown["doc_id"])
    assert positions[0] == 0 and positions[-1] == len(by_date) - 1  # the first and the last
    steps = {b - a for a, b in pairwise(positions)}
    assert max(steps) - min(steps) <= 1  # evenly spaced


def test_per_article_figures_show_a_sample_of_a_large_corpus():
    import numpy as np
    import pandas as pd

    from analysis.escalation_plots import ladder_heatmap, positions_chart
    from analysis.sentiment_plots import sentiment_distribution

    use_house_style()
    documents = _many_documents(300)
    ids = documents["doc_id"]
    report = pd.DataFrame({"doc_id": ids, "start": 0, "end": 10, "reason": "byline", "text": "x"})
    hits = pd.DataFrame({"doc_id": ids, "term": "iran", "position": 0.5})
    similarity = pd.DataFrame(np.eye(300), index=ids, columns=ids)
    positions = pd.DataFrame({"doc_id": ids, "position": 0.5, "escalation": 1.0, "restraint": 0.0})
    scored = pd.DataFrame({"doc_id": np.repeat(ids, 5), "compound": np.tile([-0.5, 0.0, 0.2, 0.6, 0.9], 300)})
    figures = [
        sentiment_distribution(scored, documents),  # 1,500 sentences: jittered dots, not a swarm
        plots.article_lengths(documents),
        plots.removed_characters(report, documents),
        plots.dispersion_plot(hits, documents, ["Iran"]),
        plots.similarity_heatmap(similarity, documents),
        positions_chart(positions, documents),
    ]
    profile = pd.DataFrame({"category": "threats", "group": ids, "per_1000": 1.0})
    ladder = ladder_heatmap(profile, "Escalation ladder per article", "Article (id)")
    assert "40 of 300 shown" in ladder.axes[0].get_title() and len(ladder.axes[0].get_xticks()) <= 40
    assert ladder.get_size_inches()[0] * plt.rcParams["savefig.dpi"] < 2**16
    plt.close(ladder)
    for fig in figures:
        title = fig._suptitle.get_text() if fig._suptitle else fig.axes[0].get_title()
        assert "40 of 300 articles" in title, title
        assert fig.get_size_inches()[1] * plt.rcParams["savefig.dpi"] < 2**16, title  # a PNG can hold it
        assert not any(ax.texts for ax in fig.axes), title  # no per-cell numbers on a large heat map
        plt.close(fig)


def test_leave_one_out_chart_of_a_large_corpus_has_small_dots_and_no_label_per_article():
    import pandas as pd

    from analysis.comparison_plots import leave_one_out_chart

    use_house_style()
    documents = _many_documents(300).assign(period=["2020"] * 150 + ["2024"] * 150)
    table = pd.DataFrame({"doc_id": documents["doc_id"], "period": documents["period"], "difference": 0.1})
    fig = leave_one_out_chart({"compound": table}, {"compound": 0.1}, documents)
    ax = fig.axes[0]
    assert ax.collections[0].get_sizes().max() < 40 and len(ax.get_xticklabels()) < 40
    assert "300" in ax.get_xlabel()
    plt.close(fig)


def test_figures_with_a_row_per_speaker_or_actor_keep_the_largest_rows():
    import pandas as pd

    from analysis.actor_plots import speakers_chart
    from analysis.escalation_plots import speaker_ladder_chart
    from analysis.sentiment_plots import sentiment_heatmap

    use_house_style()
    totals = pd.Series([5, 1, 9, 9, 2], index=list("abcde"))
    assert list(plots.largest(totals, limit=3)) == ["a", "c", "d"]  # the largest, in their own order
    names = [f"speaker {i:03d}" for i in range(120)]
    summary = pd.DataFrame({"speaker": names, "mode": "quotation", "group": "2020", "mean_compound": 0.1,
                            "n_sentences": range(120), "n_quotation": range(120), "n_reported": 0,
                            "quotation_share": 0.0, "category": "threats", "n": range(120)})
    figures = [
        sentiment_heatmap(summary, "speaker", "mode", "Mean sentiment", "Speaker", "Mode"),
        speaker_ladder_chart(summary),
        speakers_chart(summary),
    ]
    for fig in figures:
        title = fig._suptitle.get_text() if fig._suptitle else fig.axes[0].get_title()
        assert f"{plots.MAX_ROWS} " in title and "most" in title, title
        labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert "speaker 119" in " ".join(labels) and "speaker 000" not in " ".join(labels), title
        plt.close(fig)


def test_a_figure_with_nothing_to_draw_says_so_instead_of_failing(seed_tables):
    import pandas as pd

    from analysis import comparison_plots
    from analysis.escalation_plots import speaker_ladder_chart
    from analysis.keyness import keyness

    one_period = seed_tables.documents.assign(period="2020")  # keyness needs two periods
    figures = [
        plots.heatmap(pd.DataFrame(), title="Matches", xlabel="Rung", ylabel="Speaker", colorbar="n"),
        speaker_ladder_chart(pd.DataFrame(columns=["speaker", "mode", "category", "n"])),
        comparison_plots.keyness_chart(keyness(seed_tables.tokens, one_period)),
        comparison_plots.word_shift_chart(pd.DataFrame(), {"first": float("nan")}, "2020", "2024"),
    ]
    for fig in figures:
        assert fig.axes[0].get_title() and "Nothing to show" in fig.axes[0].texts[0].get_text()
        plt.close(fig)
