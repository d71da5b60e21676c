"""The `ask` search over the database's knowledge records, rebuilt when the records change."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage.repositories.knowledge import KnowledgeRepository
from storage.search import Glossary, SearchHit, SearchIndex, records_from_data


@dataclass(frozen=True)
class BuiltIndex:
    """An index and the records it was built from; searching never changes it, so apps may share it."""

    program: dict[str, Any]
    facts: dict[str, Any]
    index: SearchIndex


class KnowledgeSearch:
    """Builds the in-memory index from the database once, then answers from memory."""

    def __init__(self, knowledge: KnowledgeRepository) -> None:
        self.knowledge = knowledge
        self._index: SearchIndex | None = None
        self._built: BuiltIndex | None = None
        self._lent = False
        self._lock = asyncio.Lock()

    @property
    def built(self) -> BuiltIndex | None:
        """The index last built or reused, with its records."""
        return self._built

    def reuse(self, built: BuiltIndex) -> None:
        """Take ``built`` instead of building again if the database holds exactly its records (tests share
        one index among the copies of one database). The records are compared at the first search, not
        at start: most apps lent an index never search."""
        self._built = built
        self._lent = True

    async def refresh(self) -> None:
        if self._lent:  # compared with the records when first searched
            self._lent = False
            self._index = None
            return
        program, facts = await self._snapshot()
        built = self._built
        if built is None or built.program != program or built.facts != facts:
            glossary = Glossary.default()
            built = BuiltIndex(program, facts, SearchIndex.build(records_from_data(program, facts), glossary))
            self._built = built
        self._index = built.index

    async def search(self, query: str, limit: int = 3, kinds: Sequence[str] | None = None) -> list[SearchHit]:
        if self._index is None:
            async with self._lock:
                if self._index is None:
                    await self.refresh()
        assert self._index is not None
        if kinds is None:
            return self._index.search(query, limit=limit)
        wanted = set(kinds)
        hits = self._index.search(query, limit=max(limit * 20, 60))
        return [h for h in hits if h.record.kind in wanted][:limit]

    async def _snapshot(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The database's records in the shape of the seed files (program.yaml, facts.yaml)."""
        k = self.knowledge
        goals = await k.goals()
        program: dict[str, Any] = {
            "goals": [{"number": g.number, "title": g.title, "statement": g.statement} for g in goals],
            "objectives": [
                {"id": o.id, "goal": g.number, "text": o.text} for g in goals for o in g.objectives
            ],
            "activities": [
                {"id": a.id, "objective": o.id, "text": a.text}
                for g in goals
                for o in g.objectives
                for a in o.activities
            ],
            "topics": [
                {"key": t.key, "title": t.title, "summary": t.summary, "text": t.text}
                for t in await k.topics()
            ],
            "context": [{"key": c.key, "title": c.title, "text": c.text} for c in await k.context_sections()],
        }
        facts: dict[str, Any] = {
            "chairs": [{"year": c.year, "chair": c.chair, "src": c.source} for c in await k.chairs()],
            "members": [],
            "observers": [],
            "task_forces": [
                {
                    "key": t.key,
                    "name": t.name,
                    "period": t.period,
                    "launched": t.launched,
                    "chairs": t.chairs,
                    "focus": t.focus,
                    "output": t.output,
                    "src": t.source,
                }
                for t in await k.task_forces()
            ],
            "joint_statements": [
                {"year": s.year, "title": s.title, "key": s.key} for s in await k.statements()
            ],
            "structure": {s.key: s.text for s in await k.structure()},
            "networks": [
                {"key": n.key, "city": n.city, "description": n.description, "source": n.source, "poc": n.poc}
                for n in await k.networks()
            ],
        }
        for m in await k.members():
            row = {
                "name": m.name,
                "joined": m.joined,
                "tz": m.timezone,
                "left": m.left,
                "note": m.note,
                "src": m.source,
            }
            facts["members" if m.kind == "member" else "observers"].append(row)
        return program, facts
