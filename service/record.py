"""The report record: the pydantic models that are the contract of ../shared/spec/record.md.

These models are the single source of the JSON Schema (`nianbao schema`), the HTTP API
responses and the batch output. Field names follow the spec; fields may be added, none renamed.
"""

from __future__ import annotations

from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

SectionKey = Literal["overview", "active_disclosure", "applications", "review_litigation", "problems", "other"]
Comparator = Literal["=", ">=", ">", "<=", "<", "~"]
CheckStatus = Literal["pass", "fail", "skipped"]
Number = Union[int, float]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentInfo(_Model):
    id: Optional[str] = Field(None, description="sha256 of the raw bytes, hex")
    source: str = Field(..., description="path or URL as given")
    format: Optional[Literal["text", "html", "pdf", "docx"]] = None
    chars: int = Field(0, description="length of the normalised text")
    script: Optional[Literal["simplified", "traditional", "mixed"]] = None
    offsets: Literal["normalised"] = Field(
        "normalised",
        description="all start/end offsets index the normalised text (t2s + one-character NFKC); "
        "normalisation is length-preserving, so the same offsets index the extracted original text",
    )


class Metadata(_Model):
    agency: Optional[str] = None
    year: Optional[int] = None
    publish_date: Optional[str] = Field(None, description="ISO date")
    template: Optional[Literal["2021", "2019"]] = None


class Section(_Model):
    key: SectionKey
    title: str
    start: int
    end: int


class Table(_Model):
    """`{"rows": {ROW: {COL: value}}}`; a value is a number, or null for a blank cell."""

    rows: dict[str, dict[str, Optional[Number]]] = Field(default_factory=dict)
    start: Optional[int] = Field(None, description="offset where the table starts in the normalised text")
    end: Optional[int] = Field(None, description="offset where the table ends in the normalised text")


class ReviewGroup(_Model):
    upheld: Optional[int] = None
    corrected: Optional[int] = None
    other: Optional[int] = None
    pending: Optional[int] = None
    total: Optional[int] = None


class ReviewLitigationTable(_Model):
    review: ReviewGroup
    litigation_direct: ReviewGroup
    litigation_after_review: ReviewGroup
    start: Optional[int] = None
    end: Optional[int] = None


class Tables(_Model):
    active_disclosure: Optional[Table] = None
    applications: Optional[Table] = None
    review_litigation: Optional[ReviewLitigationTable] = None


class Claim(_Model):
    metric: str
    value: float
    unit: Optional[str] = None
    comparator: Comparator = "="
    text: str
    start: int
    end: int
    metric_span: tuple[int, int]
    value_span: tuple[int, int]
    section: Optional[SectionKey] = None
    source: Literal["model", "rule"] = "rule"
    confidence: float = Field(0.9, ge=0.0, le=1.0)


class Check(_Model):
    id: str
    status: CheckStatus
    expected: Optional[Number] = None
    actual: Optional[Number] = None
    message: str = ""


class Record(_Model):
    schema_version: str = SCHEMA_VERSION
    document: DocumentInfo
    metadata: Metadata = Field(default_factory=Metadata)
    sections: list[Section] = Field(default_factory=list)
    tables: Tables = Field(default_factory=Tables)
    claims: list[Claim] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    error: Optional[str] = Field(None, description="set when the document could not be read; names the file and the reason")


def record_json_schema() -> dict:
    """The record's JSON Schema, generated from the pydantic model."""
    return Record.model_json_schema()
