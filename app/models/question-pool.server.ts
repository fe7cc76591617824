import type { DB } from "../../db/client";
import { toPoolQuestion } from "~/domain/exams/pool-question";
import type { BankPin, PaperSpec, PoolQuestion } from "~/domain/exams/types";

/** Every bank version a paper spec draws from (or takes fixed questions from). */
export function pinsOf(spec: PaperSpec): BankPin[] {
  const seen = new Map<string, BankPin>();
  for (const section of spec.sections) {
    const pins = section.source.kind === "draw" ? section.source.banks : section.source.questions.map((q) => ({ slug: q.slug, version: q.version }));
    for (const pin of pins) seen.set(`${pin.slug}@${pin.version}`, { slug: pin.slug, version: pin.version });
  }
  return [...seen.values()];
}

function questionQuery(db: DB) {
  return db
    .selectFrom("bank_questions")
    .innerJoin("bank_versions", "bank_versions.id", "bank_questions.version_id")
    .innerJoin("banks", "banks.id", "bank_versions.bank_id")
    .select([
      "bank_questions.id",
      "bank_questions.question_key",
      "bank_questions.type",
      "bank_questions.stem",
      "bank_questions.options",
      "bank_questions.answer",
      "bank_questions.explanation",
      "bank_questions.reference",
      "bank_questions.tags",
      "bank_questions.difficulty",
      "bank_questions.position",
      "bank_versions.version",
      "banks.slug",
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof questionQuery>["execute"]>>[number];

function toPool(row: Row): PoolQuestion {
  return toPoolQuestion({
    rowId: row.id,
    bankSlug: row.slug,
    bankVersion: row.version,
    key: row.question_key,
    type: row.type,
    stem: row.stem,
    options: row.options ? (JSON.parse(row.options) as string[]) : [],
    answer: JSON.parse(row.answer),
    explanation: row.explanation,
    reference: row.reference,
    tags: JSON.parse(row.tags) as string[],
    difficulty: row.difficulty,
  });
}

/**
 * A pinned bank version never changes (a changed bank is a new version), so neither does its
 * pool: each is read and parsed once per database handle and kept (bounded; a start burst of a
 * thousand cadres then draws from memory). Callers must not mutate the questions.
 */
const POOL_CACHE_LIMIT = 200;
const poolCaches = new WeakMap<object, Map<string, readonly PoolQuestion[]>>();

function poolCacheOf(db: DB): Map<string, readonly PoolQuestion[]> {
  // A transaction is a new handle sharing the executor's adapter: key by it, like the paper cache.
  const key = db.getExecutor().adapter;
  let cache = poolCaches.get(key);
  if (!cache) poolCaches.set(key, (cache = new Map()));
  return cache;
}

async function loadVersionPool(db: DB, pin: BankPin): Promise<readonly PoolQuestion[]> {
  const cache = poolCacheOf(db);
  const key = `${pin.slug}@${pin.version}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const rows = await questionQuery(db)
    .where("banks.slug", "=", pin.slug)
    .where("bank_versions.version", "=", pin.version)
    .orderBy("bank_questions.position")
    .execute();
  const pool = Object.freeze(rows.map(toPool));
  // A version not imported yet is not remembered as empty: it may be imported in a moment.
  if (pool.length > 0) {
    if (cache.size >= POOL_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, pool);
  }
  return pool;
}

/** The questions of the pinned bank versions, in bank order. */
export async function loadPool(db: DB, pins: BankPin[]): Promise<PoolQuestion[]> {
  const pool: PoolQuestion[] = [];
  for (const pin of pins) pool.push(...(await loadVersionPool(db, pin)));
  return pool;
}

/** Explanations and cited articles for review, by bank_questions row. */
export async function loadQuestionNotes(db: DB, rowIds: number[]): Promise<Map<number, { explanation: string; reference: string; regulation: string }>> {
  const notes = new Map<number, { explanation: string; reference: string; regulation: string }>();
  for (let i = 0; i < rowIds.length; i += 500) {
    const chunk = rowIds.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom("bank_questions")
      .innerJoin("bank_versions", "bank_versions.id", "bank_questions.version_id")
      .select(["bank_questions.id", "bank_questions.explanation", "bank_questions.reference", "bank_versions.title"])
      .where("bank_questions.id", "in", chunk)
      .execute();
    for (const r of rows) notes.set(r.id, { explanation: r.explanation, reference: r.reference, regulation: r.title });
  }
  return notes;
}

/** For other readers of bank questions as pool questions (practice): the same query and mapping. */
export { questionQuery as poolQuestionQuery, toPool as toPoolRow };
