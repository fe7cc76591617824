// `npm run db:migrate`: bring the database at DATABASE_PATH (default data/kaoxue.db) up to date.
import { migrateToLatest, openDatabase } from "../db/client";
import { getEnv } from "../app/utils/env.server";

const env = getEnv();
const db = openDatabase(env.DATABASE_PATH);
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `已执行迁移：${applied.join(", ")}` : "数据库已是最新。");
} finally {
  await db.destroy();
}
