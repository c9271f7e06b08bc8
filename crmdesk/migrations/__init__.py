"""Alembic migrations, shipped inside the package and run at start-up.

``HEAD`` names the newest revision so that start-up can see an up-to-date
database with one query, without importing Alembic (about 0.3 s).  A test
checks it against Alembic's own idea of the head: update it with every new
revision.
"""

HEAD = "0017"
