import { redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";

import type { Role } from "../../db/schema";
import { banksInOpenAttempts } from "~/models/answer-exposure.server";
import { recordAudit } from "~/models/audit.server";
import { getOrg, type Scope, scopeForOrg } from "~/models/orgs.server";
import { getSessionUser, type SessionUser } from "~/models/sessions.server";

import { readSessionToken } from "./session.server";

/**
 * A page's loaders (the root's and the route's) run with the same request and each asks who
 * is signed in: one look-up per page, not one per loader. Only for reads (GET, HEAD): an
 * action may sign in or out, and what it changes must be seen.
 */
const usersOfRequests = new WeakMap<Request, Promise<SessionUser | null>>();

export function getOptionalUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  const token = readSessionToken(request);
  if (!token) return Promise.resolve(null);
  const reading = request.method === "GET" || request.method === "HEAD";
  const known = reading ? usersOfRequests.get(request) : undefined;
  if (known) return known;
  const user = getSessionUser(context.db, token, new Date());
  if (reading) usersOfRequests.set(request, user);
  return user;
}

function safeRedirectTarget(request: Request): string {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
}

/**
 * The first line of every protected loader and action. Signed-out visitors go to /login
 * (and come back afterwards); accounts with an initial password go to /change-password first.
 */
export async function requireUser(
  request: Request,
  context: AppLoadContext,
  options: { allowPendingPasswordChange?: boolean } = {},
): Promise<SessionUser> {
  const user = await getOptionalUser(request, context);
  if (!user) {
    throw redirect(`/login?redirectTo=${encodeURIComponent(safeRedirectTarget(request))}`);
  }
  if (user.must_change_password && !options.allowPendingPasswordChange) {
    throw redirect("/change-password");
  }
  return user;
}

async function denied(request: Request, context: AppLoadContext, user: SessionUser, why: string): Promise<never> {
  await recordAudit(context.db, {
    actorId: user.id,
    action: "access.denied",
    target: new URL(request.url).pathname,
    detail: { why, method: request.method },
    ip: context.clientAddress,
    now: new Date(),
  });
  throw new Response("没有权限访问此页面", { status: 403 });
}

export async function requireRole(request: Request, context: AppLoadContext, roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request, context);
  if (!roles.includes(user.role)) await denied(request, context, user, `role ${user.role}`);
  return user;
}

/** What an organizer or admin may manage: admins everything, organizers their org's subtree. */
export async function scopeOf(context: AppLoadContext, user: SessionUser): Promise<Scope> {
  if (user.role === "admin") return { kind: "all" };
  if (user.role === "organizer" && user.scope_org_id) return scopeForOrg(context.db, user.scope_org_id);
  // A cadre (or an organizer without an org) manages nothing: an empty subtree.
  return { kind: "subtree", orgId: 0, path: "/none/" };
}

export async function requireManager(
  request: Request,
  context: AppLoadContext,
): Promise<{ user: SessionUser; scope: Scope }> {
  const user = await requireRole(request, context, ["organizer", "admin"]);
  return { user, scope: await scopeOf(context, user) };
}

/**
 * Question banks are shared by the whole bureau, so adding a version is for admins and for
 * organizers of a top-level organization; branch organizers may read and export them.
 */
export async function canEditBanks(context: AppLoadContext, managed: { user: SessionUser; scope: Scope }): Promise<boolean> {
  if (managed.user.role === "admin") return true;
  const org = managed.scope.kind === "subtree" ? await getOrg(context.db, managed.scope.orgId) : undefined;
  return Boolean(org && org.parent_id === null);
}

export async function requireBankEditor(
  request: Request,
  context: AppLoadContext,
): Promise<{ user: SessionUser; scope: Scope }> {
  const managed = await requireManager(request, context);
  if (!(await canEditBanks(context, managed))) await denied(request, context, managed.user, "bank editing needs a bureau-level organizer");
  return managed;
}

/** A record outside the manager's scope answers 404 (its existence is not revealed) and is logged. */
export async function notFoundInScope(request: Request, context: AppLoadContext, user: SessionUser): Promise<never> {
  await recordAudit(context.db, {
    actorId: user.id,
    action: "access.denied",
    target: new URL(request.url).pathname,
    detail: { why: "outside scope or missing", method: request.method },
    ip: context.clientAddress,
    now: new Date(),
  });
  throw new Response("未找到，或不在您的管理范围内", { status: 404 });
}

/**
 * Refuses (403, audited) a page that would show answer keys of any of `bankSlugs` while the
 * user has an attempt in progress drawing from one of them: nobody reads the answers of the
 * exam they are taking.
 */
export async function requireNoOpenAttemptOn(request: Request, context: AppLoadContext, user: SessionUser, bankSlugs: readonly string[]): Promise<void> {
  const open = await banksInOpenAttempts(context.db, user.id);
  const clash = bankSlugs.find((slug) => open.has(slug));
  if (!clash) return;
  await recordAudit(context.db, {
    actorId: user.id,
    action: "access.denied",
    target: new URL(request.url).pathname,
    detail: { why: "answers of a bank used by the viewer's exam in progress", bank: clash, method: request.method },
    ip: context.clientAddress,
    now: new Date(),
  });
  throw new Response(`您正在参加“${open.get(clash)}”，交卷后才能查看该考试所用题库的答案、解析和阅卷内容。`, { status: 403 });
}
