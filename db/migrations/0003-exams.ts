import type { Kysely } from "kysely";

// Exams (the editable definition) are separate from attempts, which keep a frozen copy of
// their paper (like Moodle's quiz): nothing done to an exam or a bank reaches an attempt.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("exams")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("period", "text")
    .addColumn("owner_org_id", "integer", (c) => c.notNull().references("orgs.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft"))
    .addColumn("opens_at", "text", (c) => c.notNull())
    .addColumn("closes_at", "text", (c) => c.notNull())
    .addColumn("duration_minutes", "integer")
    .addColumn("pass_mark", "real", (c) => c.notNull())
    .addColumn("section_minimums", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("attempts_allowed", "integer")
    .addColumn("review_policy", "text", (c) => c.notNull())
    .addColumn("multiple_policy", "text", (c) => c.notNull())
    .addColumn("shuffle_questions", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("shuffle_options", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("grace_seconds", "integer", (c) => c.notNull().defaultTo(30))
    .addColumn("audience", "text", (c) => c.notNull())
    .addColumn("paper_spec", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("published_at", "text")
    .addColumn("closed_at", "text")
    .execute();
  await db.schema.createIndex("exams_status").on("exams").columns(["status", "closes_at"]).execute();

  await db.schema
    .createTable("exam_audience")
    .addColumn("exam_id", "integer", (c) => c.notNull().references("exams.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("extra_minutes", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("extra_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("added_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("exam_audience_pk", ["exam_id", "user_id"])
    .execute();
  await db.schema.createIndex("exam_audience_user").on("exam_audience").column("user_id").execute();

  await db.schema
    .createTable("attempts")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("exam_id", "integer", (c) => c.notNull().references("exams.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("attempt_no", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("paper", "text", (c) => c.notNull())
    .addColumn("grading_rules", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("deadline_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .addColumn("last_seq", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("left_page_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("score", "real")
    .addColumn("max_score", "real", (c) => c.notNull())
    .addColumn("passed", "integer")
    .addColumn("pending_manual", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("grade_detail", "text")
    .addColumn("graded_at", "text")
    .execute();
  // One attempt per number: two simultaneous "start" requests cannot both create attempt 1.
  await db.schema.createIndex("attempts_unique_no").on("attempts").columns(["exam_id", "user_id", "attempt_no"]).unique().execute();
  await db.schema.createIndex("attempts_open").on("attempts").columns(["status", "deadline_at"]).execute();
  await db.schema.createIndex("attempts_user").on("attempts").columns(["user_id", "exam_id"]).execute();

  await db.schema
    .createTable("attempt_responses")
    .addColumn("attempt_id", "integer", (c) => c.notNull().references("attempts.id").onDelete("cascade"))
    .addColumn("question_ref", "text", (c) => c.notNull())
    .addColumn("response", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("saved_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("attempt_responses_pk", ["attempt_id", "question_ref"])
    .execute();
}
