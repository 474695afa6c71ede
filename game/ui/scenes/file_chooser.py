"""A file chooser inside the game: places on the left (home, removable drives, recent
folders), the folder's contents on the right, no typing needed.

Opened with ``scene.open(FileChooserScene(...), then)``; it returns the chosen path, or
None when cancelled.  ``attempt(path)`` (optional) tries the path first -- joins the class,
saves the file -- and returns None when it worked, else a sentence the chooser shows while
it stays open.  ``mode="file"`` returns a file ending in one of ``suffixes`` (Enter or
a double click on it, or Open); ``mode="folder"`` returns the folder shown (Save here).
A file dropped on the window is chosen at once; "Type a path…" still takes a typed one.
Keyboard: Tab between the lists and buttons, Enter opens a folder or picks a file,
Backspace goes up a folder, Esc cancels.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import pygame

from game.i18n import N_, tr
from game.ui.file_places import Place, RecentFolders, folder_entries, places
from game.ui.fonts import FontRole
from game.ui.keys import KeyBinding
from game.ui.scenes.common import MARGIN, MenuScene
from game.ui.scenes.dialogs import TextPromptScene
from game.ui.text import wrap_text
from game.ui.widgets.button_row import ButtonSpec
from game.ui.widgets.list_view import ListRow, ListView

__all__ = ["FileChooserScene"]

logger = logging.getLogger(__name__)

UP = ".."


class FileChooserScene(MenuScene[Path | None]):
    """Choose a file (or a folder) by browsing, from home, removable drives or recent folders."""

    KEYS = (
        KeyBinding(N_("Up / Down"), N_("pick a folder or a file")),
        KeyBinding(N_("Enter"), N_("open the folder, or choose the file")),
        KeyBinding(
            N_("Backspace"),
            N_("go up a folder"),
            ("BACKSPACE",),
            lambda s, _: s.go_up(),
            first=True,
        ),
        KeyBinding(N_("Esc"), N_("cancel"), ("ESCAPE",), lambda s, _: s.on_back()),
    )

    def __init__(
        self,
        title: str,
        *,
        mode: str = "file",
        suffixes: Sequence[str] = (),
        start: Path | None = None,
        recent: RecentFolders | None = None,
        place_list: Sequence[Place] | None = None,
        hint: str = "",
        attempt: Callable[[Path], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.attempt = attempt
        self.heading = title
        self.mode = mode
        self.suffixes = tuple(suffixes)
        self.recent = recent or RecentFolders(None)
        self._places = list(place_list) if place_list is not None else None
        self.hint = hint
        self.folder = start or self._first_folder()
        self.selected: Path | None = None
        self.problem = ""

    # -- data -----------------------------------------------------------------------------
    def place_list(self) -> list[Place]:
        """Return the places (found once, when first asked)."""
        if self._places is None:
            self._places = places(recent=self.recent.load())
        return self._places

    def _first_folder(self) -> Path:
        """Start where a pack most likely is: the latest recent folder, else a removable
        drive, else home."""
        found = self.place_list()
        for kind in ("recent", "drive", "home"):
            for place in found:
                if place.kind == kind:
                    return place.path
        return Path.home()

    def entries_rows(self) -> list[ListRow]:
        """Return the rows of the folder shown: up, its folders, then its matching files."""
        rows = []
        if self.folder.parent != self.folder:
            parent = self.folder.parent.name or str(self.folder.parent)
            rows.append(ListRow(UP, "..", tr("up to {folder}").format(folder=parent)))
        try:
            entries = folder_entries(self.folder, self.suffixes)
            self.problem = ""
        except OSError as error:
            entries = []
            self.problem = tr("Cannot read {folder}: {error}.").format(
                folder=self.folder, error=error.strerror or error
            )
        for entry in entries:
            detail = tr("folder") if entry.is_folder else tr("file")
            title = entry.name + ("/" if entry.is_folder else "")
            rows.append(ListRow(str(entry.path), title, detail, data=entry))
        return rows

    def place_rows(self) -> list[ListRow]:
        """Return the places, under a header per kind."""
        headers = {
            "home": tr("Places"),
            "drive": tr("Drives (USB sticks)"),
            "recent": tr("Recent folders"),
        }
        rows: list[ListRow] = []
        for kind, header in headers.items():
            group = [p for p in self.place_list() if p.kind == kind]
            if group:
                rows.append(ListRow(f"header-{kind}", header, header=True))
                rows.extend(
                    ListRow(f"{kind}:{p.path}", p.label, str(p.path), data=p) for p in group
                )
        return rows

    # -- actions --------------------------------------------------------------------------
    def go(self, folder: Path) -> None:
        """Show ``folder``."""
        self.folder = folder
        self.selected = None
        self.on_resize(self.size)
        self.focus_key("entries")

    def choose(self, path: Path) -> None:
        """Try ``path`` and return it (remembering its folder); on a problem, say it and stay."""
        error = self.try_path(path)
        if error is not None:
            self.show_banner(error, "error")
            return
        self.dismiss(path)

    def try_path(self, path: Path) -> str | None:
        """Return what is wrong with ``path`` for the caller (None: it worked)."""
        error = self.attempt(path) if self.attempt is not None else None
        if error is None:
            self.recent.add(path if path.is_dir() else path.parent)
        return error

    def _on_entry(self, row: ListRow) -> None:
        entry = row.data
        self.selected = None if entry is None or entry.is_folder else entry.path
        self._update_open()

    def _on_entry_activate(self, row: ListRow) -> None:
        if row.key == UP:
            self.go(self.folder.parent)
            return
        entry = row.data
        if entry is None:
            return
        if entry.is_folder:
            self.go(entry.path)
        else:
            self.choose(entry.path)

    def _on_place(self, row: ListRow) -> None:
        if isinstance(row.data, Place):
            self.go(row.data.path)

    def _update_open(self) -> None:
        button = self.button("open")
        if button is None or self.mode != "file":
            return
        if self.selected is not None:
            button.enable()
        else:
            button.disable()

    def on_button(self, key: str) -> None:
        if key == "open":
            if self.mode == "folder":
                self.choose(self.folder)
            elif self.selected is not None:
                self.choose(self.selected)
        elif key == "up":
            self.go(self.folder.parent)
        elif key == "type":
            prompt = TextPromptScene(
                self.heading,
                tr("Type the path of the folder.")
                if self.mode == "folder"
                else tr("Type the path of the file."),
                self._typed_problem,
                initial=str(self.folder),
                submit_text=tr("Use this path"),
            )
            prompt.MAX_LENGTH = 1000
            prompt.accepts_drops = True
            self.open(prompt, self._typed)
        elif key == "back":
            self.on_back()

    @staticmethod
    def _typed_path(text: str) -> Path:
        return Path(text.strip().strip('"').strip()).expanduser()

    def _typed_problem(self, text: str) -> str | None:
        if not text.strip():
            return tr("Type a path, or Cancel to browse.")
        return self.try_path(self._typed_path(text))  # the prompt shows it and stays open

    def _typed(self, text: str | None) -> None:
        if text:
            self.dismiss(self._typed_path(text))  # already tried by the prompt

    def on_back(self) -> None:
        self.dismiss(None)

    def go_up(self) -> None:
        """Show the folder that holds this one."""
        self.go(self.folder.parent)

    def on_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.DROPFILE:
            dropped = Path(str(event.file))
            if self.mode == "folder" and not dropped.is_dir():
                dropped = dropped.parent
            self.choose(dropped)
            return True
        return False

    # -- layout ---------------------------------------------------------------------------
    def footer_specs(self) -> list[ButtonSpec]:
        """Return the buttons under the lists."""
        primary = tr("Save here") if self.mode == "folder" else tr("Open")
        reason = None if self.mode == "folder" else tr("Choose a file in the list")
        return [
            ButtonSpec("back", tr("Cancel")),
            ButtonSpec("up", tr("Up one folder")),
            ButtonSpec("type", tr("Type a path…")),
            ButtonSpec("open", primary, reason),
        ]

    def min_height(self, width: int) -> int:
        return self.frame_height(width, self.footer_specs()) + self.fonts.scaled_size(260)

    def _status_words(self) -> str:
        return (
            self.problem
            or self.hint
            or tr(
                "Enter opens a folder or picks a file · Backspace goes up · "
                "or drop the file on this window"
            )
        )

    def _status_lines(self, width: int) -> tuple[list[str], list[str]]:
        """Return the folder's line and the hint (or problem) wrapped to ``width``."""
        bold = self.fonts.get(FontRole.BOLD, 18)
        small = self.fonts.get(FontRole.ITALIC, 15)
        folder = tr("Folder: {folder}").format(folder=self.folder)
        return wrap_text(bold, folder, width), wrap_text(small, self._status_words(), width)

    def _status_height(self) -> int:
        folder, words = self._status_lines(self.size[0] - 2 * MARGIN)
        return (
            len(folder) * self.fonts.line_height(FontRole.BOLD, 18)
            + len(words) * self.fonts.line_height(FontRole.ITALIC, 15)
            + 8
        )

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        width, height = size
        fonts = self.fonts
        top = self.content_top()
        self.status_top = top
        rows = self.entries_rows()  # reading the folder may find a problem to say
        top += self._status_height()
        buttons, footer_top = self.build_footer(self.footer_specs(), width, height - MARGIN)
        body_h = max(80, footer_top - 16 - top)
        left_w = max(220, int((width - 3 * MARGIN) * 0.32))
        place_list = ListView(fonts, self.palette, on_select=self._on_place, empty_text="")
        place_list.set_rect(pygame.Rect(MARGIN, top, left_w, body_h))
        entries = ListView(
            fonts,
            self.palette,
            on_select=self._on_entry,
            on_activate=self._on_entry_activate,
            empty_text=tr("Nothing to choose here: open a folder, or choose a place on the left."),
        )
        entries.set_rect(pygame.Rect(2 * MARGIN + left_w, top, width - 3 * MARGIN - left_w, body_h))
        self.places_list = self.track(place_list, "places")
        self.entries_list = self.track(entries, "entries")
        first_file = next(
            (r.key for r in rows if r.data is not None and not r.data.is_folder), None
        )
        entries.set_rows(rows, select_key=str(self.selected) if self.selected else first_file)
        row = entries.selected_row
        self.selected = (
            row.data.path
            if row is not None and row.data is not None and not row.data.is_folder
            else None
        )
        here = next(
            (
                r.key
                for r in self.place_rows()
                if isinstance(r.data, Place) and r.data.path == self.folder
            ),
            None,
        )
        place_list.set_rows(self.place_rows(), select_key=here)
        self._update_open()

    def initial_focus(self) -> None:
        self.focus_key("entries")

    def draw_back(self, surface: pygame.Surface) -> None:
        super().draw_back(surface)
        palette = self.palette
        bold = self.fonts.get(FontRole.BOLD, 18)
        small = self.fonts.get(FontRole.ITALIC, 15)
        folder, words = self._status_lines(self.size[0] - 2 * MARGIN)
        y = self.status_top
        for line in folder:
            surface.blit(bold.render(line, True, palette.colour("text")), (MARGIN, y))
            y += bold.get_linesize()
        colour = palette.colour("negative" if self.problem else "text_muted")
        for line in words:
            surface.blit(small.render(line, True, colour), (MARGIN, y))
            y += small.get_linesize()
