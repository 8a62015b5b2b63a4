"""The nearest ids to an unknown one, said in French: never the whole list.

An unknown id in the rules is most often a typo; the validator names the at
most three nearest ids ("vouliez-vous dire « maintenance-des-systemes » ?"),
and only when none is near, how many there are and where they are defined.
"""

import difflib

MAX_SUGGESTIONS = 3
# How close a known id must be (difflib's ratio, 0 to 1) to be suggested, and
# how much less close than the nearest one it may be.
CUTOFF = 0.75
BAND = 0.1


def show(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def nearest(value, allowed) -> list:
    """At most MAX_SUGGESTIONS known ids close to `value`, the nearest first
    (in the rules' order when as near)."""
    wanted = show(value).casefold()
    scored = []
    for item in dict.fromkeys(show(item) for item in allowed):
        matcher = difflib.SequenceMatcher(None, wanted, item.casefold())
        if matcher.real_quick_ratio() >= CUTOFF and matcher.quick_ratio() >= CUTOFF and matcher.ratio() >= CUTOFF:
            scored.append((matcher.ratio(), item))
    if not scored:
        return []
    best = max(score for score, _ in scored)
    close = sorted((item for item in scored if item[0] >= best - BAND), key=lambda item: -item[0])
    return [item for _, item in close[:MAX_SUGGESTIONS]]


def quoted_choice(values) -> str:
    """« a », « b » ou « c »."""
    quoted = [f"« {v} »" for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " ou " + quoted[-1]


def proposal(value, allowed, lieu: str) -> str:
    """The end of an "unknown id" message: the nearest ids; the allowed ones when
    there are at most MAX_SUGGESTIONS; otherwise how many and where (`lieu`)."""
    allowed = list(dict.fromkeys(show(item) for item in allowed))
    near = nearest(value, allowed)
    if near:
        return f"vouliez-vous dire {quoted_choice(near)} ?"
    if not allowed:
        return f"aucun n'est défini ({lieu})"
    if len(allowed) <= MAX_SUGGESTIONS:
        return f"valeurs permises : {', '.join(allowed)}"
    return f"aucun identifiant proche parmi les {len(allowed)} définis ({lieu})"


def vocabulary_proposal(value, allowed, nom: str) -> str:
    """The same for a word of the rule files' own vocabulary (a key, a value a
    schema fixes, a file name): short and fixed lists, given when none is near
    (`nom`: "clés permises"…)."""
    near = nearest(value, allowed)
    if near:
        return f"vouliez-vous dire {quoted_choice(near)} ?"
    return f"{nom} : {', '.join(show(item) for item in allowed)}"
