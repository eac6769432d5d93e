"""Sending email: `POST /Email` with status "Sending" (FACTS.md 9).

The email is validated like any record (an empty To is the `to` field's
required failure), saved as Sent with a messageId and dateSent, and put in the
tenant's outbox, which tests read through `GET /__mock__/outbox`.
"""

from __future__ import annotations

from typing import Any

from ...core.store import Record
from ...core.vendor import RequestContext
from .errors import BadRequest
from .metadata import EntityDef
from .model import now
from .values import accepted_input, validate

__all__ = ["OUTBOX", "addresses", "check_sendable", "mark_sent"]

OUTBOX = "outbox"  # the collection the control plane reads


def addresses(value: Any) -> list[str]:
    """EspoCRM separates addresses with ';'."""
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


def check_sendable(entity: EntityDef, payload: dict[str, Any]) -> None:
    validate(entity, accepted_input(entity, payload), None)
    if not addresses(payload.get("to")):
        raise BadRequest("Empty To address.")


def mark_sent(ctx: RequestContext, record: Record) -> None:
    stamp = now(ctx)
    record.update(status="Sent", dateSent=stamp, messageId=f"<{record['id']}@crm-mock.espocrm>")
    ctx.state.collection(OUTBOX).put(
        record["id"],
        {
            "id": record["id"],
            "messageId": record["messageId"],
            "from": record.get("from"),
            "to": addresses(record.get("to")),
            "cc": addresses(record.get("cc")),
            "bcc": addresses(record.get("bcc")),
            "subject": record.get("name"),
            "body": record.get("body"),
            "isHtml": record.get("isHtml"),
            "parentType": record.get("parentType"),
            "parentId": record.get("parentId"),
            "sentAt": stamp,
        },
    )
