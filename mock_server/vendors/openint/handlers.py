"""Every operationId in specs/openint.yaml, bound to the function that serves it."""

from __future__ import annotations

from ...core.vendor import Handler
from . import core, crm, custom_objects

__all__ = ["HANDLERS"]

HANDLERS: dict[str, Handler] = {
    # connect and customers
    "createConnectToken": core.create_connect_token,
    "upsertCustomer": core.upsert_customer,
    # connector configs (admin)
    "adminListConnectorConfigs": core.admin_list_connector_configs,
    "adminUpsertConnectorConfig": core.admin_upsert_connector_config,
    "adminGetConnectorConfig": core.admin_get_connector_config,
    "adminUpdateConnectorConfig": core.admin_update_connector_config,
    "adminDeleteConnectorConfig": core.admin_delete_connector_config,
    "listConnectorConfigInfos": core.list_connector_config_infos,
    # connections
    "listConnection": core.list_connection,
    "createConnection": core.create_connection,
    "getConnection": core.get_connection,
    "updateConnection": core.update_connection,
    "deleteConnection": core.delete_connection,
    "checkConnection": core.check_connection,
    "syncConnection": core.sync_connection,
    # pipelines and events
    "listPipelines": core.list_pipelines,
    "createPipeline": core.create_pipeline,
    "updatePipeline": core.update_pipeline,
    "deletePipeline": core.delete_pipeline,
    "syncPipeline": core.sync_pipeline,
    "listEvents": core.list_events,
    # unified CRM
    **crm.HANDLERS,
    **custom_objects.HANDLERS,
}
