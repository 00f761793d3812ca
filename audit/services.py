"""Running the chain's verification and recording its result per school."""

from __future__ import annotations

from school import events as school_events
from school.models import School

from . import chain


def audit_verify() -> dict[int, list[chain.Problem]]:
    """Seal what is new, walk every chain, record one event per school."""
    while chain.chain_extend() == chain.BATCH:
        pass
    problems = chain.chain_verify()
    schools = School.objects.in_bulk(list(problems))
    for key, found in problems.items():
        school = schools.get(key)
        school_events.audit_chain_verified(school=school, problems=found)
    return problems
