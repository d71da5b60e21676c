"""The words each part of a logical form reads, by family: chairs, joining, countries, time, negation,
statements, task forces, activities, counts, first and latest, roles, status, lead, mentions."""

from __future__ import annotations

CHAIR = frozenset(
    [
        "chair",
        "chairs",
        "chaired",
        "chairing",
        "chairship",
        "chairships",
        "chairmanship",
        "presidency",
        "president",
        "presided",
        "held",
        "hold",
        "holds",
        "holding",
        "had",
        "took",
        "take",
        "takes",
        "taking",
        "over",
        "role",
        "seat",
        "turn",
        "position",
        "charge",
        "head",
        "headed",
        "led",
        "lead",
        "leads",
        "leading",
        "served",
        "serve",
        "serving",
        "run",
        "runs",
        "running",
        "ran",
        "gone",
        "go",
        "goes",
        "went",
        "was",
        "chairperson",
        "host",
        "hosted",
        "hosting",
        "rotating",
        "rotation",
    ]
)


JOIN = frozenset(
    [
        "join",
        "joined",
        "joins",
        "joining",
        "became",
        "become",
        "becomes",
        "member",
        "members",
        "membership",
        "entered",
        "enter",
        "entry",
        "accession",
        "acceded",
        "admitted",
        "admission",
        "new",
        "newer",
        "newest",
        "newly",
        "signed",
        "signed",
        "up",
        "sign",
        "up",
    ]
)


COUNTRY = frozenset(
    [
        "country",
        "countries",
        "member",
        "members",
        "membership",
        "government",
        "governments",
        "state",
        "states",
        "nation",
        "nations",
        "participant",
        "participants",
        "participating",
        "part",
        "belong",
        "belongs",
        "belonged",
        "in",
        "coalition's",
        "who",
        "whom",
    ]
)


TIME = frozenset(
    [
        "year",
        "years",
        "before",
        "after",
        "since",
        "between",
        "from",
        "to",
        "until",
        "till",
        "through",
        "during",
        "while",
        "when",
        "this",
        "last",
        "next",
        "previous",
        "following",
        "prior",
        "earlier",
        "later",
        "than",
        "same",
        "as",
        "time",
        "times",
        "current",
        "present",
        "now",
        "today",
        "ago",
        "coming",
        "period",
        "span",
        "up",
        "including",
        "inclusive",
        "onwards",
        "onward",
        "thereafter",
        "afterwards",
        "along",
        "together",
        "preceding",
        "subsequent",
        "succeeded",
        "preceded",
        "succeed",
        "precede",
        "followed",
        "came",
        "come",
        "took",
        "over",
        "replaced",
        "gap",  # "the last chair before the 2017 gap"
        "gaps",
        "break",
        "hiatus",
    ]
)


NEGATION = frozenset(
    ["not", "never", "no", "without", "non", "none", "nobody", "yet", "longer", "haven't", "hasn't", "nor"]
)


STATEMENT = frozenset(
    [
        "statement",
        "statements",
        "declaration",
        "declarations",
        "principles",
        "joint",
        "issued",
        "issue",
        "issues",
        "publish",
        "published",
        "publishes",
        "put",
        "out",
        "release",
        "released",
        "releases",
        "made",
        "make",
        "adopted",
        "adopt",
        "adopts",
        "said",
        "say",
        "says",
        "signed",
        "agenda",
        "recommendations",
        "text",
        "texts",
        "document",
        "documents",
        "produced",
        "produce",
        "wrote",
        "write",
        "written",
        "endorsed",
        "endorse",
        "came",
        "come",
        "comes",
        "out",
        "appeared",
        "appear",
    ]
)


TASK_FORCE = frozenset(
    ["task", "force", "forces", "taskforce", "taskforces", "group", "groups", "working", "tf"]
)


ACTIVITY = frozenset(
    [
        "activity",
        "activities",
        "program",
        "programme",
        "action",
        "poa",
        "plan",
        "planned",
        "tasks",
        "work",
        "items",
        "item",
        "listed",
        "under",
        "contain",
        "contains",
        "containing",
        "have",
        "has",
    ]
)


COUNT = frozenset(["how", "many", "number", "count", "total", "much", "amount", "times", "often"])


FIRST = frozenset(
    [
        "first",
        "earliest",
        "oldest",
        "initial",
        "founding",
        "set",
        "up",
        "original",
        "start",
        "started",
        "began",
    ]
)


LATEST = frozenset(
    ["latest", "newest", "most", "recent", "recently", "last", "youngest", "new", "lately", "previous"]
)


MOST = frozenset(["most", "fewest", "least", "times", "often", "frequently", "number"])


ROLE = frozenset(
    [
        "role",
        "roles",
        "chair",
        "chairs",
        "chaired",
        "chairing",
        "co-chair",
        "co-chairs",
        "co",
        "lead",
        "leads",
        "led",
        "leading",
        "leader",
        "head",
        "heads",
        "run",
        "runs",
        "running",
        "coordinate",
        "coordinates",
        "coordinating",
        "part",
        "involved",
        "involvement",
        "participate",
        "participates",
    ]
)


STATUS_WORDS = frozenset(
    [
        "status",
        "done",
        "completed",
        "complete",
        "finished",
        "in",
        "progress",
        "ongoing",
        "planned",
        "dropped",
        "overdue",
        "late",
        "behind",
        "schedule",
        "state",
    ]
)


LEAD = frozenset(
    [
        "lead",
        "leads",
        "led",
        "leader",
        "leading",
        "by",
        "owner",
        "owned",
        "owns",
        "responsible",
        "assigned",
        "unassigned",
        "charge",
        "run",
        "runs",
        "ran",
        "coordinated",
        "coordinates",
        "coordinating",
    ]
)


MENTION = frozenset(
    [
        "mention",
        "mentions",
        "mentioning",
        "mentioned",
        "reference",
        "references",
        "referenced",
        "referring",
        "refer",
        "involve",
        "involves",
        "involving",
        "include",
        "includes",
        "including",
        "about",
        "on",
        "concern",
        "concerns",
        "concerning",
        "regarding",
        "relate",
        "relates",
        "related",
        "relating",
        "deal",
        "deals",
        "dealing",
        "cover",
        "covers",
        "covering",
        "with",
        "name",
        "names",
        "named",
        "talk",
        "handle",
        "handles",
        "handled",
        "tackle",
        "tackles",
        "address",
        "addresses",
        "focus",
        "focuses",
        "work",
        "works",
        "talks",
        "talking",
        "discuss",
        "discusses",
        "say",
        "says",
        "said",
    ]
)
