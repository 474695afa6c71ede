"""Custom levels: the player's own level files, checked in the background.

Files come from the data folder's ``levels/`` and every ``--levels DIR``.  Each file is
loaded with the same loader as ``python main.py validate``, in a worker thread, so a huge
level never freezes the window; a spinner and "Checking 3 of 7 files" show the progress.
A broken file shows the loader's exact lines (``PATH: LOCATION: MESSAGE``).  F5 checks
every file again (e.g. after fixing one in an editor).

A player in a class hands in their results here: "Hand in results" saves their finished
negotiations of the class's levels as the CSV file ``python main.py export`` writes, where
they say (a USB stick, a shared folder), for the teacher's class report.

Keys: Up / Down choose a file, Enter opens a valid level's briefing, F5 reloads, Tab
reaches the problem list (Up / Down scroll it) and the buttons, Esc goes back.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pygame

from game.i18n import N_, ngettext, number, tr
from game.levels.catalog import level_files
from game.levels.text import level_text
from game.store import StoreError
from game.ui.fonts import FontRole
from game.ui.keys import KeyBinding
from game.ui.scenes.common import MARGIN, CheckResult, LevelCheckJob, MenuScene
from game.ui.text import wrap_text
from game.ui.widgets.button_row import ButtonSpec
from game.ui.widgets.document import Bullets, DocumentView, Heading, Note, Paragraph
from game.ui.widgets.icons import draw_cross, draw_spinner, draw_tick
from game.ui.widgets.list_view import ListRow, ListView, RowState

__all__ = ["CustomLevelsScene", "NOT_IN_A_CLASS"]

logger = logging.getLogger(__name__)

NOT_IN_A_CLASS = N_("Join a class first (on the title screen): results go to a teacher")


class CustomLevelsScene(MenuScene):
    """Lists level files with their check results; see the module docstring."""

    KEYS = (
        KeyBinding(N_("Up / Down"), N_("pick a level file")),
        KeyBinding(
            N_("Enter on a file or its details"),
            N_("open its briefing (as the details say)"),
            ("RETURN", "ENTER"),
            lambda s, _: s.enter_opens(),
            first=True,
        ),
        KeyBinding(
            N_("F5"), N_("check the folder again"), ("F5",), lambda s, _: s.reload(), first=True
        ),
        KeyBinding(
            N_("Esc"), N_("back to the campaign map"), ("ESCAPE",), lambda s, _: s.on_back()
        ),
    )

    heading = N_("Custom levels")

    def __init__(self) -> None:
        super().__init__()
        self.files: list[Path] = []
        self.results: dict[Path, CheckResult] = {}
        self.job: LevelCheckJob | None = None
        self.selected: str | None = None
        self.chapters: dict[Path, str] = {}  # class levels: file -> "Class NAME"
        self.class_folders: dict[Path, str] = {}  # joined classes' level folders (on reload)
        self.class_order: dict[Path, list[Path]] = {}  # each class's levels, in pack order
        self.class_codes: dict[Path, str] = {}  # each class folder's class code
        self._phase = 0.0
        #: (class code, class name, student id) of the player's class, or None.
        self.player_class: tuple[str, str, str] | None = None

    # -- checking -------------------------------------------------------------------------------
    @property
    def folders(self) -> tuple[Path, ...]:
        return tuple(self.services["levels_dirs"]) + tuple(self.class_folders)

    def _find_class_folders(self) -> dict[Path, str]:
        """Return the level folders of the classes joined here, with each class's name (and
        each class's levels in the order of its pack, in ``class_order``)."""
        from game.classroom import installed_classes

        data_dir = getattr(self.services["store"], "data_dir", None)
        if data_dir is None:
            return {}
        classes = installed_classes(data_dir)
        self.class_order = {c.levels_dir: [entry.path for entry in c.levels] for c in classes}
        self.class_codes = {c.levels_dir: c.code for c in classes}
        return {c.levels_dir: tr("Class {name}").format(name=c.name) for c in classes}

    def _folders_in_order(self) -> list[tuple[Path, str | None]]:
        """Return the folders to list: the player's class first (its chapter leads), then
        the levels folders, then the other classes."""
        mine = self.player_class[0] if self.player_class else None
        classes = list(self.class_folders.items())
        first = [(f, n) for f, n in classes if self.class_codes.get(f) == mine]
        others = [(f, n) for f, n in classes if self.class_codes.get(f) != mine]
        return [*first, *((f, None) for f in self.services["levels_dirs"]), *others]

    def _player_class(self) -> tuple[str, str, str] | None:
        """Return the chosen profile's class (code, name, student id), or None."""
        name = self.services["profile_name"]
        if not name:
            return None
        try:
            profile = self.services["store"].get_profile(name)
        except StoreError:
            return None
        code = profile.get("class_code")
        if not code:
            return None
        from game.classroom import find_class

        data_dir = getattr(self.services["store"], "data_dir", None)
        installed = find_class(data_dir, code) if data_dir is not None else None
        title = installed.name if installed is not None else code
        return code, title, str(profile.get("student_id") or name)

    def reload(self) -> None:
        """Find the files again and check each one in a worker thread."""
        if self.job is not None:
            self.job.cancel()
        files: list[Path] = []
        self.chapters = {}
        self.class_folders = self._find_class_folders()
        self.player_class = self._player_class()
        for folder, chapter in self._folders_in_order():
            listed = level_files(folder)
            ordered = [p for p in self.class_order.get(folder, ()) if p in listed]
            found = [p for p in [*ordered, *listed] if p not in files]
            found = list(dict.fromkeys(found))  # the pack's order, then any other file
            files.extend(found)
            self.chapters.update({p: chapter for p in found if chapter})
        self.files = files
        self.results = {}
        self.job = LevelCheckJob(files).start() if files else None
        self._refresh_rows()

    @property
    def checking(self) -> bool:
        """Return True while files are still being checked."""
        return self.job is not None and not self.job.done

    def enter(self, context) -> None:
        super().enter(context)
        if self.job is None and not self.results:
            self.reload()

    def update(self, dt: float) -> None:
        super().update(dt)
        self._phase += dt
        if self.job is None:
            return
        arrived = self.job.results()
        for result in arrived:
            self.results[result.path] = result
        if arrived:
            self._refresh_rows()

    # -- rows and details ---------------------------------------------------------------------------
    def file_rows(self) -> list[ListRow]:
        """Return one row per file, with its state in words."""
        rows = []
        for path in self.files:
            result = self.results.get(path)
            if result is None:
                detail, title = tr("Checking…"), path.name
            elif result.ok:
                assert result.level is not None
                title = f"{level_text(result.level.model).title}"
                detail = tr("Valid · {file}").format(file=path.name)
                if path in self.chapters:
                    detail = f"{self.chapters[path]} · {detail}"
            else:
                count = len(result.lines)
                title = path.name
                detail = ngettext(
                    "{n} problem: cannot be played", "{n} problems: cannot be played", count
                ).format(n=number(count))
            rows.append(ListRow(str(path), title, detail, data=result))
        return rows

    def _refresh_rows(self) -> None:
        files_list = getattr(self, "files_list", None)
        if self.control_style is None or files_list is None or not files_list.alive():
            return  # laid out later
        self.files_list.set_rows(self.file_rows(), select_key=self.selected)
        row = self.files_list.selected_row
        self.selected = row.key if row else None
        self._update_details()

    def selected_result(self) -> CheckResult | None:
        """Return the check result of the chosen file (None while it is being checked)."""
        return self.results.get(Path(self.selected)) if self.selected else None

    def detail_blocks(self) -> list:
        """Return the right-hand page: the level's headline, or its problems."""
        if not self.files:
            folders = ", ".join(str(f) for f in self.folders) or tr("(none)")
            return [
                Heading(tr("No level files yet")),
                Paragraph(
                    tr("Put .json level files in {folders} and press F5.").format(folders=folders)
                ),
                Paragraph(
                    tr(
                        "Start from a template: python main.py new-level, then check it with "
                        "python main.py validate FILE."
                    ),
                    muted=True,
                ),
            ]
        if self.selected is None:
            return [Paragraph(tr("Choose a file in the list."), muted=True)]
        path = Path(self.selected)
        result = self.selected_result()
        if result is None:
            return [Heading(path.name), Paragraph(tr("Checking this file…"), muted=True)]
        if result.ok:
            assert result.level is not None
            model = level_text(result.level.model)
            issues = ", ".join(i.name for i in model.issues)
            people = ", ".join(f"{n.name} ({n.role})" for n in model.npcs)
            return [
                Heading(model.title),
                Paragraph(model.summary),
                Paragraph(str(path), label=tr("File:"), muted=True, size=16),
                Paragraph(issues, label=tr("Issues:")),
                Paragraph(people, label=tr("Across the table:")),
                Paragraph(
                    tr("{n} possible packages").format(n=number(result.level.analysis.outcomes)),
                    label=tr("Size:"),
                ),
                Note(
                    tr("the level is valid. Press Enter or Open briefing to play it."), tr("Ready")
                ),
            ]
        count = len(result.lines)
        return [
            Heading(path.name),
            Note(
                ngettext(
                    "this file has {n} problem and cannot be played. "
                    "Fix it in your editor, save, and press F5.",
                    "this file has {n} problems and cannot be played. "
                    "Fix them in your editor, save, and press F5.",
                    count,
                ).format(n=number(count)),
                tr("Problem"),
            ),
            Paragraph(tr("The same lines as python main.py validate:"), muted=True, size=16),
            Bullets(tuple(result.lines), size=16),
        ]

    def _update_details(self) -> None:
        self.details.set_blocks(self.detail_blocks())
        button = self.button("open")
        if button is None:
            return
        result = self.selected_result()
        if result is not None and result.ok:
            button.enable()
        else:
            button.disable(
                tr("Choose a valid level")
                if result is not None
                else tr("Wait until the file is checked")
            )

    # -- layout ---------------------------------------------------------------------------------
    def footer_specs(self) -> list[ButtonSpec]:
        """Return the buttons under the page."""
        return [
            ButtonSpec("back", tr("Back")),
            ButtonSpec("reload", tr("Check again (F5)")),
            ButtonSpec("open", tr("Open briefing"), tr("Choose a valid level")),
            ButtonSpec(
                "hand_in",
                tr("Hand in results"),
                None if self.player_class else tr(NOT_IN_A_CLASS),
            ),
        ]

    def _folder_lines(self, width: int) -> list[str]:
        """Return "Looking in: ..." wrapped to ``width`` (every line: none left out)."""
        folders = tr("Looking in: {folders}").format(
            folders="; ".join(str(f) for f in self.folders)
        )
        return wrap_text(self.fonts.get(FontRole.ITALIC, 15), folders, width)

    def _status_height(self) -> int:
        fonts = self.fonts
        lines = max(2, len(self._folder_lines(self.size[0] - 2 * MARGIN)))
        return (
            fonts.line_height(FontRole.BODY, 18)
            + lines * fonts.line_height(FontRole.ITALIC, 15)
            + 8
        )

    def stacked(self, width: int) -> bool:
        """Return True when the text is large for the width: the list above the details."""
        return width / self.fonts.text_scale < 700

    def _list_rows_height(self, rows: int) -> int:
        fonts = self.fonts
        row_h = fonts.line_height(FontRole.BOLD, 20) + fonts.line_height(FontRole.BODY, 16) + 16
        return rows * row_h + 8

    def min_height(self, width: int) -> int:
        body = self.fonts.scaled_size(200)
        if self.stacked(width):
            body = self._list_rows_height(3) + 16 + self.fonts.scaled_size(240)
        return self.frame_height(width, self.footer_specs()) + self._status_height() + body

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        width, height = size
        fonts = self.fonts
        top = self.content_top()
        status_h = self._status_height()
        self.status_rect = pygame.Rect(MARGIN, top, width - 2 * MARGIN, status_h)
        top += status_h + 8
        buttons, footer_top = self.build_footer(self.footer_specs(), width, height - MARGIN)
        body_h = footer_top - 16 - top
        if self.stacked(width):
            list_h = self._list_rows_height(3)
            list_rect = pygame.Rect(MARGIN, top, width - 2 * MARGIN, list_h)
            details_rect = pygame.Rect(
                MARGIN, list_rect.bottom + 16, width - 2 * MARGIN, body_h - list_h - 16
            )
        else:
            left_w = max(280, int((width - 3 * MARGIN) * 0.4))
            list_rect = pygame.Rect(MARGIN, top, left_w, body_h)
            details_rect = pygame.Rect(
                MARGIN + left_w + MARGIN, top, width - 3 * MARGIN - left_w, body_h
            )
        files = ListView(
            fonts,
            self.palette,
            on_select=self._on_select,
            on_activate=lambda row: self.open_selected(),
            decorate=self._decorate,
            decoration_width=min(40, fonts.line_height(FontRole.BOLD, 20)) + 16,
            scale_decoration=False,
            empty_text=tr("No level files found."),
        )
        files.set_rect(list_rect)
        self.files_list = self.track(files, "files")
        details = DocumentView(fonts, self.palette)
        details.set_rect(details_rect)
        self.details = self.track(details, "details")
        files.set_rows(self.file_rows(), select_key=self.selected)
        row = files.selected_row
        self.selected = row.key if row else None
        self._update_details()

    def initial_focus(self) -> None:
        self.focus_key("files")

    # -- drawing ------------------------------------------------------------------------------------
    def draw_back(self, surface: pygame.Surface) -> None:
        super().draw_back(surface)
        palette = self.palette
        rect = self.status_rect
        body = self.fonts.get(FontRole.BODY, 18)
        small = self.fonts.get(FontRole.ITALIC, 15)
        x = rect.left
        if self.checking:
            assert self.job is not None
            radius = body.get_linesize() // 2
            draw_spinner(
                surface,
                (x + radius, rect.top + radius),
                radius,
                self._phase,
                palette.colour("primary"),
            )
            x += 2 * radius + 10
            text = self.status_text()
        else:
            text = self.status_text() if self.files else tr("No level files found.")
        surface.blit(body.render(text, True, palette.colour("text")), (x, rect.top))
        y = rect.top + body.get_linesize()
        for line in self._folder_lines(rect.width):
            surface.blit(small.render(line, True, palette.colour("text_muted")), (rect.left, y))
            y += small.get_linesize()

    def _decorate(
        self, surface: pygame.Surface, rect: pygame.Rect, row: ListRow, state: RowState
    ) -> None:
        result = row.data
        size = max(14, min(26, self.fonts.line_height(FontRole.BOLD, 20) * 2 // 3))
        icon = pygame.Rect(0, 0, size, size)
        icon.midright = (rect.right - 12, rect.centery)
        if result is None:
            draw_spinner(
                surface, icon.center, size // 2, self._phase, self.palette.colour("text_muted")
            )
        elif result.ok:
            draw_tick(surface, icon, self.palette.colour("positive"))
        else:
            draw_cross(surface, icon, self.palette.colour("negative"))

    # -- actions ------------------------------------------------------------------------------------
    def _on_select(self, row: ListRow) -> None:
        self.selected = row.key
        self._update_details()
        self.details.scroll_to(0)

    def open_selected(self) -> None:
        """Open the briefing of the chosen file if it is valid."""
        result = self.selected_result()
        if result is None or self.selected is None:  # a result is only found for a file
            return
        if not result.ok:
            self.show_banner(
                tr("{file} has problems; fix them and press F5.").format(
                    file=Path(self.selected).name
                ),
                "error",
                timeout=6,
            )
            return
        self.navigator.to_briefing(result.level)

    def enter_opens(self) -> bool:
        """Enter on the list or the details: open the chosen valid level, as the details say
        ("Press Enter to play it"); on a button (or with nothing to open) Enter is the
        focused control's (False)."""
        focused = self.focus.focused
        if focused is not None and self.key_of(focused) not in (None, "files", "details"):
            return False
        result = self.selected_result()
        if result is None or not result.ok:
            return False
        self.open_selected()
        return True

    def on_button(self, key: str) -> None:
        if key == "open":
            self.open_selected()
        elif key == "reload":
            self.reload()
        elif key == "hand_in" and self.player_class is not None:
            from game.ui.file_places import RecentFolders
            from game.ui.scenes.file_chooser import FileChooserScene

            code, title, student = self.player_class
            chooser = FileChooserScene(
                tr("Hand in your results: {title}").format(title=title),
                mode="folder",
                suffixes=(".csv",),
                recent=RecentFolders(self.services["store"].data_dir),
                hint=tr(
                    "Open the folder for your teacher (a USB stick or a shared folder) and "
                    "press Save here: the file is named after the class and your student id "
                    "{student} (no name)."
                ).format(student=student),
                attempt=lambda path: self._hand_in(str(path)),
            )
            self.open(chooser)
        elif key == "back":
            self.navigator.back()

    def _hand_in(self, text: str) -> str | None:
        """Write the player's class results to the path typed; return what went wrong."""
        from game.classroom import find_class
        from game.classroom.export import export_rows, write_csv

        if self.player_class is None:
            return tr(NOT_IN_A_CLASS)
        if not text.strip():
            return tr("Type where to save the file, e.g. E:/my-results.csv.")
        code, _, student = self.player_class
        path = Path(text.strip().strip('"').strip()).expanduser()
        if path.is_dir():
            path = path / f"common-ground-{code.lower()}-{student}.csv"
        elif path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
        store = self.services["store"]
        installed = find_class(store.data_dir, code)
        try:
            rows = export_rows(
                store, profile=self.services["profile_name"], class_code=code, plays_of=installed
            )
        except StoreError as error:
            return " ".join(error.user_lines)
        if not rows:
            return tr(
                "You have no finished negotiation of this class's levels yet: play one first."
            )
        try:
            write_csv(path, rows)
        except OSError as error:
            return tr("Cannot save {path}: {error}. Try another folder.").format(
                path=path, error=error.strerror or error
            )
        except StoreError as error:  # a folder, a device, a missing folder, a full disk
            return tr("Cannot save {what}").format(what=" ".join(error.user_lines))
        saved = ngettext(
            "Saved {n} negotiation to {path}. Give this file to your teacher.",
            "Saved {n} negotiations to {path}. Give this file to your teacher.",
            len(rows),
        ).format(n=number(len(rows)), path=path)
        self.show_banner(saved, "success")
        return None

    def problem_lines(self) -> list[str]:
        """Return the problem lines shown for the chosen file (empty when valid)."""
        result = self.selected_result()
        return list(result.lines) if result is not None else []

    def status_text(self) -> str:
        """Return the status line (for tests)."""
        if self.checking:
            assert self.job is not None
            return tr("Checking {n} of {total} files…").format(
                n=number(min(self.job.finished + 1, self.job.total)),
                total=number(self.job.total),
            )
        valid = sum(1 for r in self.results.values() if r.ok)
        return ngettext(
            "{n} of {total} file can be played.",
            "{n} of {total} files can be played.",
            len(self.files),
        ).format(n=number(valid), total=number(len(self.files)))

    def describe(self) -> list[str]:
        """Return every line shown in the list and the details (for tests)."""
        return [*self.files_list.text_lines(), *self.details.text_lines()]
