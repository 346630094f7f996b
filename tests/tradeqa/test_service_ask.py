"""TradeQA.ask beside the rest of the event loop: a burst of questions takes turns with it."""

from __future__ import annotations

import asyncio
import itertools

from knowledge_helpers import knowledge_copy

from tradeqa.service import Asker, TradeQA

ASKER = Asker(surface="slash", user_id=1, user_name="alice")


async def test_a_burst_of_asks_lets_other_tasks_run_between_answers(tmp_path, monkeypatch):
    service = await TradeQA.open(knowledge=[knowledge_copy(tmp_path)], db=None)
    engine = service.engine
    turns = 0  # how often another task (a heartbeat, another server's event) got to run
    seen_at: list[int] = []  # `turns` when each answer was worked out
    work_out = engine.answer

    def answer(question: str, **options):
        seen_at.append(turns)
        return work_out(question, **options)

    monkeypatch.setattr(engine, "answer", answer)
    done = False

    async def other_task() -> None:
        nonlocal turns
        while not done:
            await asyncio.sleep(0)
            turns += 1

    other = asyncio.create_task(other_task())
    questions = [f"when is huang in beijing {n}?" for n in range(1000)]
    replies = await asyncio.gather(*(service.ask(q, ASKER) for q in questions))
    done = True
    await other
    await service.close()

    assert [r.answer.question for r in replies] == questions
    # Not 1,000 answers back to back: the other task ran between every two of them.
    assert all(later > earlier for earlier, later in itertools.pairwise(seen_at))
