import type { Kysely } from "kysely";

// 会前学法: the regulation library (a regulation, its imported text versions and their
// articles), study modules, meetings (which are also the items of the annual plan) and
// each attendee's reading and attendance.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("regulations")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("issuer", "text", (c) => c.notNull())
    .addColumn("issued_on", "text")
    .addColumn("effective_on", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("replaced_by_id", "integer", (c) => c.references("regulations.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("regulation_versions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("regulation_id", "integer", (c) => c.notNull().references("regulations.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("preamble", "text", (c) => c.notNull())
    .addColumn("article_count", "integer", (c) => c.notNull())
    .addColumn("chapter_count", "integer", (c) => c.notNull())
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("file_name", "text")
    .addColumn("imported_by", "integer", (c) => c.references("users.id"))
    .addColumn("imported_at", "text", (c) => c.notNull())
    .addUniqueConstraint("regulation_versions_number", ["regulation_id", "version"])
    .execute();

  await db.schema
    .createTable("regulation_articles")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("version_id", "integer", (c) => c.notNull().references("regulation_versions.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("number", "text", (c) => c.notNull())
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("sub", "integer", (c) => c.notNull())
    .addColumn("part", "text")
    .addColumn("chapter", "text")
    .addColumn("section", "text")
    .addColumn("body", "text", (c) => c.notNull())
    .addUniqueConstraint("regulation_articles_number", ["version_id", "number"])
    .execute();
  await db.schema.createIndex("regulation_articles_order").on("regulation_articles").columns(["version_id", "position"]).execute();

  await db.schema
    .createTable("law_modules")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("owner_org_id", "integer", (c) => c.notNull().references("orgs.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("regulation_id", "integer", (c) => c.notNull().references("regulations.id"))
    .addColumn("regulation_version_id", "integer", (c) => c.references("regulation_versions.id"))
    .addColumn("focus_articles", "text", (c) => c.notNull())
    .addColumn("key_points", "text", (c) => c.notNull())
    .addColumn("quiz", "text")
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("law_meetings")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("org_id", "integer", (c) => c.notNull().references("orgs.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("lecturer", "text", (c) => c.notNull())
    .addColumn("module_id", "integer", (c) => c.notNull().references("law_modules.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("audience", "text")
    .addColumn("quiz_exam_id", "integer", (c) => c.references("exams.id"))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("scheduled_at", "text")
    .execute();
  await db.schema.createIndex("law_meetings_org_time").on("law_meetings").columns(["org_id", "starts_at"]).execute();

  await db.schema
    .createTable("law_attendees")
    .addColumn("meeting_id", "integer", (c) => c.notNull().references("law_meetings.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("org_id", "integer", (c) => c.notNull())
    .addColumn("added_at", "text", (c) => c.notNull())
    .addColumn("opened_at", "text")
    .addColumn("last_seen_at", "text")
    .addColumn("active_seconds", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("reached_end_at", "text")
    .addColumn("attendance", "text")
    .addColumn("absence_reason", "text")
    .addColumn("attendance_by", "integer", (c) => c.references("users.id"))
    .addColumn("attendance_at", "text")
    .addPrimaryKeyConstraint("law_attendees_pk", ["meeting_id", "user_id"])
    .execute();
  await db.schema.createIndex("law_attendees_user").on("law_attendees").column("user_id").execute();
}
