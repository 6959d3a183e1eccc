"""The HTTP SMS backend posts the message to the configured gateway and raises on an error."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from tracker.channels.sms import HttpSmsBackend, SmsError

RECEIVED: list[tuple[str, dict[str, Any]]] = []


class Gateway(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        RECEIVED.append((self.headers["Authorization"], body))
        self.send_response(500 if body["phone"] == "bad" else 200)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def gateway_url() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    RECEIVED.clear()
    yield f"http://127.0.0.1:{server.server_port}/send"
    server.shutdown()
    server.server_close()


def test_http_backend_posts_phone_text_and_ledger_id(gateway_url: str, settings: Any) -> None:
    settings.SMS_API_URL, settings.SMS_API_KEY = gateway_url, "k-123"
    HttpSmsBackend().send(phone="13800000000", text="【答复】今日到期", key="reminder-7")
    expected = {"phone": "13800000000", "sign": settings.SMS_SIGN_NAME, "text": "【答复】今日到期", "id": "reminder-7"}
    assert [("Bearer k-123", expected)] == RECEIVED


def test_http_backend_raises_when_gateway_refuses(gateway_url: str, settings: Any) -> None:
    settings.SMS_API_URL = gateway_url
    with pytest.raises(SmsError):
        HttpSmsBackend().send(phone="bad", text="x", key="reminder-8")


def test_http_backend_without_url_is_a_configuration_error(settings: Any) -> None:
    settings.SMS_API_URL = ""
    with pytest.raises(SmsError):
        HttpSmsBackend().send(phone="1", text="x", key="k")
