"""The title screen: pick, create, rename or delete a profile, then continue or open a screen.

Keys: Tab / Shift-Tab move the focus, Up / Down pick a profile in the list, Enter or Space
presses a button (Enter on a profile continues its campaign), F2 renames the chosen
profile, Delete deletes it (after a confirmation), Esc asks whether to quit.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pygame

from game.i18n import N_, ngettext, number, pgettext, tr
from game.store import ProfileError, StoreError
from game.ui.fonts import FontRole
from game.ui.keys import KeyBinding, key_hints
from game.ui.scenes.common import (
    MARGIN,
    CampaignOverview,
    MenuScene,
    arrow_focus,
    campaign_overview,
    class_lead,
)
from game.ui.scenes.dialogs import ConfirmScene, TextPromptScene
from game.ui.text import wrap_text
from game.ui.widgets.button_row import (
    ButtonSpec,
    build_column,
    build_row,
    button_height,
    row_rects,
)
from game.ui.widgets.list_view import ListRow, ListView

__all__ = ["TitleScene", "JOIN_CLASS_REASON"]

logger = logging.getLogger(__name__)

JOIN_CLASS_REASON = N_("Open the class pack (.cgpack) your teacher gave you")
NO_PROFILE_REASON = N_("Create or pick a profile first")
TAGLINE = N_("Practise negotiating: find the deal that works for both sides.")
UNEXPECTED = N_("The pack could not be opened because of an unexpected error (see the log).")
LEVELS_UNDER_CUSTOM = N_("Its levels are under Custom levels.")


class TitleScene(MenuScene):
    """Profiles on the left, what to do next on the right."""

    KEYS = (
        KeyBinding(
            N_("Up / Down"),
            N_("pick a profile in the list; on a button, move to the control above / below"),
            ("UP", "DOWN"),
            arrow_focus,  # the list uses the keys itself when it has the focus
            hint=N_("Up/Down pick"),
        ),
        KeyBinding(
            N_("F2"),
            N_("rename the chosen profile"),
            ("F2",),
            lambda s, _: s.rename_chosen(),
            first=True,
            hint=N_("F2 rename"),
        ),
        KeyBinding(
            N_("Delete"),
            N_("delete the chosen profile (the game asks first)"),
            ("DELETE",),
            lambda s, _: s.delete_chosen(),
            first=True,
            hint=N_("Delete removes"),
        ),
        KeyBinding(
            N_("Enter on a profile"), N_("continue its campaign"), hint=N_("Enter continues")
        ),
        KeyBinding(
            N_("Esc"),
            N_("quit the game (the game asks first)"),
            ("ESCAPE",),
            lambda s, _: s.on_back(),
        ),
    )

    lays_out_on_resume = True  # resume() reads the profiles again and lays out

    def __init__(self) -> None:
        super().__init__()
        self.overview: CampaignOverview | None = None
        self.class_next: Any = None  # the class level that leads, for a profile in a class
        self._after_dialog: tuple[str, str] | None = None  # ("select", name) once a prompt closes
        self._profiles: list[dict[str, Any]] = []
        self.join_hint = tr(JOIN_CLASS_REASON)

    # -- data -----------------------------------------------------------------------------------
    @property
    def store(self) -> Any:
        return self.services["store"]

    @property
    def profile_name(self) -> str | None:
        return self.services["profile_name"]

    def _load(self) -> None:
        try:
            self._profiles = self.store.list_profiles()
        except StoreError as error:
            self._profiles = []
            self.show_banner(" ".join(error.user_lines), "error")
        name = self.profile_name
        profile = None
        if name is not None:
            try:
                profile = self.store.get_profile(name)
            except StoreError:
                profile = None
        self.overview = campaign_overview(profile)
        self.class_next = class_lead(self.store, name) if profile is not None else None
        code, student = (profile or {}).get("class_code"), (profile or {}).get("student_id")
        self.join_hint = (
            tr("Class {code} · you are {student}").format(code=code, student=student)
            if code
            else tr(JOIN_CLASS_REASON)
        )

    def enter(self, context) -> None:
        super().enter(context)
        assert self.banner is not None  # made by MenuScene.enter
        for message in self.services.take_recovery_messages():
            self.banner.show(message, "warning")
        self._load()

    def resume(self) -> None:
        if self._after_dialog is not None:
            action, name = self._after_dialog
            self._after_dialog = None
            if action == "select":
                self.services.select_profile(name)  # may rebuild every scene (new settings)
            elif action == "joined":
                self.show_banner(name, "success", timeout=10)
            elif action == "seat":
                self._refresh()
                self._ask_seat(Path(name))
                return
        self._refresh()

    def _refresh(self) -> None:
        if self.control_style is not None:
            self._load()
            self.on_resize(self.stack.size if self._stack is not None else self.size)

    # -- layout ---------------------------------------------------------------------------------
    def title_size(self) -> int:
        """Return the design size of the big title (at most 66 px on screen)."""
        return max(20, min(44, round(66 / self.fonts.text_scale)))

    def _profile_specs(self) -> list[ButtonSpec]:
        reason = None if self.profile_name else tr(NO_PROFILE_REASON)
        return [
            ButtonSpec("new", tr("New profile")),
            ButtonSpec("rename", tr("Rename"), reason),
            ButtonSpec("delete", pgettext("button", "Delete"), reason),
        ]

    def _columns(self, width: int) -> tuple[int, int, int]:
        """Return (left width, right x, right width)."""
        left_w = max(300, int((width - 3 * MARGIN) * 0.42))
        right_x = MARGIN + left_w + MARGIN
        return left_w, right_x, width - MARGIN - right_x

    def _header_height(self, width: int) -> int:
        fonts = self.fonts
        tagline_font = fonts.get(FontRole.ITALIC, 18)
        lines = wrap_text(tagline_font, tr(TAGLINE), width - 2 * MARGIN)
        return (
            fonts.line_height(FontRole.HEADING, self.title_size())
            + len(lines) * tagline_font.get_linesize()
            + 16
        )

    def min_height(self, width: int) -> int:
        fonts = self.fonts
        left_w, _, right_w = self._columns(width)
        button_h = button_height(fonts)
        probe = row_rects(self._profile_specs(), pygame.Rect(MARGIN, 0, left_w, 10), fonts)
        row_h = fonts.line_height(FontRole.BOLD, 20) + fonts.line_height(FontRole.BODY, 16) + 16
        hint_font = fonts.get(FontRole.ITALIC, 15)
        left = (
            fonts.line_height(FontRole.BOLD, 20)
            + 6
            + 2 * row_h
            + 8
            + len(self._keys_hint_lines(left_w)) * hint_font.get_linesize()
            + 16
            + max(r.bottom for r in probe)
        )
        right = (
            self._summary_height(right_w)
            + 12
            + 6 * (button_h + 12)
            + len(self._join_lines(self._column_width(right_w))) * hint_font.get_linesize()
            + 8
        )
        return 2 * MARGIN + self.banner_height() + self._header_height(width) + max(left, right)

    def _keys_hint_lines(self, width: int) -> list[str]:
        """Return the line of keys under the profiles, wrapped to ``width``."""
        return wrap_text(self.fonts.get(FontRole.ITALIC, 15), key_hints(self.KEYS), width)

    def _join_lines(self, width: int) -> list[str]:
        """Return the words under Join a class, wrapped to ``width``."""
        return wrap_text(self.fonts.get(FontRole.ITALIC, 15), self.join_hint, width)

    def _column_width(self, right_w: int) -> int:
        return min(right_w, max(320, self.fonts.scaled_size(420)))

    def layout(self, size: tuple[int, int]) -> None:
        assert self.control_style is not None
        width, height = size
        fonts = self.fonts
        top = self.content_top()
        title_font = fonts.get(FontRole.HEADING, self.title_size())
        self.title_y = top
        top += title_font.get_linesize()
        tagline_font = fonts.get(FontRole.ITALIC, 18)
        self.tagline_lines = wrap_text(tagline_font, tr(TAGLINE), width - 2 * MARGIN)
        self.tagline_y = top
        top += len(self.tagline_lines) * tagline_font.get_linesize() + 16

        left_w, right_x, right_w = self._columns(width)
        bottom = height - MARGIN

        # Left: who is playing.
        label_h = fonts.line_height(FontRole.BOLD, 20) + 6
        self.list_label_y = top
        list_top = top + label_h
        specs = self._profile_specs()
        probe = row_rects(specs, pygame.Rect(MARGIN, 0, left_w, 10), fonts)
        rows_h = max(r.bottom for r in probe)
        self.keys_hint_lines = self._keys_hint_lines(left_w)
        hint_h = len(self.keys_hint_lines) * fonts.line_height(FontRole.ITALIC, 15) + 4
        list_bottom = bottom - rows_h - 12 - hint_h
        profiles = ListView(
            fonts,
            self.palette,
            on_select=self._on_pick,
            on_activate=lambda row: self.on_button("continue"),
            empty_text=tr("No profiles yet: press New profile."),
        )
        profiles.set_rect(pygame.Rect(MARGIN, list_top, left_w, max(80, list_bottom - list_top)))
        profiles.set_rows(self._profile_rows(), select_key=self.profile_name)
        self.profiles = self.track(profiles, "profiles")
        self.keys_hint_y = profiles.rect.bottom + 4
        row, _ = build_row(
            specs, pygame.Rect(MARGIN, bottom - rows_h, left_w, rows_h), fonts, self.control_style
        )
        self.add_buttons(row)

        # Right: what next.
        self.summary_rect = pygame.Rect(right_x, top, right_w, 0)
        summary_h = self._summary_height(right_w)
        self.summary_rect.height = summary_h
        suggested = self.overview.suggested if self.overview else None
        if not self.profile_name:
            continue_spec = ButtonSpec("continue", tr("Continue"), tr(NO_PROFILE_REASON))
        elif self.class_next is not None:
            continue_spec = ButtonSpec(
                "continue", tr("Continue: {level}").format(level=self.class_next.label)
            )
        elif suggested is None:
            continue_spec = ButtonSpec(
                "continue",
                tr("Continue: every level has three stars"),
                tr("Every level has three stars: pick one on the campaign map"),
            )
        else:
            continue_spec = ButtonSpec(
                "continue", tr("Continue: {level}").format(level=suggested.title)
            )
        no_profile = None if self.profile_name else tr(NO_PROFILE_REASON)
        column = [
            continue_spec,
            ButtonSpec("campaign", tr("Campaign map"), no_profile),
            ButtonSpec("custom", tr("Custom levels"), no_profile),
            ButtonSpec("settings", tr("Settings")),
            ButtonSpec("join", tr("Join a class"), no_profile),
            ButtonSpec("quit", tr("Quit")),
        ]
        button_h = button_height(fonts)
        col_w = self._column_width(right_w)
        self.join_lines = self._join_lines(col_w - 4)
        reason_h = len(self.join_lines) * fonts.line_height(FontRole.ITALIC, 15)
        needed = len(column) * (button_h + 12) + reason_h
        col_top = max(top + summary_h + 12, min(bottom - needed, top + summary_h + 40))
        buttons, _ = build_column(column[:5], right_x, col_top, col_w, fonts, self.control_style)
        self.add_buttons(buttons)
        self.join_reason_y = buttons["join"].rect.bottom + 2
        quit_top = self.join_reason_y + reason_h + 8
        quit_buttons, _ = build_column(
            column[5:], right_x, quit_top, col_w, fonts, self.control_style
        )
        self.add_buttons(quit_buttons)

    def initial_focus(self) -> None:
        if not self.profile_name:
            self.focus_key("new")
        elif not self.focus_key("continue"):
            self.focus_key("profiles")

    def _profile_rows(self) -> list[ListRow]:
        rows = []
        for summary in self._profiles:
            stars, badges = summary["stars"], len(summary["badges"])
            parts = [
                ngettext("{n} star", "{n} stars", stars).format(n=number(stars)),
                tr("{n} XP").format(n=number(summary["xp"])),
                ngettext("{n} badge", "{n} badges", badges).format(n=number(badges)),
            ]
            if summary.get("class_code"):
                parts.append(tr("class {code}").format(code=summary["class_code"]))
            rows.append(ListRow(summary["name"], summary["name"], " · ".join(parts)))
        return rows

    def _summary_lines(self) -> list[tuple[str, str]]:
        """Return (role, text) lines for the right-hand summary."""
        name = self.profile_name
        if not name:
            if self._profiles:
                return [
                    ("heading", tr("Who is playing?")),
                    ("body", tr("Pick your profile in the list, or make a new one.")),
                ]
            return [
                ("heading", tr("Welcome!")),
                (
                    "body",
                    tr(
                        "Make a profile to keep your progress, stars and badges: press New profile."
                    ),
                ),
            ]
        lines = [("heading", tr("Hello, {name}").format(name=name))]
        overview = self.overview
        if overview is not None:
            total = len(overview.statuses) * 3
            earned = len(overview.badges)
            stars = ngettext("{n} of {total} star", "{n} of {total} stars", total).format(
                n=number(overview.total_stars), total=number(total)
            )
            xp = tr("{n} XP").format(n=number(overview.xp))
            badges = ngettext("{n} badge", "{n} badges", earned).format(n=number(earned))
            lines.append(("body", f"{stars} · {xp} · {badges}"))
            suggested = overview.suggested
            lead = self.class_next
            if lead is not None:
                next_up = tr("Next up: {level} (class {name})").format(
                    level=lead.level.title, name=lead.installed.name
                )
                lines.append(("body", next_up))
            elif suggested is not None:
                next_up = tr("Next up: {level} (chapter {chapter})").format(
                    level=suggested.title, chapter=suggested.chapter
                )
                lines.append(("body", next_up))
            else:
                lines.append(("body", tr("Every level has three stars. Well negotiated!")))
        return lines

    def _summary_height(self, width: int) -> int:
        total = 0
        for role, text in self._summary_lines():
            font = self.fonts.get(
                FontRole.HEADING if role == "heading" else FontRole.BODY,
                26 if role == "heading" else 18,
            )
            total += len(wrap_text(font, text, width)) * font.get_linesize()
        return total + 8

    # -- drawing ----------------------------------------------------------------------------------
    def draw_back(self, surface: pygame.Surface) -> None:
        palette = self.palette
        fonts = self.fonts
        title = fonts.get(FontRole.HEADING, self.title_size()).render(
            "Common Ground", True, palette.colour("text")
        )
        surface.blit(title, (MARGIN, self.title_y))
        tagline_font = fonts.get(FontRole.ITALIC, 18)
        y = self.tagline_y
        for line in self.tagline_lines:
            surface.blit(tagline_font.render(line, True, palette.colour("text_muted")), (MARGIN, y))
            y += tagline_font.get_linesize()
        label = fonts.get(FontRole.BOLD, 20).render(
            tr("Who is playing?"), True, palette.colour("text")
        )
        surface.blit(label, (MARGIN, self.list_label_y))
        hint_font = fonts.get(FontRole.ITALIC, 15)
        y = self.keys_hint_y
        for line in self.keys_hint_lines:
            surface.blit(hint_font.render(line, True, palette.colour("text_muted")), (MARGIN, y))
            y += hint_font.get_linesize()
        y = self.summary_rect.top
        for role, text in self._summary_lines():
            font = fonts.get(
                FontRole.HEADING if role == "heading" else FontRole.BODY,
                26 if role == "heading" else 18,
            )
            for line in wrap_text(font, text, self.summary_rect.width):
                surface.blit(
                    font.render(line, True, palette.colour("text")), (self.summary_rect.left, y)
                )
                y += font.get_linesize()
        join = self.button("join")
        if join is not None:
            y = self.join_reason_y
            for line in self.join_lines:
                reason = hint_font.render(line, True, palette.colour("text_muted"))
                surface.blit(reason, (join.rect.left + 4, y))
                y += hint_font.get_linesize()

    # -- actions ------------------------------------------------------------------------------------
    def _on_pick(self, row: ListRow) -> None:
        if row.key != self.profile_name:
            self.services.select_profile(row.key)  # may rebuild every scene (new settings)
            self._refresh()

    def rename_chosen(self) -> bool:
        """F2: rename the chosen profile (False: none is chosen)."""
        if not self.profile_name:
            return False
        self.on_button("rename")
        return True

    def delete_chosen(self) -> bool:
        """Delete: delete the chosen profile, after asking (False: none is chosen)."""
        if not self.profile_name:
            return False
        self.on_button("delete")
        return True

    def on_button(self, key: str) -> None:
        nav = self.navigator
        if key == "continue":
            if self.profile_name:
                nav.continue_campaign()
        elif key == "campaign":
            nav.to_campaign()
        elif key == "custom":
            nav.to_custom_levels()
        elif key == "settings":
            nav.to_settings()
        elif key == "join" and self.profile_name:
            from game.classroom import PACK_SUFFIX
            from game.ui.file_places import RecentFolders
            from game.ui.scenes.file_chooser import FileChooserScene

            chooser = FileChooserScene(
                tr("Join a class: choose the class pack"),
                suffixes=(PACK_SUFFIX,),
                recent=RecentFolders(getattr(self.store, "data_dir", None)),
                hint=tr(
                    "The .cgpack file your teacher gave you: on a USB stick, a shared folder "
                    "or in Downloads; or drop it on this window. Its levels appear under Custom "
                    "levels."
                ),
                attempt=lambda path: self._join(str(path)),
            )
            self.open(chooser, self._chosen_pack)
        elif key == "quit":
            self.on_back()
        elif key == "new":
            self.open(
                TextPromptScene(
                    tr("New profile"),
                    tr("Type a name for the new player (1 to 40 characters). A nickname is fine."),
                    self._create,
                    placeholder=tr("e.g. Ada"),
                    submit_text=tr("Create profile"),
                )
            )
        elif key == "rename" and self.profile_name:
            old = self.profile_name
            self.open(
                TextPromptScene(
                    tr("Rename {name}").format(name=old),
                    tr("Type the new name. Progress, badges and history stay with the profile."),
                    lambda text: self._rename(old, text),
                    initial=old,
                    submit_text=tr("Rename"),
                )
            )
        elif key == "delete" and self.profile_name:
            name = self.profile_name
            self.open(
                ConfirmScene(
                    tr("Delete {name}?").format(name=name),
                    tr(
                        "This removes {name}'s progress, badges and history from the game. "
                        "The files are moved to saves/deleted in the data folder, where a "
                        "teacher can still recover them."
                    ).format(name=name),
                    confirm_text=tr("Delete {name}").format(name=name),
                    cancel_text=tr("Keep it"),
                ),
                lambda yes: self._delete(name) if yes else None,
            )

    def on_back(self) -> None:
        def answered(quit_game: bool) -> None:
            if quit_game:
                self.navigator.quit()

        self.open(
            ConfirmScene(
                tr("Quit Common Ground?"),
                tr("Your progress is saved."),
                confirm_text=tr("Quit"),
                cancel_text=tr("Stay"),
            ),
            answered,
        )

    def _create(self, text: str) -> str | None:
        try:
            profile = self.store.create_profile(text)
        except StoreError as error:
            return " ".join(error.user_lines)
        self._after_dialog = ("select", profile["name"])
        self._focus_key = "continue"  # the natural next step for a new player
        return None

    def _rename(self, old: str, text: str) -> str | None:
        try:
            profile = self.store.rename_profile(old, text)
        except StoreError as error:
            return " ".join(error.user_lines)
        self._after_dialog = ("select", profile["name"])
        return None

    def _chosen_pack(self, path: Path | None) -> None:
        """The chooser joined the class of the pack chosen (None: cancelled)."""
        if path is not None:
            self.resume()  # the joined banner, or the seat prompt of a class with seats

    def _join(self, text: str) -> str | None:
        from game.classroom import ClassroomError, join_class, pack_path

        path = pack_path(text)  # quotes, ~, a missing .cgpack, a folder with one pack
        if not text.strip():
            return tr("Type the path of the .cgpack file.")
        profile = self.profile_name
        if profile is None:  # the prompt opens only with a profile chosen
            return tr(NO_PROFILE_REASON)
        try:
            if self._needs_seat(path, profile):
                self._after_dialog = ("seat", str(path))  # the seat prompt opens next
                return None
            result = join_class(self.store, path, profile)
        except (ClassroomError, StoreError) as error:
            lines = error.user_lines
            extra = len(lines) - 2
            more = (
                " "
                + ngettext("(and {n} more problem)", "(and {n} more problems)", extra).format(
                    n=number(extra)
                )
                if extra > 0
                else ""
            )
            return " ".join(lines[:2]) + more
        except Exception:  # a bug must not close the game
            logger.warning("joining a class from %s failed", path, exc_info=True)
            return tr(UNEXPECTED)
        self._after_dialog = ("joined", result.summary() + " " + tr(LEVELS_UNDER_CUSTOM))
        return None

    def on_event(self, event: pygame.event.Event) -> bool:
        if event.type != pygame.DROPFILE:
            return False
        # a class pack dropped on the window joins its class, as Join a class would
        if not self.profile_name:
            self.show_banner(tr(NO_PROFILE_REASON), "warning", timeout=6)
            return True
        error = self._join(str(event.file))
        if error is not None:
            self.show_banner(error, "error")
        else:
            self.resume()  # the joined banner, or the seat prompt of a class with seats
        return True

    def _needs_seat(self, path: Path, profile: str) -> bool:
        """Return whether the pack has seats and the profile has none of them yet."""
        from game.classroom import read_pack

        seats = read_pack(path).settings.seats
        return bool(seats) and self.store.get_profile(profile).get("student_id") not in seats

    def _ask_seat(self, path: Path) -> None:
        """Ask which seat of the teacher's roster is the student's (empty: the next free)."""
        from game.classroom import ClassroomError, read_pack
        from game.classroom.install import choose_seat

        try:
            pack = read_pack(path)
        except ClassroomError as error:
            self.show_banner(" ".join(error.user_lines[:2]), "error")
            return
        seats = pack.settings.seats
        try:
            free = choose_seat(self.store, pack.code, seats, None, self.profile_name or "")
            nearest = " " + tr("(seat {n}, {seat})").format(n=seats.index(free) + 1, seat=free)
        except ClassroomError:
            nearest = ""
        prompt = TextPromptScene(
            tr("Your seat"),
            tr(
                "{pack} has {count} seats on your teacher's roster. Type your seat's "
                "number (1 to {count}) or its id, or leave it empty to take the next free "
                "seat{nearest}."
            ).format(pack=pack.name, count=len(seats), nearest=nearest),
            lambda text: self._take_seat(path, text),
            placeholder=tr("e.g. 3 or {seat}").format(seat=seats[0]),
            submit_text=tr("Take this seat"),
        )
        self.open(prompt)

    def _take_seat(self, path: Path, text: str) -> str | None:
        from game.classroom import ClassroomError, join_class

        profile = self.profile_name
        if profile is None:
            return tr(NO_PROFILE_REASON)
        try:
            result = join_class(self.store, path, profile, seat=text.strip() or None)
        except (ClassroomError, StoreError) as error:
            return " ".join(error.user_lines[:2])
        except Exception:  # a bug must not close the game
            logger.warning("joining a class from %s failed", path, exc_info=True)
            return tr(UNEXPECTED)
        seats = result.installed.settings.seats
        seat_number = seats.index(result.student_id) + 1
        self._after_dialog = (
            "joined",
            result.summary()
            + " "
            + tr("Seat {n}: check your name is beside it on the roster.").format(n=seat_number)
            + " "
            + tr(LEVELS_UNDER_CUSTOM),
        )
        return None

    def _delete(self, name: str) -> None:
        try:
            self.store.delete_profile(name)
        except (ProfileError, StoreError) as error:
            self.show_banner(" ".join(error.user_lines), "error")
            return
        remaining = [p["name"] for p in self.store.list_profiles()]
        self.services.select_profile(remaining[0] if remaining else None)
        self._refresh()
        self.show_banner(tr("Deleted the profile {name}.").format(name=name), "success", timeout=6)
