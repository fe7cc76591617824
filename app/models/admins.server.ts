import type { DB } from "../../db/client";
import { passwordProblem } from "~/domain/passwords";
import { hashPassword } from "~/utils/password.server";

import { recordAudit } from "./audit.server";
import { createOrg } from "./orgs.server";

export class AdminCreateError extends Error {}

/**
 * Creates an administrator (the first one, on an empty database). When there is no
 * organization yet, the top one is created with the given name.
 */
export async function createAdmin(
  db: DB,
  input: { employeeNo: string; name: string; password: string; orgName: string; now: Date },
): Promise<{ id: number; orgName: string }> {
  const employeeNo = input.employeeNo.normalize("NFKC").trim().toUpperCase();
  if (!/^[A-Z0-9_-]{1,32}$/.test(employeeNo)) throw new AdminCreateError("工号只能包含字母、数字、- 和 _，最长 32 位");
  if (!input.name.trim()) throw new AdminCreateError("姓名不能为空");
  const problem = passwordProblem(input.password, { employeeNo });
  if (problem) throw new AdminCreateError(problem);
  const taken = await db.selectFrom("users").select("id").where("employee_no", "=", employeeNo).executeTakeFirst();
  if (taken) throw new AdminCreateError(`工号 ${employeeNo} 已存在`);

  const hash = await hashPassword(input.password);
  let org = await db.selectFrom("orgs").selectAll().where("parent_id", "is", null).orderBy("id").executeTakeFirst();
  if (!org) org = await createOrg(db, { name: input.orgName.trim() || "党委", kind: "party_committee", parentId: null, now: input.now });
  const stamp = input.now.toISOString();
  const user = await db
    .insertInto("users")
    .values({
      employee_no: employeeNo,
      name: input.name.trim(),
      org_id: org.id,
      rank: "section",
      is_leader: 0,
      is_party_member: 1,
      role: "admin",
      scope_org_id: null,
      password_hash: hash,
      must_change_password: 0,
      active: 1,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(db, { actorId: null, action: "user.create", target: employeeNo, detail: { role: "admin", via: "admin:create" }, now: input.now });
  return { id: user.id, orgName: org.name };
}
