"""A tiny OpenAI-compatible HTTP server on loopback for tests (stdlib only).

Serves `GET /v1/models` and `POST /v1/chat/completions` (plain and `"stream": true` as
Server-Sent Events), so `langchain_openai.ChatOpenAI(base_url=stub.base_url, ...)` and the
`openai` client can talk to it without any network::

    with OpenAIStub(StubReply("Hallo!")) as stub:
        llm = ChatOpenAI(base_url=stub.base_url, api_key="x", model="m", max_retries=0)
        assert llm.invoke("hoi").content == "Hallo!"
        assert stub.requests[0]["messages"][-1]["content"] == "hoi"

`reply` may be a callable that gets the parsed request body and returns a `StubReply`, so a
test can answer differently per prompt; it can also be swapped between calls (`stub.reply = ...`).

A `StubReply` can also play a server that misbehaves: slow before answering (`delay`) or between
chunks (`chunk_delay`), an HTTP error (`status`), a body that is not what the client asked for
(`raw`), stream events of the wrong shape (`events`), or a connection closed before or in the
middle of the answer (`drop_after`)::

    StubReply(raw=b"<html>502 Bad Gateway</html>", content_type="text/html")
    StubReply(events=['{"choices": 5}'])  # valid JSON, not a chunk
    StubReply(COPIED, drop_after=3)  # three chunks, then the connection closes
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

STUB_MODEL = "stub-model"
DEFAULT_TEXT = "Dit is een antwoord van de OpenAI-stub."

_DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


@dataclass
class StubReply:
    """What the stub answers. For a non-200 `status`, `text` becomes the error message."""

    text: str = DEFAULT_TEXT
    delay: float = 0.0  # seconds to wait before answering (interrupted by `stop()`)
    status: int = 200
    chunk_words: int = 1  # words per SSE chunk when streaming
    chunk_delay: float = 0.0  # seconds between SSE chunks: a slow stream
    drop_after: int | None = None  # close the connection after this many text chunks (0: at
    # once, without a response; a request that does not stream is cut after the headers)
    raw: bytes | None = None  # answer 200 with exactly this body (as `content_type`)
    content_type: str = "application/json"
    events: list[str] | None = None  # streaming: these `data:` payloads as they are, then [DONE]


ReplySource = StubReply | Callable[[dict[str, Any]], StubReply]


def _count_words(text: str) -> int:
    return len(text.split())


def _content_text(content: Any) -> str:
    """The text of a message's `content`: a string or a list of `{"type": "text"}` parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


def _split_chunks(text: str, words_per_chunk: int) -> list[str]:
    """Split `text` into pieces of `words_per_chunk` words; joining them gives `text` back."""
    tokens = re.findall(r"\S+\s*|\s+", text)
    size = max(1, words_per_chunk)
    return ["".join(tokens[i : i + size]) for i in range(0, len(tokens), size)]


def _error_type(status: int) -> str:
    return {
        400: "invalid_request_error",
        401: "authentication_error",
        403: "permission_error",
        404: "not_found_error",
        429: "rate_limit_error",
    }.get(status, "server_error" if status >= 500 else "invalid_request_error")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    stub: OpenAIStub

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The default prints a traceback to stderr; stay quiet, keep surprises for the test.
        exc = sys.exc_info()[1]
        if exc is not None and not isinstance(exc, _DISCONNECTS):
            self.stub.errors.append(exc)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    # -- plumbing ---------------------------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        pass

    def setup(self) -> None:
        super().setup()
        self.server.stub._track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        except _DISCONNECTS:
            pass
        finally:
            self.server.stub._track(self.connection, add=False)

    def handle(self) -> None:
        try:
            super().handle()
        except OSError:  # client went away (broken pipe, reset) or stop() shut the socket
            self.close_connection = True

    def _send_json(self, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-request-id", f"req_{uuid.uuid4().hex[:16]}")
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _send_error(self, status: int, message: str, code: str | None = None) -> None:
        self._send_json(
            status,
            {
                "error": {
                    "message": message,
                    "type": _error_type(status),
                    "param": None,
                    "code": code,
                }
            },
        )

    def _send_raw(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _drop(self) -> None:
        """Close the connection now, whatever was sent so far."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _send_event(self, payload: dict[str, Any] | str) -> None:
        data = payload if isinstance(payload, str) else json.dumps(payload)
        self._write_chunk(f"data: {data}\n\n".encode())

    # -- endpoints --------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 (stdlib naming)
        path = self.path.split("?", 1)[0].rstrip("/")
        model = {"id": STUB_MODEL, "object": "model", "created": 0, "owned_by": "openai-stub"}
        if path == "/v1/models":
            self._send_json(200, {"object": "list", "data": [model]})
        elif path == f"/v1/models/{STUB_MODEL}":
            self._send_json(200, model)
        else:
            self._send_error(404, f"Unknown path: GET {self.path}", "unknown_url")

    def do_POST(self) -> None:  # noqa: N802 (stdlib naming)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0].rstrip("/")
        if path != "/v1/chat/completions":
            self._send_error(404, f"Unknown path: POST {self.path}", "unknown_url")
            return
        try:
            body = json.loads(raw or b"{}")
            if not isinstance(body, dict):
                raise ValueError("request body must be a JSON object")
        except ValueError as exc:
            self._send_error(400, f"Invalid JSON body: {exc}")
            return

        stub = self.server.stub
        stub._record(body, {key.lower(): value for key, value in self.headers.items()})
        try:
            reply = stub._reply_for(body)
        except Exception as exc:  # a broken reply callable: tell the client, keep it for the test
            stub.errors.append(exc)
            self._send_error(500, f"Stub reply callable failed: {exc!r}")
            return

        if reply.delay > 0 and stub._stopping.wait(reply.delay):
            self.close_connection = True  # stopping: drop the request without an answer
            return
        if reply.status != 200:
            self._send_error(reply.status, reply.text)
            return
        if reply.drop_after == 0:
            self._drop()
            return
        if reply.raw is not None:
            self._send_raw(reply.raw, reply.content_type)
            return

        model = str(body.get("model") or STUB_MODEL)
        prompt_tokens = sum(
            _count_words(_content_text(m.get("content")))
            for m in body.get("messages") or []
            if isinstance(m, dict)
        )
        completion_tokens = _count_words(reply.text)
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }
        if body.get("stream"):
            self._stream(model, reply, usage, body)
        elif reply.drop_after is not None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self._drop()
        else:
            self._send_json(
                200,
                {
                    "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": model,
                    "system_fingerprint": None,
                    "choices": [
                        {
                            "index": 0,
                            "message": {
                                "role": "assistant",
                                "content": reply.text,
                                "refusal": None,
                            },
                            "logprobs": None,
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": usage,
                },
            )

    def _stream(
        self, model: str, reply: StubReply, usage: dict[str, int], body: dict[str, Any]
    ) -> None:
        stream_options = body.get("stream_options")
        include_usage = isinstance(stream_options, dict) and bool(
            stream_options.get("include_usage")
        )
        completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        created = int(time.time())

        def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
            payload: dict[str, Any] = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": None,
                "choices": [
                    {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
                ],
            }
            if include_usage:
                payload["usage"] = None
            return payload

        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("x-request-id", f"req_{uuid.uuid4().hex[:16]}")
        self.end_headers()

        if reply.events is not None:
            for event in [*reply.events, "[DONE]"]:
                self._send_event(event)
            self._write_chunk(b"")
            return
        self._send_event(chunk({"role": "assistant", "content": "", "refusal": None}))
        for i, piece in enumerate(_split_chunks(reply.text, reply.chunk_words)):
            if i == reply.drop_after:
                self._drop()
                return
            if i and reply.chunk_delay > 0 and self.server.stub._stopping.wait(reply.chunk_delay):
                self.close_connection = True  # stopping
                return
            self._send_event(chunk({"content": piece}))
        self._send_event(chunk({}, finish_reason="stop"))
        if include_usage:
            final = chunk({})
            final["choices"] = []
            final["usage"] = usage
            self._send_event(final)
        self._send_event("[DONE]")
        self._write_chunk(b"")  # terminating zero-length chunk


class OpenAIStub:
    """An OpenAI-compatible server on 127.0.0.1 (free port) in a daemon thread.

    `requests` holds the parsed JSON body and `headers` the lower-cased request headers of every
    `POST /v1/chat/completions`, in order. `errors` collects unexpected server-side exceptions
    (nothing is written to stderr).
    """

    def __init__(self, reply: ReplySource | None = None) -> None:
        self.reply: ReplySource = reply if reply is not None else StubReply()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- public API -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("OpenAIStub is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> OpenAIStub:
        if self._server is not None:
            raise RuntimeError("OpenAIStub is already started")
        self._stopping.clear()
        server = _Server(("127.0.0.1", 0), _Handler)
        server.stub = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"openai-stub-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()  # wakes handlers sleeping on `delay`
        server.shutdown()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:  # unblock keep-alive handlers waiting for a next request
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            with self._lock:
                if not self._connections:
                    break
            time.sleep(0.01)
        server.server_close()
        if thread is not None:
            thread.join(timeout=2.0)
        self._server = None
        self._thread = None

    def __enter__(self) -> OpenAIStub:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- used by the handler ----------------------------------------------------------------

    def _reply_for(self, body: dict[str, Any]) -> StubReply:
        reply = self.reply
        result = reply if isinstance(reply, StubReply) else reply(body)
        if not isinstance(result, StubReply):
            raise TypeError(f"reply callable returned {type(result).__name__}, not StubReply")
        return result

    def _record(self, body: dict[str, Any], headers: dict[str, str]) -> None:
        with self._lock:
            self.requests.append(body)
            self.headers.append(headers)

    def _track(self, conn: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)
