"""Every operationId in specs/espocrm.yaml, bound to the function that serves it."""

from __future__ import annotations

from ...core.vendor import Handler
from . import actions, crud, links, system

__all__ = ["HANDLERS"]

HANDLERS: dict[str, Handler] = {
    # system
    "GetAppUser": system.app_user,
    "GetMetadata": system.get_metadata,
    # records
    "ListRecords": crud.list_records,
    "CreateRecord": crud.create,
    "ReadRecord": crud.read_record,
    "UpdateRecord": crud.write,
    "PatchRecord": crud.write,
    "DeleteRecord": crud.delete_record,
    # relationships
    "ListLinked": links.list_linked,
    "LinkRecords": links.link_records,
    "UnlinkRecords": links.unlink_records,
    # actions
    "MassAction": actions.mass_action,
    "ConvertLead": actions.convert_lead,
    "ConvertLeadLegacy": actions.convert_lead_legacy,
    "MassUpdateLegacy": actions.legacy_mass_update,
    "MassDeleteLegacy": actions.legacy_mass_delete,
}
