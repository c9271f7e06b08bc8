"""The full-text index of the listed tables: one SQLite FTS5 table each, beside the models
so that ``crmdesk.db`` can build a new database's schema without a service.

Each indexes its table's folded ``search_text`` under the row's id (``services.search_index``
keeps it in step with writes).  Other databases have no such table: they search the
column itself.
"""

from __future__ import annotations

from sqlalchemy import Connection

#: party table -> its FTS5 table
FTS_TABLES = {"contact": "contact_fts", "account": "account_fts", "lead": "lead_fts",
              "opportunity": "opportunity_fts", "service_case": "case_fts",
              "campaign": "campaign_fts"}


def create_index_tables(conn: Connection) -> None:
    """The FTS5 tables as the newest migration leaves them, for a brand-new database."""
    if conn.dialect.name != "sqlite":
        return
    for table in FTS_TABLES.values():
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {table} USING fts5("
            "body, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')")
