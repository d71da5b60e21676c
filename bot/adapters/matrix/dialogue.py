"""Surveys answered in a direct chat, one question at a time: numbered options, ``skip`` (optional
questions), ``back``, ``cancel``. The state (survey, question, the way back) is in the database, so a
restart resumes it; answers are checked and saved by the survey core (`services.surveys`)."""

from __future__ import annotations

import re
from typing import Any

from bot.adapters.matrix import PLATFORM
from bot.app import App
from handlers.core import Reply
from handlers.surveys.answers import show_value
from handlers.surveys.definitions import MANY_TYPES, Question, QuestionType, SurveyDefinition
from handlers.surveys.service import Progress
from storage.repositories.matrix_dialogues import DialogueState, MatrixDialogueRepository

RESUME = re.compile(r"^survey\s+answer\s+(\d+)\s*$", re.IGNORECASE)
WORDS = "`back` for the previous question, `cancel` to stop (your answers are kept)"


def how_to_answer(question: Question) -> str:
    if question.type is QuestionType.SINGLE:
        return "Reply with the number of your choice"
    if question.type in MANY_TYPES:
        return f"Reply with up to {question.max_selected} numbers separated by commas"
    if question.type is QuestionType.SCALE:
        return "Reply with a number from 1 to 5"
    return "Reply with your answer"


def question_text(
    survey_id: int, definition: SurveyDefinition, question: Question, progress: Progress | None
) -> str:
    total = len(definition.questions)
    optional = " (optional)" if not question.required else ""
    lines = [f"*Survey {survey_id}, question {question.number} of {total}{optional}:* {question.text}"]
    if question.type is QuestionType.SCALE:
        lines += [f"  {question.point_label(p)}" for p in question.points]
    else:
        lines += [f"  {i}. {option}" for i, option in enumerate(question.options, 1)]
    if progress is not None and question.number in progress.answers:
        lines.append(f"Your answer now: {show_value(question, progress.answers[question.number])}")
    skip = ", `skip` to leave it out" if not question.required else ""
    lines.append(f"{how_to_answer(question)}{skip}; {WORDS}.")
    return "\n".join(lines)


def raw_value(question: Question, text: str) -> Any:
    """What the core's check takes: a list of choices for multiple/slots, else the text."""
    if question.type in MANY_TYPES:
        return [part for part in re.split(r"[,\s]+", text.strip()) if part]
    return text.strip()


class SurveyDialogue:
    def __init__(self, app: App, account: str) -> None:
        self.app = app
        self.repo = MatrixDialogueRepository(app.db, account)

    @property
    def service(self) -> Any:
        return self.app.services.surveys

    async def active(self, user_id: str) -> DialogueState | None:
        return await self.repo.get(user_id)

    async def start(self, user_id: str, survey_id: int) -> Reply | None:
        """Ask the first question not answered yet (None when there is nothing to ask)."""
        definition = await self.service.questions(survey_id)
        if definition is None:
            return None
        progress = await self.service.progress(survey_id, self._key(user_id), self.app.clock())
        number = progress.next_question if progress is not None else 1
        if number is None:
            await self.repo.end(user_id)
            return None
        await self.repo.save(DialogueState(user_id, survey_id, number, ()), self.app.clock())
        return Reply(question_text(survey_id, definition, definition.questions[number - 1], progress))

    async def reply(self, state: DialogueState, text: str) -> Reply:
        """The answer to the current question, or ``skip``/``back``/``cancel``."""
        definition = await self.service.questions(state.survey_id)
        if definition is None:
            await self.repo.end(state.user_id)
            return Reply.error(f"Survey {state.survey_id} no longer exists.")
        question = definition.questions[state.question - 1]
        word = text.strip().lower()
        if word == "cancel":
            await self.repo.end(state.user_id)
            return Reply(
                f"Stopped. Your answers so far are kept; say `survey answer {state.survey_id}` to go on."
            )
        if word == "back":
            return await self._back(state, definition)
        if word in {"help", "?"}:
            progress = await self.service.progress(
                state.survey_id, self._key(state.user_id), self.app.clock()
            )
            asked = question_text(state.survey_id, definition, question, progress)
            return Reply(f"{asked}\nOther commands work here with the prefix, e.g. `!foc help`.")
        if word == "skip":
            if question.required:
                return Reply.usage(
                    f"Question {question.number} is required: answer it, or `cancel` to stop for now."
                )
            return await self._next(state, definition, None)
        result = await self.service.submit(
            state.survey_id,
            self._key(state.user_id),
            {question.number: raw_value(question, text)},
            self.app.clock(),
        )
        if result.status == "refused":
            await self.repo.end(state.user_id)
            return Reply.error(result.message)
        if result.status == "invalid":
            why = result.errors.get(question.number) or result.message or "not a valid answer"
            return Reply.usage(f"{why}. {how_to_answer(question)}, or {WORDS}.")
        return await self._next(state, definition, result.progress)

    async def _back(self, state: DialogueState, definition: SurveyDefinition) -> Reply:
        if not state.visited:
            return Reply.usage("This is the first question you were asked here. " + WORDS.capitalize() + ".")
        previous = state.visited[-1]
        await self.repo.save(
            DialogueState(state.user_id, state.survey_id, previous, state.visited[:-1]), self.app.clock()
        )
        progress = await self.service.progress(state.survey_id, self._key(state.user_id), self.app.clock())
        return Reply(question_text(state.survey_id, definition, definition.questions[previous - 1], progress))

    async def _next(
        self, state: DialogueState, definition: SurveyDefinition, progress: Progress | None
    ) -> Reply:
        if progress is None:
            progress = await self.service.progress(
                state.survey_id, self._key(state.user_id), self.app.clock()
            )
        answered = set(progress.answers) if progress is not None else set()
        later = [
            q.number for q in definition.questions if q.number > state.question and q.number not in answered
        ]
        missing = progress.missing_required if progress is not None else ()
        number = later[0] if later else next((n for n in missing if n != state.question), None)
        if number is None:
            await self.repo.end(state.user_id)
            if progress is not None and progress.complete:
                return Reply(
                    f"Thank you: your response to survey {state.survey_id} is complete. You can change it "
                    f"until the survey closes (`survey answer {state.survey_id}`)."
                )
            return Reply(f"That was the last question. `survey answer {state.survey_id}` shows your answers.")
        visited = (*state.visited, state.question)
        await self.repo.save(DialogueState(state.user_id, state.survey_id, number, visited), self.app.clock())
        return Reply(question_text(state.survey_id, definition, definition.questions[number - 1], progress))

    @staticmethod
    def _key(user_id: str) -> str:
        return f"{PLATFORM}:{user_id}"
