import type { Kysely } from "kysely";

// Migrations use Kysely<any> and never import app code: they must keep working as the app changes.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("orgs")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("parent_id", "integer", (c) => c.references("orgs.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("path", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("sort_order", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("orgs_name_unique").on("orgs").column("name").unique().execute();
  await db.schema.createIndex("orgs_path").on("orgs").column("path").execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("employee_no", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("org_id", "integer", (c) => c.notNull().references("orgs.id"))
    .addColumn("rank", "text", (c) => c.notNull())
    .addColumn("is_leader", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("is_party_member", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("role", "text", (c) => c.notNull().defaultTo("cadre"))
    .addColumn("scope_org_id", "integer", (c) => c.references("orgs.id"))
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("must_change_password", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("users_org").on("users").column("org_id").execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("login_failures")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("employee_no", "text", (c) => c.notNull())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("login_failures_account").on("login_failures").columns(["employee_no", "at"]).execute();
  await db.schema.createIndex("login_failures_ip").on("login_failures").columns(["ip", "at"]).execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target", "text")
    .addColumn("detail", "text")
    .addColumn("ip", "text")
    .execute();
  await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
  await db.schema.createIndex("audit_log_action").on("audit_log").columns(["action", "at"]).execute();

  await db.schema
    .createTable("credential_handouts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("ciphertext", "text", (c) => c.notNull())
    .addColumn("row_count", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
}
