"""The OpenAPI documents crm-mock serves (installed as mock_server.specs)."""
