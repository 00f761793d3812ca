import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from school.services.credentials import (
    PASSWORD_ALPHABET,
    PASSWORD_LENGTH,
    login_for,
    password_generate,
    transliterate,
)

LOGIN = re.compile(r"^[a-z0-9._-]+$")


@pytest.mark.parametrize(
    ("names", "login"),
    [
        (("Иванова", "Мария", "Петровна"), "ivanova.mp"),
        (("Ёлкин", "Пётр", "Семёнович"), "elkin.ps"),
        (("Зайцев", "Йосиф", "Андреевич"), "zaitsev.ia"),
        (("Щукина", "Юлия", "Эдуардовна"), "shchukina.ie"),
        (("Подъячев", "Артём", "Ильич"), "podieiachev.ai"),
        (("Хрущёв", "Никита", "Сергеевич"), "khrushchev.ns"),
        (("Цыганкова", "Ярослава", "Жоржевна"), "tsygankova.iz"),
        (("Чернышевский", "Николай", "Гаврилович"), "chernyshevskii.ng"),
        (("Салтыков-Щедрин", "Михаил", "Евграфович"), "saltykov-shchedrin.me"),
        (("Ван дер Берг", "Анна", ""), "van-der-berg.a"),
        (("Müller", "Jörg", ""), "muller.j"),
        (("Соловьёва", "Дарья", "Олеговна"), "soloveva.do"),
    ],
)
def test_login_follows_passport_transliteration(names, login):
    assert login_for(*names, taken=set()) == login


def test_transliteration_table_of_hard_letters():
    assert transliterate("ёйщъжхцчшыэюя") == "eishchiezhkhtschshyeiuia"
    assert transliterate("ЖЕНЯ") == "zhenia"


def test_collision_appends_a_number():
    # given
    taken = {"ivanova.mp", "ivanova.mp2"}
    # when
    login = login_for("Иванова", "Мария", "Петровна", taken)
    # then
    assert login == "ivanova.mp3"


def test_collision_ignores_case_of_taken_logins():
    assert login_for("Иванова", "Мария", "Петровна", {"Ivanova.MP"}) == "ivanova.mp2"


def test_name_without_letters_falls_back():
    assert login_for("", "", "", set()) == "user"
    assert login_for("李", "", "", {"user"}) == "user2"


names = st.text(max_size=40)


@given(names, names, names, st.sets(st.text(max_size=30), max_size=20))
def test_login_is_always_valid_and_free(last, first, middle, taken):
    login = login_for(last, first, middle, taken)
    assert LOGIN.match(login)
    assert len(login) <= 150
    assert login not in taken


@given(
    st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁЙЩ -", max_size=20),
    st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя", max_size=12),
    st.integers(min_value=0, max_value=30),
)
def test_collisions_never_repeat(last, first, count):
    taken: set[str] = set()
    for _ in range(count + 1):
        login = login_for(last, first, "", taken)
        assert login not in taken
        taken.add(login)
    assert len(taken) == count + 1


def test_password_has_no_look_alikes_and_mixes_letters_and_digits():
    for _ in range(500):
        password = password_generate()
        assert len(password) == PASSWORD_LENGTH
        assert set(password) <= set(PASSWORD_ALPHABET)
        assert not set(password) & set("0Oo1lI")
        assert any(c.isdigit() for c in password)
        assert any(c.isalpha() for c in password)


def test_passwords_are_not_repeated():
    assert len({password_generate() for _ in range(1000)}) == 1000
