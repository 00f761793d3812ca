"""What the demo city looks like: pure data, the same for the same seed and size."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .names import person

LETTERS = "АБВГД"


@dataclass(frozen=True)
class Size:
    schools: int
    # Parallel classes per grade 1..11.
    classes_per_grade: tuple[int, ...]
    pupils_per_class: tuple[int, int]
    code_prefix: str


SIZES = {
    # Four classes (1А, 2А, 5А, 10А) of a few pupils: fast tests of the whole term.
    "tiny": Size(1, (1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0), (6, 8), "tiny"),
    # One school, 25 classes, about 600 pupils.
    "small": Size(1, (3, 3, 2, 3, 2, 2, 2, 2, 2, 2, 2), (22, 26), "demo"),
    # Thirty schools, about 25,000 pupils.
    "city": Size(30, (3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2), (24, 30), "city"),
}


@dataclass(frozen=True)
class PersonPlan:
    username: str
    last_name: str
    first_name: str
    patronymic: str


@dataclass
class ClassPlan:
    grade: int
    letter: str
    pupils: list[PersonPlan] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.grade}{self.letter}"


@dataclass
class SchoolPlan:
    number: int
    code: str
    name: str
    short_name: str
    classes: list[ClassPlan] = field(default_factory=list)
    teachers: list[PersonPlan] = field(default_factory=list)
    parents: list[PersonPlan] = field(default_factory=list)
    # (parent username, pupil username, relation: mother / father)
    parent_links: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def pupils(self) -> list[PersonPlan]:
        return [p for c in self.classes for p in c.pupils]


@dataclass
class CityPlan:
    municipality_code: str
    municipality_name: str
    time_zone: str
    schools: list[SchoolPlan]


def build(size_name: str, seed: int) -> CityPlan:
    """The whole plan for a size; every name is drawn from a seeded generator."""
    size = SIZES[size_name]
    schools = [_school(size, seed, number) for number in range(1, size.schools + 1)]
    if size_name in ("small", "tiny"):
        name = "Управление образования администрации города Демо"
    else:
        name = "Управление образования администрации города Энска"
    return CityPlan(
        municipality_code=f"{size.code_prefix}-city",
        municipality_name=name,
        time_zone="Europe/Moscow",
        schools=schools,
    )


def _school(size: Size, seed: int, number: int) -> SchoolPlan:
    rng = random.Random(f"ejournal-demo:{seed}:{size.code_prefix}:{number}")
    code = f"{size.code_prefix}-school-{number:02d}"
    plan = SchoolPlan(
        number=number,
        code=code,
        name=(
            "Муниципальное бюджетное общеобразовательное учреждение "
            f"«Средняя общеобразовательная школа № {number}»"
        ),
        short_name=f"МБОУ СОШ № {number}",
    )
    pupil_no = parent_no = 0
    for grade, parallel in enumerate(size.classes_per_grade, start=1):
        for letter in LETTERS[:parallel]:
            school_class = ClassPlan(grade=grade, letter=letter)
            for _ in range(rng.randint(*size.pupils_per_class)):
                pupil_no += 1
                female = rng.random() < 0.5
                father_first = person(rng, female=False)[1]
                last, first, middle = person(rng, female=female, father=father_first)
                surname = _male_form(last, female)
                pupil = PersonPlan(f"{code}-p{pupil_no:05d}", last, first, middle)
                school_class.pupils.append(pupil)
                # A sibling shares the parents of an earlier pupil now and then.
                if plan.parent_links and rng.random() < 0.08:
                    earlier = rng.choice(plan.parent_links)[0]
                    relation = next(r for p, _, r in plan.parent_links if p == earlier)
                    plan.parent_links.append((earlier, pupil.username, relation))
                    continue
                has_father = rng.random() < 0.55
                if rng.random() < 0.92 or not has_father:
                    parent_no += 1
                    m_last, m_first, m_middle = person(
                        rng, female=True, surname=surname
                    )
                    mother = PersonPlan(
                        f"{code}-r{parent_no:05d}", m_last, m_first, m_middle
                    )
                    plan.parents.append(mother)
                    plan.parent_links.append(
                        (mother.username, pupil.username, "mother")
                    )
                if has_father:
                    parent_no += 1
                    f_middle = person(rng, female=False)[2]
                    father = PersonPlan(
                        f"{code}-r{parent_no:05d}", surname, father_first, f_middle
                    )
                    plan.parents.append(father)
                    plan.parent_links.append(
                        (father.username, pupil.username, "father")
                    )
            plan.classes.append(school_class)
    teacher_count = round(len(plan.classes) * 1.9)
    for n in range(1, teacher_count + 1):
        last, first, middle = person(rng, female=rng.random() < 0.8)
        plan.teachers.append(PersonPlan(f"{code}-t{n:04d}", last, first, middle))
    return plan


def _male_form(last: str, female: bool) -> str:
    """The family's surname in its masculine form, from which both forms derive."""
    if not female:
        return last
    if last.endswith("ская"):
        return last[:-4] + "ский"
    if last.endswith(("ова", "ёва", "ева", "ина", "ына")):
        return last[:-1]
    return last
