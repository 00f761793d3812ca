"""A consent purge is sealed as a lawful destruction, not reported as tampering."""

import pytest
import time_machine

from audit import chain
from diary.tests.delivery_world import build_world
from diary.tests.test_purge_services import DUE, REVOKED_ON, at_hour, revoked, run_purge
from school.models import Event


@pytest.fixture
def w(db):
    with time_machine.travel(at_hour(REVOKED_ON, 9), tick=False):
        yield build_world()


def test_a_purge_after_sealing_leaves_the_chain_whole(w):
    # given: the parent's papers and history are sealed before the purge
    revoked(w)
    with time_machine.travel(at_hour(REVOKED_ON, 20), tick=False):
        chain.chain_extend()
    sealed = chain.ChainLink.objects.count()
    # when: the tenth working day's purge blanks and deletes history rows
    run_purge(w, DUE, 12)
    # then: every row it touched is resealed with the purge as the reason
    assert Event.objects.filter(code="diary.personal_data.destroyed").exists()
    resealed = chain.ChainLink.objects.filter(reason="diary.consent.purge")
    assert resealed.exists() and resealed.filter(digest="").exists()
    assert chain.ChainLink.objects.count() > sealed
    with time_machine.travel(at_hour(DUE, 13), tick=False):
        chain.chain_extend()
        problems = chain.chain_verify()
    assert all(found == [] for found in problems.values()), problems
