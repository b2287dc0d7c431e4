"""How a checked fact sheet reaches the pupil when a model is on (ADR 0010, 0013): phrased by
the model when no backlog waits, it can start soon and it shows a checked first sentence within
`first_sentence_s` of the sheet being ready; else the sheet at once with a notice that it is
busy, and a first question goes on the backlog, phrased for the next pupil who asks it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import Protocol

from assistant.admission import Admission
from assistant.answer import Answer, Notice, Outcome
from assistant.answer_cache import Key
from assistant.backlog import Backlog
from assistant.generation import Context, Sheet, shown_sheet


class Phrase(Protocol):
    def __call__(
        self, ctx: Context, sheet: Sheet, first_by: float | None, release: Callable[[], None]
    ) -> Iterator[Answer]: ...


def delivered(
    ctx: Context,
    sheet: Sheet,
    key: Key | None,
    phrase: Phrase,
    first_sentence_s: float,
    admission: Admission,
    backlog: Backlog,
) -> Iterator[Answer]:
    """The answers for one sheet with a model on. The model is asked only when it can start
    within half of `first_sentence_s` (0: no deadline, `answer_budget_s` alone), counted from
    when the sheet is ready; its slot is given back once it is free again, which may be after
    the pupil got the sheet."""
    first_by = time.monotonic() + first_sentence_s if first_sentence_s else None
    wait = first_sentence_s / 2 if first_sentence_s else None
    ticket = None if backlog.busy() else admission.enter(wait_s=wait)
    if ticket is None:
        if key is not None:
            backlog.submit(key, ctx, sheet)
        ctx.notices.append(Notice.BUSY)
        yield from shown_sheet(ctx, sheet, Outcome.FALLBACK)
        return
    yield from phrase(ctx, sheet, first_by, partial(admission.leave, ticket))
