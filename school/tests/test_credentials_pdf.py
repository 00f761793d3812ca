import io

from django.test import override_settings
from pypdf import PdfReader

from school.services import credentials
from school.services.credentials import IssuedCredential, render_slips_pdf
from school.tests.factories import (
    SchoolClassFactory,
    UserFactory,
    class_teacher_of,
    pupil,
)

SURNAMES = ["Агеева", "Борисов", "Волкова", "Громов", "Дёмина", "Ершов", "Жукова"]


def read(pdf: bytes) -> tuple[PdfReader, str]:
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


@override_settings(SERVICE_URL="https://ej.example.ru")
def test_slips_of_a_class_are_printed_eight_a_page(school):
    # given: nine pupils, so the second page holds one slip
    school_class = SchoolClassFactory(
        school=school, year=school.academic_years.first(), letter="Б"
    )
    for index in range(9):
        pupil(school_class, SURNAMES[index % 7], "Щука" if index else "Юлия", "")
    batch = credentials.credentials_issue_for_class(
        actor=class_teacher_of(school_class),
        school_class=school_class,
        audience="students",
    )
    # when
    pdf = render_slips_pdf(batch, school=school)
    # then
    reader, text = read(pdf)
    assert len(reader.pages) == 2
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points
    for issued in batch:
        assert issued.full_name in text
        assert issued.login in text
        assert issued.password in text
    assert text.count("ученик 5Б") == 9
    assert text.count(school.short_name) == 9
    assert "https://ej.example.ru" in text
    assert "При первом входе смените этот пароль" in text


def test_staff_and_parent_roles_are_named_on_the_slip(school):
    user = UserFactory()
    issued = [
        IssuedCredential(
            user=user,
            full_name="Петрова Анна Ивановна",
            role_label="родитель: Петров Илья (5А)",
            login="petrova.ai",
            password="Xk7pQ2mZr9",
        ),
        IssuedCredential(
            user=user,
            full_name="Сидоров Олег",
            role_label="учитель",
            login="sidorov.o",
            password="b8Ju4Nq3vW",
        ),
    ]
    reader, text = read(render_slips_pdf(issued, school=school))
    assert len(reader.pages) == 1
    for expected in [
        "Петрова Анна Ивановна",
        "родитель: Петров Илья (5А)",
        "petrova.ai",
        "Xk7pQ2mZr9",
        "учитель",
        "sidorov.o",
        "b8Ju4Nq3vW",
    ]:
        assert expected in text


def test_slips_use_the_installed_dejavu_fonts(school):
    issued = [
        IssuedCredential(
            user=UserFactory(),
            full_name="Ёлкин Пётр",
            role_label="ученик 5А",
            login="elkin.p",
            password="Xk7pQ2mZr9",
        )
    ]
    reader, _ = read(render_slips_pdf(issued, school=school))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert any(f.endswith("+DejaVu-Sans") for f in fonts), fonts
    assert any("DejaVu-Sans-Mono" in f for f in fonts), fonts
