import type { Kysely } from "kysely";

// Addresses an account has signed in from: the account-wide failure ceiling does not apply
// to them, so an attacker elsewhere cannot lock the real user out of their usual place.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("login_addresses")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("last_success_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("login_addresses_pk", ["user_id", "ip"])
    .execute();
}
