import type { Kysely } from "kysely";

// The attempt page's copy of an open attempt's paper (the allowlisted cadre view, as the JSON
// the page sends), written with the paper when it is frozen and deleted when the attempt ends:
// the page then reads one string instead of parsing the whole frozen paper and rebuilding the
// view on every render (issue 13). `format` names the shape of the view; a copy in another
// format is ignored and the view is rebuilt from the paper. See docs/decisions/0020-write-path.md.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("attempt_views")
    .addColumn("attempt_id", "integer", (c) => c.primaryKey().references("attempts.id").onDelete("cascade"))
    .addColumn("format", "integer", (c) => c.notNull())
    .addColumn("sections", "text", (c) => c.notNull())
    .execute();
}
