"""Reference answers for days/day56.ipynb."""
import math
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator


def status_for(body: Any) -> int:
    if not isinstance(body, dict) or set(body) - {"query", "k"}:
        return 422
    query, k = body.get("query"), body.get("k", 5)
    if not isinstance(query, str) or not query.strip() or len(query) > 1000:
        return 422
    if type(k) is not int or not 1 <= k <= 50:  # not bool (a subclass of int), not float, not str
        return 422
    return 400 if len(query) > 300 else 200


def status_for__library(body: Any) -> int:
    from aicourse.serve import SearchRequest  # the lesson's contract itself
    try:
        request = SearchRequest.model_validate(body)
    except ValidationError:
        return 422
    return 400 if len(request.query) > 300 else 200


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must hold some words, not only spaces")
    return text


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_not_blank)]
    rating: int = Field(ge=1, le=5, strict=True)
    comment: str = Field("", max_length=280)
    sources: list[Annotated[int, Field(ge=1, strict=True)]] = Field(default_factory=list, max_length=10)


class FeedbackRequest__validator(BaseModel):  # the blank rule as a field_validator, strict ints by model config
    model_config = ConfigDict(extra="forbid", strict=True)
    question: str = Field(min_length=1, max_length=1000)
    rating: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=280)
    sources: list[Annotated[int, Field(ge=1)]] = Field(default=[], max_length=10)

    @field_validator("question")
    @classmethod
    def _blank(cls, v: str) -> str:
        if v.isspace():
            raise ValueError("blank")
        return v


def finish_times(arrivals: list[float], service: float) -> list[float]:
    order = sorted(range(len(arrivals)), key=lambda i: (arrivals[i], i))
    out = [0.0] * len(arrivals)
    free = -math.inf
    for i in order:
        free = max(free, arrivals[i]) + service
        out[i] = free
    return out


def finish_times__heap(arrivals: list[float], service: float) -> list[float]:
    import heapq
    queue = [(a, i) for i, a in enumerate(arrivals)]
    heapq.heapify(queue)
    out, free = {}, 0.0
    while queue:
        a, i = heapq.heappop(queue)
        free = (a if not out or a > free else free) + service
        out[i] = free
    return [out[i] for i in range(len(arrivals))]
