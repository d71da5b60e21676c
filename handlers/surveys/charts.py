"""Bar charts of a survey's questions: all in one PNG (`survey results`) or one question's (`survey chart`),
drawn with matplotlib's Agg canvas (no display, thread-safe figures).

matplotlib is imported where a chart is drawn, not with this module: it takes about half a second, and
every process (the bot, `focbot ask`, `focbot plan`) would pay it at start for charts it rarely draws."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from handlers.surveys.results import QuestionResult

if TYPE_CHECKING:
    from matplotlib.figure import FigureBase

TITLE_WIDTH = 84  # characters per title line: fits the 8-inch figure at 10 pt from its left edge


def title_lines(result: QuestionResult, survey_title: str, status: str) -> list[str]:
    """The chart's heading, wrapped, never cut: the question and its mean, then survey, open/closed and n."""
    question = result.question
    title = f"{question.number}. {question.text}"
    if result.mean is not None:
        title += f" (mean {result.mean:.2f})"
    state = "closed" if status == "closed" else "open"
    footer = f"{survey_title} · {state} · n = {result.answered}"
    return textwrap.wrap(title, TITLE_WIDTH) + textwrap.wrap(footer, TITLE_WIDTH)


def _height(result: QuestionResult, survey_title: str, status: str) -> float:
    return 1.4 + 0.45 * len(result.counts) + 0.2 * len(title_lines(result, survey_title, status))


def _charted(result: QuestionResult) -> bool:
    return not result.hidden and bool(result.counts)  # free text is listed, not counted


def bar_chart(result: QuestionResult, survey_title: str, status: str = "closed") -> bytes | None:
    """A horizontal bar chart of the counts, as PNG bytes; None for free text or hidden results."""
    return charts_image([result], survey_title, status)


def charts_image(
    results: Sequence[QuestionResult], survey_title: str, status: str = "closed"
) -> bytes | None:
    """Every charted question's bar chart, one under the other, in one PNG (one message, one
    notification); None when no question has counts to draw."""
    charted = [r for r in results if _charted(r)]
    if not charted:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    heights = [_height(r, survey_title, status) for r in charted]
    figure = Figure(figsize=(8, sum(heights)), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    parts = figure.subfigures(len(charted), 1, squeeze=False, height_ratios=heights)
    for part, result in zip(parts[:, 0], charted, strict=True):
        _draw(part, result, survey_title, status)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _draw(figure: FigureBase, result: QuestionResult, survey_title: str, status: str) -> None:
    """One question's bars and heading on ``figure`` (a figure or a part of one)."""
    from matplotlib.ticker import MaxNLocator

    labels = [textwrap.shorten(label, 48, placeholder="...") for label, _ in result.counts]
    counts = [n for _, n in result.counts]
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    bars = axes.barh(positions, counts, color="#2f6f9f")
    axes.set_yticks(positions, labels=labels)
    axes.invert_yaxis()
    axes.set_xlabel("answers")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    for bar, count in zip(bars, counts, strict=True):
        share = f"{result.percent(count):.0f}%"
        axes.annotate(
            f"{count} ({share})",
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    axes.set_xlim(0, max([*counts, 1]) * 1.25)
    figure.suptitle("\n".join(title_lines(result, survey_title, status)), fontsize=10, x=0.01, ha="left")
