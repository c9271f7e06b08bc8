"""The use cases, with no Qt: the UI and the command line both call these.

``wiring.Services`` opens the database and wires the services to it.  This
package itself imports nothing: the import command's reading process uses
``folding``, ``phones`` and ``importing.rows`` and starts without the database
layer (SQLAlchemy takes a third of a second to import).
"""
