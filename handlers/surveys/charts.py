"""One PNG bar chart per question, drawn with matplotlib's Agg canvas (no display, thread-safe figures).

matplotlib is imported where a chart is drawn, not with this module: it takes about half a second, and
every process (the bot, `focbot ask`, `focbot plan`) would pay it at start for charts it rarely draws."""

from __future__ import annotations

import io
import textwrap

from handlers.surveys.results import QuestionResult


def bar_chart(result: QuestionResult, survey_title: str) -> bytes | None:
    """A horizontal bar chart of the counts, as PNG bytes; None for free text or hidden results."""
    question = result.question
    if result.hidden or not result.counts:  # free text is listed, not counted
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    labels = [textwrap.shorten(label, 48, placeholder="...") for label, _ in result.counts]
    counts = [n for _, n in result.counts]
    height = 1.6 + 0.45 * len(labels)
    figure = Figure(figsize=(8, height), dpi=100)
    FigureCanvasAgg(figure)
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
    title = f"{question.number}. {question.text}"
    if result.mean is not None:
        title += f" (mean {result.mean:.2f})"
    axes.set_title("\n".join(textwrap.wrap(title, 80)), fontsize=10, loc="left")
    figure.suptitle(textwrap.shorten(survey_title, 90), fontsize=8, x=0.01, ha="left", color="#555555")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
