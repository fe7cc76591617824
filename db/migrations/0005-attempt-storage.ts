import { type Kysely, sql } from "kysely";

// Saves touch an attempt's row on every answer, so the row stays thin: the frozen paper and
// grading rules (kilobytes of JSON, written once at start) move to a table of their own.
// Results remember the organization the cadre belonged to when they were assigned and when
// they started, so a later transfer leaves history where it was earned. Each graded
// question gets a small row (attempt_items), so reports and statistics read marks and chosen
// options without parsing papers. A cadre may have a birth date (pre-appointment open-book rule).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("attempt_papers")
    .addColumn("attempt_id", "integer", (c) => c.primaryKey().references("attempts.id").onDelete("cascade"))
    .addColumn("paper", "text", (c) => c.notNull())
    .addColumn("grading_rules", "text", (c) => c.notNull())
    .execute();
  await sql`insert into attempt_papers (attempt_id, paper, grading_rules) select id, paper, grading_rules from attempts`.execute(db);
  await db.schema.alterTable("attempts").dropColumn("paper").execute();
  await db.schema.alterTable("attempts").dropColumn("grading_rules").execute();

  await db.schema.alterTable("attempts").addColumn("org_id", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await sql`update attempts set org_id = (select org_id from users where users.id = attempts.user_id)`.execute(db);
  await db.schema.createIndex("attempts_org").on("attempts").columns(["org_id", "exam_id"]).execute();

  await db.schema.alterTable("exam_audience").addColumn("org_id", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await sql`update exam_audience set org_id = (select org_id from users where users.id = exam_audience.user_id)`.execute(db);

  await db.schema.alterTable("users").addColumn("birth_date", "text").execute();

  await db.schema
    .createTable("attempt_items")
    .addColumn("attempt_id", "integer", (c) => c.notNull().references("attempts.id").onDelete("cascade"))
    .addColumn("question_ref", "text", (c) => c.notNull())
    .addColumn("section_index", "integer", (c) => c.notNull())
    .addColumn("question_row_id", "integer", (c) => c.notNull().references("bank_questions.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("points", "real", (c) => c.notNull())
    .addColumn("max_points", "real", (c) => c.notNull())
    .addColumn("chosen", "text")
    .addPrimaryKeyConstraint("attempt_items_pk", ["attempt_id", "question_ref"])
    .execute();
  await db.schema.createIndex("attempt_items_question").on("attempt_items").column("question_row_id").execute();
}
