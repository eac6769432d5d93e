"""Every operationId in specs/openint.yaml, bound to the function that serves it."""

from __future__ import annotations

from ...core.vendor import Handler
from . import (
    assignments,
    connections,
    connector_configs,
    connectors,
    core_api,
    crm,
    custom_objects,
    customers,
    events,
    organizations,
)

__all__ = ["ROUTES"]

ROUTES: dict[str, Handler] = {
    # connect and customers
    "createConnectToken": core_api.create_connect_token,
    "upsertCustomer": core_api.upsert_customer,
    # connector configs (admin)
    "adminListConnectorConfigs": core_api.admin_list_connector_configs,
    "adminUpsertConnectorConfig": core_api.admin_upsert_connector_config,
    "adminGetConnectorConfig": core_api.admin_get_connector_config,
    "adminUpdateConnectorConfig": core_api.admin_update_connector_config,
    "adminDeleteConnectorConfig": core_api.admin_delete_connector_config,
    "listConnectorConfigInfos": core_api.list_connector_config_infos,
    # connections
    "listConnection": core_api.list_connection,
    "createConnection": core_api.create_connection,
    "getConnection": core_api.get_connection,
    "updateConnection": core_api.update_connection,
    "deleteConnection": core_api.delete_connection,
    "checkConnection": core_api.check_connection,
    "syncConnection": core_api.sync_connection,
    # pipelines and events
    "listPipelines": core_api.list_pipelines,
    "createPipeline": core_api.create_pipeline,
    "updatePipeline": core_api.update_pipeline,
    "deletePipeline": core_api.delete_pipeline,
    "syncPipeline": core_api.sync_pipeline,
    "listEvents": core_api.list_events,
    # unified CRM: the connection's records, through its connector's adapter
    "crm-countEntity": crm.count_entity,
    "crm-listAccounts": crm.list_accounts,
    "crm-createAccount": crm.create_account,
    "crm-getAccount": crm.get_account,
    "crm-updateAccount": crm.update_account,
    "crm-batchReadAccounts": crm.batch_read_accounts,
    "crm-upsertAccount": crm.upsert_account,
    "crm-listContacts": crm.list_contacts,
    "crm-createContact": crm.create_contact,
    "crm-getContact": crm.get_contact,
    "crm-updateContact": crm.update_contact,
    "crm-batchReadContacts": crm.batch_read_contacts,
    "crm-upsertContact": crm.upsert_contact,
    "crm-listLeads": crm.list_leads,
    "crm-getLead": crm.get_lead,
    "crm-listOpportunities": crm.list_opportunities,
    "crm-getOpportunity": crm.get_opportunity,
    "crm-listUsers": crm.list_users,
    "crm-getUser": crm.get_user,
    "crm-listNotes": crm.list_notes,
    "crm-createNote": crm.create_note,
    # unified CRM: objects, properties, associations and custom object records
    "crm-listCustomObjectRecords": custom_objects.list_custom_object_records,
    "crm-createCustomObjectRecord": custom_objects.create_custom_object_record,
    "crm-metadataListObjects": custom_objects.metadata_list_objects,
    "crm-metadataCreateObject": custom_objects.metadata_create_object,
    "crm-metadataListObjectProperties": custom_objects.metadata_list_object_properties,
    "crm-metadataCreateObjectProperty": custom_objects.metadata_create_object_property,
    "crm-metadataCreateAssociation": custom_objects.metadata_create_association,
    # the newer API (/v1, /v2) the official SDK calls, over the same records
    "v2-listConnections": connections.v2_list_connections,
    "v2-createConnection": connections.v2_create_connection,
    "v2-getConnection": connections.v2_get_connection,
    "v2-deleteConnection": connections.v2_delete_connection,
    "v1-checkConnection": connections.v1_check_connection,
    "v2-listAssignments": assignments.v2_list_assignments,
    "v2-assignConnection": assignments.v2_assign_connection,
    "v2-deleteAssignment": assignments.v2_delete_assignment,
    "v2-listConnectors": connectors.v2_list_connectors,
    "v2-listConnectorConfigs": connector_configs.v2_list_connector_configs,
    "v2-createConnectorConfig": connector_configs.v2_create_connector_config,
    "v2-getConnectorConfig": connector_configs.v2_get_connector_config,
    "v2-upsertConnectorConfig": connector_configs.v2_upsert_connector_config,
    "v2-deleteConnectorConfig": connector_configs.v2_delete_connector_config,
    "v1-listCustomers": customers.v1_list_customers,
    "v1-upsertCustomer": customers.v1_upsert_customer,
    "v1-createToken": customers.v1_create_token,
    "v1-viewer": customers.v1_viewer,
    "v1-listEvents": events.v1_list_events,
    "v2-upsertOrganization": organizations.v2_upsert_organization,
}
