import type { Kysely } from "kysely";

// Pre-appointment cases (任前): the bureau's rules, the versioned commitment text, the cases
// with their three steps, and every change of a case as a history row. Rules are frozen on
// the case when it opens, so a later change of the bureau's settings never moves a running case.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("appointment_settings")
    .addColumn("bureau_org_id", "integer", (c) => c.primaryKey().references("orgs.id"))
    // JSON AppointmentRules (app/domain/appointments/rules.ts).
    .addColumn("rules", "text", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("users.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("appointment_commitment_texts")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("bureau_org_id", "integer", (c) => c.notNull().references("orgs.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("appointment_commitment_texts_version", ["bureau_org_id", "version"])
    .execute();

  await db.schema
    .createTable("appointment_cases")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("cadre_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("org_id", "integer", (c) => c.notNull().references("orgs.id"))
    .addColumn("bureau_org_id", "integer", (c) => c.notNull().references("orgs.id"))
    .addColumn("post", "text", (c) => c.notNull())
    .addColumn("document_no", "text")
    .addColumn("decided_on", "text", (c) => c.notNull())
    .addColumn("organizer_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("rules", "text", (c) => c.notNull())
    .addColumn("open_book", "integer", (c) => c.notNull())
    .addColumn("commitment_text_id", "integer", (c) => c.references("appointment_commitment_texts.id"))
    .addColumn("commitment_signed_at", "text")
    .addColumn("commitment_signed_name", "text")
    .addColumn("commitment_ip", "text")
    .addColumn("commitment_user_agent", "text")
    .addColumn("talk_on", "text")
    .addColumn("talk_by", "text")
    .addColumn("talk_summary", "text")
    .addColumn("talk_recorded_by", "integer", (c) => c.references("users.id"))
    .addColumn("test_result", "text", (c) => c.notNull())
    .addColumn("exam_id", "integer", (c) => c.references("exams.id"))
    .addColumn("reused_attempt_id", "integer", (c) => c.references("attempts.id"))
    .addColumn("test_failures", "integer", (c) => c.notNull())
    .addColumn("test_score", "real")
    .addColumn("test_passed_at", "text")
    .addColumn("makeup_opened_at", "text")
    .addColumn("notice", "text")
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .execute();
  await db.schema.createIndex("appointment_cases_cadre").on("appointment_cases").column("cadre_id").execute();
  await db.schema.createIndex("appointment_cases_org").on("appointment_cases").columns(["org_id", "decided_on"]).execute();
  await db.schema.createIndex("appointment_cases_exam").on("appointment_cases").column("exam_id").execute();

  await db.schema
    .createTable("appointment_case_events")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("case_id", "integer", (c) => c.notNull().references("appointment_cases.id"))
    .addColumn("at", "text", (c) => c.notNull())
    // null: the system (a graded attempt, the sweep).
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("ip", "text")
    .execute();
  await db.schema.createIndex("appointment_case_events_case").on("appointment_case_events").columns(["case_id", "id"]).execute();
}
