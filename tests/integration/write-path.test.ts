/**
 * The driver under kysely (db/sqlite-driver.ts): a lock held by another process makes writes
 * wait on timers (the event loop keeps running, reads are not held up), and a wait past its
 * bound fails with DatabaseBusyError instead of blocking or a raw SQLITE_BUSY.
 */
import SQLite from "better-sqlite3";

import { type DB, driverOf, migrateToLatest, onWriter, openDatabase } from "../../db/client";
import { DatabaseBusyError } from "../../db/sqlite-driver";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { countCommits } from "../support/test-db";

let file: string;
let db: DB;

beforeAll(async () => {
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-write-")), "w.db");
  db = openDatabase(file, { writeWaitMs: 3_000 });
  await migrateToLatest(db);
  await db.insertInto("orgs").values({ parent_id: null, name: "锁测试党委", kind: "party_committee", path: "/1/", sort_order: 0, created_at: new Date().toISOString() }).execute();
});
afterAll(async () => {
  await db.destroy();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

/** Another process's write lock (a backup, an import), held for `ms`. */
function holdWriteLock(ms: number): Promise<void> {
  const other = new SQLite(file);
  other.exec("begin immediate");
  other.prepare("update orgs set sort_order = sort_order + 1").run();
  return new Promise((resolve) =>
    setTimeout(() => {
      other.exec("commit");
      other.close();
      resolve();
    }, ms),
  );
}

test("a write waits for another process's lock without blocking the event loop, and reads go on meanwhile", async () => {
  const released = holdWriteLock(800);
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 50);
  const started = Date.now();
  const write = db.updateTable("orgs").set({ name: "锁测试党委（改）" }).where("path", "=", "/1/").execute();
  // A read while the write waits: answered at once from the last committed state.
  const readStarted = Date.now();
  const row = await db.selectFrom("orgs").select("name").where("path", "=", "/1/").executeTakeFirstOrThrow();
  expect(Date.now() - readStarted).toBeLessThan(200);
  expect(row.name).toBe("锁测试党委");
  await write;
  clearInterval(ticker);
  await released;
  expect(Date.now() - started).toBeGreaterThanOrEqual(700);
  // The timers kept firing: nothing sat on the event loop for the 800 ms.
  expect(ticks).toBeGreaterThanOrEqual(8);
  expect((await db.selectFrom("orgs").select("name").executeTakeFirstOrThrow()).name).toBe("锁测试党委（改）");
});

test("a transaction waits its turn too, and one past the bounded wait fails with DatabaseBusyError and writes nothing", async () => {
  const short = openDatabase(file, { writeWaitMs: 300 });
  try {
    const released = holdWriteLock(1_000);
    const attempt = short.transaction().execute(async (trx) => {
      await trx.updateTable("orgs").set({ name: "不应写入" }).execute();
    });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseBusyError);
    await released;
    expect((await short.selectFrom("orgs").select("name").executeTakeFirstOrThrow()).name).not.toBe("不应写入");
    // After the lock is gone the same handle writes again.
    await short.updateTable("orgs").set({ sort_order: 7 }).execute();
  } finally {
    await short.destroy();
  }
});

test("writes of one process queue in order behind each other", async () => {
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      db.transaction().execute(async (trx) => {
        await trx.updateTable("orgs").set({ sort_order: i }).execute();
        order.push(i);
      }),
    ),
  );
  expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
  expect((await db.selectFrom("orgs").select("sort_order").executeTakeFirstOrThrow()).sort_order).toBe(19);
});

describe("group commit", () => {
  const driver = () => driverOf(db);
  const orgName = (id: number) => db.selectFrom("orgs").select("name").where("id", "=", id).executeTakeFirst();

  async function addOrg(name: string): Promise<number> {
    const row = await db
      .insertInto("orgs")
      .values({ parent_id: null, name, kind: "party_committee", path: `/g-${name}/`, sort_order: 0, created_at: new Date().toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  test("work queued together shares one transaction, and each piece is visible to others once it resolves", async () => {
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => addOrg(`组${i}`)));
    const commits = countCommits(db);
    try {
      const renamed = ids.map((id, i) =>
        driver()
          .grouped((w) => w.writerStatement("update orgs set name = ? where id = ?").run(`组${i}（改）`, id).changes)
          .then(async (changes) => {
            // Resolved means committed: another connection sees it.
            const other = new SQLite(file, { readonly: true });
            try {
              return { changes, seen: (other.prepare("select name from orgs where id = ?").get(id) as { name: string }).name };
            } finally {
              other.close();
            }
          }),
      );
      const results = await Promise.all(renamed);
      expect(results.every((r, i) => r.changes === 1 && r.seen === `组${i}（改）`)).toBe(true);
      expect(commits.count()).toBe(1);
    } finally {
      commits.restore();
    }
  });

  test("a piece that fails is rolled back alone and fails alone; the others of its commit are kept", async () => {
    const [a, b, c] = await Promise.all([addOrg("甲"), addOrg("乙"), addOrg("丙")]);
    const rename = (id: number, name: string) => driver().grouped((w) => w.writerStatement("update orgs set name = ? where id = ?").run(name, id));
    const outcomes = await Promise.allSettled([
      rename(a, "甲（改）"),
      driver().grouped((w) => {
        w.writerStatement("update orgs set name = ? where id = ?").run("乙（不应保留）", b);
        throw new Error("这一项失败");
      }),
      rename(c, "丙（改）"),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe("这一项失败");
    expect((await orgName(a))?.name).toBe("甲（改）");
    expect((await orgName(b))?.name).toBe("乙");
    expect((await orgName(c))?.name).toBe("丙（改）");
  });

  test("inside a kysely transaction, onWriter runs in that transaction: its rollback takes the work back", async () => {
    const id = await addOrg("丁");
    await expect(
      db.transaction().execute(async (trx) => {
        await onWriter(trx, (w) => w.writerStatement("update orgs set name = ? where id = ?").run("丁（改）", id));
        throw new Error("回滚");
      }),
    ).rejects.toThrow("回滚");
    expect((await orgName(id))?.name).toBe("丁");
  });

  test("pieces that asked for different waits, queued together, share one commit", async () => {
    const [a, b] = await Promise.all([addOrg("戊"), addOrg("己")]);
    const commits = countCommits(db);
    try {
      await Promise.all([
        driver().grouped((w) => w.writerStatement("update orgs set name = ? where id = ?").run("戊（改）", a), 200),
        driver().grouped((w) => w.writerStatement("update orgs set name = ? where id = ?").run("己（改）", b), 3_000),
      ]);
      expect(commits.count()).toBe(1);
    } finally {
      commits.restore();
    }
    expect((await orgName(a))?.name).toBe("戊（改）");
    expect((await orgName(b))?.name).toBe("己（改）");
  });

  test("while another process holds the lock, a piece whose wait is over is refused alone; the patient one of its group commits", async () => {
    const [a, b] = await Promise.all([addOrg("庚"), addOrg("辛")]);
    const released = holdWriteLock(800);
    const started = Date.now();
    const [impatient, patient] = await Promise.allSettled([
      driver()
        .grouped((w) => w.writerStatement("update orgs set name = ? where id = ?").run("庚（不应写入）", a), 200)
        .finally(() => expect(Date.now() - started).toBeLessThan(600)),
      driver().grouped((w) => w.writerStatement("update orgs set name = ? where id = ?").run("辛（改）", b).changes, 3_000),
    ]);
    await released;
    expect(impatient.status).toBe("rejected");
    expect((impatient as PromiseRejectedResult).reason).toBeInstanceOf(DatabaseBusyError);
    expect(patient).toEqual({ status: "fulfilled", value: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect((await orgName(a))?.name).toBe("庚");
    expect((await orgName(b))?.name).toBe("辛（改）");
  });

  test("closing the database commits the work still queued first", async () => {
    const id = await addOrg("壬");
    const other = openDatabase(file);
    expect((await other.selectFrom("orgs").select("name").where("id", "=", id).executeTakeFirstOrThrow()).name).toBe("壬");
    // Queued and not waited for, like a session's slide; the handle is closed in the same turn.
    void driverOf(other).grouped((w) => w.writerStatement("update orgs set name = ? where id = ?").run("壬（改）", id));
    await other.destroy();
    expect((await orgName(id))?.name).toBe("壬（改）");
  });
});
