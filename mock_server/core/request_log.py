"""Logging for a server process: one line per vendor request, as text or JSON.

The pipeline calls `log_exchange` once per answered request; it costs a level
check when request lines are off (--log-level warning and above).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

__all__ = ["REQUEST_LOGGER", "configure_logging", "log_exchange"]

REQUEST_LOGGER = logging.getLogger("crm_mock.requests")
_TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and a request's fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "exchange", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def configure_logging(level: str, log_format: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(_TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("crm_mock").setLevel(level.upper())


def log_exchange(
    vendor: str,
    operation_id: str | None,
    method: str,
    path: str,
    status: int,
    duration_ms: float,
    violations: int,
    tenant: str | None,
) -> None:
    if not REQUEST_LOGGER.isEnabledFor(logging.INFO):
        return
    shown = "dropped" if status == 0 else str(status)
    REQUEST_LOGGER.info(
        "%s %s %s %s -> %s in %.1f ms, %d violation%s",
        vendor,
        operation_id or "(no operation)",
        method,
        path,
        shown,
        duration_ms,
        violations,
        "" if violations == 1 else "s",
        extra={
            "exchange": {
                "vendor": vendor,
                "operationId": operation_id,
                "method": method,
                "path": path,
                "status": status,
                "durationMs": round(duration_ms, 3),
                "violations": violations,
                "tenant": tenant,
            }
        },
    )
