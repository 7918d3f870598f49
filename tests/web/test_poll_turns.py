"""Polls that train take turns (app/web/poll_turns.py): first come first served, and never two in
one turn of the event loop, so the loop reads its sockets between any two of them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest

from app.web.poll_turns import Turns, turns

T = TypeVar("T")


def run(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Return asyncio.run(main()) from a thread of its own: a browser test earlier in the session
    may leave an event loop running in this one (Playwright's sync API)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(main())).result(timeout=30)


async def _class(events: list[str], names: list[str], loop_work: bool = True) -> None:
    """Start one task per name, all ready in the same turn of the loop; each takes a turn,
    records it, and (as a socket read would) schedules a callback while it holds the turn."""
    loop = asyncio.get_running_loop()
    gate = Turns(loop)

    async def poll(name: str) -> None:
        async with gate:
            events.append(f"train {name}")
            if loop_work:
                loop.call_soon(events.append, f"read after {name}")

    await asyncio.gather(*(poll(name) for name in names))


def test_turns_go_in_arrival_order_with_the_loop_between_any_two() -> None:
    events: list[str] = []
    run(lambda: _class(events, ["a", "b", "c", "d"]))
    assert events == ["train a", "read after a", "train b", "read after b", "train c",
                      "read after c", "train d", "read after d"]


def test_without_turns_the_loop_would_run_them_as_one_batch() -> None:
    """What the turns are for: plain tasks that never yield run back to back, and what arrived
    meanwhile waits for the whole batch."""
    events: list[str] = []

    async def batch() -> None:
        loop = asyncio.get_running_loop()

        async def poll(name: str) -> None:
            events.append(f"train {name}")
            loop.call_soon(events.append, f"read after {name}")

        await asyncio.gather(*(poll(name) for name in "abc"))

    run(batch)
    assert events[:3] == ["train a", "train b", "train c"]


class Polls:
    """Polls that take turns at one gate (make it inside a running loop) and record, in
    `trained`, the name of each that trained; a poll named "bad" fails inside its turn."""

    def __init__(self) -> None:
        self.gate, self.trained = Turns(asyncio.get_running_loop()), list[str]()

    async def poll(self, name: str) -> None:
        async with self.gate:
            if name == "bad":
                raise RuntimeError("a poll failed")
            self.trained.append(name)


def test_a_waiter_cancelled_loses_its_place_and_the_next_one_goes_on() -> None:
    async def scene() -> list[str]:
        polls = Polls()
        async with polls.gate:  # held while the others queue
            tasks = [asyncio.create_task(polls.poll(name)) for name in "abc"]
            await asyncio.sleep(0)  # all three wait now
            assert polls.gate.waiting == 3
            tasks[1].cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        assert tasks[1].cancelled()
        return polls.trained

    assert run(scene) == ["a", "c"]


def test_a_turn_given_to_a_task_cancelled_before_it_ran_is_passed_on() -> None:
    async def scene() -> list[str]:
        polls = Polls()
        async with polls.gate:
            first = asyncio.create_task(polls.poll("first"))
            second = asyncio.create_task(polls.poll("second"))
            await asyncio.sleep(0)
        # the holder left: the next turn of the loop gives "first" its turn; cancel it before
        # it runs, as a client that went away would
        await asyncio.sleep(0)
        first.cancel()
        await asyncio.gather(first, second, return_exceptions=True)
        return polls.trained

    assert run(scene) == ["second"]


def test_an_error_inside_a_turn_still_lets_the_next_one_in() -> None:
    async def scene() -> list[str]:
        polls = Polls()
        results = await asyncio.gather(polls.poll("bad"), polls.poll("good"),
                                       return_exceptions=True)
        assert isinstance(results[0], RuntimeError)
        return polls.trained

    assert run(scene) == ["good"]


def test_each_event_loop_has_its_own_turns() -> None:
    async def mine() -> Turns:
        first = turns()
        assert turns() is first
        return first

    assert run(mine) is not run(mine)
    with ThreadPoolExecutor(1) as pool, pytest.raises(RuntimeError):
        pool.submit(turns).result(timeout=30)  # a thread with no running loop
