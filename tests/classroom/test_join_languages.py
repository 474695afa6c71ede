"""What a student reads when joining a class or naming a profile goes through the
translation layer: the joined sentence, a seat's refusal, a profile name's problem, a data
folder already in use (checked in the marking pseudo-language, and in Spanish)."""

from __future__ import annotations

import re

import pytest

from game import i18n
from game.classroom import ClassroomError, join_class
from game.classroom.install import choose_seat
from game.store import open_store
from game.store.errors import ProfileError, StoreLockedError

OPEN, CLOSE = "\u27e6", "\u27e7"


def _unmarked(text: str) -> str:
    """Return what is left of ``text`` once its marked words are taken out."""
    return re.sub(f"{OPEN}[^{CLOSE}]*{CLOSE}", "", text)


def test_the_joined_sentence_is_translated(tmp_path, pack_file):
    with open_store(tmp_path / "data") as store:
        store.create_profile("Ada")
        i18n.set_language(i18n.PSEUDO)
        result = join_class(store, pack_file, "Ada")
    summary = result.summary()
    assert summary.startswith(f"{OPEN}Ada{CLOSE} {OPEN}joined{CLOSE}")
    assert not re.search(r"[A-Za-z]{2,}", _unmarked(summary))
    i18n.set_language("es")
    assert re.match(
        r"Ada se ha unido a la clase .+ como [a-z]+-\d+: \d+ niveles? instalados?\.$",
        result.summary(),
    )


@pytest.mark.parametrize(
    ("seat", "taken"),
    [(None, {"s1", "s2"}), (3, set()), ("nobody", set()), (1, {"s1"})],
    ids=["all-taken", "no-such-number", "no-such-id", "taken"],
)
def test_a_seat_refused_is_said_in_the_language(monkeypatch, seat, taken):
    from game.classroom import install

    monkeypatch.setattr(install, "seats_taken", lambda *_a, **_k: {s: "Ben" for s in taken})
    i18n.set_language(i18n.PSEUDO)
    with pytest.raises(ClassroomError) as caught:
        choose_seat(None, "CODE", ["s1", "s2"], seat, "Ada")
    text = " ".join(caught.value.user_lines)
    assert OPEN in text
    assert not re.search(
        r"[A-Za-z]{2,}",
        _unmarked(text).replace("'nobody'", "").replace("'Ben'", "").replace("s1", ""),
    ), text


@pytest.mark.parametrize("name", ["", "x" * 100, "a\tb"])
def test_a_profile_name_problem_is_said_in_spanish(tmp_path, name):
    with open_store(tmp_path / "data") as store:
        i18n.set_language("es")
        with pytest.raises(ProfileError) as caught:
            store.create_profile(name)
        assert " ".join(caught.value.user_lines).startswith("El nombre de un perfil ")


def test_a_profile_that_exists_and_a_folder_in_use_are_said_in_spanish(tmp_path):
    with open_store(tmp_path / "data") as store:
        store.create_profile("Ada")
        i18n.set_language("es")
        with pytest.raises(ProfileError) as caught:
            store.create_profile("ada")
        assert " ".join(caught.value.user_lines) == "Ya existe un perfil llamado 'ada'."
        with pytest.raises(ProfileError) as caught:
            store.get_profile("Zoe")
        assert " ".join(caught.value.user_lines) == (
            "No hay ningún perfil llamado 'Zoe' (perfiles: Ada)."
        )
    assert str(StoreLockedError(tmp_path)).startswith("Common Ground ya está abierto")
