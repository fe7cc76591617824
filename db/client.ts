import fs from "node:fs";
import path from "node:path";

import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from "kysely";

import { migrationProvider } from "./migrations/index";
import type { Database } from "./schema";
import { KaoxueSqliteDriver } from "./sqlite-driver";

export type DB = Kysely<Database>;

export const DEFAULT_DATABASE_PATH = "data/kaoxue.db";

/** How long a write waits for a lock another process holds before it gives up (503 to the page). */
export const WRITE_WAIT_MS = 5_000;

const drivers = new WeakMap<object, KaoxueSqliteDriver>();

function connect(filePath: string, role: "writer" | "reader"): SQLite.Database {
  const sqlite = new SQLite(filePath);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  // The writer never waits inside SQLite (it would block every request): the driver waits on timers.
  // A reader in WAL mode almost never waits; when it must (WAL recovery), briefly.
  sqlite.pragma(`busy_timeout = ${role === "writer" ? 0 : 200}`);
  return sqlite;
}

/** An existing database file, read-only; WAL stays as the writer set it (a reader cannot change it). */
function connectReadOnly(filePath: string): SQLite.Database {
  const sqlite = new SQLite(filePath, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 200");
  return sqlite;
}

/**
 * Opens the SQLite file with the settings every connection needs: WAL so readers never
 * block the writer, synchronous=FULL so a commit is on disk when it returns (invariant 4),
 * foreign keys enforced; reads and writes on connections of their own (db/sqlite-driver.ts).
 */
export function openDatabase(filePath: string = DEFAULT_DATABASE_PATH, options: { writeWaitMs?: number; readonly?: boolean } = {}): DB {
  if (filePath !== ":memory:" && !options.readonly) fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
  // Read-only (the export worker): one connection that SQLite itself refuses to write through.
  const writer = options.readonly ? connectReadOnly(filePath) : connect(filePath, "writer");
  // An in-memory database exists only in its own connection.
  const reader = filePath === ":memory:" || options.readonly ? writer : connect(filePath, "reader");
  const driver = new KaoxueSqliteDriver(writer, reader, { writeWaitMs: options.writeWaitMs ?? WRITE_WAIT_MS });
  // A transaction is a new handle sharing the executor's adapter: key the driver by it.
  const adapter = new SqliteAdapter();
  drivers.set(adapter, driver);
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => adapter,
      createDriver: () => driver,
      createIntrospector: (k) => new SqliteIntrospector(k),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
  return db;
}

/** The driver under a handle from openDatabase, or under a transaction of one (the hot paths use its statements directly). */
export function driverOf(db: DB): KaoxueSqliteDriver {
  const driver = drivers.get(db.getExecutor().adapter);
  if (!driver) throw new Error("driverOf needs a handle openDatabase returned");
  return driver;
}

/**
 * Synchronous write work on the writer connection: inside the caller's transaction when `db`
 * is one (it holds the writer already), otherwise group-committed with whatever else is being
 * written at this moment (KaoxueSqliteDriver.grouped). Resolves after the work is committed,
 * or, inside a transaction, after it ran (the caller's commit makes it durable).
 */
export async function onWriter<T>(db: DB, work: (writer: KaoxueSqliteDriver) => T): Promise<T> {
  const driver = driverOf(db);
  return db.isTransaction ? work(driver) : driver.grouped(work);
}

export async function migrateToLatest(db: DB): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`数据库迁移失败：${failed?.migrationName ?? ""} ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
