"""PostgreSQL backup and restore with pg_dump / pg_restore (custom format).

The password travels in PGPASSWORD, never on the command line. The client tools must be at
least the server's major version (an older pg_dump refuses a newer server).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from urllib.parse import quote, urlencode

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from training.core.settings import child_environment
from training.ops.files import BackupError, atomic_output

Progress = Callable[[int, int], None]

MAGIC = b"PGDMP"
_DUMPING = re.compile(r'dumping contents of table "?([^"]+)"?')
_RESTORING = re.compile(r'processing data for table "?([^"]+)"?')
_ALEMBIC = re.compile(r"^\d+; \d+ \d+ TABLE DATA \S+ alembic_version\b", re.MULTILINE)
_TABLE_DATA = re.compile(r"^\d+; \d+ \d+ TABLE DATA ", re.MULTILINE)


def libpq_target(url: URL) -> tuple[str, dict[str, str]]:
    """Return (libpq URL without password, environment with PGPASSWORD) for ``url``."""
    netloc = ""
    if url.username:
        netloc = quote(url.username, safe="") + "@"
    host = url.host or ""
    netloc += f"[{host}]" if ":" in host else host
    if url.port:
        netloc += f":{url.port}"
    libpq = f"postgresql://{netloc}/{quote(url.database or '', safe='')}"
    query = {key: value for key, value in url.query.items() if key != "password"}
    if query:
        libpq += "?" + urlencode(query, doseq=True)
    password = {} if url.password is None else {"PGPASSWORD": str(url.password)}
    return libpq, child_environment(**password)


def client_major(version_output: str) -> int | None:
    """Comparable major version of ``pg_dump --version`` output.

    "pg_dump (PostgreSQL) 15.20" gives 1500, "pg_dump (PostgreSQL) 9.6.24" gives 906 (before
    version 10 the major version had two parts).
    """
    match = re.search(r"\)\s*(\d+)(?:\.(\d+))?", version_output)
    if not match:
        return None
    major, minor = int(match.group(1)), int(match.group(2) or 0)
    return major * 100 + minor if major < 10 else major * 100


def server_major(engine: Engine) -> int:
    try:
        with engine.connect() as connection:
            number = int(connection.execute(text("SHOW server_version_num")).scalar_one())
    except Exception as exc:  # any driver error: the server cannot be reached
        raise BackupError(
            _("Tidak bisa terhubung ke basis data: %(reason)s", reason=type(exc).__name__)
        ) from exc
    return (number // 10000) * 100 if number >= 100000 else number // 100


def find_tool(name: str, server: int) -> str:
    """Path of ``name`` (pg_dump/pg_restore) no older than the server, else BackupError."""
    search = current_app.config.get("PG_BIN") or None
    path = shutil.which(name, path=search)
    if path is None:
        raise BackupError(
            _(
                "Aplikasi %(tool)s tidak ditemukan. Pasang klien PostgreSQL versi %(major)s "
                "atau lebih baru (paket postgresql-client), atau arahkan PG_BIN ke foldernya.",
                tool=name,
                major=_major_label(server),
            )
        )
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout
    check_client_version(name, output, server)
    return path


def check_client_version(name: str, version_output: str, server: int) -> None:
    major = client_major(version_output)
    if major is None or major < server:
        raise BackupError(
            _(
                "%(tool)s versi %(client)s lebih lama dari server PostgreSQL versi %(server)s. "
                "Pasang klien PostgreSQL versi %(server)s atau lebih baru, atau arahkan PG_BIN "
                "ke foldernya.",
                tool=name,
                client=_major_label(major) if major else "?",
                server=_major_label(server),
            )
        )


def backup(engine: Engine, dest: str, progress: Progress) -> None:
    """``pg_dump --format=custom`` of the database of ``engine`` to ``dest``."""
    tool = find_tool("pg_dump", server_major(engine))
    with engine.connect() as connection:
        tables = connection.execute(
            text(
                "SELECT count(*) FROM pg_tables"
                " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            )
        ).scalar_one()
        has_alembic = connection.execute(
            text("SELECT to_regclass('alembic_version') IS NOT NULL")
        ).scalar_one()
    if not has_alembic:
        raise BackupError(_("Basis data belum dimigrasi (tabel alembic_version tidak ada)."))
    libpq, env = libpq_target(engine.url)
    with atomic_output(dest) as part:
        command = [tool, "--format=custom", "--verbose", f"--file={part}", f"--dbname={libpq}"]
        _run(command, env, _DUMPING, tables, progress, _("Pencadangan gagal"))


def restore(engine: Engine, source: str, progress: Progress) -> str:
    """Restore the dump ``source`` into the database of ``engine`` in one transaction."""
    server = server_major(engine)
    restore_tool = find_tool("pg_restore", server)
    listing = check_backup_file(restore_tool, source)
    libpq, env = libpq_target(engine.url)
    command = [
        restore_tool,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "--verbose",
        f"--dbname={libpq}",
        source,
    ]
    tables = len(_TABLE_DATA.findall(listing))
    _run(command, env, _RESTORING, tables, progress, _("Pemulihan gagal"))
    engine.dispose()
    with engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def check_backup_file(restore_tool: str, path: str) -> str:
    """Return ``pg_restore --list`` of a dump of this app, or raise BackupError."""
    if not os.path.isfile(path):
        raise BackupError(_("Berkas %(path)s tidak ada.", path=path))
    with open(path, "rb") as handle:
        if handle.read(len(MAGIC)) != MAGIC:
            raise BackupError(
                _(
                    "Berkas %(path)s bukan cadangan pg_dump (format custom); pemulihan ditolak.",
                    path=path,
                )
            )
    result = subprocess.run(
        [restore_tool, "--list", path], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            _("Berkas %(path)s rusak: %(reason)s", path=path, reason=result.stderr.strip())
        )
    if not _ALEMBIC.search(result.stdout):
        raise BackupError(
            _(
                "Berkas %(path)s bukan cadangan aplikasi ini (tidak ada tabel alembic_version); "
                "pemulihan ditolak.",
                path=path,
            )
        )
    return result.stdout


def _run(command, env, pattern, total: int, progress: Progress, failed: str) -> None:
    """Run a pg tool, turning its --verbose lines into progress; raise on failure."""
    done = 0
    errors: list[str] = []
    progress(0, total)
    with subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stderr is not None
        for line in process.stderr:
            if pattern.search(line):
                done += 1
                progress(min(done, total), total)
            elif "error" in line.lower() or "fatal" in line.lower():
                errors.append(line.strip())
        code = process.wait()
    if code != 0:
        reason = " ".join(errors[-5:]) or _("kode keluar %(code)d", code=code)
        raise BackupError(f"{failed}: {reason}")
    progress(total, total)


def _major_label(major: int) -> str:
    return str(major // 100) if major >= 1000 else f"{major // 100}.{major % 100}"
