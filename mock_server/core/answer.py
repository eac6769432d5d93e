"""An answer as the server sends it: status, headers and body bytes.

The pipeline makes one for every vendor request; the dispatcher hands it to the
server as it is (granian, through rsgi_bridge.py) or as WSGI (the threaded server,
Flask's test client).  Werkzeug's Response would cost a tenth of a request for
nothing the vendors' answers need.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from werkzeug.http import HTTP_STATUS_CODES

__all__ = ["Answer", "has_no_body"]


def has_no_body(method: str, status: int) -> bool:
    """HTTP's rule: HEAD, 1xx, 204 and 304 answers carry no body."""
    return method == "HEAD" or status < 200 or status in (204, 304)


@dataclass(slots=True)
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def wsgi(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """This answer through a WSGI server."""
        headers = [*self.headers, ("Content-Length", str(len(self.body)))]
        start_response(f"{self.status} {HTTP_STATUS_CODES.get(self.status, 'Unknown')}", headers)
        return [b""] if has_no_body(environ.get("REQUEST_METHOD", "GET"), self.status) else [self.body]
