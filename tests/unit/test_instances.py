"""Which test Neo4j each pytest-xdist worker uses (tests/instances.py)."""

from __future__ import annotations

import pytest

from tests.instances import worker_environment, worker_number


def test_outside_xdist_and_the_first_worker_use_the_configured_instance() -> None:
    assert worker_number(None) == 0
    assert worker_number("gw0") == 0
    assert worker_environment(0, {"TIPGRAPH_INSTANCE": "test"}) == {}


def test_a_later_worker_gets_its_own_instance_and_ports() -> None:
    assert worker_environment(worker_number("gw2"), {"TIPGRAPH_INSTANCE": "test"}) == {
        "TIPGRAPH_INSTANCE": "test-w2",
        "TIPGRAPH_BOLT_PORT": "7690",
        "TIPGRAPH_HTTP_PORT": "7477",
    }
    named = {
        "TIPGRAPH_INSTANCE": "mine",
        "TIPGRAPH_BOLT_PORT": "7720",
        "TIPGRAPH_HTTP_PORT": "7494",
    }
    assert worker_environment(1, named)["TIPGRAPH_BOLT_PORT"] == "7721"


def test_an_instance_without_ports_or_with_a_fixed_uri_cannot_be_shared_out() -> None:
    with pytest.raises(SystemExit, match="TIPGRAPH_BOLT_PORT"):
        worker_environment(1, {"TIPGRAPH_INSTANCE": "mine"})
    with pytest.raises(SystemExit, match="TIPGRAPH_NEO4J_URI"):
        worker_environment(1, {"TIPGRAPH_INSTANCE": "test", "TIPGRAPH_NEO4J_URI": "bolt://x"})


def test_workers_stop_short_of_the_read_only_copies_ports() -> None:
    # A copy takes its server's ports plus 10, so worker 10 would take worker 0's copy's port.
    with pytest.raises(SystemExit, match="at most 10"):
        worker_number("gw10")
