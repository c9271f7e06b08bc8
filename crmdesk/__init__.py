"""crmdesk: an offline desktop CRM and contact manager."""

__version__ = "0.1.0"
