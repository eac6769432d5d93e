"""Every operationId in specs/salesos.yaml, bound to the function that serves it."""

from __future__ import annotations

from ...core.vendor import Handler
from . import fields, objects, records

__all__ = ["ROUTES"]

ROUTES: dict[str, Handler] = {
    "CustomObjectsController_listCustomObjects": objects.list_custom_objects,
    "CustomObjectsController_createCustomObject": objects.create_custom_object,
    "CustomObjectsController_getStats": objects.get_stats,
    "CustomObjectsController_getCustomObject": objects.get_custom_object,
    "CustomObjectsController_updateCustomObject": objects.update_custom_object,
    "CustomObjectsController_deleteCustomObject": objects.delete_custom_object,
    "CustomObjectsController_addField": fields.add_field,
    "CustomObjectsController_updateField": fields.update_field,
    "CustomObjectsController_deleteField": fields.delete_field,
    "CustomObjectsController_listRecords": records.list_records,
    "CustomObjectsController_createRecord": records.create_record,
    "CustomObjectsController_updateRecord": records.update_record,
    "CustomObjectsController_deleteRecord": records.delete_record,
}
