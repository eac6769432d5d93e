"""Every operationId in specs/zendesk.yaml, bound to the function that serves it."""

from __future__ import annotations

from ...core.vendor import Handler
from . import fields, jobs, objects, records, search

__all__ = ["ROUTES"]

ROUTES: dict[str, Handler] = {
    # custom objects
    "ListCustomObjects": objects.list_custom_objects,
    "CreateCustomObject": objects.create_custom_object,
    "ShowCustomObject": objects.show_custom_object,
    "UpdateCustomObject": objects.update_custom_object,
    "DeleteCustomObject": objects.delete_custom_object,
    "CustomObjectsLimit": objects.custom_objects_limit,
    "CustomObjectRecordsLimit": objects.custom_object_records_limit,
    # fields
    "ListCustomObjectFields": fields.list_custom_object_fields,
    "CreateCustomObjectField": fields.create_custom_object_field,
    "ShowCustomObjectField": fields.show_custom_object_field,
    "UpdateCustomObjectField": fields.update_custom_object_field,
    "DeleteCustomObjectField": fields.delete_custom_object_field,
    "ReorderCustomObjectFields": fields.reorder_custom_object_fields,
    "CustomObjectFieldsLimit": fields.custom_object_fields_limit,
    # records
    "ListCustomObjectRecords": records.list_custom_object_records,
    "CreateCustomObjectRecord": records.create_custom_object_record,
    "ShowCustomObjectRecord": records.show_custom_object_record,
    "UpdateCustomObjectRecord": records.update_custom_object_record,
    "DeleteCustomObjectRecord": records.delete_custom_object_record,
    "UpsertCustomObjectRecordByExternalIdOrName": records.upsert_custom_object_record_by_external_id_or_name,
    "DeleteCustomObjectRecordByExternalIdOrName": records.delete_custom_object_record_by_external_id_or_name,
    "CountCustomObjectRecords": records.count_custom_object_records,
    # search
    "SearchCustomObjectRecords": search.search_custom_object_records,
    "FilteredSearchCustomObjectRecords": search.filtered_search_custom_object_records,
    "AutocompleteCustomObjectRecordSearch": search.autocomplete_custom_object_record_search,
    # bulk jobs
    "CustomObjectRecordBulkJobs": jobs.custom_object_record_bulk_jobs,
    "ShowJobStatus": jobs.show_job_status,
}
