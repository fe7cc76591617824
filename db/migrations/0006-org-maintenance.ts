import type { Kysely } from "kysely";

// Organizations and cadres are maintained in the app: an organization can be deactivated
// (kept for history, hidden from pickers); an audience row can be added by hand after
// publishing (kept whatever the rule says); and every transfer, promotion or change of a
// cadre's 领导干部 / 党员 standing is recorded with the date it took effect.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("orgs").addColumn("active", "integer", (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable("exam_audience").addColumn("manual", "integer", (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable("cadre_changes")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("field", "text", (c) => c.notNull())
    .addColumn("from_value", "text")
    .addColumn("to_value", "text")
    .addColumn("effective_on", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("recorded_by", "integer", (c) => c.references("users.id"))
    .addColumn("recorded_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("cadre_changes_user").on("cadre_changes").columns(["user_id", "effective_on"]).execute();
}
