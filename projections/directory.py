"""Users as a list, read straight from their events.

The users register proper arrives with the projection engine."""

from __future__ import annotations

from typing import Any

from eventsourcing.utils import get_topic

from domain.access import User


def list_users(app: Any) -> list[User]:
    topic = get_topic(User.Added)
    users: list[User] = []
    start: int | None = None
    while True:
        batch = app.recorder.select_notifications(start, 1000, topics=[topic], inclusive_of_start=False)
        if not batch:
            break
        users.extend(u for n in batch if isinstance(u := app.find(n.originator_id), User))
        start = batch[-1].id
    return sorted(users, key=lambda u: u.name)
