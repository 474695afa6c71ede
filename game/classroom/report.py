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
import json
import logging
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from game.classroom.attempts import Attempts, StudentLevel, count_attempts
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
    legend_html,
    legend_icon,
    strips_svg,
    tag,
    utility_space_svg,
)
from game.classroom.install import installed_classes
from game.classroom.pack import ClassPack
from game.classroom.results import MergedResults, ResultRow, flag_rows
from game.content import content_dir
from game.i18n import N_, language, ngettext, number, tr
from game.levels.loader import LoadedLevel
from game.levels.text import issue_names, level_text

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
    origin: str  # where the level came from, as the report says it ("from the class pack X")


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
                    return LevelSource(
                        item.level, tr("from the class pack {code}").format(code=pack.code)
                    )
        candidates: list[tuple[Path, str]] = []
        if self._data_dir is not None:
            for installed in installed_classes(self._data_dir):
                for entry in installed.levels:
                    if entry.id == level_id:
                        candidates.append(
                            (entry.path, tr("from the class {code}").format(code=installed.code))
                        )
        if self._builtin:
            from game.levels.catalog import builtin_entries

            for builtin in builtin_entries():
                if builtin.id == level_id:
                    candidates.append((builtin.path, tr("from the built-in levels")))
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
    """Return a figure as the report's language writes it ("0.63"; "0,63" in Spanish)."""
    if value is None:
        return "–"
    value = round(value, digits) + 0.0  # no "-0.00"
    shown = number(abs(value) if sign else value, digits)
    return ("-" if value < 0 else "+") + shown if sign else shown


def _percent(part: int, whole: int) -> str:
    return tr("{value} %").format(value=number(100 * part / whole)) if whole else "–"


def _party_names(level: LoadedLevel) -> dict[str, str]:
    names = {"player": tr("Student")}
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


def deal_words(row: ResultRow, level: LoadedLevel | None) -> str:
    """Return what a negotiation agreed, with the level's issue names: ``Price 46; Warranty
    3 years`` (the export's ``price=46; warranty=3 years`` when the level is unknown), or
    ``no deal``."""
    if not row.agreement:
        return tr("no deal")
    text = row.deal or tr("a deal (terms not exported)")
    if level is None:
        return text
    names = issue_names(level.model, language())

    def named(found: re.Match[str]) -> str:
        return f"{found.group(1)}{names[found.group(2)]} "

    pattern = "|".join(re.escape(i) for i in sorted(names, key=len, reverse=True))
    return re.sub(rf"(^|; |: |\| )({pattern})=", named, text)


def utilities_words(row: ResultRow, level: LoadedLevel | None) -> str:
    """Return what the negotiation was worth to each side: ``Student 0.63 · Rosa 0.41``
    (a role-play's: ``side A 0.55 · side B 0.88``, whichever side the student played)."""
    if row.pair:
        from game.classroom.role_plays import sides_utilities

        both = sides_utilities(row)
        if both is not None:
            return tr("side A {a} · side B {b}").format(a=_fmt(both[0]), b=_fmt(both[1]))
    names = _party_names(level) if level is not None else {"player": tr("Student")}
    return " · ".join(f"{names.get(p, p)} {_fmt(v)}" for p, v in row.utilities.items())


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
                f"{row.student}: {deal_words(row, level)}",
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
                    x_label=tr("Student's utility"),
                    y_label=tr("{name}'s utility").format(name=names.get(other_id, other_id)),
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
td.deal{white-space:normal;min-width:16em;max-width:26em}
td.flags{white-space:normal;min-width:8em;max-width:14em;color:#8a2d6b;font-weight:700}
header.top p.counting{font-size:15px}
.projector-button{margin:16px 0 0;font:inherit;font-weight:700;font-size:15px;padding:6px 14px;
 border-radius:8px;border:2px solid #fff;background:transparent;color:#fff;cursor:pointer}
.projector-button:focus-visible,#projector-bar button:focus-visible{outline:3px solid #F0E442}
#projector-bar{display:none}
body.projector{font-size:24px;background:#fff}
body.projector header.top,body.projector main>section:not(.level),body.projector footer{display:none}
body.projector .wrap{max-width:none;padding:0 28px}
body.projector section.level{display:none;box-shadow:none;margin:0;padding:18px 0 90px}
body.projector section.level.current{display:block}
body.projector h2{font-size:46px}
body.projector h3{font-size:30px}
body.projector .sub,body.projector .legend{font-size:20px}
body.projector .stats{grid-template-columns:repeat(auto-fit,minmax(150px,1fr))}
body.projector .stat b{font-size:34px}
body.projector .stat span{font-size:17px}
body.projector .grid{grid-template-columns:minmax(0,1.25fr) minmax(0,1fr)}
body.projector svg.chart{width:auto;max-width:100%;height:auto;max-height:calc(100vh - 150px);
 overflow:visible}
body.projector .ranks{grid-template-columns:repeat(auto-fit,minmax(420px,1fr))}
body.projector .rank h4{font-size:26px}
body.projector .rank .deal{font-size:20px}
body.projector #projector-bar{display:flex;gap:16px;align-items:center;position:fixed;left:0;right:0;
 bottom:0;padding:10px 28px;background:var(--accent);color:#fff;font-size:22px}
#projector-bar button{font:inherit;font-weight:700;padding:6px 16px;border-radius:8px;
 border:2px solid #fff;background:transparent;color:#fff;cursor:pointer}
#projector-where{flex:1;text-align:center}
@media print{body{background:#fff}header.top{background:#fff;color:var(--ink)}
 .card{border:1px solid var(--line)}section{box-shadow:none;break-inside:avoid}
 .projector-button,#projector-bar{display:none}
 .scroll{overflow:visible}table{font-size:10px}th{position:static}
 th,td{white-space:normal;padding:3px 4px}section#every,section#outside,section#students{break-inside:auto}
 .wrap{max-width:none;padding:0 8px}}
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

_PROJECTOR_SCRIPT = """
(function(){
  var body=document.body, levels=document.querySelectorAll('section.level'), at=0;
  var where=document.getElementById('projector-where');
  function show(index){
    if(!levels.length){return;}
    at=(index+levels.length)%levels.length;
    Array.prototype.forEach.call(levels,function(s,i){s.classList.toggle('current',i===at);});
    where.textContent=projectorWhere.replace('{at}',at+1).replace('{count}',levels.length);
    window.scrollTo(0,0);
  }
  function on(){body.classList.add('projector');show(at);}
  function off(){body.classList.remove('projector');}
  document.getElementById('projector-on').addEventListener('click',on);
  document.getElementById('projector-off').addEventListener('click',off);
  document.getElementById('projector-prev').addEventListener('click',function(){show(at-1);});
  document.getElementById('projector-next').addEventListener('click',function(){show(at+1);});
  document.addEventListener('keydown',function(e){
    if(e.target&&/INPUT|TEXTAREA|SELECT/.test(e.target.tagName)){return;}
    var projecting=body.classList.contains('projector');
    if(!projecting&&(e.key==='p'||e.key==='P')){on();e.preventDefault();return;}
    if(!projecting){return;}
    if(e.key==='Escape'||e.key==='p'||e.key==='P'){off();e.preventDefault();}
    else if(e.key==='ArrowRight'||e.key==='PageDown'||e.key===' '){show(at+1);e.preventDefault();}
    else if(e.key==='ArrowLeft'||e.key==='PageUp'){show(at-1);e.preventDefault();}
  });
  if(location.hash==='#projector'){on();}
})();
"""

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
)

_TABLE_COLUMNS = (
    # key, heading, numeric -- the flags second, so they show without scrolling
    ("student", N_("Student"), False),
    ("flags", N_("Flags"), False),
    ("class", N_("Class"), False),  # left out when every row has the same class
    ("level", N_("Level"), False),
    ("attempt", N_("Attempt"), True),
    ("agreement", N_("Deal: what was agreed"), False),
    ("player_utility", N_("Student utility"), True),
    ("joint_utility", N_("Joint utility"), True),
    ("pareto_distance", N_("Distance to frontier"), True),
    ("value_created", N_("Value created"), True),
    ("value_claimed", N_("Value claimed"), True),
    ("trust_change", N_("Trust change"), True),
    ("rounds", N_("Rounds"), True),
    ("stars", N_("Stars"), True),
    ("finished_at", N_("Finished (UTC)"), False),
    ("source", N_("From file:row"), False),
)


def _legend(has_extra: bool, has_flagged: bool, has_no_deal: bool) -> str:
    # the in-game debrief's shapes: a deal is a star, the Nash point a diamond
    items = [
        (legend_icon("star", ORANGE), tr("a deal of the class (×N: that many at the same point)")),
        (legend_icon("diamond", GREEN), tr("Nash point (fair and efficient)")),
        (legend_icon("", BLUE, line="solid"), tr("Pareto frontier")),
        (legend_icon("cloud", ""), tr("every possible package")),
        (legend_icon("zone", ""), tr("both sides beat their BATNA (dashed lines)")),
    ]
    if has_no_deal:
        items.insert(1, (legend_icon("cross", VERMILION), tr("no deal (both take their BATNA)")))
    if has_flagged:
        items.insert(
            1,
            (
                legend_icon("star", "#ffffff", stroke=PURPLE),
                tr("a flagged deal (hollow): another game or level version, or seed"),
            ),
        )
    if has_extra:
        items.append((legend_icon("", SKY, line="dashed"), tr("frontier with a contingent clause")))
    return legend_html(items)


def _section_head(
    level_id: str, title: str, subtitle: str, source: LevelSource | None
) -> list[str]:
    """Return the opening of a level's section: its anchor, title and subtitle (with where
    the level's file came from, when known)."""
    if source:
        subtitle += f" · {source.origin}"
    return [
        f'<section class="level" id="level-{esc(level_id)}">',
        f"<h2>{esc(title)}</h2>",
        f'<p class="sub">{esc(subtitle)}</p>',
    ]


def _stat(value: str, label: str) -> str:
    return f'<div class="stat"><b>{esc(value)}</b><span>{esc(label)}</span></div>'


def _of(part: int, whole: int) -> str:
    return tr("{part} of {whole}").format(part=part, whole=whole)


def _agreement_label(deals: int, whole: int) -> str:
    return tr("agreement rate ({part} of {whole})").format(part=deals, whole=whole)


def _title(level: LoadedLevel | None, level_id: str) -> str:
    """Return a level's title in the report's language (its id when the level is unknown)."""
    return level_text(level.model, language()).title if level else level_id


def _lesson(level: LoadedLevel | None) -> str:
    """Return the level's own debrief notes, in the report's language (empty when unknown)."""
    if level is None:
        return ""
    notes = level_text(level.model, language()).debrief_notes
    return tag("p", tr("From the level: {notes}").format(notes=notes), ' class="lesson"')


def _not_found_note() -> str:
    """Return the note for a level the report cannot find, in the report's language."""
    return (
        '<p class="note bad">'
        + esc(
            tr(
                "This level is not among the built-in levels or the class packs given, so its "
                "utility space cannot be drawn. Pass the class pack with {option}."
            )
        ).format(option="<code>--pack PACK.cgpack</code>")
        + "</p>"
    )


def _level_section(level_id: str, rows: list[ResultRow], source: LevelSource | None) -> str:
    from game.classroom.role_plays import role_play_html

    level = source.level if source else None
    paired = [r for r in rows if r.pair]
    if paired:  # both students of a pair have a row; the role-play part draws them
        words = role_play_html(level, paired, lambda row: deal_words(row, level))
        rows = [r for r in rows if not r.pair]
        if not rows:
            return _role_play_section(level_id, paired, source, words)
    title = _title(level, level_id)
    deals = sum(1 for r in rows if r.agreement)
    versions = sorted({r.level_version for r in rows})
    seeds = sorted({r.seed for r in rows})
    flagged = sum(1 for r in rows if r.flags)
    on_frontier = sum(1 for r in rows if r.on_frontier)
    stars = _mean([float(r.stars) if r.stars is not None else None for r in rows])
    subtitle = tr("{id} · level version {versions} · seed {seeds}").format(
        id=level_id,
        versions=", ".join(versions),
        seeds=", ".join(str(s) for s in seeds[:4]) + (" …" if len(seeds) > 4 else ""),
    )
    html = [
        *_section_head(level_id, title, subtitle, source),
        '<div class="stats">',
        _stat(f"{len(rows)}", ngettext("negotiation", "negotiations", len(rows))),
        _stat(_percent(deals, len(rows)), _agreement_label(deals, len(rows))),
        _stat(_fmt(_mean([r.joint_utility for r in rows])), tr("mean joint utility")),
        _stat(_fmt(_mean([r.pareto_distance for r in rows])), tr("mean distance to the frontier")),
        _stat(_of(on_frontier, len(rows)), tr("deals on the frontier")),
        _stat(_fmt(stars, 1), tr("mean stars")),
        _stat(_fmt(_mean([r.trust_change for r in rows]), 1, sign=True), tr("mean trust change")),
        "</div>",
    ]
    if flagged:
        html.append(
            '<p class="note">'
            + esc(
                ngettext(
                    "{n} of these negotiations comes from another game or level version, or "
                    "was played with another seed: compare it with care (marked ⚑ in the Flags "
                    "column, second in the table of every negotiation).",
                    "{n} of these negotiations come from another game or level version, or "
                    "were played with another seed: compare them with care (marked ⚑ in the "
                    "Flags column, second in the table of every negotiation).",
                    flagged,
                ).format(n=flagged)
            )
            + "</p>"
        )
    html.append('<div class="grid"><div>')
    if level is None:
        html.append(_not_found_note())
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
    html.append(tag("h3", tr("How the class did")))
    strips = [
        Strip(
            tr("Value created: joint gain over the BATNAs"),
            [r.value_created for r in rows if r.value_created is not None],
            extra_reference,
            tr("best possible"),
        ),
        Strip(
            tr("Value claimed: the student's gain over the BATNA"),
            [r.value_claimed for r in rows if r.value_claimed is not None],
            nash_share,
            tr("Nash point"),
        ),
        Strip(
            tr("Distance to the Pareto frontier (0: nothing left on the table)"),
            [r.pareto_distance for r in rows if r.pareto_distance is not None],
        ),
        Strip(
            tr("Trust change (0-100 scale, mean over the NPCs)"),
            [r.trust_change for r in rows if r.trust_change is not None],
            symmetric=True,
            digits=1,
        ),
    ]
    html.append(strips_svg(strips))
    html.append(_lesson(level))
    html.append("</div></div>")
    html.append(rankings_html(level, rows))
    if paired:
        html.append(words)
    html.append("</section>")
    return "".join(html)


def _role_play_section(
    level_id: str, rows: list[ResultRow], source: LevelSource | None, role_plays: str
) -> str:
    """Return the section of a level the class played only as a role-play."""
    level = source.level if source else None
    title = _title(level, level_id)
    pairs = {(r.class_code, r.pair, r.finished_at) for r in rows}
    deals = len({(r.class_code, r.pair, r.finished_at) for r in rows if r.agreement})
    versions = ", ".join(sorted({r.level_version for r in rows}))
    subtitle = tr("{id} · role-play · level version {versions}").format(
        id=level_id, versions=versions
    )
    html = [
        *_section_head(level_id, title, subtitle, source),
        '<div class="stats">',
        _stat(f"{len(pairs)}", ngettext("pair", "pairs", len(pairs))),
        _stat(f"{len(rows)}", ngettext("student", "students", len(rows))),
        _stat(_percent(deals, len(pairs)), _agreement_label(deals, len(pairs))),
        _stat(_fmt(_mean([r.joint_utility for r in rows])), tr("mean joint utility")),
        _stat(_fmt(_mean([r.pareto_distance for r in rows])), tr("mean distance to the frontier")),
        "</div>",
    ]
    if level is None:
        html.append(_not_found_note())
    html.append(role_plays)
    html.append(_lesson(level))
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
        shown = level_text(level.model, language())
        titles = {"player": tr("The student ({role})").format(role=shown.player.role)}
        roles = {npc.id: npc for npc in shown.npcs}
        for npc in level.party_npcs:
            said = roles.get(npc.id, npc)
            titles[npc.id] = tr("{name} ({role})").format(name=said.name, role=said.role)
    else:
        titles = {"player": tr("The student")}
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
        tag("h3", tr("Deals ranked, role by role")),
        '<p class="sub">'
        + esc(
            tr(
                "Each side’s view of the same deals: the best deal for one role is often not "
                "the best for the other. A negotiation without a deal counts at the role’s BATNA."
            )
        )
        + "</p>",
        '<div class="ranks">',
    ]
    for title, places in roles:
        html.append(f'<div class="rank"><h4>{esc(title)}</h4><ol>')
        for rank, row, worth in places:
            deal = deal_words(row, level)
            html.append(
                f'<li value="{rank}"><b>{esc(row.student)}</b> · {_fmt(worth)}'
                f' <span class="deal">{esc(deal)}</span></li>'
            )
        html.append("</ol></div>")
    html.append("</div>")
    return "".join(html)


def _cell(value: object, shown: str, numeric: bool, tip: str = "", css: str = "") -> str:
    sort = "" if value is None else str(value)
    classes = " ".join(c for c in ("num" if numeric else "", css) if c)
    css_attr = f' class="{classes}"' if classes else ""
    title = f' title="{esc(tip)}"' if tip else ""
    return f'<td{css_attr}{title} data-v="{esc(sort)}">{esc(shown)}</td>'


def _stars_text(stars: int | None) -> str:
    return "–" if stars is None else "★" * stars or "0"


def _table(
    rows: list[ResultRow],
    titles: dict[str, str],
    levels: dict[str, LoadedLevel | None],
    attempts: Attempts | None = None,
) -> str:
    columns = [
        c
        for c in _TABLE_COLUMNS
        if (c[0] != "class" or len({r.class_code for r in rows}) > 1)
        and (c[0] != "attempt" or attempts is not None)
    ]
    head = "".join(
        f'<th scope="col" data-key="{key}"><button type="button">{esc(tr(label))}</button></th>'
        for key, label, _ in columns
    )
    counted = {id(r) for r in attempts.counted} if attempts is not None else set()
    body = []
    for row in rows:
        level = levels.get(row.level_id)
        finished = row.finished_at.replace("T", " ")[:16]
        number, of = attempts.attempt_of(row) if attempts is not None else (1, 1)
        mark = " ✓" if id(row) in counted and attempts is not None and of > 1 else ""
        flags = "; ".join(row.flags)
        values = {
            "student": (row.student, row.student),
            "flags": (flags, f"⚑ {flags}" if flags else ""),
            "class": (row.class_code, row.class_code),
            "level": (
                titles.get(row.level_id, row.level_id),
                titles.get(row.level_id, row.level_id),
            ),
            "attempt": (number, _of(number, of) + mark),
            "agreement": (deal_words(row, level), deal_words(row, level)),
            "player_utility": (row.player_utility, _fmt(row.player_utility)),
            "joint_utility": (row.joint_utility, _fmt(row.joint_utility)),
            "pareto_distance": (row.pareto_distance, _fmt(row.pareto_distance, 3)),
            "value_created": (row.value_created, _fmt(row.value_created)),
            "value_claimed": (row.value_claimed, _fmt(row.value_claimed)),
            "trust_change": (row.trust_change, _fmt(row.trust_change, 1, sign=True)),
            "rounds": (row.rounds, "–" if row.rounds is None else str(row.rounds)),
            "stars": (row.stars, _stars_text(row.stars)),
            "finished_at": (row.finished_at, finished),
            "source": (
                f"{Path(row.file).name}:{row.row:06d}",
                f"{Path(row.file).name}:{row.row}",
            ),
        }
        tips = {
            "agreement": tr("{deal} — worth {worth}").format(
                deal=deal_words(row, level), worth=utilities_words(row, level)
            ),
            "attempt": tr("counted in the class figures") if mark else "",
        }
        css = {"agreement": "deal", "flags": "flags"}
        cells = "".join(
            _cell(values[key][0], values[key][1], numeric, tips.get(key, ""), css.get(key, ""))
            for key, _, numeric in columns
        )
        row_css = ' class="flag"' if row.flags else ""
        body.append(f"<tr{row_css}>{cells}</tr>")
    return (
        '<div class="scroll"><table class="sortable"><thead><tr>'
        + head
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table></div>"
    )


def _card(value: str, label: str) -> str:
    return f'<div class="card"><b>{esc(value)}</b><span>{esc(label)}</span></div>'


def _result_words(row: ResultRow) -> str:
    words = f"{_stars_text(row.stars)} {_fmt(row.player_utility)}"
    return words if row.agreement else tr("{result} (no deal)").format(result=words)


def students_html(
    entries: Sequence[StudentLevel], titles: dict[str, str], levels: dict[str, LoadedLevel | None]
) -> str:
    """Return the per-student summary: each student's attempts at each level, with the first,
    best and last result (stars and the student's utility; the terms on hover)."""
    several_classes = len({e.class_code for e in entries}) > 1
    head = [tr("Student"), *([tr("Class")] if several_classes else []), tr("Level")]
    head += [tr("Attempts"), tr("First"), tr("Best"), tr("Last")]
    keys = ["student", *(["class"] if several_classes else []), "level", "attempts"]
    keys += ["first", "best", "last"]
    html = [
        '<section id="students">' + tag("h2", tr("Each student")),
        '<p class="sub">'
        + esc(
            tr(
                "Every student’s attempts at each level: the first, the best (most stars, then "
                "the most utility) and the last result, as stars and the student’s utility; "
                "hover for what was agreed."
            )
        )
        + "</p>",
        '<div class="scroll"><table class="sortable"><thead><tr>',
        "".join(
            f'<th scope="col" data-key="s_{k}"><button type="button">{esc(h)}</button></th>'
            for k, h in zip(keys, head, strict=True)
        ),
        "</tr></thead><tbody>",
    ]
    for entry in entries:
        level = levels.get(entry.level_id)
        cells = [_cell(entry.student, entry.student, False)]
        if several_classes:
            cells.append(_cell(entry.class_code, entry.class_code, False))
        title = titles.get(entry.level_id, entry.level_id)
        cells.append(_cell(title, title, False))
        cells.append(_cell(len(entry.rows), str(len(entry.rows)), True))
        for row in (entry.first, entry.best, entry.last):
            cells.append(
                _cell(row.player_utility, _result_words(row), False, deal_words(row, level))
            )
        html.append(f"<tr>{''.join(cells)}</tr>")
    html.append("</tbody></table></div></section>")
    return "".join(html)


_ATTEMPT_WORDS = {
    "first": N_("Figures count each student’s first attempt at each level"),
    "best": N_("Figures count each student’s best attempt at each level"),
    "last": N_("Figures count each student’s last attempt at each level"),
    "all": N_("Figures count every attempt"),
}


def build_report(
    merged: MergedResults,
    library: LevelLibrary | Callable[[str], LevelSource | None],
    *,
    generated_at: str,
    game_version: str,
    title: str | None = None,
    class_names: dict[str, str] | None = None,
    attempts: str = "first",
    class_codes: Iterable[str] | None = None,
) -> str:
    """Return the report's HTML (one self-contained page).

    ``class_names`` (class code -> name, from the packs) puts the classes' names in the
    heading.  ``attempts`` (first, best, last or all) chooses which of a student's attempts
    at a level count in the class figures; ``class_codes`` (the packs' codes) sets apart the
    rows of students outside those classes, shown in a table of their own and never counted.
    """
    find = library.get if isinstance(library, LevelLibrary) else library
    rows = merged.rows
    level_ids = list(dict.fromkeys(r.level_id for r in rows))
    sources = {level_id: find(level_id) for level_id in level_ids}
    versions = {i: str(s.level.model.version) for i, s in sources.items() if s is not None}
    flag_rows(rows, versions)
    split = count_attempts(rows, attempts, class_codes)
    counted = split.counted
    levels = {i: (s.level if s else None) for i, s in sources.items()}
    titles = {i: _title(s.level if s else None, i) for i, s in sources.items()}
    classes = sorted({r.class_code for r in split.inside if r.class_code})
    students = {(r.class_code, r.student) for r in split.inside}
    deals = sum(1 for r in counted if r.agreement)
    names = [(class_names or {}).get(code, code) for code in classes]
    heading = title or (
        tr("Class debrief: {classes}").format(classes=", ".join(names))
        if names
        else tr("Class debrief")
    )
    replays = len(split.inside) - len(counted)
    counting = tr(_ATTEMPT_WORDS[split.choice])
    if replays:
        counting += " " + ngettext(
            "({n} other attempt left out)", "({n} other attempts left out)", replays
        ).format(n=replays)
    if split.outside:
        counting += "; " + ngettext(
            "{n} negotiation from outside the class is shown apart and not counted",
            "{n} negotiations from outside the class are shown apart and not counted",
            len(split.outside),
        ).format(n=len(split.outside))
    made = tr("{negotiations} by {students} on {levels}, merged from {exports} · made {when}")
    made = made.format(
        negotiations=ngettext("{n} negotiation", "{n} negotiations", len(split.inside)).format(
            n=len(split.inside)
        ),
        students=ngettext("{n} student", "{n} students", len(students)).format(n=len(students)),
        levels=ngettext("{n} level", "{n} levels", len(level_ids)).format(n=len(level_ids)),
        exports=ngettext("{n} export", "{n} exports", len(merged.files)).format(
            n=len(merged.files)
        ),
        when=generated_at,
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(language())}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(heading)}</title><style>{embedded_fonts()}{_STYLE}</style></head><body>",
        '<header class="top"><div class="wrap">',
        f"<h1>{esc(heading)}</h1>",
        f"<p>{esc(made)}</p>",
        f'<p class="counting">{esc(counting)}.</p>',
        '<div class="cards">',
        _card(_percent(deals, len(counted)), tr("agreement rate")),
        _card(_fmt(_mean([r.joint_utility for r in counted])), tr("mean joint utility")),
        _card(
            _fmt(_mean([r.pareto_distance for r in counted])), tr("mean distance to the frontier")
        ),
        _card(
            _fmt(_mean([r.trust_change for r in counted]), 1, sign=True), tr("mean trust change")
        ),
        "</div>",
        '<button type="button" id="projector-on" class="projector-button">'
        + esc(tr("Projector view (P): large type, one level at a time"))
        + "</button>",
        "</div></header>",
        '<main class="wrap">',
    ]
    parts.extend(_notes(merged))
    if not rows:
        parts.append(
            "<section>"
            + tag("h2", tr("No negotiations"))
            + tag("p", tr("The exports hold no usable rows."))
            + "</section>"
        )
    for level_id in level_ids:
        group = [r for r in counted if r.level_id == level_id]
        if group:
            parts.append(_level_section(level_id, group, sources[level_id]))
    if split.students:
        parts.append(students_html(split.students, titles, levels))
    if split.inside:
        parts.append(
            '<section id="every">'
            + tag("h2", tr("Every negotiation"))
            + '<p class="sub">'
            + esc(
                tr(
                    "Click a column heading to sort (again to reverse). Student ids are "
                    "pseudonyms. Hover a deal for what it was worth to each side; ✓ marks the "
                    "attempt the figures count."
                )
            )
            + "</p>"
        )
        parts.append(_table(split.inside, titles, levels, split))
        parts.append("</section>")
    if split.outside:
        parts.append(
            '<section id="outside">'
            + tag("h2", tr("From outside the class"))
            + '<p class="sub">'
            + esc(
                tr(
                    "These negotiations carry another class code, or none (a profile that never "
                    "joined the class): they are in no figure above. Check who they are before "
                    "you count them."
                )
            )
            + "</p>"
        )
        parts.append(_table(split.outside, titles, levels))
        parts.append("</section>")
    parts.append(
        "<footer>"
        + esc(tr("Made by Common Ground {version}").format(version=game_version))
        + " · <code>python main.py report</code> · "
        + esc(tr("this page needs no network"))
        + "</footer></main>"
    )
    bar, previous, following, leave = (
        tr("Projector view"),
        tr("Previous"),
        tr("Next"),
        tr("Leave (Esc)"),
    )
    parts.append(
        f'<nav id="projector-bar" aria-label="{esc(bar)}"><button type="button" '
        f'id="projector-prev">◀ {esc(previous)}</button><span id="projector-where"></span>'
        f'<button type="button" id="projector-next">{esc(following)} ▶</button>'
        f'<button type="button" id="projector-off">{esc(leave)}</button></nav>'
    )
    where = json.dumps(tr("Level {at} of {count}"))
    parts.append(
        f"<script>var projectorWhere={where};{_SCRIPT}{_PROJECTOR_SCRIPT}</script></body></html>"
    )
    return "\n".join(parts) + "\n"


def _notes(merged: MergedResults) -> list[str]:
    notes = []
    if merged.duplicates:
        notes.append(
            ngettext(
                "{n} duplicate row (the same negotiation in two exports) merged once.",
                "{n} duplicate rows (the same negotiation in two exports) merged once.",
                merged.duplicates,
            ).format(n=merged.duplicates)
        )
    if merged.skipped or merged.warnings:
        skipped = ngettext(
            "{n} malformed row skipped", "{n} malformed rows skipped", merged.skipped
        ).format(n=merged.skipped)
        warned = ngettext("{n} warning", "{n} warnings", len(merged.warnings)).format(
            n=len(merged.warnings)
        )
        notes.append(f"{skipped}; {warned}.")
    if not notes:
        return []
    parts = ['<section class="notes">' + tag("h3", tr("About the data"))]
    parts.extend(f"<p>{esc(n)}</p>" for n in notes)
    if merged.warnings:
        parts.append("<details>" + tag("summary", tr("Warnings")) + "<ul>")
        parts.extend(f"<li>{esc(w)}</li>" for w in merged.warnings)
        parts.append("</ul></details>")
    parts.append("</section>")
    return parts
