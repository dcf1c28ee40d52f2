"""Checks for days/day56.ipynb: which status code the RAG API gives a /search body, a Pydantic request model with
stated limits, and when each request finishes on a server that generates under one lock."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, show
from aicourse.serve import MAX_K, MAX_QUERY_CHARS, SearchRequest

PIPELINE_MAX_CHARS = 300  # the workbook's pipeline: stricter than the contract's MAX_QUERY_CHARS


def _status(body: Any) -> int:
    "The reference: the library's own contract, then the pipeline's limit."
    from pydantic import ValidationError
    try:
        request = SearchRequest.model_validate(body)
    except ValidationError:
        return 422
    return 400 if len(request.query) > PIPELINE_MAX_CHARS else 200


_Q = "How long are invoices kept?"
_TEXTS = [_Q, "x", "  refunds  ", "é" * 300, "é" * 301, "a" * MAX_QUERY_CHARS, "a" * (MAX_QUERY_CHARS + 1),
          "a" * 299, "b" * 300, "c" * 301, "", " ", "\n\t ", " \u00a0", "\u3000", "0", "?"]
_KS = [1, 2, 5, MAX_K, MAX_K - 1, MAX_K + 1, 0, -1, 1000, "5", "five", 5.0, 2.5, True, False, None, [3], {"k": 3}]
_EDGES: list[tuple[Any, str | None]] = [
    ({"query": _Q, "k": 3}, None), ({"query": _Q}, "k may be left out: it has a default (5)"),
    ({"query": "   ", "k": 3}, "a query of spaces only is blank: 422"), ({"query": "", "k": 3}, "an empty query: 422"),
    ({"query": _Q, "k": 0}, "k must be at least 1"), ({"query": _Q, "k": MAX_K}, f"k = {MAX_K} is allowed (<=)"),
    ({"query": _Q, "k": MAX_K + 1}, f"k is at most {MAX_K}"), ({"query": _Q, "k": "5"}, "a string is not a whole number"),
    ({"query": _Q, "k": 5.0}, "5.0 is a float: not a whole number in strict mode"),
    ({"query": _Q, "k": True}, "true is a boolean, not a whole number"), ({"query": _Q, "k": None}, "null is not a number"),
    ({"k": 3}, "the query is required"), ({"querry": _Q}, "an unknown field is an error (extra='forbid')"),
    ({"query": _Q, "k": 3, "debug": True}, "an unknown field is an error even next to valid ones"),
    ({"query": 42}, "the query must be a string"), ({"query": [_Q]}, "the query must be a string"),
    ({"query": "a" * MAX_QUERY_CHARS}, f"{MAX_QUERY_CHARS} characters: inside the contract, over the pipeline's "
                                       f"{PIPELINE_MAX_CHARS}: 400"),
    ({"query": "a" * (MAX_QUERY_CHARS + 1)}, f"over {MAX_QUERY_CHARS} characters breaks the contract: 422, not 400"),
    ({"query": "b" * PIPELINE_MAX_CHARS}, f"exactly {PIPELINE_MAX_CHARS} characters is allowed (<=)"),
    ({"query": "c" * (PIPELINE_MAX_CHARS + 1)}, f"{PIPELINE_MAX_CHARS + 1} characters: the pipeline refuses, 400"),
    ({"query": " " * 400}, "blank and long: the contract's check (422) comes before the pipeline's (400)"),
    ({"query": "é" * 301}, "characters, not bytes: 301 characters"),
    ({"query": "é" * PIPELINE_MAX_CHARS}, f"characters, not bytes: {PIPELINE_MAX_CHARS} characters of 'é' (2 bytes "
                                          "each) are allowed"),
    ({"query": "é" * MAX_QUERY_CHARS}, f"characters, not bytes: {MAX_QUERY_CHARS} characters of 'é' are inside the "
                                       f"contract, over the pipeline's {PIPELINE_MAX_CHARS}: 400"),
    ({"query": " \u00a0"}, "a no-break space is whitespace too (str.strip knows every Unicode space): blank, 422"),
    ({"query": "\u3000", "k": 2}, "an ideographic space is whitespace too: blank, 422"),
    ([_Q, 3], "the body must be a JSON object"),
    ("query", "the body must be a JSON object"), (None, "the body must be a JSON object"), ({}, "the query is required")]


def _random_body(rng: random.Random) -> Any:
    r = rng.random()
    if r < 0.05:
        return rng.choice([[], "text", 3, None, [{"query": _Q}]])
    body: dict[str, Any] = {}
    if rng.random() < 0.9:
        body["query"] = rng.choice(_TEXTS + [rng.choice(" ab") * rng.randint(0, 1200), 7, None])
    if rng.random() < 0.7:
        body["k"] = rng.choice(_KS + [rng.randint(-5, 60)])
    if rng.random() < 0.1:
        body[rng.choice(["q", "question", "top_k", "K"])] = 1
    keys = list(body)
    rng.shuffle(keys)
    return {key: body[key] for key in keys}


@exercise("day56.status_for",
          question="Which rule does your answer skip: k as a strict whole number (not '5', 5.0, true or null), "
                   "1 <= k <= 50, a query that is a string of 1 to 1000 characters and not only whitespace, no other "
                   "keys, a body that is an object? And does the pipeline's 300-character limit (400) come only "
                   "AFTER the contract passed?",
          recipe="422 if not a dict, or set(body) - {'query', 'k'}, or query missing / not a str / not "
                 "query.strip() / len > 1000, or 'k' in body and (type(k) is not int or not 1 <= k <= 50); "
                 "else 400 if len(query) > 300; else 200")
def check_status_for(status_for: Callable[[Any], Any], rng: random.Random) -> int:
    cases = list(_EDGES) + [(_random_body(rng), None) for _ in range(60)]
    for body, why in cases:
        want = _status(body)
        got = call("status_for", status_for, body)
        if not equal(got, want):
            question = f"The rule this case tests: {why}." if why else None
            raise CheckFailed(f"status_for({show(body)}) returned {show(got)}, the API answers {want}", question)
    return len(cases)


_FIELDS = {"question", "rating", "comment", "sources"}


def _valid_feedback(rng: random.Random) -> dict[str, Any]:
    body: dict[str, Any] = {"question": rng.choice([_Q, "x", "  padded  ", "é" * 1000, "a" * rng.randint(1, 1000)]),
                            "rating": rng.randint(1, 5)}
    if rng.random() < 0.6:
        body["comment"] = rng.choice(["", "useful", "z" * 280, "y" * rng.randint(0, 280), "   "])
    if rng.random() < 0.6:  # no upper bound on a source number: small ones mostly, large ones too
        body["sources"] = [rng.choice([rng.randint(1, 20), rng.randint(1, 10**6)]) for _ in range(rng.randint(0, 10))]
    return body


_VALID_EDGES: list[dict[str, Any]] = [  # checked first, on every seed
    {"question": "x", "rating": 1, "sources": [10**6]}, {"question": "é" * 1000, "rating": 5, "comment": "z" * 280},
    {"question": "  padded  ", "rating": 3, "comment": "   ", "sources": [1] * 10}, {"question": _Q, "rating": 2}]


_INVALID: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("question", lambda b: b.pop("question"), "question is required"),
    ("question", lambda b: b.update(question=""), "an empty question"),
    ("question", lambda b: b.update(question="  \n "), "a question of whitespace only is blank"),
    ("question", lambda b: b.update(question="q" * 1001), "a question over 1000 characters"),
    ("question", lambda b: b.update(question=12), "a number is not a question"),
    ("rating", lambda b: b.pop("rating"), "rating is required"),
    ("rating", lambda b: b.update(rating=0), "rating is 1 to 5"), ("rating", lambda b: b.update(rating=6), "rating is 1 to 5"),
    ("rating", lambda b: b.update(rating="4"), "strict: the string '4' is not a whole number"),
    ("rating", lambda b: b.update(rating=4.0), "strict: 4.0 is a float"),
    ("rating", lambda b: b.update(rating=True), "strict: True is a boolean"),
    ("comment", lambda b: b.update(comment="c" * 281), "a comment is at most 280 characters"),
    ("comment", lambda b: b.update(comment=None), "comment is a string (leave it out for none)"),
    ("sources", lambda b: b.update(sources=[1] * 11), "at most 10 source numbers"),
    ("sources", lambda b: b.update(sources=[2, 0]), "source numbers start at 1"),
    ("sources", lambda b: b.update(sources=[1, "2"]), "strict: '2' is not a whole number"),
    ("sources", lambda b: b.update(sources=[1.0]), "strict: 1.0 is a float"),
    ("sources", lambda b: b.update(sources=3), "sources is a list"),
    ("sources", lambda b: b.update(sources=[True]), "strict: True is a boolean"),
    ("extra", lambda b: b.update(user="ana"), "no other fields (extra='forbid')"),
    ("extra", lambda b: b.update(Rating=3), "no other fields: names are case-sensitive"),
]


def _schema_problem(model: Any) -> str | None:
    "Whether the limits the statement asks for are Field constraints, visible in the JSON schema."
    try:
        schema = model.model_json_schema()
    except Exception as e:
        return f"model_json_schema() raised {type(e).__name__}: {e}"
    props = schema.get("properties", {})
    for field, prop in props.items():
        if "anyOf" in prop:
            kinds = [k.get("type", "?") for k in prop["anyOf"]]
            return (f"the schema of {field!r} is anyOf {kinds}: it accepts null. The statement says {field} may be left "
                    f"out, but null is refused: annotate it without '| None' and give it a default")
    for field, prop in [(f, p) for f, p in props.items()] + [("sources items", props.get("sources", {}).get("items", {}))]:
        if "exclusiveMinimum" in prop or "exclusiveMaximum" in prop:
            return (f"the schema of {field!r} has exclusiveMinimum/exclusiveMaximum: state the bounds as the statement "
                    f"does, with ge= and le= (inclusive), not gt= and lt=")
    want = {("question", "minLength"): 1, ("question", "maxLength"): 1000, ("rating", "minimum"): 1,
            ("rating", "maximum"): 5, ("comment", "maxLength"): 280, ("sources", "maxItems"): 10}
    for (field, key), value in want.items():
        got = props.get(field, {}).get(key)
        if got is None or got != value:
            return f"the schema of {field!r} has {key}={got!r}, expected {value}: state that limit with Field(...)"
    if schema.get("additionalProperties") is not False:
        return "the schema allows other fields: model_config = ConfigDict(extra='forbid')"
    if set(schema.get("required", [])) != {"question", "rating"}:
        return f"required fields are {sorted(schema.get('required', []))}, expected ['question', 'rating']"
    return None


@exercise("day56.FeedbackRequest",
          question="Is every limit a Field constraint (min_length, max_length, ge, le), is rating strict (no '4', 4.0, "
                   "True), is a blank question refused by a validator, are sources strict ints >= 1 (at most 10, no "
                   "upper bound on a number), do comment and sources have defaults but refuse null, and does "
                   "extra='forbid' refuse unknown fields?",
          recipe="class FeedbackRequest(BaseModel): model_config = ConfigDict(extra='forbid'); question: Annotated[str, "
                 "Field(min_length=1, max_length=1000), AfterValidator(not_blank)]; rating: int = Field(ge=1, le=5, "
                 "strict=True); comment: str = Field('', max_length=280); sources: list[Annotated[int, Field(ge=1, "
                 "strict=True)]] = Field(default_factory=list, max_length=10)")
def check_feedback_request(model: Any, rng: random.Random) -> int:
    from pydantic import BaseModel, ValidationError
    if not isinstance(model, type) or not issubclass(model, BaseModel):
        raise CheckFailed(f"FeedbackRequest must be a Pydantic model class (class FeedbackRequest(BaseModel)), "
                          f"got {show(model)}")
    n = 0
    bodies = [dict(b) for b in _VALID_EDGES] + [_valid_feedback(rng) for _ in range(40)]
    for i, body in enumerate(bodies):
        try:
            m = model.model_validate(dict(body))  # the starter raises NotImplementedError here: TODO
        except ValidationError as e:
            raise CheckFailed(f"a valid body was refused: {show(body)}\n       {e.errors()[0]['msg']} at "
                              f"{e.errors()[0]['loc']}") from None
        got = {f: getattr(m, f, None) for f in _FIELDS}
        want = {"question": body["question"], "rating": body["rating"], "comment": body.get("comment", ""),
                "sources": body.get("sources", [])}
        if not all(equal(got[f], want[f]) for f in _FIELDS):
            raise CheckFailed(f"{show(body)} became {show(got)}, expected {show(want)}",
                              "Keep the values as sent (no stripping); comment defaults to '' and sources to [].")
        n += 1
        if i == 0 and (problem := _schema_problem(model)):
            raise CheckFailed(problem)
    for field, breaks, why in _INVALID + [rng.choice(_INVALID) for _ in range(10)]:
        body = _valid_feedback(rng)
        breaks(body)
        try:
            model.model_validate(body)
        except ValidationError as e:
            locs = {str(err["loc"][0]) if err["loc"] else "" for err in e.errors()}
            if field != "extra" and field not in locs:
                raise CheckFailed(f"{show(body)} was refused, but the error names {sorted(locs)}, not {field!r}",
                                  f"The rule this case tests: {why}.") from None
        else:
            raise CheckFailed(f"an invalid body was accepted: {show(body)}", f"The rule this case tests: {why}.")
        n += 1
    return n


def _finish(arrivals: list[float], service: float) -> list[float]:
    order = sorted(range(len(arrivals)), key=lambda i: (arrivals[i], i))
    out = [0.0] * len(arrivals)
    free = -math.inf
    for i in order:
        free = max(free, arrivals[i]) + service
        out[i] = free
    return out


@exercise("day56.finish_times",
          question="Do you serve in order of ARRIVAL (ties: the earlier in the list first), start each one at "
                   "max(its arrival, the previous finish), and return the times in the order of the input list?",
          recipe="order = sorted(range(n), key=lambda i: (arrivals[i], i)); free = -inf; for i in order: "
                 "free = max(free, arrivals[i]) + service; out[i] = free")
def check_finish_times(finish_times: Callable[[list[float], float], Any], rng: random.Random) -> int:
    cases: list[tuple[list[float], float, str | None]] = [
        ([0.0, 0.0, 0.0, 0.0], 0.2, "four at once under the lock: 0.2, 0.4, 0.6, 0.8"),
        ([0.0], 1.5, None), ([], 1.0, "no requests: an empty list"),
        ([0.0, 5.0], 1.0, "the server is idle when the second arrives: it starts at once"),
        ([0.0, 0.5], 1.0, "the second waits for the first: it starts at 1.0, not 0.5"),
        ([3.0, 1.0, 2.0], 1.0, "serve in order of arrival, answer in the order of the list"),
        ([2.0, 2.0, 0.0], 0.5, "equal arrivals: the earlier in the list goes first"),
        ([0.25, 0.25, 4.0, 4.1], 0.5, None)]
    for _ in range(30):
        n = rng.randint(0, 10)
        arrivals = [round(rng.uniform(0, 5), 2) for _ in range(n)]
        if n and rng.random() < 0.3:
            arrivals[rng.randrange(n)] = arrivals[0]  # ties
        cases.append((arrivals, round(rng.uniform(0.05, 2), 2), None))
    for arrivals, service, why in cases:
        want = _finish(arrivals, service)
        got = call("finish_times", finish_times, list(arrivals), service)
        try:
            ok = len(got) == len(want) and all(math.isclose(float(g), w, abs_tol=1e-9) for g, w in zip(got, want, strict=True))
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise CheckFailed(f"finish_times({arrivals}, service={service}) returned {show(got)}, expected "
                              f"{[round(w, 6) for w in want]}", f"The rule this case tests: {why}." if why else None)
    return len(cases)
