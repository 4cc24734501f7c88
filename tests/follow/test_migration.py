"""The migration that gave existing responses their follow tokens: each its own."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from consultations.models import Response
from tests.consultations.factories import ResponseFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BEFORE = ("consultations", "0010_response_publishing")


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_existing_responses_each_get_a_token_of_their_own() -> None:
    ResponseFactory.create_batch(5)
    everything = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        # Back to before the column existed (the rows stay), then forward.
        migrate([BEFORE])
        migrate(everything)
    finally:
        migrate(everything)
    tokens = list(Response.objects.values_list("follow_token", flat=True))
    assert len(tokens) == len(set(tokens)) == 5
    assert all(len(token) >= 32 for token in tokens)
