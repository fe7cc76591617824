/**
 * Saving answers: the hottest path of the platform (every cadre, every answer, every few
 * seconds). What it promises (invariant 4, RELIABILITY 1–4, 7, 10, 12):
 *
 * - "saved" is answered only after the answers are committed (synchronous=FULL);
 * - a save carries a sequence number and the browser's id for it; an older sequence is
 *   stale (409 with the current answers), and a retry of the very save last applied (its
 *   reply was lost) is answered "saved" again instead of stale;
 * - saves after deadline + grace finalize the attempt instead.
 *
 * How it stays fast: the checks read a thin attempt row and a compact copy of the paper's
 * answer shapes kept in memory, with prepared statements; the writes of all saves arriving
 * together go into one transaction (group commit) on the writer, each answered after that
 * one commit. See docs/decisions/0020-write-path.md.
 */
import { type DB, driverOf } from "../../db/client";
import { DatabaseBusyError, type KaoxueSqliteDriver } from "../../db/sqlite-driver";
import { acceptsSaves, secondsLeft } from "~/domain/exams/attempt-time";
import type { Response } from "~/domain/exams/types";
import { type AnswerShape, validateResponse } from "~/domain/exams/validate-response";
import { type Bucket, takeToken } from "~/domain/rate-limit";

import { finalizeAttempt } from "./attempt-finalize.server";
import { loadPaper, loadResponses } from "./attempt-storage.server";

export type SaveOutcome =
  | { kind: "saved"; seq: number; savedAt: string; secondsLeft: number }
  | { kind: "conflict"; lastSeq: number; responses: Record<string, Response>; message: string }
  | { kind: "closed"; message: string }
  | { kind: "invalid"; message: string }
  | { kind: "rate_limited"; message: string }
  | { kind: "busy"; message: string; retryAfterSeconds: number }
  | { kind: "not_found" };

export type SaveInput = {
  attemptId: number;
  userId: number;
  answers: Array<{ ref: string; response: unknown }>;
  seq: number;
  /** The browser's id of this save, the same on each retry of it; null from the form path. */
  saveId?: string | null;
  now: Date;
};

/** How long a save may wait for the database (a backup holding the lock) before "busy" (503). */
const SAVE_WAIT_MS = 5_000;

const MESSAGES = {
  submitted: "本次作答已交卷，不能再修改答案",
  expired: "考试时间已到，答案已按最后一次保存的内容交卷",
  closedEarly: "考试已由组织者提前结束，答案已按最后一次保存的内容交卷",
  stale: "答案已在其他页面或更晚的一次保存中更新，已同步为最新内容",
  busy: "服务器正忙，答案尚未保存，正在重试",
} as const;

// --- flood control ------------------------------------------------------------------

const SAVE_RULE = { capacity: 30, perSecond: 10 };
const buckets = new Map<string, Bucket>();

/**
 * Per-attempt flood control, in this process's memory (a flood from one attempt must not
 * slow the others). Keyed by the owner and the attempt, and only taken after ownership is
 * checked: nobody else's requests can spend a cadre's budget.
 */
function allowSave(userId: number, attemptId: number, now: Date): boolean {
  const key = `${userId}:${attemptId}`;
  const { allowed, bucket } = takeToken(buckets.get(key), now.getTime(), SAVE_RULE);
  buckets.set(key, bucket);
  if (buckets.size > 20_000) buckets.clear();
  return allowed;
}

// --- the thin state of an attempt ---------------------------------------------------

type AttemptState = {
  id: number;
  status: "in_progress" | "submitted" | "expired";
  deadline_at: string;
  finished_at: string | null;
  last_seq: number;
  last_save_id: string | null;
  grace_seconds: number;
  exam_status: string;
  exam_closed_at: string | null;
  exam_closes_at: string;
};

const STATE_SQL = `
  select a.id, a.status, a.deadline_at, a.finished_at, a.last_seq, a.last_save_id,
         e.grace_seconds, e.status as exam_status, e.closed_at as exam_closed_at, e.closes_at as exam_closes_at
  from attempts a join exams e on e.id = a.exam_id
  where a.id = ? and a.user_id = ?`;

function readState(driver: KaoxueSqliteDriver, attemptId: number, userId: number): AttemptState | undefined {
  return driver.readerStatement(STATE_SQL).get(attemptId, userId) as AttemptState | undefined;
}

function closedMessage(state: AttemptState): string {
  if (state.status === "submitted") return MESSAGES.submitted;
  const closedEarly = state.exam_closed_at !== null && state.exam_closed_at < state.exam_closes_at && state.finished_at !== null && state.finished_at >= state.exam_closed_at;
  return closedEarly ? MESSAGES.closedEarly : MESSAGES.expired;
}

// --- what each question accepts, kept small ------------------------------------------

const SHAPE_CACHE_LIMIT = 50_000;
const shapeCaches = new WeakMap<KaoxueSqliteDriver, Map<number, AnswerShape[][]>>();
/** Shapes are few (a type, an option count, a blank count): one object each, shared by every paper. */
const interned = new Map<string, AnswerShape>();

function intern(type: AnswerShape["type"], optionCount: number, blanks: number): AnswerShape {
  const key = `${type}:${optionCount}:${blanks}`;
  let shape = interned.get(key);
  if (!shape) interned.set(key, (shape = Object.freeze({ type, options: { length: optionCount }, blanks })));
  return shape;
}

async function answerShapes(db: DB, driver: KaoxueSqliteDriver, attemptId: number): Promise<AnswerShape[][]> {
  let cache = shapeCaches.get(driver);
  if (!cache) shapeCaches.set(driver, (cache = new Map()));
  const cached = cache.get(attemptId);
  if (cached) return cached;
  // Papers never change once frozen, so neither do their shapes.
  const paper = await loadPaper(db, attemptId);
  const shapes = paper.sections.map((s) => s.questions.map((q) => intern(q.type, q.options.length, q.blanks)));
  if (cache.size >= SHAPE_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(attemptId, shapes);
  return shapes;
}

function shapeAt(shapes: AnswerShape[][], ref: string): AnswerShape | undefined {
  const match = /^(0|[1-9]\d*):(0|[1-9]\d*)$/.exec(ref);
  return match ? shapes[Number(match[1])]?.[Number(match[2])] : undefined;
}

// --- group commit ---------------------------------------------------------------------

type QueuedSave = {
  attemptId: number;
  seq: number;
  saveId: string | null;
  rows: Array<[ref: string, json: string]>;
  savedAt: string;
};

const UPDATE_SQL = "update attempts set last_seq = ?, last_save_id = ? where id = ? and status = 'in_progress' and last_seq < ?";
const UPSERT_SQL = `
  insert into attempt_responses (attempt_id, question_ref, response, seq, saved_at) values (?, ?, ?, ?, ?)
  on conflict (attempt_id, question_ref) do update set response = excluded.response, seq = excluded.seq, saved_at = excluded.saved_at`;

/**
 * One save, the sequence check and the write in one step. It runs in the transaction the
 * driver shares between everything written at the same moment (group commit): the save is
 * answered after that one commit. A failed commit (disk full) fails every save in it.
 */
function applySave(driver: KaoxueSqliteDriver, save: QueuedSave): boolean {
  const bumped = driver.writerStatement(UPDATE_SQL).run(save.seq, save.saveId, save.attemptId, save.seq);
  if (bumped.changes === 0) return false;
  const upsert = driver.writerStatement(UPSERT_SQL);
  for (const [ref, json] of save.rows) upsert.run(save.attemptId, ref, json, save.seq, save.savedAt);
  return true;
}

// --- the save ---------------------------------------------------------------------------

async function conflictOutcome(db: DB, attemptId: number, lastSeq: number): Promise<SaveOutcome> {
  const { responses } = await loadResponses(db, attemptId);
  return { kind: "conflict", lastSeq, responses, message: MESSAGES.stale };
}

/**
 * Saves a batch of answers under one sequence number. `db` is the handle the server opened
 * (not a transaction): the save takes its turn on the writer itself. When this resolves as
 * "saved", the answers are committed to the database.
 */
export async function saveResponses(db: DB, input: SaveInput): Promise<SaveOutcome> {
  const { now } = input;
  const driver = driverOf(db);
  const state = readState(driver, input.attemptId, input.userId);
  if (!state) return { kind: "not_found" };
  if (!allowSave(input.userId, state.id, now)) return { kind: "rate_limited", message: "保存过于频繁，请稍候" };
  if (state.status !== "in_progress") return { kind: "closed", message: closedMessage(state) };
  const deadline = new Date(state.deadline_at);
  if (!acceptsSaves(now, deadline, state.grace_seconds)) {
    await finalizeAttempt(db, { attemptId: state.id, status: "expired", now });
    return { kind: "closed", message: MESSAGES.expired };
  }
  const saveId = input.saveId ?? null;
  if (saveId !== null && state.last_save_id === saveId && state.last_seq === input.seq) {
    // The reply of this very save was lost and the browser sent it again: it is in already.
    return { kind: "saved", seq: input.seq, savedAt: now.toISOString(), secondsLeft: secondsLeft(now, deadline) };
  }
  if (input.seq <= state.last_seq) return conflictOutcome(db, state.id, state.last_seq);

  const shapes = await answerShapes(db, driver, state.id);
  const rows: Array<[string, string]> = [];
  for (const answer of input.answers) {
    const shape = shapeAt(shapes, answer.ref);
    if (!shape) return { kind: "invalid", message: `试卷中没有第 ${answer.ref} 题` };
    const checked = validateResponse(shape, answer.response);
    if (!checked.ok) return { kind: "invalid", message: checked.reason };
    rows.push([answer.ref, JSON.stringify(checked.response)]);
  }

  const savedAt = now.toISOString();
  let applied: boolean;
  try {
    const save = { attemptId: state.id, seq: input.seq, saveId, rows, savedAt };
    applied = await driver.grouped((writer) => applySave(writer, save), SAVE_WAIT_MS);
  } catch (error) {
    if (error instanceof DatabaseBusyError) return { kind: "busy", message: MESSAGES.busy, retryAfterSeconds: 2 };
    throw error;
  }
  if (!applied) {
    // Between the check and the commit another save (another tab) or the end of the attempt came first.
    const current = readState(driver, input.attemptId, input.userId)!;
    if (current.status !== "in_progress") return { kind: "closed", message: closedMessage(current) };
    return conflictOutcome(db, state.id, current.last_seq);
  }
  return { kind: "saved", seq: input.seq, savedAt, secondsLeft: secondsLeft(now, deadline) };
}
