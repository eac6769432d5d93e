"""EspoCRM records in a tenant's state: storage, links between records, and the
JSON a record is shown as.

Each entity type is a collection ("Account", ...) of records holding their own
attributes (link fields as `xId`; parents as `xId` + `xType`).  Many-to-many
links are rows in the "relations" collection.  Names of linked records
(`xName`, `xNames`) are looked up when a record is shown, so they never go stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ...core.store import Collection, Record, TenantState
from ...core.vendor import RequestContext
from .errors import Forbidden, NotFound
from .metadata import EntityDef, LinkDef, Metadata

__all__ = [
    "APP_TIMESTAMP",
    "add_link",
    "display_name",
    "entity_def",
    "find",
    "linked_ids",
    "metadata",
    "new_id",
    "now",
    "records",
    "remove_link",
    "set_links",
    "view",
]

APP_TIMESTAMP = "1751414400"  # X-App-Timestamp: the build's time stamp, fixed
WRITABLE_LINK_TYPES = ("hasMany", "hasChildren")
_METADATA: dict[int, tuple[Mapping[str, Any], Metadata]] = {}


def metadata(ctx: RequestContext) -> Metadata:
    """The entity definitions of these fixtures (built once per fixtures object)."""
    cached = _METADATA.get(id(ctx.fixtures))
    if cached is None or cached[0] is not ctx.fixtures:
        cached = (ctx.fixtures, Metadata(ctx.fixtures.get("entities") or {}))
        _METADATA[id(ctx.fixtures)] = cached
    return cached[1]


def entity_def(ctx: RequestContext, name: str) -> EntityDef:
    found = metadata(ctx).get(name)
    if found is None:
        raise NotFound(f"Controller '{name}' does not exist.")
    return found


def now(ctx: RequestContext) -> str:
    return ctx.clock.now().strftime("%Y-%m-%d %H:%M:%S")


def today(ctx: RequestContext) -> dt.date:
    return ctx.clock.now().date()


def new_id(state: TenantState) -> str:
    return state.ids.uniqid17()


def records(state: TenantState, entity: str) -> Collection:
    return state.collection(entity)


def find(ctx: RequestContext, entity: str, record_id: str, reason: str | None = None) -> Record:
    found = records(ctx.state, entity).get(record_id)
    if found is None:
        raise NotFound(reason)
    return found


# -- links ----------------------------------------------------------------------------


def _foreign(meta: Metadata, link: LinkDef) -> LinkDef | None:
    target = meta.get(link.entity or "")
    return target.links.get(link.foreign or "") if target is not None else None


def _many_to_many(meta: Metadata, link: LinkDef) -> bool:
    foreign = _foreign(meta, link)
    return (
        link.type in ("hasMany", "hasOne")
        and (foreign is None or foreign.type in ("hasMany", "hasOne"))
        and (link.entity is not None)
    )


def _rows(state: TenantState) -> Collection:
    return state.collection("relations")


def _row_key(entity: str, record_id: str, link: str, other_id: str) -> str:
    return f"{entity}:{record_id}:{link}:{other_id}"


def linked_ids(state: TenantState, meta: Metadata, entity: EntityDef, record: Record, link: LinkDef) -> list[str]:
    """Ids of the records `record` is linked with through `link`, oldest link first."""
    if link.type == "belongsTo":
        value = record.get(f"{link.name}Id")
        return [value] if value else []
    if link.type == "belongsToParent":
        value = record.get(f"{link.name}Id")
        return [value] if value else []
    target = link.entity or ""
    if link.type == "hasChildren":
        parent = link.foreign or "parent"
        return [
            other["id"]
            for other in records(state, target)
            if other.get(f"{parent}Type") == entity.name and other.get(f"{parent}Id") == record["id"]
        ]
    foreign = _foreign(meta, link)
    if foreign is not None and foreign.type == "belongsTo":
        return [other["id"] for other in records(state, target) if other.get(f"{foreign.name}Id") == record["id"]]
    ids = [row["otherId"] for row in _rows(state).where(entity=entity.name, recordId=record["id"], link=link.name)]
    if foreign is not None:
        ids.extend(
            row["recordId"]
            for row in _rows(state).where(entity=target, link=foreign.name, otherId=record["id"])
            if row["recordId"] not in ids
        )
    return ids


def add_link(
    state: TenantState, meta: Metadata, entity: EntityDef, record: Record, link: LinkDef, other: Record
) -> None:
    if link.type not in WRITABLE_LINK_TYPES:
        raise Forbidden("Only manyMany, hasMany & hasChildren relations are allowed.")
    target = records(state, link.entity or "")
    if link.type == "hasChildren":
        parent = link.foreign or "parent"
        other[f"{parent}Id"], other[f"{parent}Type"] = record["id"], entity.name
        target.touch()
        return
    foreign = _foreign(meta, link)
    if foreign is not None and foreign.type == "belongsTo":
        other[f"{foreign.name}Id"] = record["id"]
        target.touch()
        return
    if other["id"] in linked_ids(state, meta, entity, record, link):
        return
    key = _row_key(entity.name, record["id"], link.name, other["id"])
    _rows(state).put(
        key, {"id": key, "entity": entity.name, "recordId": record["id"], "link": link.name, "otherId": other["id"]}
    )


def remove_link(
    state: TenantState, meta: Metadata, entity: EntityDef, record: Record, link: LinkDef, other: Record
) -> None:
    if link.type not in WRITABLE_LINK_TYPES:
        raise Forbidden("Only manyMany, hasMany & hasChildren relations are allowed.")
    target = records(state, link.entity or "")
    if link.type == "hasChildren":
        parent = link.foreign or "parent"
        if other.get(f"{parent}Id") == record["id"] and other.get(f"{parent}Type") == entity.name:
            other[f"{parent}Id"] = other[f"{parent}Type"] = None
            target.touch()
        return
    foreign = _foreign(meta, link)
    if foreign is not None and foreign.type == "belongsTo":
        if other.get(f"{foreign.name}Id") == record["id"]:
            other[f"{foreign.name}Id"] = None
            target.touch()
        return
    rows = _rows(state)
    rows.delete(_row_key(entity.name, record["id"], link.name, other["id"]))
    if foreign is not None:
        rows.delete(_row_key(link.entity or "", other["id"], foreign.name, record["id"]))


def set_links(
    state: TenantState, meta: Metadata, entity: EntityDef, record: Record, link: LinkDef, ids: Iterable[str]
) -> bool:
    """Make `ids` the records linked through a linkMultiple field's link; whether anything changed.
    Ids of records that do not exist are skipped."""
    wanted = [other_id for other_id in dict.fromkeys(ids)]
    current = linked_ids(state, meta, entity, record, link)
    target = records(state, link.entity or "")
    changed = False
    for other_id in current:
        if other_id not in wanted and (other := target.get(other_id)) is not None:
            _unlink_any(state, meta, entity, record, link, other)
            changed = True
    for other_id in wanted:
        if other_id not in current and (other := target.get(other_id)) is not None:
            _link_any(state, meta, entity, record, link, other)
            changed = True
    return changed


def _link_any(
    state: TenantState, meta: Metadata, entity: EntityDef, record: Record, link: LinkDef, other: Record
) -> None:
    key = _row_key(entity.name, record["id"], link.name, other["id"])
    foreign = _foreign(meta, link)
    if foreign is not None and foreign.type == "belongsTo":
        other[f"{foreign.name}Id"] = record["id"]
        return
    _rows(state).put(
        key, {"id": key, "entity": entity.name, "recordId": record["id"], "link": link.name, "otherId": other["id"]}
    )


def _unlink_any(
    state: TenantState, meta: Metadata, entity: EntityDef, record: Record, link: LinkDef, other: Record
) -> None:
    foreign = _foreign(meta, link)
    if foreign is not None and foreign.type == "belongsTo":
        other[f"{foreign.name}Id"] = None
        records(state, link.entity or "").touch()
        return
    rows = _rows(state)
    rows.delete(_row_key(entity.name, record["id"], link.name, other["id"]))
    if foreign is not None:
        rows.delete(_row_key(link.entity or "", other["id"], foreign.name, record["id"]))


def forget_links(state: TenantState, entity: str, record_id: str) -> None:
    """A deleted record leaves no relation rows behind."""
    rows = _rows(state)
    for row in rows.values():
        if (row["entity"] == entity and row["recordId"] == record_id) or row["otherId"] == record_id:
            rows.delete(row["id"])


# -- how a record is shown --------------------------------------------------------------


def display_name(entity: EntityDef | None, record: Record | None) -> str | None:
    if record is None:
        return None
    name_field = entity.fields.get("name") if entity is not None else None
    if name_field is not None and name_field.type == "personName":
        parts = [record.get(part) for part in ("firstName", "middleName", "lastName")]
        joined = " ".join(str(part) for part in parts if part)
        return joined or None
    name = record.get("name")
    return str(name) if name is not None else None


def _name_of(state: TenantState, meta: Metadata, entity: str | None, record_id: Any) -> str | None:
    if not entity or not record_id:
        return None
    return display_name(meta.get(entity), records(state, entity).get(str(record_id)))


def view(
    ctx: RequestContext, entity: EntityDef, record: Record, *, full: bool = True, select: set[str] | None = None
) -> dict[str, Any]:
    """The record as EspoCRM answers it.  `full` (a single record) includes linkMultiple
    fields; a list shows them only when selected."""
    state, meta = ctx.state, metadata(ctx)
    shown: dict[str, Any] = {"id": record["id"]}
    for field in entity.fields.values():
        name, kind = field.name, field.type
        wanted = select is None or any(attribute in select for attribute in field.attributes)
        if not wanted or kind == "address":
            continue
        if kind == "personName":
            shown[name] = display_name(entity, record)
        elif kind in ("email", "phone"):
            data = record.get(f"{name}Data") or []
            primary = next((item for item in data if item.get("primary")), data[0] if data else None)
            shown[name] = record.get(name)
            shown[f"{name}Data"] = [dict(item) for item in data]
            shown[f"{name}IsOptedOut"] = bool(primary.get("optOut")) if primary else None
            shown[f"{name}IsInvalid"] = bool(primary.get("invalid")) if primary else None
        elif kind in ("link", "image"):
            link = entity.links.get(name)
            shown[f"{name}Id"] = record.get(f"{name}Id")
            shown[f"{name}Name"] = _name_of(state, meta, link.entity if link else None, record.get(f"{name}Id"))
        elif kind == "linkOne":
            link = entity.links.get(name)
            ids = linked_ids(state, meta, entity, record, link) if link else []
            shown[f"{name}Id"] = ids[0] if ids else None
            shown[f"{name}Name"] = _name_of(state, meta, link.entity if link else None, ids[0] if ids else None)
        elif kind == "linkParent":
            shown[f"{name}Id"] = record.get(f"{name}Id")
            shown[f"{name}Type"] = record.get(f"{name}Type")
            shown[f"{name}Name"] = _name_of(state, meta, record.get(f"{name}Type"), record.get(f"{name}Id"))
        elif kind == "linkMultiple":
            if not full and select is None:
                continue
            link = entity.links.get(name)
            ids = linked_ids(state, meta, entity, record, link) if link else []
            shown[f"{name}Ids"] = ids
            shown[f"{name}Names"] = {
                other: _name_of(state, meta, link.entity if link else None, other) for other in ids
            }
        elif kind == "attachmentMultiple":
            if not full and select is None:
                continue
            shown[f"{name}Ids"], shown[f"{name}Names"], shown[f"{name}Types"] = [], {}, {}
        elif kind == "currency":
            shown[name] = record.get(name)
            shown[f"{name}Currency"] = record.get(f"{name}Currency")
        elif kind == "currencyConverted":
            shown[name] = record.get(name.removesuffix("Converted"))
        elif kind == "datetimeOptional":
            shown[name] = record.get(name)
            shown[f"{name}Date"] = record.get(f"{name}Date")
        else:
            shown[name] = record.get(name)
    if select is not None:
        shown = {key: value for key, value in shown.items() if key == "id" or key in select}
    shown["deleted"] = False  # GUESS (FACTS.md 1): real answers carry it
    return shown
