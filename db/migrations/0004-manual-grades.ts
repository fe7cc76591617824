import type { Kysely } from "kysely";

// Manual grades are never updated: each grade or change is a new row, so the earlier
// value, who gave it, when and why are kept (invariant 7). The current grade of a
// question is its newest row.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("manual_grades")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("attempt_id", "integer", (c) => c.notNull().references("attempts.id"))
    .addColumn("question_ref", "text", (c) => c.notNull())
    .addColumn("points", "real", (c) => c.notNull())
    .addColumn("comment", "text")
    .addColumn("reason", "text")
    .addColumn("graded_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("graded_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("manual_grades_attempt").on("manual_grades").columns(["attempt_id", "question_ref", "id"]).execute();

  // Per-cadre extensions and makeups are audited with their reason; the audience row keeps the effect.
  await db.schema.alterTable("exam_audience").addColumn("note", "text").execute();
}
