"""The HTTP service: `POST /v1/extract` (an uploaded file of any supported format, or JSON `{"text": ...}`),
`GET /health`, the OpenAPI pages at `/docs` and `/redoc` (their scripts served from the package, so they work
offline), and Label Studio's ML-backend endpoints
(`/setup`, `/predict`, `/webhook`). Bad input is a 4xx JSON error naming the reason, never a 500."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool
from pydantic import BaseModel

from service.config import load_config
from service.record import Record

log = logging.getLogger(__name__)


class ErrorBody(BaseModel):
    error: str
    detail: Optional[str] = None


def _err(status: int, error: str, detail: str | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": error, "detail": detail})


def create_app(model: object | None = None, max_bytes: int | None = None, timeout_s: float | None = None) -> FastAPI:
    cfg = load_config("service.yaml")
    limit = max_bytes or int(cfg["max_upload_bytes"])
    # a thread cannot be stopped from outside: after the limit the request is answered with 504 and
    # the extraction's result, when it comes, is dropped (batch and `nianbao extract` stop it)
    time_limit_s = float(cfg.get("extract_timeout_s", 300) if timeout_s is None else timeout_s)
    # FastAPIOffline: FastAPI whose /docs and /redoc load Swagger UI and ReDoc from files it ships, not a CDN
    app = FastAPIOffline(
        title="nianbao",
        version="0.1.0",
        description="Chinese government information-disclosure annual reports → checked records.",
    )
    app.state.model = model

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _err(422, "invalid request", str(exc.errors())[:500])

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return _err(500, "internal error", type(exc).__name__)

    # GET /health comes from the ML-backend router below: {"status": "UP", "model_version": ...}
    @app.post(
        "/v1/extract",
        response_model=Record,
        responses={400: {"model": ErrorBody}, 413: {"model": ErrorBody}, 415: {"model": ErrorBody}, 422: {"model": ErrorBody}, 504: {"model": ErrorBody}},
        openapi_extra={
            "requestBody": {
                "content": {
                    "multipart/form-data": {
                        "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}, "required": ["file"]}
                    },
                    "application/json": {
                        "schema": {"type": "object", "properties": {"text": {"type": "string"}, "source": {"type": "string"}}, "required": ["text"]}
                    },
                },
                "required": True,
            }
        },
    )
    async def extract_endpoint(request: Request):
        from service.pipeline import extract

        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > limit:
            return _err(413, "request too large", f"{length} bytes; the limit is {limit}")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                return _err(413, "request too large", f"over the {limit}-byte limit")
        ctype = request.headers.get("content-type", "")
        if ctype.startswith("multipart/form-data"):
            data, source = await _read_upload(request, bytes(body), ctype)
            if isinstance(data, JSONResponse):
                return data
        elif ctype.startswith("application/json"):
            try:
                payload = json.loads(body)
            except (json.JSONDecodeError, UnicodeDecodeError):
                return _err(400, "malformed JSON body")
            if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
                return _err(422, 'JSON body must be {"text": "..."}')
            data, source = payload["text"].encode("utf-8"), str(payload.get("source") or "<text>")
        else:
            return _err(415, "unsupported content type", "send multipart/form-data with a 'file' field, or application/json {\"text\": ...}")
        # extraction is CPU-bound and synchronous: run it off the event loop so /health stays responsive
        try:
            rec = await asyncio.wait_for(run_in_threadpool(extract, data, source=source, model=app.state.model),
                                         timeout=time_limit_s if time_limit_s > 0 else None)
        except asyncio.TimeoutError:
            return _err(504, f"{source}: extraction took longer than {time_limit_s:g} s", "the document was not processed")
        if rec.error:
            return _err(422, rec.error)
        return rec

    from service.ml_backend import router as ml_router

    app.include_router(ml_router)
    return app


async def _read_upload(request: Request, body: bytes, ctype: str):
    from starlette.datastructures import UploadFile
    from starlette.formparsers import MultiPartParser

    async def _stream():
        yield body

    try:
        form = await MultiPartParser(request.headers, _stream()).parse()
    except Exception as e:  # noqa: BLE001
        return _err(400, "malformed multipart body", str(e)), None
    up = form.get("file")
    if not isinstance(up, UploadFile):
        return _err(422, "multipart body has no 'file' field"), None
    data = await up.read()
    return data, up.filename or "<upload>"
