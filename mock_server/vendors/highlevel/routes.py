"""Every operationId in specs/highlevel.yaml, bound to the function that serves it."""

from __future__ import annotations

from ...core.vendor import Handler
from . import associations, custom_fields, objects, records

__all__ = ["ROUTES"]

ROUTES: dict[str, Handler] = {
    # objects
    "get-object-by-location-id": objects.get_object_by_location_id,
    "create-custom-object-schema": objects.create_custom_object_schema,
    "get-object-schema-by-key": objects.get_object_schema_by_key,
    "update-custom-object": objects.update_custom_object,
    # records
    "create-object-record": records.create_object_record,
    "get-record-by-id": records.get_record_by_id,
    "update-object-record": records.update_object_record,
    "delete-object-record": records.delete_object_record,
    "search-object-records": records.search_object_records,
    # associations
    "find-associations": associations.find_associations,
    "create-association": associations.create_association,
    "get-association-by-ID": associations.get_association_by_id,
    "get-association-key-by-key-name": associations.get_association_key_by_key_name,
    "get-association-by-object-keys": associations.get_association_by_object_keys,
    "update-association": associations.update_association,
    "delete-association": associations.delete_association,
    # relations
    "create-relation": associations.create_relation,
    "get-relations-by-record-id": associations.get_relations_by_record_id,
    "delete-relation": associations.delete_relation,
    # custom fields v2 and folders
    "create-custom-field": custom_fields.create_custom_field,
    "get-custom-field-by-id": custom_fields.get_custom_field_by_id,
    "update-custom-field": custom_fields.update_custom_field,
    "delete-custom-field": custom_fields.delete_custom_field,
    "get-custom-fields-by-object-key": custom_fields.get_custom_fields_by_object_key,
    "create-custom-field-folder": custom_fields.create_custom_field_folder,
    "update-custom-field-folder": custom_fields.update_custom_field_folder,
    "delete-custom-field-folder": custom_fields.delete_custom_field_folder,
}
