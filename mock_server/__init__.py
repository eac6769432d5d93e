"""crm-mock: a vendor-accurate, stateful mock of CRM APIs."""

__all__ = ["__version__"]

__version__ = "0.1.0"
