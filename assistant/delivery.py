"""How a checked fact sheet reaches the pupil when a model is on (ADR 0010, 0013): phrased by
the model when it is expected to show a checked first sentence within `first_sentence_s` of
the sheet being ready, no backlog waits and it can start soon; else the sheet at once, and a
first question goes on the backlog, phrased for the next pupil who asks it.

The expectation is learned (`Admission.to_first_s`): a model that is too slow for a live first
sentence (a local model on two cores) is not made to try one for every pupil, who would wait the
whole deadline and then get the sheet anyway; the pupil gets the sheet at once with a notice
that says so (`Notice.FROM_SOURCES`), not that it is busy. The backlog's phrasings keep the
estimate fresh, so when the model gets faster (a lighter model, a GPU server, a quiet moment
after a class) live phrasing comes back by itself. A crowd is told it is busy (`Notice.BUSY`)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from typing import Protocol

from assistant.admission import Admission, Stopwatch
from assistant.answer import Answer, Notice, Outcome
from assistant.answer_cache import Key
from assistant.backlog import Backlog
from assistant.generation import Context, Sheet, shown_sheet


class Phrase(Protocol):
    def __call__(
        self,
        ctx: Context,
        sheet: Sheet,
        first_by: float | None,
        release: Callable[[], None],
        stopwatch: Stopwatch | None,
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
    """The answers for one sheet with a model on. The model is asked only when its first
    checked sentence is expected within `first_sentence_s` and it can start within half of
    that (0: no deadline, `answer_budget_s` alone), counted from when the sheet is ready; its
    slot is given back once it is free again, which may be after the pupil got the sheet."""
    if key is not None and (phrased := backlog.phrasing_of(key, ctx, sheet)) is not None:
        yield replace(phrased, notices=list(ctx.notices))  # the same sheet, phrased before
        return
    first_by = time.monotonic() + first_sentence_s if first_sentence_s else None
    wait = first_sentence_s / 2 if first_sentence_s else None
    notice = not_live(first_sentence_s, admission, backlog)
    ticket = admission.enter(wait_s=wait) if notice is None else None
    if ticket is None:
        if key is not None:
            backlog.submit(key, ctx, sheet)
        ctx.notices.append(notice or Notice.BUSY)
        yield from shown_sheet(ctx, sheet, Outcome.FALLBACK)
        return
    release = partial(admission.leave, ticket)
    yield from phrase(ctx, sheet, first_by, release, admission.stopwatch(ticket, first_sentence_s))


def not_live(first_sentence_s: float, admission: Admission, backlog: Backlog) -> Notice | None:
    """Why the sheet is shown at once instead of a live phrasing, or None to try one. A model
    expected at the deadline or later is not asked: it would more likely than not miss it;
    unless it is idle and that expectation has gone unmeasured for a while (`RETRY_S`)."""
    slow = bool(first_sentence_s) and admission.to_first_s >= first_sentence_s
    if slow and not admission.worth_a_retry():
        return Notice.FROM_SOURCES  # the model itself is too slow, busy or not
    if backlog.busy():
        return Notice.BUSY
    if not slow and first_sentence_s and admission.expected_first_s() >= first_sentence_s:
        return Notice.BUSY  # the model would be in time, but others are ahead of this pupil
    return None
