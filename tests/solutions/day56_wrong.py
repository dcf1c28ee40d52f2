"""Plausible wrong answers for days/day56.ipynb: each breaks one stated rule."""
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def status_for(body: Any) -> int:
    if not isinstance(body, dict) or set(body) - {"query", "k"}:
        return 422
    query, k = body.get("query"), body.get("k", 5)
    if not isinstance(query, str) or not query.strip() or len(query) > 1000:
        return 422
    if not isinstance(k, int) or not 1 <= k <= 50:  # True is an int subclass: passes as 1
        return 422
    return 400 if len(query) > 300 else 200


def status_for__lax(body: Any) -> int:
    if not isinstance(body, dict) or set(body) - {"query", "k"}:
        return 422
    query = body.get("query")
    if not isinstance(query, str) or not query.strip() or len(query) > 1000:
        return 422
    try:
        k = int(body.get("k", 5))  # '5' and 5.0 become 5: lax, not the contract's strict mode
    except (TypeError, ValueError):
        return 422
    return 422 if not 1 <= k <= 50 else 400 if len(query) > 300 else 200


def status_for__order(body: Any) -> int:
    if isinstance(body, dict) and isinstance(body.get("query"), str) and len(body["query"]) > 300:
        return 400  # the pipeline's limit checked before the contract: a 1001-character query gets 400
    from aicourse.serve import SearchRequest
    try:
        SearchRequest.model_validate(body)
    except Exception:
        return 422
    return 200


def status_for__bytes(body: Any) -> int:
    if not isinstance(body, dict) or set(body) - {"query", "k"}:
        return 422
    query, k = body.get("query"), body.get("k", 5)
    if not isinstance(query, str) or not query.strip() or len(query.encode()) > 1000:  # bytes, not characters
        return 422
    if type(k) is not int or not 1 <= k <= 50:
        return 422
    return 400 if len(query.encode()) > 300 else 200


def status_for__ascii_strip(body: Any) -> int:
    if not isinstance(body, dict) or set(body) - {"query", "k"}:
        return 422
    query, k = body.get("query"), body.get("k", 5)
    if not isinstance(query, str) or not query.strip(" \t\n\r") or len(query) > 1000:  # ASCII spaces only
        return 422
    if type(k) is not int or not 1 <= k <= 50:
        return 422
    return 400 if len(query) > 300 else 200


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("blank")
    return text


class FeedbackRequest(BaseModel):  # rating is lax: "4" and 4.0 pass
    model_config = ConfigDict(extra="forbid")
    question: Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_not_blank)]
    rating: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=280)
    sources: list[Annotated[int, Field(ge=1, strict=True)]] = Field(default_factory=list, max_length=10)


class FeedbackRequest__extra(BaseModel):  # unknown fields are ignored
    question: Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_not_blank)]
    rating: int = Field(ge=1, le=5, strict=True)
    comment: str = Field("", max_length=280)
    sources: list[Annotated[int, Field(ge=1, strict=True)]] = Field(default_factory=list, max_length=10)


class FeedbackRequest__blank(BaseModel):  # '   ' passes min_length=1
    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1, max_length=1000)
    rating: int = Field(ge=1, le=5, strict=True)
    comment: str = Field("", max_length=280)
    sources: list[Annotated[int, Field(ge=1, strict=True)]] = Field(default_factory=list, max_length=10)


class FeedbackRequest__sources_le20(BaseModel):  # invents an upper bound on a source number
    model_config = ConfigDict(extra="forbid")
    question: Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_not_blank)]
    rating: int = Field(ge=1, le=5, strict=True)
    comment: str = Field("", max_length=280)
    sources: list[Annotated[int, Field(ge=1, le=20, strict=True)]] = Field(default_factory=list, max_length=10)


class FeedbackRequest__exclusive(BaseModel):  # gt/lt: the same numbers pass, but the schema is not the stated one
    model_config = ConfigDict(extra="forbid")
    question: Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_not_blank)]
    rating: int = Field(gt=0, lt=6, strict=True)
    comment: str = Field("", max_length=280)
    sources: list[Annotated[int, Field(gt=0, strict=True)]] = Field(default_factory=list, max_length=10)


class FeedbackRequest__nullable(BaseModel):  # comment may be null
    model_config = ConfigDict(extra="forbid")
    question: Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_not_blank)]
    rating: int = Field(ge=1, le=5, strict=True)
    comment: str | None = Field("", max_length=280)
    sources: list[Annotated[int, Field(ge=1, strict=True)]] = Field(default_factory=list, max_length=10)


def finish_times(arrivals: list[float], service: float) -> list[float]:
    out, free = [], 0.0  # served in list order, not in order of arrival
    for a in arrivals:
        free = max(free, a) + service
        out.append(free)
    return out


def finish_times__no_idle(arrivals: list[float], service: float) -> list[float]:
    order = sorted(range(len(arrivals)), key=lambda i: (arrivals[i], i))
    out = [0.0] * len(arrivals)
    start = min(arrivals, default=0.0)
    for rank, i in enumerate(order):
        out[i] = start + (rank + 1) * service  # forgets that the server idles until the next arrival
    return out
