"""The clinician report as a PDF: a one-page summary, the charts, and tables of entries.

Drawn with matplotlib straight into PDF pages (``PdfPages``) so the report is vector graphics
with real, selectable text (TrueType fonts embedded, not outlines), on any machine, without a
screen. The numbers all come from ``app.domain.report``; this module only lays them out. The
pain drawing and the charts are the Progress view's own drawing functions on the same body art,
so the report and the window can never disagree.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.collections import QuadMesh
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from app import __version__
from app.domain.report import REPORT_SECTIONS, ReportData, score_text
from app.domain.safety import CAUDA_EQUINA_QUESTIONS
from app.render import charts

#: Page sizes in inches, portrait.
PAPERS: dict[str, tuple[float, float]] = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}
MARGIN = 0.6
LINE = 0.17  # one line of body text, inches
BODY = 8.5
SMALL = 7.5
WARN = "#b42318"
RULE = "#d0d5dd"
DISCLAIMER = (
    "Self-recorded by the patient with ReliefMap, a self-care diary: it informs, it does not "
    "diagnose."
)
CHECK_IN_COLUMNS = (
    ("Date", 1.1),
    ("Time", 0.5),
    ("Pain", 0.45),
    ("Where it hurt (intensity, qualities)", 3.65),
    ("Note", 1.35),
)
ROUTINE_COLUMNS = (
    ("Date", 1.1),
    ("Phase", 0.8),
    ("Done", 0.5),
    ("Skipped", 3.4),
    ("Pain", 0.8),
)
SELF_TEST_COLUMNS = (
    ("Date", 1.1),
    ("Test", 2.3),
    ("Result", 2.6),
    ("Note", 1.05),
)
SESSION_COLUMNS = (
    ("Date", 1.1),
    ("Time", 0.5),
    ("What", 2.9),
    ("Side", 0.6),
    ("Pain before → after", 1.25),
    ("Minutes", 0.7),
)
_PDF_STYLE = {
    "pdf.fonttype": 42,  # embed TrueType: text stays text (selectable, searchable)
    "font.family": "DejaVu Sans",
    "text.parse_math": False,  # a note like "paid $40, then $25" is text, not a formula
}


@dataclass
class _Page:
    """One page with a cursor that runs down it in inches from the top edge."""

    figure: Figure
    width: float
    height: float
    y: float = MARGIN

    @classmethod
    def new(cls, paper: str) -> _Page:
        width, height = PAPERS[paper]
        figure = Figure(figsize=(width, height))
        figure.set_facecolor("white")
        return cls(figure, width, height)

    @property
    def bottom(self) -> float:
        """The lowest y the content may reach (the footer sits below it)."""
        return self.height - MARGIN - 0.35

    def text(self, x: float, y: float, text: str, size: float = BODY, **style: object) -> None:
        """Text with its top-left corner at (x, y) inches from the page's top-left."""
        style.setdefault("color", charts.INK)
        style.setdefault("va", "top")
        self.figure.text(x / self.width, 1 - y / self.height, text, fontsize=size, **style)

    def rule(self, y: float) -> None:
        self.figure.add_artist(
            Line2D(
                [MARGIN / self.width, 1 - MARGIN / self.width],
                [1 - y / self.height] * 2,
                color=RULE,
                lw=0.6,
            )
        )

    def heading(self, text: str) -> None:
        self.y += 0.12
        self.text(MARGIN, self.y, text, size=11, weight="bold")
        self.y += 0.27

    def axes(self, x: float, y: float, width: float, height: float) -> object:
        return self.figure.add_axes(
            (x / self.width, 1 - (y + height) / self.height, width / self.width,
             height / self.height)
        )  # fmt: skip

    def footer(self, number: int, total: int | None, report: ReportData) -> None:
        """Disclaimer and page number on every page; pages after the first also say whose
        report and which period, so a loose page still makes sense."""
        y = self.height - MARGIN - 0.12
        self.rule(y - 0.1)
        self.text(MARGIN, y, DISCLAIMER, size=6.5, color=charts.MUTED)
        of = f" of {total}" if total else ""
        self.text(self.width - MARGIN, y, f"page {number}{of}", size=6.5,
                  color=charts.MUTED, ha="right")  # fmt: skip
        demo = "DEMO (synthetic data, not a real person's records)" if report.demo else ""
        if number == 1 and demo:
            self.text(MARGIN, MARGIN - 0.3, demo, size=7.5, color=WARN, weight="bold")
        if number > 1:
            name = report.name if len(report.name) <= 30 else report.name[:29] + "…"
            who = f"{name} · " if name else ""
            running = f"ReliefMap pain journal summary · {who}{report.period_text}"
            self.text(self.width - MARGIN, MARGIN - 0.3, f"{demo} · {running}" if demo
                      else running, size=6.5, color=WARN if demo else charts.MUTED,
                      ha="right")  # fmt: skip


def _fit(text: str, width_inches: float, size: float = SMALL) -> list[str]:
    """Wrap each line of ``text`` to a column (DejaVu Sans averages a little over half an em
    per character)."""
    chars = max(4, int(width_inches * 72 / (size * 0.52)))
    return [part for line in text.split("\n") for part in textwrap.wrap(line, chars) or [""]]


def _table(
    page: _Page,
    columns: Sequence[tuple[str, float]],
    rows: Iterator[Sequence[str]] | Sequence[Sequence[str]],
    max_lines: int = 2,
    size: float = SMALL,
) -> list[Sequence[str]]:
    """Draw rows under a header until the page is full; return the rows that did not fit."""
    rows = list(rows)
    x = MARGIN
    for title, width in columns:
        page.text(x, page.y, title, size=size, weight="bold", color=charts.MUTED)
        x += width
    page.y += LINE * size / SMALL + 0.04
    page.rule(page.y - 0.04)
    for index, row in enumerate(rows):
        cells = []
        for (_title, width), cell in zip(columns, row, strict=True):
            lines = _fit(cell, width - 0.1, size)
            if len(lines) > max_lines:
                lines = [*lines[: max_lines - 1], lines[max_lines - 1][:-1] + "…"]
            cells.append(lines)
        height = max(len(lines) for lines in cells) * LINE * size / SMALL + 0.03
        if page.y + height > page.bottom:
            return rows[index:]
        x = MARGIN
        for (_title, width), lines in zip(columns, cells, strict=True):
            page.text(x, page.y, "\n".join(lines), size=size, linespacing=1.25)
            x += width
        page.y += height
    return []


def _summary_page(report: ReportData, paper: str) -> _Page:
    page = _Page.new(paper)
    page.text(MARGIN, page.y, "Pain journal summary", size=17, weight="bold")
    page.text(page.width - MARGIN, page.y + 0.05, "ReliefMap", size=10, color=charts.ACCENT,
              ha="right", weight="bold")  # fmt: skip
    page.y += 0.42
    who = f"Name: {report.name}   ·   " if report.name else ""
    page.text(
        MARGIN,
        page.y,
        f"{who}Period: {report.period_text}   ·   Made on {report.made_on:%d %b %Y}",
        size=BODY,
        color=charts.MUTED,
    )
    page.y += 0.25
    page.rule(page.y)
    page.y += 0.1
    if not report.has_data:
        page.y += 0.3
        page.text(MARGIN, page.y, "Nothing was recorded in this period.", size=13,
                  weight="bold")  # fmt: skip
        page.y += 0.35
        page.text(
            MARGIN,
            page.y,
            "No check-ins, sessions or questionnaires fall between these dates, so there is no "
            "pain drawing,\ntrend or chart to show. Choose a longer period, or record check-ins "
            "in ReliefMap first.",
            size=BODY,
            linespacing=1.5,
        )
        page.y += 0.6
        _red_flags(page, report)
        _safety_rules(page, report)
        return page
    top = page.y
    _pain_drawing(page, report, top)
    _key_figures(page, report, top)
    page.y = max(page.y, top + 4.65 - (11.69 - page.height) * 0.6)
    _outcomes(page, report)
    _red_flags(page, report)
    _safety_rules(page, report)
    _tried(page, report)
    return page


def _pain_drawing(page: _Page, report: ReportData, top: float) -> None:
    """Front and back, each region coloured by how often × how strongly it was marked."""
    heat = report.progress.heat
    burden = {region: h.burden for region, h in heat.items()}
    norm = Normalize(vmin=0, vmax=max(burden.values(), default=0) or 1.0)
    page.text(MARGIN, top + 0.05, "Pain drawing", size=11, weight="bold")
    width = 1.7 if page.height > 11.5 else 1.5  # Letter is 0.7 in shorter than A4
    height = width * 900 / 420 * 0.98
    art = None
    for index, view in enumerate(("front", "back")):
        axes = page.axes(MARGIN + index * (width + 0.05), top + 0.5, width, height)
        art = charts.body_view(axes, view, burden, charts.HEAT_MAP, norm, view.title())
    bar_axes = page.axes(MARGIN + 0.15, top + 0.6 + height, 2 * width - 0.25, 0.1)
    bar = page.figure.colorbar(art, cax=bar_axes, orientation="horizontal")
    bar.ax.tick_params(labelsize=6.5, colors=charts.MUTED)
    bar.set_label(
        f"how often × how strongly each region was marked ({len(report.progress.check_ins)} "
        "check-ins); grey: never",
        fontsize=6.5,
        color=charts.MUTED,
    )


def _key_figures(page: _Page, report: ReportData, top: float) -> None:
    x = MARGIN + 3.75
    width = page.width - MARGIN - x
    y = top + 0.05
    pain = report.pain

    def item(label: str, value: str, colour: str = charts.INK) -> None:
        nonlocal y
        page.text(x, y, label, size=SMALL, color=charts.MUTED)
        y += 0.16
        lines = _fit(value, width, BODY + 0.5)
        page.text(x, y, "\n".join(lines), size=BODY + 0.5, color=colour, linespacing=1.3)
        y += 0.19 * len(lines) + 0.1

    check_ins = len(report.progress.check_ins)
    item("Check-ins", f"{check_ins} on {report.day_count} day(s)")
    if pain is not None:
        item("Pain now (0–10, mean of the last 7 days with check-ins)", f"{pain.current:.1f}")
        item("Average over the period", f"{pain.average:.1f}")
        item("Worst day", f"{pain.worst:.1f} on {pain.worst_day:%d %b %Y}")
        item("Trend", pain.trend)
    episodes = report.progress.episodes
    if episodes:
        described = "; ".join(
            f"{e.start:%d %b}–{e.end:%d %b} (peak {e.peak:.1f})" if e.end
            else f"from {e.start:%d %b}, ongoing (peak {e.peak:.1f})"
            for e in episodes[:3]
        ) + ("; …" if len(episodes) > 3 else "")  # fmt: skip
        item(f"Flare-ups in the period ({len(episodes)})", described)
    else:
        item("Flare-ups in the period", "none detected")
    summary = _fit(report.progress.episode_summary, width, SMALL)
    page.text(x, y - 0.05, "\n".join(summary), size=SMALL, color=charts.MUTED, linespacing=1.3)
    y += 0.15 * len(summary) + 0.1
    if report.most_affected:
        item(
            "Most affected (check-ins marked, mean intensity)",
            "\n".join(
                f"{r.label}: {r.check_ins}, {r.mean_intensity:.1f}"
                for r in report.most_affected[:4]
            ),
        )
    page.y = max(page.y, y)


def _outcomes(page: _Page, report: ReportData) -> None:
    page.heading("Outcome measures")
    if not report.outcomes:
        page.text(MARGIN, page.y, "No questionnaires answered by the end of the period.")
        page.y += LINE + 0.05
        return
    rows = [
        [
            line.name,
            f"{score_text(line.first)}\n{line.first_at:%d %b %Y}",
            f"{score_text(line.latest)}\n{line.latest_at:%d %b %Y}",
            (f"{line.change.change:+.1f}: " if line.change else "") + line.verdict,
        ]
        for line in report.outcomes
    ]
    _table(page, [("Questionnaire", 2.35), ("First", 1.55), ("Latest", 1.55),
                  ("Change", 1.65)], rows, size=BODY - 0.5)  # fmt: skip


def _red_flags(page: _Page, report: ReportData) -> None:
    page.heading("Red-flag screen")
    screen = report.red_flags
    if screen.taken_at is None:
        page.text(MARGIN, page.y, "Not answered by the end of the period.")
        page.y += LINE + 0.05
        return
    assessed = (
        f"; seen by a clinician on {screen.assessed_at:%d %b %Y}" if screen.assessed_at else ""
    )
    summary = (
        "Warning signs reported: see the answers marked YES." if screen.any_yes
        else "No warning signs reported."
    )  # fmt: skip
    page.text(MARGIN, page.y, f"Answered {screen.taken_at:%d %b %Y}. {summary}{assessed}",
              size=BODY, color=WARN if screen.any_yes else charts.INK)  # fmt: skip
    page.y += LINE + 0.05
    yes = [answer for answer in screen.answers if answer.answered_yes]
    column = (page.width - 2 * MARGIN) / 3
    for index, answer in enumerate(yes):
        x = MARGIN + (index % 3) * column
        y = page.y + (index // 3) * LINE
        page.text(x, y, "YES", size=SMALL, weight="bold", color=WARN)
        page.text(x + 0.33, y, answer.label, size=SMALL)
    page.y += LINE * -(-len(yes) // 3)
    no = [answer for answer in screen.answers if not answer.answered_yes]
    if no:
        cauda = {answer.flag for answer in no} >= set(CAUDA_EQUINA_QUESTIONS)
        text = f"Answered no to the {'other ' if yes else ''}{len(no)} question(s)" + (
            ", including every cauda-equina sign (saddle numbness, bladder, bowel or sexual "
            "change, leg weakness, walking)."
            if cauda
            else "."
        )
        lines = _fit(text, page.width - 2 * MARGIN, SMALL)
        page.text(MARGIN, page.y, "\n".join(lines), size=SMALL, color=charts.MUTED,
                  linespacing=1.3)  # fmt: skip
        page.y += 0.15 * len(lines) + 0.02
    page.y += 0.05


SAFETY_LEVEL_WORDS = {
    "urgent": "seek care now",
    "ask": "questions first",
    "soon": "doctor within days",
    "adapt": "plan adapted",
}
SAFETY_RULES_ON_PAGE = 6


def _safety_rules(page: _Page, report: ReportData) -> None:
    """Which of ReliefMap's safety rules fired, and when (docs/safety.md has each rule)."""
    page.heading("Safety rules the app applied (see docs/safety.md for each rule and source)")
    if not report.safety_rules:
        page.text(MARGIN, page.y, "None fired in this period.", size=BODY)
        page.y += LINE + 0.05
        return
    rows = []
    for line in report.safety_rules[:SAFETY_RULES_ON_PAGE]:
        when = f"{line.first:%d %b %Y}"
        if line.last != line.first:
            when += f" – {line.last:%d %b %Y}"
        rows.append([line.title, SAFETY_LEVEL_WORDS.get(line.level, line.level), when,
                     str(line.times)])  # fmt: skip
    more = len(report.safety_rules) - SAFETY_RULES_ON_PAGE
    if more > 0:
        rows.append([f"… and {more} more", "", "", ""])
    _table(page, [("Rule", 3.6), ("Level", 1.3), ("When", 1.6), ("Times", 0.6)], rows,
           size=BODY - 0.5)  # fmt: skip


def _tried(page: _Page, report: ReportData) -> None:
    page.heading("What the patient tried, and how pain changed (after − before, 0–10)")
    if not report.tried:
        page.text(MARGIN, page.y, "No self-treatment sessions logged in this period.")
        page.y += LINE
        return
    rows = []
    for item in report.tried:
        interval = (
            f"{item.ci_low:+.1f} to {item.ci_high:+.1f}"
            if item.ci_low is not None and item.ci_high is not None else "–"
        )  # fmt: skip
        rows.append([item.label, str(item.n), f"{item.mean_change:+.1f}", interval, item.note])
    left = _table(page, [("Technique", 2.45), ("Sessions", 0.65), ("Mean change", 0.85),
                         ("95% interval", 1.05), ("Note", 2.05)], rows, max_lines=1)  # fmt: skip
    if left:
        more = f"{len(left)} more technique{'s' if len(left) > 1 else ''}"
        page.text(MARGIN, page.y + 0.02, f"… and {more} (see “What helped” with the charts).",
                  size=SMALL, color=charts.MUTED)  # fmt: skip


def _chart_pages(report: ReportData, paper: str) -> list[_Page]:
    """The Progress charts at full page width, three to a page."""
    groups = (
        (("pain", "Pain over time"), ("extent", "How much of the body hurts"),
         ("episodes", "Flare-ups: how often and how long")),
        (("heat", "Where it hurts, and what changed from the start to the end of the period"),
         ("effects", "What helped"), ("outcomes", "Questionnaires")),
    )  # fmt: skip
    heights = {"pain": 3.0, "extent": 2.4, "heat": 3.0, "episodes": 2.6, "effects": 3.0,
               "outcomes": 2.4}  # fmt: skip
    pages = []
    title_height, gap, inset = 0.3, 0.25, 0.3
    for group in groups:
        page = _Page.new(paper)
        available = page.bottom - MARGIN - (title_height + gap) * len(group) + gap
        scale = available / sum(heights[key] for key, _ in group)
        # One row per band, heights in inches (so they add up to the page height).
        bands: list[tuple[str, float]] = [("margin", MARGIN)]
        for index, (key, title) in enumerate(group):
            if index:
                bands.append(("gap", gap))
            bands.extend([(f"title:{title}", title_height), (f"chart:{key}", heights[key] * scale)])
        bands.append(("footer", page.height - page.bottom))
        rows = page.figure.subfigures(len(bands), 1, height_ratios=[h for _, h in bands])
        for (band, _height), row in zip(bands, rows, strict=True):
            if band.startswith("title:"):
                row.text(MARGIN / page.width, 0.5, band.removeprefix("title:"), fontsize=10.5,
                         weight="bold", color=charts.INK, va="center")  # fmt: skip
            elif band.startswith("chart:"):
                # The charts keep their own margins; the inset leaves the page margin for
                # their axis labels.
                _left, chart, _right = row.subfigures(
                    1, 3, width_ratios=[inset, page.width - 2 * inset, inset]
                )
                charts.draw_chart(
                    band.removeprefix("chart:"), chart, report.progress, report.item_label
                )
        pages.append(page)
    return pages


def _table_pages(
    paper: str,
    title: str,
    columns: Sequence[tuple[str, float]],
    rows: list[Sequence[str]],
    total: int,
    what: str,
) -> list[_Page]:
    pages = []
    part = 1
    while rows or not pages:
        page = _Page.new(paper)
        page.text(MARGIN, page.y, title + (f" (continued, part {part})" if part > 1 else ""),
                  size=12, weight="bold")  # fmt: skip
        page.y += 0.35
        if not rows:
            page.text(MARGIN, page.y, "None in this period.")
            pages.append(page)
            break
        if part == 1 and total > len(rows):
            page.text(
                MARGIN,
                page.y - 0.08,
                f"The latest {len(rows)} of {total} {what} in this period; the charts include "
                "all of them, and File → Export journal lists every one.",
                size=SMALL,
                color=charts.MUTED,
            )
            page.y += 0.2
        rows = _table(page, columns, rows)
        pages.append(page)
        part += 1
    return pages


def _check_in_rows(report: ReportData) -> list[Sequence[str]]:
    return [
        [f"{row.taken_at:%a %d %b %Y}", f"{row.taken_at:%H:%M}", str(row.overall_pain),
         row.regions or "no regions marked", row.note]
        for row in report.check_in_rows
    ]  # fmt: skip


def _session_rows(report: ReportData) -> list[Sequence[str]]:
    return [
        [f"{row.started_at:%a %d %b %Y}", f"{row.started_at:%H:%M}", row.what, row.side,
         f"{row.pain_before} → {row.pain_after}", f"{row.minutes:.0f}"]
        for row in report.session_rows
    ]  # fmt: skip


def _self_test_rows(report: ReportData) -> list[Sequence[str]]:
    return [
        [f"{row.taken_at:%a %d %b %Y}", row.test, row.result, row.note]
        for row in report.self_test_rows
    ]


def report_pages(
    report: ReportData, paper: str = "a4", sections: Collection[str] = tuple(REPORT_SECTIONS)
) -> list[Figure]:
    """Every page as a Figure, page 1 first (the summary is always included)."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; choose from {', '.join(PAPERS)}")
    unknown = set(sections) - set(REPORT_SECTIONS)
    if unknown:
        raise ValueError(f"unknown report sections: {', '.join(sorted(unknown))}")
    with matplotlib.rc_context(_PDF_STYLE):
        pages = [_summary_page(report, paper)]
        if report.has_data:
            if "charts" in sections:
                pages.extend(_chart_pages(report, paper))
            if "check_ins" in sections:
                pages.extend(
                    _table_pages(
                        paper,
                        "Check-ins",
                        CHECK_IN_COLUMNS,
                        _check_in_rows(report),
                        report.check_in_total,
                        "check-ins",
                    )
                )
            if "sessions" in sections:
                pages.extend(
                    _table_pages(
                        paper,
                        "Self-treatment sessions",
                        SESSION_COLUMNS,
                        _session_rows(report),
                        report.session_total,
                        "sessions",
                    )
                )
            if "self_tests" in sections and report.self_test_rows:
                pages.extend(
                    _table_pages(
                        paper,
                        "Guided self-tests (muscle length, control, endurance, direction)",
                        SELF_TEST_COLUMNS,
                        _self_test_rows(report),
                        len(report.self_test_rows),
                        "self-tests",
                    )
                )
            if "routine" in sections and report.routine_rows:
                pages.extend(
                    _table_pages(
                        paper,
                        f"Daily routine: {report.adherence}",
                        ROUTINE_COLUMNS,
                        [[f"{r.started_at:%a %d %b %Y}", r.phase, str(r.done), r.skipped or "–",
                          f"{r.pain_before} → {r.pain_after}"] for r in report.routine_rows],
                        len(report.routine_rows),
                        "routines",
                    )
                )  # fmt: skip
    for number, page in enumerate(pages, start=1):
        page.footer(number, len(pages), report)
    return [page.figure for page in pages]


def report_pdf_bytes(
    report: ReportData, paper: str = "a4", sections: Collection[str] = tuple(REPORT_SECTIONS)
) -> tuple[bytes, int]:
    """The report as PDF bytes and its page count (written by the caller, all at once)."""
    figures = report_pages(report, paper, sections)
    buffer = io.BytesIO()
    metadata = {
        "Title": f"ReliefMap pain journal summary, {report.period_text}",
        "Author": report.name or "ReliefMap user",
        "Creator": f"ReliefMap {__version__}",
        "Subject": "Self-recorded back pain journal: summary for a clinician",
        "CreationDate": datetime.combine(report.made_on, datetime.min.time()),
    }
    with matplotlib.rc_context(_PDF_STYLE), PdfPages(buffer, metadata=metadata) as pdf:
        for figure in figures:
            # Colorbars rasterise their gradient strips by default; a report stays all vector.
            # Edges in the face colour close the hairline seams PDF viewers draw between quads.
            for artist in figure.findobj(lambda artist: artist.get_rasterized()):
                artist.set_rasterized(False)
                if isinstance(artist, QuadMesh):
                    artist.set_edgecolor("face")
                    artist.set_linewidth(0.5)
            pdf.savefig(figure)
    return buffer.getvalue(), len(figures)


def first_page_png(report: ReportData, paper: str = "a4", dpi: int = 60) -> bytes:
    """Page 1 as PNG, for the export dialog's preview."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(_PDF_STYLE):
        page = _summary_page(report, paper)
        page.footer(1, None, report)  # the page count is known once every page is drawn
        page.figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()
