"""The round's memory: an embedded SQLite store of runs, files and findings.

Why SQLite (the standard library's :mod:`sqlite3`): an office keeps one file
(``store: checks.db``) for the whole January-to-March round, copies it like any
document, and needs it to survive a crash. The store therefore:

* carries an ``application_id`` and a schema version (``user_version``), upgraded by
  forward migrations (:data:`MIGRATIONS`) and never downgraded: a store written by a
  newer checker, or any file that is not ours, is refused with one line and never
  written to (not even its journal mode);
* runs in WAL mode with a busy timeout, so that two batches writing at once both
  finish (each waits for the other's short transactions);
* writes one transaction per file (the file row and all its findings, or nothing), so
  that a crash, SIGKILL or Ctrl-C in the middle of a batch keeps every finished file
  and no half-written one. A run that did not finish keeps ``finished_at`` NULL.

Findings are stored with their :func:`checker.fingerprint.fingerprint`, so that a
resubmission can be compared with the previous submission of the same body and year.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Sequence

from ..errors import ConfigError
from ..findings import Finding, Message
from ..fingerprint import fingerprints

#: "CHKR": marks an SQLite file as a checker store.
APPLICATION_ID = 0x43484B52
_SQLITE_HEADER = b"SQLite format 3\x00"
#: How long a writer waits for the other writer's transaction (seconds).
BUSY_TIMEOUT = 60.0

#: Forward migrations: MIGRATIONS[n] takes a store from version n to n + 1.
MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: runs, files, findings
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        tool_version TEXT NOT NULL,
        profiles TEXT NOT NULL,          -- JSON {profile name: version}
        options TEXT NOT NULL            -- JSON of the options that decide a result
    );
    CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        recorded_at TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER,
        sha256 TEXT,
        agency TEXT,                     -- as the checker found it in the report
        body TEXT NOT NULL,              -- the roster name, else the agency, else the file name
        body_key TEXT NOT NULL,          -- body, normalised: what submissions are grouped by
        year INTEGER,
        profile TEXT,
        verdict TEXT NOT NULL,
        errors INTEGER NOT NULL DEFAULT 0,
        warnings INTEGER NOT NULL DEFAULT 0,
        info INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE findings (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id),
        fingerprint TEXT NOT NULL,
        code TEXT NOT NULL,
        severity TEXT NOT NULL,
        section INTEGER,
        message_zh TEXT NOT NULL,
        message_en TEXT NOT NULL,
        location TEXT NOT NULL           -- JSON of Location, for people (never compared)
    );
    CREATE INDEX findings_file ON findings(file_id);
    """,
    # 1 -> 2: what a converted file was converted from and by; submissions looked up by body and year
    """
    ALTER TABLE files ADD COLUMN converted TEXT;
    CREATE INDEX files_body_year ON files(body_key, year, id);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(ConfigError):
    """The store cannot be used; the message is one line naming the file."""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class FileRecord:
    """What the store keeps of one checked file (its findings go alongside)."""

    path: str
    verdict: str
    body: str
    body_key: str
    size: int | None = None
    sha256: str | None = None
    agency: str | None = None
    year: int | None = None
    profile: str | None = None
    counts: tuple[int, int, int] = (0, 0, 0)
    converted: str | None = None


@dataclass(frozen=True)
class Since:
    """How a file compares with the previous submission of the same body and year."""

    date: str  # ISO time of the previous submission
    previous_path: str
    fixed: int
    still_open: int
    new: int
    same_file: bool = False  # byte-identical to the previous submission

    def message(self) -> Message:
        day = self.date[:10]
        if self.same_file:
            return Message(zh=f"与 {day} 提交的文件完全相同", en=f"same file as submitted on {day}")
        return Message(zh=f"自 {day} 以来：已改正 {self.fixed} 项，仍有 {self.still_open} 项，新增 {self.new} 项",
                       en=f"since {day}: {self.fixed} fixed, {self.still_open} still open, {self.new} new")


def _refuse_foreign(path: str) -> None:
    """Refuse, before SQLite touches it, a file that is not an SQLite database."""
    if os.path.isdir(path):
        raise StoreError(f"store {path}: is a folder; name a file such as checks.db")
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise StoreError(f"store {path}: the folder {folder} does not exist") from None
        return
    except OSError as exc:
        raise StoreError(f"store {path}: cannot read: {exc.strerror or exc}") from None
    if head and head != _SQLITE_HEADER:
        raise StoreError(f"store {path}: not a checker store (not an SQLite database); refusing to use or overwrite it")


class Store:
    """An open store; use as a context manager or call :meth:`close`."""

    def __init__(self, path: str, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn
        self.last_file_id = 0  # the row :meth:`record_file` wrote last

    # --- opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str, *, create: bool = True) -> "Store":
        """Open (and create or upgrade) the store at ``path``; :class:`StoreError` if it is not ours."""
        path = os.fspath(path)
        _refuse_foreign(path)
        if not create and not os.path.exists(path):
            raise StoreError(f"store {path}: no such file (nothing has been stored yet?)")
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"store {path}: cannot open: {exc}") from None
        store = cls(path, conn)
        try:
            store._check_ours()
            store._set_wal()
            conn.execute("PRAGMA foreign_keys=ON")
            store._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"store {path}: not a usable checker store ({exc}); refusing to use it") from None
        except StoreError:
            conn.close()
            raise
        return store

    def _set_wal(self) -> None:
        """Switch to WAL. SQLite answers "locked" at once, without waiting out the busy timeout,
        when another process is switching or creating the same new store: wait and retry."""
        import time

        deadline = time.monotonic() + BUSY_TIMEOUT
        pause = 0.01
        while True:
            try:
                mode = self.conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
                if str(mode).lower() == "wal":
                    return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
            if time.monotonic() > deadline:
                raise sqlite3.OperationalError("database is locked (could not switch to WAL mode)")
            time.sleep(pause)
            pause = min(pause * 2, 0.5)

    def _versions(self) -> tuple[int, int, int]:
        """(application_id, schema version, number of schema objects), read in one transaction:
        read one by one, another process creating the store in between would make a half-made
        store look like someone else's."""
        own = not self.conn.in_transaction
        if own:
            self.conn.execute("BEGIN")
        try:
            app = self.conn.execute("PRAGMA application_id").fetchone()[0]
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            if own:
                self.conn.execute("COMMIT")
        return app, version, tables

    def _check_ours(self) -> None:
        app, version, tables = self._versions()
        if app == 0 and version == 0 and tables == 0:
            return  # a new (or empty) database: ours to create
        if app != APPLICATION_ID:
            raise StoreError(f"store {self.path}: an SQLite database of another program, not a checker store; "
                             "refusing to use or overwrite it")
        if version > SCHEMA_VERSION:
            raise StoreError(f"store {self.path}: written by a newer checker (schema {version}; this checker knows "
                             f"up to {SCHEMA_VERSION}); upgrade checker to use it")

    def _migrate(self, upto: int = SCHEMA_VERSION) -> None:
        """Apply the missing migrations, each in its own transaction (a concurrent opener waits)."""
        while True:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self._check_ours()  # again, inside the lock: another process may have moved it on
                version = self.conn.execute("PRAGMA user_version").fetchone()[0]
                if version >= upto:
                    self.conn.execute("COMMIT")
                    return
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                self.conn.execute(f"PRAGMA user_version={version + 1}")
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing --------------------------------------------------------------------------
    def begin_run(self, tool_version: str, profiles: dict[str, str], options: dict[str, Any]) -> int:
        cur = self.conn.execute(
            "INSERT INTO runs (started_at, tool_version, profiles, options) VALUES (?, ?, ?, ?)",
            (now(), tool_version, json.dumps(profiles, ensure_ascii=False, sort_keys=True),
             json.dumps(options, ensure_ascii=False, sort_keys=True, default=str)),
        )
        return int(cur.lastrowid)

    def finish_run(self, run_id: int) -> None:
        self.conn.execute("UPDATE runs SET finished_at = ? WHERE id = ?", (now(), run_id))

    def record_file(self, run_id: int, rec: FileRecord, findings: Sequence[Finding]) -> Since | None:
        """Store one file and its findings in one transaction; return how it compares with the
        previous submission of its body and year (from an earlier run), if any."""
        keys = fingerprints(findings)
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            since = self._since(run_id, rec, set(keys))
            cur = self.conn.execute(
                "INSERT INTO files (run_id, recorded_at, path, size, sha256, agency, body, body_key, year, profile, "
                "verdict, errors, warnings, info, converted) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (run_id, now(), rec.path, rec.size, rec.sha256, rec.agency, rec.body, rec.body_key, rec.year,
                 rec.profile, rec.verdict, *rec.counts, rec.converted),
            )
            self.last_file_id = int(cur.lastrowid)
            self._insert_findings(self.last_file_id, keys, findings)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return since

    def replace_file(self, file_id: int, rec: FileRecord, findings: Sequence[Finding]) -> None:
        """Replace a file's row and findings in one transaction (a file checked again in the same
        run, e.g. paired with last year's report once the whole batch was known)."""
        keys = fingerprints(findings)
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute("DELETE FROM findings WHERE file_id = ?", (file_id,))
            self.conn.execute(
                "UPDATE files SET verdict = ?, profile = ?, agency = ?, year = ?, errors = ?, warnings = ?, info = ? "
                "WHERE id = ?", (rec.verdict, rec.profile, rec.agency, rec.year, *rec.counts, file_id))
            self._insert_findings(file_id, keys, findings)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _insert_findings(self, file_id: int, keys: Sequence[str], findings: Sequence[Finding]) -> None:
        self.conn.executemany(
            "INSERT INTO findings (file_id, fingerprint, code, severity, section, message_zh, message_en, location) "
            "VALUES (?,?,?,?,?,?,?,?)",
            [(file_id, key, f.code, f.severity.value, f.location.section, f.message.zh, f.message.en,
              json.dumps(f.location.as_dict(), ensure_ascii=False)) for key, f in zip(keys, findings)],
        )

    def _since(self, run_id: int, rec: FileRecord, keys: set[str]) -> Since | None:
        row = self.conn.execute(
            "SELECT id, recorded_at, path, sha256 FROM files WHERE body_key = ? AND year IS ? AND run_id < ? "
            "ORDER BY id DESC LIMIT 1",
            (rec.body_key, rec.year, run_id),
        ).fetchone()
        if row is None:
            return None
        prev_id, date, prev_path, prev_sha = row
        if rec.sha256 and prev_sha == rec.sha256:
            return Since(date, prev_path, 0, len(keys), 0, same_file=True)
        before = self.fingerprints_of(prev_id)
        return Since(date, prev_path, fixed=len(before - keys), still_open=len(before & keys), new=len(keys - before))

    # --- reading --------------------------------------------------------------------------
    def fingerprints_of(self, file_id: int) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT fingerprint FROM findings WHERE file_id = ?", (file_id,))}

    def findings_of(self, file_id: int) -> list[dict[str, Any]]:
        cur = self.conn.execute(
            "SELECT fingerprint, code, severity, section, message_zh, message_en, location FROM findings "
            "WHERE file_id = ? ORDER BY id", (file_id,))
        return [{"fingerprint": r[0], "code": r[1], "severity": r[2], "section": r[3],
                 "message": {"zh": r[4], "en": r[5]}, "location": json.loads(r[6])} for r in cur]

    def files(self, body: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
        """Every stored file, oldest first, optionally of one body (its key) and year."""
        sql = ("SELECT f.id, f.run_id, f.recorded_at, f.path, f.size, f.sha256, f.agency, f.body, f.body_key, f.year, "
               "f.profile, f.verdict, f.errors, f.warnings, f.info, f.converted, r.finished_at IS NULL "
               "FROM files f JOIN runs r ON r.id = f.run_id")
        where, params = [], []
        if body is not None:
            where.append("f.body_key = ?")
            params.append(body)
        if year is not None:
            where.append("f.year = ?")
            params.append(year)
        if where:
            sql += " WHERE " + " AND ".join(where)
        cols = ("id", "run_id", "recorded_at", "path", "size", "sha256", "agency", "body", "body_key", "year",
                "profile", "verdict", "errors", "warnings", "info", "converted", "run_unfinished")
        return [dict(zip(cols, row)) for row in self.conn.execute(sql + " ORDER BY f.id", params)]

    def runs(self) -> list[dict[str, Any]]:
        cols = ("id", "started_at", "finished_at", "tool_version", "profiles", "options")
        return [dict(zip(cols, r)) for r in self.conn.execute(f"SELECT {', '.join(cols)} FROM runs ORDER BY id")]
