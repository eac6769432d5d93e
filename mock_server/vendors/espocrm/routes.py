"""Every operationId in specs/espocrm.yaml, bound to the function that serves it."""

from __future__ import annotations

from ...core.vendor import Handler
from . import actions, crud, links, system

__all__ = ["ROUTES"]

ROUTES: dict[str, Handler] = {
    # system
    "GetAppUser": system.get_app_user,
    "GetMetadata": system.get_metadata,
    # records
    "ListRecords": crud.list_records,
    "CreateRecord": crud.create_record,
    "ReadRecord": crud.read_record,
    "UpdateRecord": crud.update_record,
    "PatchRecord": crud.update_record,  # PUT and PATCH: the same partial update
    "DeleteRecord": crud.delete_record,
    # relationships
    "ListLinked": links.list_linked,
    "LinkRecords": links.link_records,
    "UnlinkRecords": links.unlink_records,
    # actions
    "MassAction": actions.mass_action,
    "ConvertLead": actions.convert_lead,
    "ConvertLeadLegacy": actions.convert_lead_legacy,
    "MassUpdateLegacy": actions.mass_update_legacy,
    "MassDeleteLegacy": actions.mass_delete_legacy,
}
