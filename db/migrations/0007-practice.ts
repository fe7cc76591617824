import type { Kysely } from "kysely";

// Practice (练习): one question at a time from a bank, with immediate feedback. Each answer is
// a row of its own, never an attempt, so practice can never count as an exam result; the
// wrong-answer book (错题本) and the "practised between two exams" statistics are computed
// from these rows and the exams' per-question rows (see docs/decisions/0013-practice.md).
// The question is kept both as the row answered (its key and explanation never change) and
// as bank slug + question key, its identity across bank versions.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("practice_answers")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("org_id", "integer", (c) => c.notNull())
    .addColumn("question_row_id", "integer", (c) => c.notNull().references("bank_questions.id"))
    .addColumn("bank_slug", "text", (c) => c.notNull())
    .addColumn("question_key", "text", (c) => c.notNull())
    .addColumn("mode", "text", (c) => c.notNull())
    .addColumn("response", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("correct", "integer", (c) => c.notNull())
    .addColumn("answered_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("practice_answers_user").on("practice_answers").columns(["user_id", "answered_at"]).execute();
  await db.schema.createIndex("practice_answers_question").on("practice_answers").columns(["user_id", "bank_slug", "question_key"]).execute();
}
