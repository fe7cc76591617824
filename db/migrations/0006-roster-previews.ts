import type { Kysely } from "kysely";

// A roster import that updates existing cadres is shown as a preview first; the parsed table
// waits here (briefly, for its uploader only) so that confirming applies exactly what was shown.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("roster_previews")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("table_json", "text", (c) => c.notNull())
    .addColumn("effective_on", "text", (c) => c.notNull())
    .addColumn("plan_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
}
