"""Every operationId in specs/highlevel.yaml, bound to the function that serves it."""

from __future__ import annotations

from ...core.vendor import Handler
from . import (
    associations,
    businesses,
    contacts,
    custom_fields,
    location_custom_fields,
    oauth,
    objects,
    opportunities,
    pipelines,
    records,
    users,
)

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
    # contacts (apps/contacts.json)
    "get-contact": contacts.get_contact,
    "create-contact": contacts.create_contact,
    "update-contact": contacts.update_contact,
    "delete-contact": contacts.delete_contact,
    "upsert-contact": contacts.upsert_contact,
    "search-contacts-advanced": contacts.search_contacts_advanced,
    "add-tags": contacts.add_tags,
    "remove-tags": contacts.remove_tags,
    "get-contacts": contacts.get_contacts,
    # location custom fields of contacts and opportunities (apps/locations.json)
    "get-custom-fields": location_custom_fields.get_custom_fields,
    "get-custom-field": location_custom_fields.get_custom_field,
    "create-location-custom-field": location_custom_fields.create_location_custom_field,
    "update-location-custom-field": location_custom_fields.update_location_custom_field,
    "delete-location-custom-field": location_custom_fields.delete_location_custom_field,
    # opportunities and their pipelines (apps/opportunities.json)
    "get-pipelines": pipelines.get_pipelines,
    "create-opportunity": opportunities.create_opportunity,
    "get-opportunity": opportunities.get_opportunity,
    "update-opportunity": opportunities.update_opportunity,
    "update-opportunity-status": opportunities.update_opportunity_status,
    "delete-opportunity": opportunities.delete_opportunity,
    "Upsert-opportunity": opportunities.upsert_opportunity,
    "search-opportunity": opportunities.search_opportunity,
    "search-opportunities-advanced": opportunities.search_opportunities_advanced,
    "add-followers-opportunity": opportunities.add_followers_opportunity,
    "remove-followers-opportunity": opportunities.remove_followers_opportunity,
    "get-lost-reason": opportunities.get_lost_reason,
    # businesses (apps/businesses.json)
    "get-business": businesses.get_business,
    "get-businesses-by-location": businesses.get_businesses_by_location,
    "create-business": businesses.create_business,
    "update-business": businesses.update_business,
    "delete-Business": businesses.delete_business,
    # users (apps/users.json)
    "get-user-by-location": users.get_user_by_location,
    "create-user": users.create_user,
    "search-users": users.search_users,
    "filter-users-by-email": users.filter_users_by_email,
    "get-user": users.get_user,
    "update-user": users.update_user,
    "delete-user": users.delete_user,
    # OAuth (apps/oauth.json, Version 2021-07-28, and apps/v3/oauth-v3.json, Version v3)
    "get-access-token": oauth.get_access_token,
    "get-location-access-token": oauth.get_location_access_token,
    "get-location-access-token-v3": oauth.get_location_access_token_v3,
    "get-installed-location": oauth.get_installed_location,
    "get-installed-location-v3": oauth.get_installed_location_v3,
}
