"""The teacher's roster: a printable page of a class's seats, one student id each.

The teacher writes each student's name beside a seat on paper (never in the game), and
reads the ids aloud; ids are made so that no two sound alike
(:func:`game.classroom.pseudonyms.seat_ids`).  Grading then needs no memory: the report
names the same ids.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

__all__ = ["roster_html", "roster_lines"]

_STYLE = """
body{font-family:"Atkinson Hyperlegible","Segoe UI",system-ui,Arial,sans-serif;color:#1f2328;
 margin:32px auto;max-width:820px;padding:0 24px;font-size:16px}
h1{font-size:26px;margin:0 0 4px}p{margin:4px 0 12px;color:#444}
table{border-collapse:collapse;width:100%;font-size:18px}
th,td{border:1px solid #888;padding:9px 10px;text-align:left}
th{background:#eef1f4}td.seat{width:4em;text-align:right}td.id{width:11em;font-weight:700}
@media print{body{margin:0}a{color:inherit}tr{break-inside:avoid}}
"""


def roster_lines(seats: Sequence[str]) -> list[str]:
    """Return ``seat 1: otter-47`` lines."""
    return [f"seat {number}: {student}" for number, student in enumerate(seats, start=1)]


def roster_html(name: str, code: str, seats: Sequence[str], join_hint: str) -> str:
    """Return the roster page: the class, how to join, and a table of seats with a blank for
    each student's name (written by hand)."""
    rows = "".join(
        f'<tr><td class="seat">{number}</td><td class="id">{html.escape(student)}</td>'
        "<td></td></tr>"
        for number, student in enumerate(seats, start=1)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>Seats: {html.escape(name)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>Seats: {html.escape(name)}</h1>"
        f"<p>Class code {html.escape(code)} · {len(seats)} seats. Write each student's name "
        "beside their seat on this sheet and keep it: the game and the results only ever "
        "show the seat's id.</p>"
        f"<p>{html.escape(join_hint)}</p>"
        "<table><thead><tr><th>Seat</th><th>Student id</th><th>Student's name (by hand)</th>"
        f"</tr></thead><tbody>{rows}</tbody></table></body></html>\n"
    )
