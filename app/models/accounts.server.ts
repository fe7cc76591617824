import type { DB } from "../../db/client";
import type { Role } from "../../db/schema";
import { passwordProblem } from "~/domain/passwords";
import { hashPassword, randomInitialPassword, verifyPassword } from "~/utils/password.server";

import { syncOpenAudiences } from "./audience-sync.server";
import { recordAudit } from "./audit.server";
import { type Cadre, getUserPasswordHash, setActive, setPassword, setRole } from "./cadres.server";
import { deleteUserSessions } from "./sessions.server";

export class PasswordChangeError extends Error {
  constructor(
    readonly field: "currentPassword" | "newPassword",
    message: string,
  ) {
    super(message);
  }
}

/**
 * Who may reset, deactivate or change whom: admins anyone but themselves; organizers only
 * plain cadres (never another organizer or an admin, or resetting a password would be a way up).
 */
export function mayManageAccount(actor: { id: number; role: Role }, target: { id: number; role: Role }): boolean {
  if (actor.id === target.id) return false;
  if (actor.role === "admin") return true;
  return actor.role === "organizer" && target.role === "cadre";
}

/** A user changes their own password; other sessions of theirs end. */
export async function changeOwnPassword(
  db: DB,
  input: { userId: number; employeeNo: string; currentPassword: string; newPassword: string; keepToken: string; ip: string; now: Date },
): Promise<void> {
  const hash = await getUserPasswordHash(db, input.userId);
  if (!hash || !(await verifyPassword(hash, input.currentPassword))) {
    throw new PasswordChangeError("currentPassword", "当前密码不正确");
  }
  const problem = passwordProblem(input.newPassword, { employeeNo: input.employeeNo, current: input.currentPassword });
  if (problem) throw new PasswordChangeError("newPassword", problem);
  const newHash = await hashPassword(input.newPassword);
  await setPassword(db, { userId: input.userId, passwordHash: newHash, mustChange: false, now: input.now });
  await deleteUserSessions(db, input.userId, input.keepToken);
  await recordAudit(db, { actorId: input.userId, action: "password.change", target: input.employeeNo, ip: input.ip, now: input.now });
}

/** An organizer resets a cadre's password: a new random one, shown once, changed at next login. */
export async function resetPassword(
  db: DB,
  input: { actorId: number; cadre: Cadre; ip: string; now: Date },
): Promise<string> {
  const password = randomInitialPassword();
  const hash = await hashPassword(password);
  await setPassword(db, { userId: input.cadre.id, passwordHash: hash, mustChange: true, now: input.now });
  await deleteUserSessions(db, input.cadre.id);
  await recordAudit(db, {
    actorId: input.actorId,
    action: "password.reset",
    target: input.cadre.employee_no,
    ip: input.ip,
    now: input.now,
  });
  return password;
}

export async function changeActive(
  db: DB,
  input: { actorId: number; cadre: Cadre; active: boolean; ip: string; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await setActive(trx, { userId: input.cadre.id, active: input.active, now: input.now });
    // A deactivated cadre leaves open exams they have not started; a reactivated one rejoins.
    const audience = await syncOpenAudiences(trx, { userIds: [input.cadre.id], now: input.now });
    await recordAudit(trx, {
      actorId: input.actorId,
      action: input.active ? "user.activate" : "user.deactivate",
      target: input.cadre.employee_no,
      detail: { name: input.cadre.name, audience },
      ip: input.ip,
      now: input.now,
    });
  });
}

export async function changeRole(
  db: DB,
  input: { actorId: number; cadre: Cadre; role: Role; scopeOrgId: number | null; ip: string; now: Date },
): Promise<void> {
  await setRole(db, { userId: input.cadre.id, role: input.role, scopeOrgId: input.scopeOrgId, now: input.now });
  await recordAudit(db, {
    actorId: input.actorId,
    action: "user.role_change",
    target: input.cadre.employee_no,
    detail: { from: input.cadre.role, to: input.role, scopeOrgId: input.role === "organizer" ? input.scopeOrgId : null },
    ip: input.ip,
    now: input.now,
  });
}
