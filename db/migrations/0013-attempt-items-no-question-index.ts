import type { Kysely } from "kysely";

// attempt_items had an index on question_row_id that no query uses: every read of the table
// names its attempts (the primary key's first column), and bank questions are never deleted
// (a bank version never changes), so the foreign key never looks children up by it. Each
// graded attempt wrote 60 entries into it at scattered places, a third of the pages a submit
// dirtied: dropping it made submit + grade about a quarter faster (issue 13; see
// docs/decisions/0020-write-path.md). tests/integration/attempt-items-plans.test.ts checks that
// the queries on attempt_items still search by attempt.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("attempt_items_question").ifExists().execute();
}
