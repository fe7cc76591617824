/**
 * The SQLite driver under kysely. better-sqlite3 is synchronous, so whatever SQLite waits for
 * (a lock held by a backup or an import) Node waits for too, and every request stalls. Here:
 *
 * - Two connections to the same file. Reads outside a transaction run on the reader: in WAL
 *   mode they never wait for a writer, so pages and /healthz stay fast while a write waits.
 * - Writes (transactions and single statements) take the writer in turn (a queue in memory),
 *   and a write transaction starts with BEGIN IMMEDIATE, so it holds the write lock from its
 *   first statement and cannot fail half-way for a lock.
 * - When another process holds the lock, the writer's busy timeout is zero and the wait is a
 *   retry with backoff on the event loop's timers: nothing blocks. Past the bounded wait the
 *   write fails with DatabaseBusyError (callers answer 503 and the page retries).
 * - Writes that arrive together (saves, submits) share one transaction: group commit, each
 *   answered after that one durable COMMIT (grouped()).
 * - Prepared statements are cached per SQL text (kysely would prepare every statement again).
 * - A failed COMMIT that SQLite already rolled back (disk full) is not rolled back twice: the
 *   real error is the one that surfaces.
 *
 * See docs/decisions/0020-write-path.md.
 */
import type { Database as SqliteDatabase, Statement } from "better-sqlite3";
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SelectQueryNode,
} from "kysely";

export class DatabaseBusyError extends Error {
  constructor(readonly waitedMs: number, options?: { cause?: unknown }) {
    super("数据库正忙（另一项操作正在写入），请稍后重试", options);
    this.name = "DatabaseBusyError";
  }
}

export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A first-come, first-served lock: writers queue in memory instead of inside SQLite. */
class WriterQueue {
  #held = false;
  #waiting: Array<() => void> = [];

  async lock(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  unlock(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }

  get length(): number {
    return this.#waiting.length + (this.#held ? 1 : 0);
  }
}

class StatementCache {
  #statements = new Map<string, Statement>();
  constructor(
    private readonly db: SqliteDatabase,
    private readonly limit = 500,
  ) {}

  get(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      if (this.#statements.size >= this.limit) this.#statements.delete(this.#statements.keys().next().value!);
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

function run(statement: Statement, parameters: readonly unknown[]): QueryResult<unknown> {
  if (statement.reader) return { rows: statement.all(parameters) };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return {
    numAffectedRows: changes !== undefined && changes !== null ? BigInt(changes) : undefined,
    insertId: lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
    rows: [],
  };
}

type GroupedWork = { work: (writer: KaoxueSqliteDriver) => unknown; waitMs: number; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/** Pieces of work committed together at most (one commit's worth; the rest waits for the next). */
const MAX_GROUP = 500;

export type DriverOptions = {
  /** How long a write may wait for a lock held by another process before DatabaseBusyError. */
  writeWaitMs: number;
};

export class KaoxueSqliteDriver implements Driver {
  readonly #writerQueue = new WriterQueue();
  readonly #writerStatements: StatementCache;
  readonly #readerStatements: StatementCache;

  constructor(
    readonly writer: SqliteDatabase,
    readonly reader: SqliteDatabase,
    readonly options: DriverOptions,
  ) {
    this.#writerStatements = new StatementCache(writer);
    this.#readerStatements = reader === writer ? this.#writerStatements : new StatementCache(reader);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new KaoxueConnection(this);
  }

  /** Writers waiting or writing right now (for the benchmark and health checks). */
  get writeQueueLength(): number {
    return this.#writerQueue.length;
  }

  writerStatement(sql: string): Statement {
    return this.#writerStatements.get(sql);
  }

  readerStatement(sql: string): Statement {
    return this.#readerStatements.get(sql);
  }

  /** Runs `attempt` until it succeeds or the wait is over; only lock errors are retried. */
  retryWhileBusy<T>(attempt: () => T, waitMs = this.options.writeWaitMs): Promise<T> {
    return this.#retryWhileBusy(attempt, (waited) => waitMs - waited);
  }

  /** The retry with backoff: after each lock error `remainingMs(waited, error)` says how much longer to wait (0 or less: give up). */
  async #retryWhileBusy<T>(attempt: () => T, remainingMs: (waitedMs: number, error: unknown) => number): Promise<T> {
    const started = Date.now();
    for (let backoff = 2; ; backoff = Math.min(backoff * 2, 100)) {
      try {
        return attempt();
      } catch (error) {
        if (!isBusyError(error)) throw error;
        const waited = Date.now() - started;
        const remaining = remainingMs(waited, error);
        if (remaining <= 0) throw new DatabaseBusyError(waited, { cause: error });
        await sleep(Math.min(backoff, remaining));
      }
    }
  }

  async lockWriter(): Promise<void> {
    await this.#writerQueue.lock();
  }

  unlockWriter(): void {
    this.#writerQueue.unlock();
  }

  /**
   * Group commit: synchronous write work queued at the same time (saves, submits, a session's
   * slide) shares one transaction. Each piece runs in a savepoint of its own, so a piece that
   * throws is rolled back alone and rejects alone; every piece resolves only after the shared
   * COMMIT (and, with synchronous=FULL, is durable then). A failed COMMIT rejects every piece
   * of it. While another process holds the lock each piece waits as long as it asked
   * (`waitMs`): one whose wait is over is refused alone with DatabaseBusyError, and the rest
   * of its group wait on.
   */
  grouped<T>(work: (writer: KaoxueSqliteDriver) => T, waitMs = this.options.writeWaitMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queued.push({ work, waitMs, resolve: resolve as (value: unknown) => void, reject });
      // Work arriving in the same turn of the event loop joins this group.
      this.#flushing ??= new Promise((next) => setImmediate(next)).then(() => this.#flushGroups());
    });
  }

  readonly #queued: GroupedWork[] = [];
  #flushing: Promise<void> | null = null;

  /** Resolves once every piece queued so far is committed or refused (closing the database waits for this). */
  async settled(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flushGroups(): Promise<void> {
    try {
      // Work queued while a group commits forms the next group.
      while (this.#queued.length > 0) await this.#commitGroup(this.#queued.splice(0, MAX_GROUP));
    } finally {
      this.#flushing = null;
    }
  }

  async #commitGroup(batch: GroupedWork[]): Promise<void> {
    let waiting = batch;
    const settled: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    await this.lockWriter();
    try {
      await this.#retryWhileBusy(
        () => this.writerStatement("begin immediate").run(),
        (waited, error) => {
          for (const piece of waiting) if (waited >= piece.waitMs) piece.reject(new DatabaseBusyError(waited, { cause: error }));
          waiting = waiting.filter((piece) => waited < piece.waitMs);
          return waiting.length === 0 ? 0 : Math.min(...waiting.map((piece) => piece.waitMs)) - waited;
        },
      );
      const savepoint = this.writerStatement('savepoint "grouped"');
      const release = this.writerStatement('release "grouped"');
      const rollback = this.writerStatement('rollback to "grouped"');
      for (const piece of waiting) {
        savepoint.run();
        try {
          settled.push({ ok: true, value: piece.work(this) });
        } catch (error) {
          // SQLite itself ended the transaction (a full disk): nothing of the group can commit.
          if (!this.writer.inTransaction) throw error;
          rollback.run();
          settled.push({ ok: false, error });
        }
        release.run();
      }
      this.writerStatement("commit").run();
    } catch (error) {
      if (this.writer.inTransaction) this.writerStatement("rollback").run();
      // Pieces already refused for their wait keep that answer.
      for (const piece of waiting) piece.reject(error);
      return;
    } finally {
      this.unlockWriter();
    }
    waiting.forEach((piece, i) => {
      const outcome = settled[i];
      if (outcome.ok) piece.resolve(outcome.value);
      else piece.reject(outcome.error);
    });
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const own = connection as KaoxueConnection;
    await this.lockWriter();
    own.holdsWriter = true;
    await this.retryWhileBusy(() => this.writerStatement("begin immediate").run());
  }

  async commitTransaction(): Promise<void> {
    this.writerStatement("commit").run();
  }

  async rollbackTransaction(): Promise<void> {
    // SQLite may have rolled back already (a failed COMMIT on a full disk): do not hide that error.
    if (this.writer.inTransaction) this.writerStatement("rollback").run();
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery({ sql: `savepoint "${name}"`, parameters: [] } as unknown as CompiledQuery);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery({ sql: `rollback to "${name}"`, parameters: [] } as unknown as CompiledQuery);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery({ sql: `release "${name}"`, parameters: [] } as unknown as CompiledQuery);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const own = connection as KaoxueConnection;
    if (own.holdsWriter) {
      own.holdsWriter = false;
      if (this.writer.inTransaction) this.writerStatement("rollback").run();
      this.unlockWriter();
    }
  }

  async destroy(): Promise<void> {
    // Work already queued (a session's slide nobody waits for) is committed first.
    await this.settled();
    if (this.reader !== this.writer) this.reader.close();
    this.writer.close();
  }
}

/** A select built with kysely, or raw SQL that is a plain select: it may run on the reader. */
function isRead(compiled: CompiledQuery): boolean {
  if (compiled.query && SelectQueryNode.is(compiled.query)) return true;
  return compiled.query?.kind === "RawNode" && /^\s*select\b/i.test(compiled.sql);
}

class KaoxueConnection implements DatabaseConnection {
  /** True from BEGIN to the release: every statement then runs on the writer, in the transaction. */
  holdsWriter = false;

  constructor(private readonly driver: KaoxueSqliteDriver) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiled;
    if (this.holdsWriter) return run(this.driver.writerStatement(sql), parameters) as QueryResult<R>;
    if (isRead(compiled)) return run(this.driver.readerStatement(sql), parameters) as QueryResult<R>;
    // A single write outside a transaction: its turn on the writer, waiting out other processes' locks.
    await this.driver.lockWriter();
    try {
      return (await this.driver.retryWhileBusy(() => run(this.driver.writerStatement(sql), parameters))) as QueryResult<R>;
    } finally {
      this.driver.unlockWriter();
    }
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!isRead(compiled)) throw new Error("只能逐行读取 select 查询");
    const source = this.holdsWriter ? this.driver.writer : this.driver.reader;
    // A statement of its own: a cached one could be in use by another query meanwhile.
    for (const row of source.prepare(compiled.sql).iterate(compiled.parameters)) yield { rows: [row as R] };
  }
}
