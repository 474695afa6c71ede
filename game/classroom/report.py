"""The class debrief: one self-contained HTML page built from merged results exports.

For each level: every deal of the class on the level's utility space with the Pareto
frontier and the Nash point, the spread of value created and claimed, the agreement rate,
how trust moved; then one table of every negotiation, sortable by any column.  Charts are
inline SVG, the table sorts with a few lines of inline script, and a Content Security
Policy forbids every network request: the page opens offline in any browser, from a USB
stick, and can be projected or printed.  Every text from a file is HTML-escaped.
"""

from __future__ import annotations

import base64
import logging
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from game.classroom.charts import (
    BLUE,
    GREEN,
    ORANGE,
    PURPLE,
    SKY,
    VERMILION,
    Deal,
    SpaceChart,
    Strip,
    esc,
    legend_icon,
    strips_svg,
    utility_space_svg,
)
from game.classroom.install import installed_classes
from game.classroom.pack import ClassPack
from game.classroom.results import MergedResults, ResultRow, flag_rows
from game.content import content_dir
from game.levels.loader import LoadedLevel

logger = logging.getLogger(__name__)

MAX_OTHER_PARTIES = 5
FONT_FACES = (  # the game's own font (OFL), embedded so the page looks the same everywhere
    ("AtkinsonHyperlegible-Regular.ttf", "normal", "normal"),
    ("AtkinsonHyperlegible-Bold.ttf", "normal", "bold"),
    ("AtkinsonHyperlegible-Italic.ttf", "italic", "normal"),
)


def embedded_fonts(folder: Path | None = None) -> str:
    """Return ``@font-face`` rules with the game's font as data URLs (empty if it is missing)."""
    if folder is None:
        folder = content_dir("assets") / "fonts"
    rules = []
    for name, style, weight in FONT_FACES:
        try:
            data = base64.b64encode((folder / name).read_bytes()).decode("ascii")
        except OSError:
            logger.info("font %s not found; the report uses the system's fonts", name)
            continue
        rules.append(
            f'@font-face{{font-family:"Atkinson Hyperlegible";font-style:{style};'
            f"font-weight:{weight};src:url(data:font/ttf;base64,{data}) format('truetype')}}"
        )
    return "\n".join(rules)


# --------------------------------------------------------------------------- levels
@dataclass(frozen=True)
class LevelSource:
    """A level the report found, and where it came from."""

    level: LoadedLevel
    origin: str


class LevelLibrary:
    """Finds a level by id: the given class packs first, then installed classes, then built-ins."""

    def __init__(
        self,
        packs: Sequence[ClassPack] = (),
        data_dir: Path | None = None,
        *,
        builtin: bool = True,
    ) -> None:
        self._packs = list(packs)
        self._data_dir = data_dir
        self._builtin = builtin
        self._cache: dict[str, LevelSource | None] = {}

    def get(self, level_id: str) -> LevelSource | None:
        """Return the level with this id, or None when no source has it (or it is broken)."""
        if level_id not in self._cache:
            self._cache[level_id] = self._find(level_id)
        return self._cache[level_id]

    def _find(self, level_id: str) -> LevelSource | None:
        from game.levels.loader import load_level
        from game.levels.problems import LevelError

        for pack in self._packs:
            for item in pack.levels:
                if item.id == level_id:
                    return LevelSource(item.level, f"class pack {pack.code}")
        candidates: list[tuple[Path, str]] = []
        if self._data_dir is not None:
            for installed in installed_classes(self._data_dir):
                for entry in installed.levels:
                    if entry.id == level_id:
                        candidates.append((entry.path, f"class {installed.code}"))
        if self._builtin:
            from game.levels.catalog import builtin_entries

            for builtin in builtin_entries():
                if builtin.id == level_id:
                    candidates.append((builtin.path, "built-in levels"))
        for path, origin in candidates:
            try:
                return LevelSource(load_level(path), origin)
            except LevelError:
                logger.warning("level %s at %s cannot be loaded", level_id, path)
        return None


# --------------------------------------------------------------------------- numbers
def _mean(values: Sequence[float | None]) -> float | None:
    numbers = [v for v in values if v is not None]
    return statistics.fmean(numbers) if numbers else None


def _fmt(value: float | None, digits: int = 2, *, sign: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "–"


def _party_names(level: LoadedLevel) -> dict[str, str]:
    names = {"player": "Student"}
    for npc in level.party_npcs:
        names[npc.id] = npc.name
    return names


def _best_value_created(level: LoadedLevel) -> float | None:
    from game.engine import individually_rational

    analysis = level.analysis
    mask = individually_rational(analysis.utilities, analysis.reserved)
    if not mask.any():
        return None
    gains = (analysis.utilities[mask] - analysis.reserved).sum(axis=1)
    return float(gains.max())


def _nash_utilities(level: LoadedLevel) -> tuple[float, ...] | None:
    analysis = level.analysis
    if analysis.nash is not None:
        return analysis.nash.utilities
    for contingent in analysis.contingent:
        if contingent.nash_utilities:
            return contingent.nash_utilities
    return None


def space_charts(level: LoadedLevel, rows: Sequence[ResultRow]) -> list[tuple[str, SpaceChart]]:
    """Return one utility-space chart per other party: (party id, chart)."""
    from game.engine import pareto_indices
    from game.engine.analysis import contingent_points

    analysis = level.analysis
    ids = list(level.negotiation.party_ids)
    me = ids.index("player")
    names = _party_names(level)
    nash = _nash_utilities(level)
    charts = []
    for other_id in [i for i in ids if i != "player"][:MAX_OTHER_PARTIES]:
        other = ids.index(other_id)
        columns = [me, other]
        outcomes = analysis.utilities[:, columns]
        frontier = outcomes[pareto_indices(outcomes)]
        extra = None
        if analysis.contingent:
            points = np.vstack([contingent_points(analysis, c) for c in analysis.contingent])
            projected = points[:, columns]
            extra = projected[pareto_indices(projected)]
        deals = [
            Deal(
                row.player_utility,
                row.utilities[other_id],
                row.agreement,
                row.student,
                bool(row.flags),
            )
            for row in rows
            if other_id in row.utilities
        ]
        charts.append(
            (
                other_id,
                SpaceChart(
                    outcomes=outcomes,
                    frontier=frontier,
                    reservation=(float(analysis.reserved[me]), float(analysis.reserved[other])),
                    nash=None if nash is None else (nash[me], nash[other]),
                    x_label="Student's utility",
                    y_label=f"{names.get(other_id, other_id)}'s utility",
                    deals=deals,
                    extra_frontier=extra,
                ),
            )
        )
    return charts


# --------------------------------------------------------------------------- page
_STYLE = """
:root{--ink:#1f2328;--muted:#59636e;--line:#d8dde3;--card:#ffffff;--bg:#eef1f4;--accent:#0b4f7a}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
 font-family:"Atkinson Hyperlegible","Segoe UI",system-ui,-apple-system,"Helvetica Neue",Arial,sans-serif;
 font-size:16px;line-height:1.45}
header.top{background:var(--accent);color:#fff;padding:28px 0 24px}
.wrap{max-width:1200px;margin:0 auto;padding:0 32px}
header.top h1{margin:0;font-size:34px;letter-spacing:.2px}
header.top p{margin:6px 0 0;font-size:17px;opacity:.92}
.cards{display:flex;flex-wrap:wrap;gap:14px;margin:18px 0 0}
.card{background:rgba(255,255,255,.12);border-radius:10px;padding:10px 16px;min-width:150px}
.card b{display:block;font-size:26px;line-height:1.2}
.card span{font-size:14px;opacity:.9}
main{padding:8px 0 48px}
section{background:var(--card);border-radius:14px;box-shadow:0 1px 3px rgba(0,0,0,.08);
 padding:22px 26px;margin:22px 0}
h2{margin:0 0 4px;font-size:25px}
h3{margin:18px 0 8px;font-size:18px}
.sub{color:var(--muted);margin:0 0 14px}
.grid{display:grid;grid-template-columns:minmax(0,560px) minmax(0,1fr);gap:28px;align-items:start}
@media (max-width:1100px){.grid{grid-template-columns:1fr}}
.ranks{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:18px;margin:8px 0 0}
.rank h4{margin:4px 0;font-size:16px}
.rank ol{margin:0;padding-left:2.2em}
.rank li{margin:2px 0}
.rank .deal{color:var(--muted);font-size:14px}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(128px,1fr));gap:10px;margin:0 0 16px}
.stat{border:1px solid var(--line);border-radius:10px;padding:8px 12px}
.stat b{display:block;font-size:22px}
.stat span{display:block;font-size:13px;line-height:1.25;color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:6px 0 0;padding:0;list-style:none;
 font-size:14px;color:var(--muted)}
.legend li{display:flex;align-items:center;gap:6px}
.note{background:#fff8e6;border-left:5px solid #E69F00;padding:10px 14px;border-radius:6px;margin:12px 0}
.note.bad{background:#fdeee8;border-left-color:#D55E00}
.lesson{color:var(--muted);font-style:italic;margin:12px 0 0}
svg.chart{max-width:100%;height:auto;display:block}
svg text{font-family:inherit;fill:var(--ink)}
svg .tick{font-size:12px;fill:var(--muted)}
svg .axis{font-size:14px;font-weight:600}
svg .label{font-size:14px;font-weight:600}
svg .count{font-size:13px;font-weight:700}
svg .mean{font-size:12px;font-weight:700;fill:#a33f00}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
th{white-space:normal;vertical-align:bottom;line-height:1.2}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even){background:#f7f9fb}
th{position:sticky;top:0;background:#fff}
th button{font:inherit;font-weight:700;border:0;background:none;padding:2px 0;cursor:pointer;color:var(--ink)}
th button:focus-visible{outline:3px solid #0072B2;outline-offset:2px}
th[aria-sort=ascending] button::after{content:" ▲"}
th[aria-sort=descending] button::after{content:" ▼"}
.flag{color:#8a2d6b;font-weight:600}
.scroll{overflow-x:auto}
details{margin:8px 0}
footer{color:var(--muted);font-size:13px;text-align:center;margin:24px 0}
@media print{body{background:#fff}header.top{background:#fff;color:var(--ink)}
 .card{border:1px solid var(--line)}section{box-shadow:none;break-inside:avoid}}
"""

_SCRIPT = """
(function(){
  function value(cell){return cell.getAttribute('data-v')||'';}
  function sortBy(table, index, ascending){
    var body=table.tBodies[0], rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,b){
      var x=value(a.cells[index]), y=value(b.cells[index]);
      if(x===''||y===''){return x===y?0:(x===''?1:-1);}
      var nx=Number(x), ny=Number(y);
      var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);
      return ascending?c:-c;
    });
    rows.forEach(function(r){body.appendChild(r);});
    Array.prototype.forEach.call(table.tHead.rows[0].cells,function(h,i){
      if(i===index){h.setAttribute('aria-sort',ascending?'ascending':'descending');}
      else{h.removeAttribute('aria-sort');}
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'),function(table){
    Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,index){
      var button=th.querySelector('button');
      button.addEventListener('click',function(){
        sortBy(table,index,th.getAttribute('aria-sort')!=='ascending');
      });
    });
    var wanted=/^#sort=([a-z_]+)-(asc|desc)$/.exec(location.hash);
    if(wanted){
      Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,index){
        if(th.getAttribute('data-key')===wanted[1]){sortBy(table,index,wanted[2]==='asc');}
      });
    }
  });
})();
"""

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
)

_TABLE_COLUMNS = (
    # key, heading, numeric
    ("student", "Student", False),
    ("class", "Class", False),  # left out when every row has the same class
    ("level", "Level", False),
    ("agreement", "Deal", False),
    ("player_utility", "Student utility", True),
    ("joint_utility", "Joint utility", True),
    ("pareto_distance", "Distance to frontier", True),
    ("value_created", "Value created", True),
    ("value_claimed", "Value claimed", True),
    ("trust_change", "Trust change", True),
    ("rounds", "Rounds", True),
    ("stars", "Stars", True),
    ("finished_at", "Finished (UTC)", False),
    ("flags", "Flags", False),
    ("source", "From file:row", False),
)


def _legend(has_extra: bool, has_flagged: bool, has_no_deal: bool) -> str:
    items = [
        (legend_icon("circle", GREEN), "a deal of the class (×N: that many at the same point)"),
        (legend_icon("star", ORANGE), "Nash point"),
        (legend_icon("", BLUE, line="solid"), "Pareto frontier"),
        (legend_icon("cloud", ""), "every possible package"),
        (legend_icon("zone", ""), "both sides beat their BATNA (dashed lines)"),
    ]
    if has_no_deal:
        items.insert(1, (legend_icon("cross", VERMILION), "no deal (both take their BATNA)"))
    if has_flagged:
        items.insert(
            1, (legend_icon("diamond", PURPLE), "flagged: another game or level version, or seed")
        )
    if has_extra:
        items.append((legend_icon("", SKY, line="dashed"), "frontier with a contingent clause"))
    return '<ul class="legend">' + "".join(f"<li>{i}{esc(t)}</li>" for i, t in items) + "</ul>"


def _stat(value: str, label: str) -> str:
    return f'<div class="stat"><b>{esc(value)}</b><span>{esc(label)}</span></div>'


def _level_section(level_id: str, rows: list[ResultRow], source: LevelSource | None) -> str:
    level = source.level if source else None
    title = level.model.title if level else level_id
    deals = sum(1 for r in rows if r.agreement)
    versions = sorted({r.level_version for r in rows})
    seeds = sorted({r.seed for r in rows})
    flagged = sum(1 for r in rows if r.flags)
    on_frontier = sum(1 for r in rows if r.on_frontier)
    stars = _mean([float(r.stars) if r.stars is not None else None for r in rows])
    subtitle = (
        f"{level_id} · level version {', '.join(versions)} · "
        f"seed {', '.join(str(s) for s in seeds[:4])}{' …' if len(seeds) > 4 else ''}"
    )
    if source:
        subtitle += f" · from the {source.origin}"
    html = [
        f'<section class="level" id="level-{esc(level_id)}">',
        f"<h2>{esc(title)}</h2>",
        f'<p class="sub">{esc(subtitle)}</p>',
        '<div class="stats">',
        _stat(f"{len(rows)}", "negotiations"),
        _stat(_percent(deals, len(rows)), f"agreement rate ({deals} of {len(rows)})"),
        _stat(_fmt(_mean([r.joint_utility for r in rows])), "mean joint utility"),
        _stat(_fmt(_mean([r.pareto_distance for r in rows])), "mean distance to the frontier"),
        _stat(f"{on_frontier} of {len(rows)}", "deals on the frontier"),
        _stat(_fmt(stars, 1), "mean stars"),
        _stat(_fmt(_mean([r.trust_change for r in rows]), 1, sign=True), "mean trust change"),
        "</div>",
    ]
    if flagged:
        html.append(
            f'<p class="note">{flagged} of these negotiations come from another game or level '
            "version, or were played with another seed: compare them with care (see the "
            "Flags column below).</p>"
        )
    html.append('<div class="grid"><div>')
    if level is None:
        html.append(
            '<p class="note bad">This level is not among the built-in levels or the class packs '
            "given, so its utility space cannot be drawn. Pass the class pack with "
            "<code>--pack PACK.cgpack</code>.</p>"
        )
        extra_reference = nash_share = None
    else:
        charts = space_charts(level, rows)
        for _, chart in charts:
            html.append(utility_space_svg(chart))
        has_extra = any(c.extra_frontier is not None for _, c in charts)
        html.append(_legend(has_extra, flagged > 0, any(not r.agreement for r in rows)))
        extra_reference = _best_value_created(level)
        nash = _nash_utilities(level)
        ids = list(level.negotiation.party_ids)
        me = ids.index("player")
        nash_share = None if nash is None else nash[me] - float(level.analysis.reserved[me])
    html.append("</div><div>")
    html.append("<h3>How the class did</h3>")
    strips = [
        Strip(
            "Value created: joint gain over the BATNAs",
            [r.value_created for r in rows if r.value_created is not None],
            extra_reference,
            "best possible",
        ),
        Strip(
            "Value claimed: the student's gain over the BATNA",
            [r.value_claimed for r in rows if r.value_claimed is not None],
            nash_share,
            "Nash point",
        ),
        Strip(
            "Distance to the Pareto frontier (0: nothing left on the table)",
            [r.pareto_distance for r in rows if r.pareto_distance is not None],
        ),
        Strip(
            "Trust change (0-100 scale, mean over the NPCs)",
            [r.trust_change for r in rows if r.trust_change is not None],
            symmetric=True,
            digits=1,
        ),
    ]
    html.append(strips_svg(strips))
    if level is not None:
        html.append(f'<p class="lesson">From the level: {esc(level.model.debrief_notes)}</p>')
    html.append("</div></div>")
    html.append(rankings_html(level, rows))
    html.append("</section>")
    return "".join(html)


def role_rankings(
    level: LoadedLevel | None, rows: Sequence[ResultRow]
) -> list[tuple[str, list[tuple[int, ResultRow, float]]]]:
    """Return, per role, the class's deals ranked by what they were worth to that role.

    A role-play is debriefed side by side: who got the best deal as the buyer, and which
    deals were best for the seller.  Each role is ``(title, [(rank, row, worth), ...])``,
    best first, ties sharing a rank; negotiations without a deal come last, at the role's
    BATNA.  Roles are the student's and each NPC's (from the level when it is known, else
    from the parties in the rows).
    """
    if level is not None:
        titles = {"player": f"The student ({level.model.player.role})"}
        for npc in level.party_npcs:
            titles[npc.id] = f"{npc.name} ({npc.role})"
    else:
        titles = {"player": "The student"}
        for row in rows:
            for party in row.utilities:
                titles.setdefault(party, party)
    ranked = []
    for party, title in titles.items():
        scored = [(r, float(r.utilities[party])) for r in rows if party in r.utilities]
        if not scored:
            continue
        scored.sort(key=lambda item: (not item[0].agreement, -item[1], item[0].student))
        places: list[tuple[int, ResultRow, float]] = []
        for position, (row, worth) in enumerate(scored, start=1):
            if (
                places
                and places[-1][1].agreement == row.agreement
                and abs(places[-1][2] - worth) < 5e-3
            ):
                rank = places[-1][0]
            else:
                rank = position
            places.append((rank, row, worth))
        ranked.append((title, places))
    return ranked


def rankings_html(level: LoadedLevel | None, rows: Sequence[ResultRow]) -> str:
    """Return the level's deals ranked per role, as tables side by side."""
    roles = role_rankings(level, rows)
    if not roles:
        return ""
    html = [
        "<h3>Deals ranked, role by role</h3>",
        '<p class="sub">Each side’s view of the same deals: the best deal for one role is '
        "often not the best for the other. A negotiation without a deal counts at the role’s "
        "BATNA.</p>",
        '<div class="ranks">',
    ]
    for title, places in roles:
        html.append(f'<div class="rank"><h4>{esc(title)}</h4><ol>')
        for rank, row, worth in places:
            deal = row.deal if row.agreement else "no deal"
            html.append(
                f'<li value="{rank}"><b>{esc(row.student)}</b> · {_fmt(worth)}'
                f' <span class="deal">{esc(deal)}</span></li>'
            )
        html.append("</ol></div>")
    html.append("</div>")
    return "".join(html)


def _cell(value: object, shown: str, numeric: bool, tip: str = "") -> str:
    sort = "" if value is None else str(value)
    css = ' class="num"' if numeric else ""
    title = f' title="{esc(tip)}"' if tip else ""
    return f'<td{css}{title} data-v="{esc(sort)}">{esc(shown)}</td>'


def _table(rows: list[ResultRow], titles: dict[str, str]) -> str:
    columns = [
        c for c in _TABLE_COLUMNS if c[0] != "class" or len({r.class_code for r in rows}) > 1
    ]
    head = "".join(
        f'<th scope="col" data-key="{key}"><button type="button">{esc(label)}</button></th>'
        for key, label, _ in columns
    )
    body = []
    for row in rows:
        finished = row.finished_at.replace("T", " ")[:16]
        values = {
            "student": (row.student, row.student),
            "class": (row.class_code, row.class_code),
            "level": (
                titles.get(row.level_id, row.level_id),
                titles.get(row.level_id, row.level_id),
            ),
            "agreement": ("yes" if row.agreement else "no", "yes" if row.agreement else "no"),
            "player_utility": (row.player_utility, _fmt(row.player_utility)),
            "joint_utility": (row.joint_utility, _fmt(row.joint_utility)),
            "pareto_distance": (row.pareto_distance, _fmt(row.pareto_distance, 3)),
            "value_created": (row.value_created, _fmt(row.value_created)),
            "value_claimed": (row.value_claimed, _fmt(row.value_claimed)),
            "trust_change": (row.trust_change, _fmt(row.trust_change, 1, sign=True)),
            "rounds": (row.rounds, "–" if row.rounds is None else str(row.rounds)),
            "stars": (row.stars, "–" if row.stars is None else "★" * row.stars or "0"),
            "finished_at": (row.finished_at, finished),
            "flags": ("; ".join(row.flags), "; ".join(row.flags)),
            "source": (
                f"{Path(row.file).name}:{row.row:06d}",
                f"{Path(row.file).name}:{row.row}",
            ),
        }
        tips = {"agreement": row.deal}
        cells = "".join(
            _cell(values[key][0], values[key][1], numeric, tips.get(key, ""))
            for key, _, numeric in columns
        )
        css = ' class="flag"' if row.flags else ""
        body.append(f"<tr{css}>{cells}</tr>")
    return (
        '<div class="scroll"><table class="sortable"><thead><tr>'
        + head
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table></div>"
    )


def build_report(
    merged: MergedResults,
    library: LevelLibrary | Callable[[str], LevelSource | None],
    *,
    generated_at: str,
    game_version: str,
    title: str | None = None,
    class_names: dict[str, str] | None = None,
) -> str:
    """Return the report's HTML (one self-contained page).

    ``class_names`` (class code -> name, from the packs) puts the classes' names in the heading.
    """
    find = library.get if isinstance(library, LevelLibrary) else library
    rows = merged.rows
    level_ids = list(dict.fromkeys(r.level_id for r in rows))
    sources = {level_id: find(level_id) for level_id in level_ids}
    versions = {i: str(s.level.model.version) for i, s in sources.items() if s is not None}
    flag_rows(rows, versions)
    titles = {i: (s.level.model.title if s else i) for i, s in sources.items()}
    classes = sorted({r.class_code for r in rows if r.class_code})
    students = {(r.class_code, r.student) for r in rows}
    deals = sum(1 for r in rows if r.agreement)
    names = [(class_names or {}).get(code, code) for code in classes]
    heading = title or (f"Class debrief: {', '.join(names)}" if names else "Class debrief")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(heading)}</title><style>{embedded_fonts()}{_STYLE}</style></head><body>",
        '<header class="top"><div class="wrap">',
        f"<h1>{esc(heading)}</h1>",
        f"<p>{len(rows)} negotiations by {len(students)} students on {len(level_ids)} "
        f"level{'s' if len(level_ids) != 1 else ''}, merged from {len(merged.files)} "
        f"export{'s' if len(merged.files) != 1 else ''} · made {esc(generated_at)}</p>",
        '<div class="cards">',
        f'<div class="card"><b>{_percent(deals, len(rows))}</b><span>agreement rate</span></div>',
        f'<div class="card"><b>{_fmt(_mean([r.joint_utility for r in rows]))}</b>'
        "<span>mean joint utility</span></div>",
        f'<div class="card"><b>{_fmt(_mean([r.pareto_distance for r in rows]))}</b>'
        "<span>mean distance to the frontier</span></div>",
        f'<div class="card"><b>{_fmt(_mean([r.trust_change for r in rows]), 1, sign=True)}</b>'
        "<span>mean trust change</span></div>",
        "</div></div></header>",
        '<main class="wrap">',
    ]
    notes = []
    if merged.duplicates:
        notes.append(
            f"{merged.duplicates} duplicate row{'s' if merged.duplicates != 1 else ''} "
            "(the same negotiation in two exports) merged once."
        )
    if merged.skipped or merged.warnings:
        notes.append(
            f"{merged.skipped} malformed row{'s' if merged.skipped != 1 else ''} skipped; "
            f"{len(merged.warnings)} warning{'s' if len(merged.warnings) != 1 else ''}."
        )
    if notes:
        parts.append('<section class="notes"><h3>About the data</h3>')
        parts.extend(f"<p>{esc(n)}</p>" for n in notes)
        if merged.warnings:
            parts.append("<details><summary>Warnings</summary><ul>")
            parts.extend(f"<li>{esc(w)}</li>" for w in merged.warnings)
            parts.append("</ul></details>")
        parts.append("</section>")
    if not rows:
        parts.append(
            "<section><h2>No negotiations</h2><p>The exports hold no usable rows.</p></section>"
        )
    for level_id in level_ids:
        group = [r for r in rows if r.level_id == level_id]
        parts.append(_level_section(level_id, group, sources[level_id]))
    if rows:
        parts.append(
            '<section><h2>Every negotiation</h2><p class="sub">Click a column heading to sort '
            "(again to reverse). Student ids are pseudonyms.</p>"
        )
        parts.append(_table(rows, titles))
        parts.append("</section>")
    parts.append(
        f"<footer>Made by Common Ground {esc(game_version)} · <code>python main.py report</code> · "
        "this page needs no network</footer></main>"
    )
    parts.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts) + "\n"
