/**
 * Calls route loaders and actions directly, as the server would: a real Request with a
 * real session cookie, and the load context the server builds.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import type { DB } from "../../db/client";
import { createSession } from "~/models/sessions.server";
import { SESSION_COOKIE } from "~/utils/session.server";

export async function sessionCookieFor(db: DB, userId: number): Promise<string> {
  const token = await createSession(db, { userId, ip: "127.0.0.1", userAgent: "vitest", now: new Date() });
  return `${SESSION_COOKIE}=${token}`;
}

type Handler<A> = (args: A) => unknown;

/** Runs a loader or action; a thrown Response (404, 403, redirect) is returned, not thrown. */
export async function callRoute<A extends LoaderFunctionArgs | ActionFunctionArgs>(
  handler: Handler<A>,
  input: { db: DB; cookie: string; path: string; params?: Record<string, string>; method?: string; form?: Record<string, string> },
): Promise<{ status: number; data: unknown; location?: string | null }> {
  const url = `http://localhost${input.path}`;
  const init: RequestInit = { method: input.method ?? (input.form ? "POST" : "GET"), headers: { Cookie: input.cookie } };
  if (input.form) init.body = new URLSearchParams(input.form);
  const args = {
    request: new Request(url, init),
    params: input.params ?? {},
    context: { db: input.db, clientAddress: "127.0.0.1", timeZone: "Asia/Shanghai" },
  } as unknown as A;
  try {
    const result = await handler(args);
    if (result instanceof Response) return { status: result.status, data: await result.text(), location: result.headers.get("Location") };
    const maybe = result as { type?: string; data?: unknown; init?: ResponseInit | null } | null;
    if (maybe && maybe.type === "DataWithResponseInit") return { status: maybe.init?.status ?? 200, data: maybe.data };
    return { status: 200, data: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: await thrown.text(), location: thrown.headers.get("Location") };
    throw thrown;
  }
}
