"""Surveys answered in a direct chat, one question at a time, on every platform: numbered options,
``skip`` (optional questions), ``back``, ``cancel``. A message that is a known command (``survey list``,
``help``, ``meeting next``) runs as that command instead, and the question still waiting is asked again
after its reply (see `bot.middleware.survey_dialogues`).

The place in the survey (survey, question, the way back) is kept in the database, so a restart resumes
it; answers are checked and saved by the survey core (`SurveyService.submit`), read by the question's kind.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from handlers.core import ItemList, Reply
from handlers.errors import Refusal
from handlers.surveys.definitions import Question, SurveyDefinition
from handlers.surveys.service import Progress, SurveyService
from storage.repositories.survey_dialogues import DialogueState, SurveyDialogueRepository

WORDS = "`back` for the previous question, `cancel` to stop (your answers are kept)"


def question_text(
    survey_id: int, definition: SurveyDefinition, question: Question, progress: Progress | None
) -> str:
    """The question as the dialogue asks it: its place in the survey, the options, how to answer."""
    total = len(definition.questions)
    optional = " (optional)" if not question.required else ""
    lines = [f"*Survey {survey_id}, question {question.number} of {total}{optional}:* {question.text}"]
    lines += question.kind.option_lines(question)
    if progress is not None and question.number in progress.answers:
        lines.append(
            f"Your answer now: {question.kind.show_value(question, progress.answers[question.number])}"
        )
    skip = ", `skip` to leave it out" if not question.required else ""
    lines.append(f"{question.kind.how_to_reply(question)}{skip}; {WORDS}.")
    return "\n".join(lines)


class SurveyDialogue:
    def __init__(self, surveys: SurveyService, repo: SurveyDialogueRepository) -> None:
        self.surveys = surveys
        self._repo = repo

    async def active(self, user_key: str) -> DialogueState | None:
        return await self._repo.get(user_key)

    async def question(self, state: DialogueState) -> Question | None:
        """The question the dialogue is at (None when its survey is gone)."""
        definition = await self.surveys.questions_for(state.survey_id, state.user_key)
        return definition.question(state.question) if definition is not None else None

    async def asked_again(self, state: DialogueState, reply: Reply, now: datetime) -> Reply:
        """``reply`` (to a command typed in the middle of the dialogue) followed by the question still
        waiting, when the command left the dialogue where it was; the reply as is otherwise."""
        if await self._repo.get(state.user_key) != state:
            return reply
        definition = await self.surveys.questions_for(state.survey_id, state.user_key)
        question = definition.question(state.question) if definition is not None else None
        if definition is None or question is None:
            return reply
        progress = await self.surveys.progress(state.survey_id, state.user_key, now)
        asked = question_text(state.survey_id, definition, question, progress)
        data = reply.data
        if data is None or isinstance(data, dict):
            data = (data or {}) | {
                "survey_question": {"survey": state.survey_id, "question": question.number}
            }
        if reply.parts:  # after the command's tables and lists
            back = ItemList(tuple(asked.split("\n")), title=f"Back to survey {state.survey_id}")
            return replace(reply, parts=(*reply.parts, back), data=data)
        return replace(reply, text=f"{reply.text}\n\n{asked}", data=data)

    async def start(self, user_key: str, survey_id: int, now: datetime) -> Reply | None:
        """Ask the first question not answered yet (None when there is nothing to ask)."""
        definition = await self.surveys.questions_for(survey_id, user_key)
        if definition is None:
            return None
        progress = await self.surveys.progress(survey_id, user_key, now)
        number = progress.next_question if progress is not None else 1
        if number is None:
            await self._repo.end(user_key)
            return None
        await self._repo.save(DialogueState(user_key, survey_id, number, ()), now)
        return Reply(question_text(survey_id, definition, definition.questions[number - 1], progress))

    async def reply(self, state: DialogueState, text: str, now: datetime) -> Reply:
        """The answer to the current question, or ``skip``/``back``/``cancel``."""
        definition = await self.surveys.questions_for(state.survey_id, state.user_key)
        question = definition.question(state.question) if definition is not None else None
        if definition is None or question is None:
            await self._repo.end(state.user_key)
            raise Refusal.error(f"survey {state.survey_id} no longer exists", "survey")
        word = text.strip().lower()
        if word == "cancel":
            await self._repo.end(state.user_key)
            return Reply(
                f"Stopped. Your answers so far are kept; say `survey answer {state.survey_id}` to go on."
            )
        if word == "back":
            return await self._back(state, definition, now)
        if word == "skip":
            if question.required:
                raise Refusal.usage(
                    f"question {question.number} is required: answer it, or `cancel` to stop for now",
                    "answers",
                )
            return await self._next(state, definition, None, now)
        raw = question.kind.parse_reply(question, text)
        try:
            progress = await self.surveys.submit(state.survey_id, state.user_key, {question.number: raw}, now)
        except Refusal as refusal:
            if refusal.field != "answers":  # the survey refuses (closed, not asked): the dialogue ends
                await self._repo.end(state.user_key)
                raise
            why = refusal.data.get("errors", {}).get(str(question.number)) or "not a valid answer"
            raise Refusal.usage(
                f"{why}. {question.kind.how_to_reply(question)}, or {WORDS}.", "answers"
            ) from None
        return await self._next(state, definition, progress, now)

    async def _back(self, state: DialogueState, definition: SurveyDefinition, now: datetime) -> Reply:
        if not state.visited:
            raise Refusal.usage(
                f"this is the first question you were asked here. {WORDS.capitalize()}.", "answers"
            )
        previous = state.visited[-1]
        await self._repo.save(
            DialogueState(state.user_key, state.survey_id, previous, state.visited[:-1]), now
        )
        progress = await self.surveys.progress(state.survey_id, state.user_key, now)
        return Reply(question_text(state.survey_id, definition, definition.questions[previous - 1], progress))

    async def _next(
        self, state: DialogueState, definition: SurveyDefinition, progress: Progress | None, now: datetime
    ) -> Reply:
        if progress is None:
            progress = await self.surveys.progress(state.survey_id, state.user_key, now)
        answered = set(progress.answers) if progress is not None else set()
        later = [
            q.number for q in definition.questions if q.number > state.question and q.number not in answered
        ]
        missing = progress.missing_required if progress is not None else ()
        number = later[0] if later else next((n for n in missing if n != state.question), None)
        if number is None:
            await self._repo.end(state.user_key)
            if progress is not None and progress.complete:
                return Reply(
                    f"Thank you: your response to survey {state.survey_id} is complete. You can change it "
                    f"until the survey closes (`survey answer {state.survey_id}`)."
                )
            return Reply(f"That was the last question. `survey answer {state.survey_id}` shows your answers.")
        visited = (*state.visited, state.question)
        await self._repo.save(DialogueState(state.user_key, state.survey_id, number, visited), now)
        return Reply(question_text(state.survey_id, definition, definition.questions[number - 1], progress))
