"""The participation chart: one row per member country, quiet members on top, inactive ones in red."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.participation.tally import CountryActivity


def participation_chart(rows: Sequence[CountryActivity], title: str) -> bytes:
    """A horizontal stacked bar chart (calls RSVPed yes, other RSVPs, survey and check-in responses) as
    PNG bytes. matplotlib is imported here, not at start: most commands never draw."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    labels = [r.country for r in rows]
    yes = [len(r.calls_yes) for r in rows]
    other_rsvps = [r.rsvps - len(r.calls_yes) for r in rows]
    surveys = [r.survey_responses for r in rows]
    checkins = [r.checkin_responses for r in rows]
    figure = Figure(figsize=(8, 1.6 + 0.3 * len(rows)), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    left = [0] * len(rows)
    for values, label, color in (
        (yes, "calls RSVPed yes", "#2f6f9f"),
        (other_rsvps, "other RSVPs", "#8fb3cf"),
        (surveys, "survey responses", "#5a9f5a"),
        (checkins, "check-in responses", "#c9a227"),
    ):
        if any(values):
            axes.barh(positions, values, left=left, color=color, label=label)
            left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(positions, labels=labels, fontsize=8)
    for tick, row in zip(axes.get_yticklabels(), rows, strict=True):
        if row.inactive:
            tick.set_color("#b22222")
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlim(0, max([*left, 1]) * 1.15)
    axes.set_xlabel("acts in the window (inactive members in red)")
    if any(left):
        axes.legend(loc="lower right", fontsize=8)
    axes.set_title(title, fontsize=10, loc="left")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
