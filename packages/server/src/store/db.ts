import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** The server's SQLite handle (better-sqlite3 is synchronous; statements are microseconds). */
export type Db = Database.Database;

const MIGRATIONS = [
  `CREATE TABLE audits (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     created_at TEXT NOT NULL,
     started_at TEXT,
     finished_at TEXT,
     status TEXT NOT NULL,
     count INTEGER NOT NULL,
     seed INTEGER NOT NULL,
     batch_size INTEGER NOT NULL,
     top_k INTEGER NOT NULL,
     models TEXT NOT NULL,
     noise TEXT NOT NULL,
     processed INTEGER NOT NULL DEFAULT 0,
     error_code TEXT,
     error_message TEXT
   )`,
  `CREATE TABLE runs (
     audit_id TEXT NOT NULL REFERENCES audits(id),
     run_index INTEGER NOT NULL,
     model TEXT NOT NULL,
     kind TEXT NOT NULL,
     spec TEXT NOT NULL,
     model_info TEXT,
     summary TEXT,
     PRIMARY KEY (audit_id, run_index)
   ) WITHOUT ROWID`,
  `CREATE TABLE samples (
     audit_id TEXT NOT NULL,
     run_index INTEGER NOT NULL,
     idx INTEGER NOT NULL,
     score REAL NOT NULL,
     label TEXT NOT NULL,
     class_index INTEGER NOT NULL,
     max_logit REAL,
     energy REAL,
     top_k TEXT NOT NULL,
     PRIMARY KEY (audit_id, run_index, idx)
   ) WITHOUT ROWID`,
  `CREATE TABLE explanations (
     id TEXT PRIMARY KEY,
     created_at TEXT NOT NULL,
     finished_at TEXT,
     status TEXT NOT NULL,
     input TEXT NOT NULL,
     result TEXT,
     error_code TEXT,
     error_message TEXT
   )`,
  `CREATE TABLE id_scores (
     key TEXT PRIMARY KEY,
     scores TEXT NOT NULL
   )`,
  `CREATE TABLE fool_searches (
     id TEXT PRIMARY KEY,
     created_at TEXT NOT NULL,
     finished_at TEXT,
     status TEXT NOT NULL,
     input TEXT NOT NULL,
     result TEXT,
     error_code TEXT,
     error_message TEXT
   )`,
  // Working time of an audit, so a rate after a resume leaves out the time it sat stopped:
  // seconds of the stretches that ended, the start of the current one, the last commit.
  `ALTER TABLE audits ADD COLUMN worked_seconds REAL NOT NULL DEFAULT 0;
   ALTER TABLE audits ADD COLUMN running_since TEXT;
   ALTER TABLE audits ADD COLUMN committed_at TEXT;
   UPDATE audits SET worked_seconds = (julianday(finished_at) - julianday(started_at)) * 86400
     WHERE started_at IS NOT NULL AND finished_at IS NOT NULL`,
];

/**
 * Open (or create) `snowblind.db` in `dataDir` in WAL mode and bring its schema up to date.
 * WAL lets readers run while a batch commits, and a commit survives `kill -9` of the process.
 */
export function openDb(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'snowblind.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const version = db.pragma('user_version', { simple: true }) as number;
  db.transaction(() => {
    for (let i = version; i < MIGRATIONS.length; i++) db.exec(MIGRATIONS[i]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
  return db;
}
