import { sql } from "kysely";

import type { DB } from "../../db/client";

export async function isDatabaseReachable(db: DB): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch (error) {
    console.error("健康检查失败", error);
    return false;
  }
}
