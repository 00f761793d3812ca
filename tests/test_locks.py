"""The hashed locks pin every requirement the ranges name, and name no host."""

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
INPUTS = {
    "requirements.txt": ["base.txt", "production.txt"],
    "requirements-dev.txt": ["base.txt", "local.txt", "production.txt"],
}
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\]+)", re.M)


def ranges(names):
    for name in names:
        for line in (ROOT / "requirements" / name).read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-"):
                yield Requirement(line)


def pins(lock):
    text = (ROOT / lock).read_text()
    return {canonicalize_name(n): v for n, v in PIN.findall(text)}


@pytest.mark.parametrize("lock", list(INPUTS))
def test_every_range_is_pinned_within_it(lock):
    pinned = pins(lock)
    for requirement in ranges(INPUTS[lock]):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is missing from {lock}: run make lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{name}=={pinned[name]} is outside {requirement.specifier}: make lock"
        )


@pytest.mark.parametrize("lock", list(INPUTS))
def test_every_pin_has_a_hash_and_no_host_is_named(lock):
    text = (ROOT / lock).read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n", 1)[-1])
    for block in blocks:
        if PIN.match(block):
            assert "--hash=sha256:" in block, block.splitlines()[0]
    for word in ("http://", "https://", "file://", "--index-url", "--find-links"):
        assert word not in text, word


def test_the_development_lock_agrees_with_the_production_lock():
    production, development = pins("requirements.txt"), pins("requirements-dev.txt")
    assert {n: development.get(n) for n in production} == production
