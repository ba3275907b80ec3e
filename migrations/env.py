import contextlib
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy import event

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")


def get_engine():
    return current_app.extensions["migrate"].db.engine


def get_engine_url():
    try:
        return get_engine().url.render_as_string(hide_password=False).replace("%", "%%")
    except AttributeError:
        return str(get_engine().url).replace("%", "%%")


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option("sqlalchemy.url", get_engine_url())
target_db = current_app.extensions["migrate"].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    if hasattr(target_db, "metadatas"):
        return target_db.metadatas[None]
    return target_db.metadata


def render_item(type_, obj, autogen_context):
    """Render the app's UTCDateTime as a plain aware DateTime in migrations."""
    if type_ == "type" and type(obj).__name__ == "UTCDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=get_metadata(), literal_binds=True)

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = current_app.extensions["migrate"].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    connectable = get_engine()

    with connectable.connect() as connection:
        if connection.dialect.name == "sqlite":
            with sqlite_migration(connection):
                context.configure(
                    connection=connection,
                    target_metadata=get_metadata(),
                    render_item=render_item,
                    transactional_ddl=True,
                    **conf_args,
                )
                with context.begin_transaction():
                    context.run_migrations()
                    check_foreign_keys(connection)
            return
        context.configure(
            connection=connection,
            target_metadata=get_metadata(),
            render_item=render_item,
            **conf_args,
        )

        with context.begin_transaction():
            context.run_migrations()


@contextlib.contextmanager
def sqlite_migration(connection):
    """SQLite: foreign keys off and one real transaction for the whole run.

    Batch operations rebuild a table (copy, DROP, rename); with foreign keys on, dropping a
    table other rows point at fails. SQLite's own recipe: foreign keys off (only possible
    outside a transaction), the change in a transaction, foreign_key_check, then foreign
    keys on again. pysqlite does not wrap DDL in transactions by itself, so the driver is
    put in autocommit mode and BEGIN is emitted explicitly: a failing step rolls back
    completely, leaving no _alembic_tmp_ table behind.
    """
    driver = connection.connection.driver_connection
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()
    level = driver.isolation_level
    driver.isolation_level = None

    def emit_begin(conn):
        conn.exec_driver_sql("BEGIN")

    event.listen(connection, "begin", emit_begin)
    try:
        drop_leftover_copies(connection)
        yield
    finally:
        event.remove(connection, "begin", emit_begin)
        if connection.in_transaction():
            connection.rollback()
        driver.isolation_level = level
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")  # the pool hands it out again
        connection.commit()


def drop_leftover_copies(connection):
    """Drop the _alembic_tmp_<table> copies an earlier failed run (before migrations ran in
    one transaction) left next to their intact table; they block every later rebuild. A
    copy whose table is gone holds the only data and is left alone."""
    names = {
        row[0]
        for row in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
    }
    prefix = "_alembic_tmp_"
    for name in sorted(names):
        if name.startswith(prefix) and name[len(prefix) :] in names:
            logger.warning("dropping %s left by an earlier failed migration", name)
            connection.exec_driver_sql(f'DROP TABLE "{name}"')
    connection.commit()


def check_foreign_keys(connection):
    """Refuse (and so roll back) a migration that leaves rows pointing at nothing."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"foreign key check failed after the migration: {broken[:10]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
