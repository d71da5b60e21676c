"""Search over the Program of Action 2023 and the FOC directory (pure Python, in memory)."""

from storage.search.glossary import DEFAULT_GLOSSARY, DOMAIN_LEXICON, Glossary
from storage.search.index import SearchHit, SearchIndex
from storage.search.records import (
    KINDS,
    SearchRecord,
    activity_record,
    chair_record,
    context_record,
    facts_records,
    goal_record,
    member_record,
    network_record,
    objective_record,
    program_records,
    records_from_data,
    records_from_seed,
    statement_record,
    structure_record,
    taskforce_record,
    topic_record,
)
from storage.search.text import normalize, stem, tokenize

__all__ = [
    "DEFAULT_GLOSSARY",
    "DOMAIN_LEXICON",
    "KINDS",
    "Glossary",
    "SearchHit",
    "SearchIndex",
    "SearchRecord",
    "activity_record",
    "chair_record",
    "context_record",
    "facts_records",
    "goal_record",
    "member_record",
    "network_record",
    "normalize",
    "objective_record",
    "program_records",
    "records_from_data",
    "records_from_seed",
    "statement_record",
    "stem",
    "structure_record",
    "taskforce_record",
    "tokenize",
    "topic_record",
]
