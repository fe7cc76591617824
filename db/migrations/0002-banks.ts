import type { Kysely } from "kysely";

// Question banks. A version is written once, whole, and never changed or deleted
// (invariant 1): exams pin versions and attempts point at bank_questions rows.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("banks")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("bank_versions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("bank_id", "integer", (c) => c.notNull().references("banks.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("regulation", "text", (c) => c.notNull())
    .addColumn("source", "text")
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("question_count", "integer", (c) => c.notNull())
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("file_name", "text")
    .addColumn("imported_by", "integer", (c) => c.references("users.id"))
    .addColumn("imported_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("bank_versions_unique").on("bank_versions").columns(["bank_id", "version"]).unique().execute();

  await db.schema
    .createTable("bank_questions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("version_id", "integer", (c) => c.notNull().references("bank_versions.id"))
    .addColumn("question_key", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("stem", "text", (c) => c.notNull())
    .addColumn("options", "text")
    .addColumn("answer", "text", (c) => c.notNull())
    .addColumn("explanation", "text", (c) => c.notNull())
    .addColumn("reference", "text", (c) => c.notNull())
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("difficulty", "integer", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("bank_questions_key").on("bank_questions").columns(["version_id", "question_key"]).unique().execute();
  await db.schema.createIndex("bank_questions_position").on("bank_questions").columns(["version_id", "position"]).execute();
}
