import type { Kysely } from "kysely";

// The id of the last save applied to an attempt: a retry of that very save (its reply was
// lost) is recognised as already applied instead of refused as stale.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("attempts").addColumn("last_save_id", "text").execute();
}
