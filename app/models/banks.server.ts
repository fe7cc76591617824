import { sql } from "kysely";

import type { DB } from "../../db/client";
import type { BankOrigin, BankQuestionRow } from "../../db/schema";
import { type BankDiff, diffBanks } from "~/domain/banks/diff";
import { questionHash, versionHash } from "~/domain/banks/hash";
import { BankQuestionSchema } from "~/domain/banks/schema";
import { type Bank, type BankMeta, type BankQuestion, QUESTION_TYPES, type QuestionType } from "~/domain/banks/types";

/** An import that breaks invariant 1; the message is for people. Nothing was written. */
export class BankImportRefusedError extends Error {}
/** The same bank and version, with different content. */
export class BankVersionConflictError extends BankImportRefusedError {}
/** A version lower than the newest one imported. */
export class BankVersionOutdatedError extends BankImportRefusedError {}

export type BankImportOutcome = {
  status: "created" | "unchanged";
  slug: string;
  title: string;
  version: number;
  versionId: number;
  /** The newest version before this import (null for a new bank). */
  previousVersion: number | null;
  questionCount: number;
};

const INSERT_CHUNK = 100;

/**
 * Imports one validated bank version (invariant 1). The same version with the same content
 * is a no-op; the same version with other content, or a version below the newest, is
 * refused; anything else is stored whole in one transaction, so a failure leaves nothing.
 */
export async function importBankVersion(
  db: DB,
  input: { bank: Bank; origin: BankOrigin; fileName: string | null; actorId: number | null; now: Date },
): Promise<BankImportOutcome> {
  const { bank } = input;
  const contentHash = versionHash(bank);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom("banks").select("id").where("slug", "=", bank.bank).executeTakeFirst();
    let bankId: number;
    let previousVersion: number | null = null;
    if (existing) {
      bankId = existing.id;
      const newest = await trx
        .selectFrom("bank_versions")
        .select((eb) => eb.fn.max("version").as("version"))
        .where("bank_id", "=", bankId)
        .executeTakeFirst();
      previousVersion = newest?.version ?? null;
      const same = await trx
        .selectFrom("bank_versions")
        .select(["id", "content_hash", "question_count"])
        .where("bank_id", "=", bankId)
        .where("version", "=", bank.version)
        .executeTakeFirst();
      if (same) {
        if (same.content_hash === contentHash) {
          return { status: "unchanged", slug: bank.bank, title: bank.title, version: bank.version, versionId: same.id, previousVersion, questionCount: same.question_count };
        }
        throw new BankVersionConflictError(
          `《${bank.title}》第 ${bank.version} 版已经导入过，内容已变化，请提高版本号（目前最新为第 ${previousVersion} 版，请改为第 ${(previousVersion ?? 0) + 1} 版或更高）`,
        );
      }
      if (previousVersion !== null && bank.version < previousVersion) {
        throw new BankVersionOutdatedError(
          `《${bank.title}》已有第 ${previousVersion} 版，不能导入更低的第 ${bank.version} 版；如是修改后的新内容，请把版本号改为 ${previousVersion + 1} 或更高`,
        );
      }
    } else {
      const created = await trx
        .insertInto("banks")
        .values({ slug: bank.bank, created_at: input.now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      bankId = created.id;
    }
    const version = await trx
      .insertInto("bank_versions")
      .values({
        bank_id: bankId,
        version: bank.version,
        title: bank.title,
        regulation: bank.regulation,
        source: bank.source,
        description: bank.description,
        content_hash: contentHash,
        question_count: bank.questions.length,
        origin: input.origin,
        file_name: input.fileName,
        imported_by: input.actorId,
        imported_at: input.now.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const rows = bank.questions.map((q, position) => ({
      version_id: version.id,
      question_key: q.id,
      position,
      type: q.type,
      stem: q.stem,
      options: q.type === "single" || q.type === "multiple" ? JSON.stringify(q.options) : null,
      answer: JSON.stringify(q.answer),
      explanation: q.explanation,
      reference: q.reference,
      tags: JSON.stringify(q.tags),
      difficulty: q.difficulty,
      content_hash: questionHash(q),
    }));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await trx.insertInto("bank_questions").values(rows.slice(i, i + INSERT_CHUNK)).execute();
    }
    return { status: "created", slug: bank.bank, title: bank.title, version: bank.version, versionId: version.id, previousVersion, questionCount: rows.length };
  });
}

type QuestionColumns = Pick<
  BankQuestionRow,
  "question_key" | "type" | "stem" | "options" | "answer" | "explanation" | "reference" | "tags" | "difficulty"
>;

/** A stored row back to the question it was imported from; zod guards the JSON columns. */
export function rowToQuestion(row: QuestionColumns): BankQuestion {
  return BankQuestionSchema.parse({
    id: row.question_key,
    type: row.type,
    stem: row.stem,
    options: row.options === null ? undefined : JSON.parse(row.options),
    answer: JSON.parse(row.answer),
    explanation: row.explanation,
    reference: row.reference,
    tags: JSON.parse(row.tags),
    difficulty: row.difficulty,
  }) as BankQuestion;
}

export type TypeCounts = Record<QuestionType, number>;
export type TagCount = { tag: string; count: number };

function summarize(rows: Array<{ type: QuestionType; tags: string }>): { countsByType: TypeCounts; tags: TagCount[] } {
  const countsByType = Object.fromEntries(QUESTION_TYPES.map((t) => [t, 0])) as TypeCounts;
  const tags = new Map<string, number>();
  for (const row of rows) {
    countsByType[row.type]++;
    for (const tag of JSON.parse(row.tags) as string[]) tags.set(tag, (tags.get(tag) ?? 0) + 1);
  }
  return { countsByType, tags: [...tags].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count) };
}

export type BankSummary = BankMeta & {
  versionId: number;
  versionCount: number;
  questionCount: number;
  importedAt: string;
  countsByType: TypeCounts;
  tags: TagCount[];
};

/** Every bank with its newest version, counts by type and knowledge points. */
export async function listBanks(db: DB): Promise<BankSummary[]> {
  const newest = await db
    .selectFrom("bank_versions as v")
    .innerJoin("banks as b", "b.id", "v.bank_id")
    .select([
      "b.slug",
      "v.id",
      "v.version",
      "v.title",
      "v.regulation",
      "v.source",
      "v.description",
      "v.question_count",
      "v.imported_at",
    ])
    .select((eb) =>
      eb.selectFrom("bank_versions as c").select((c) => c.fn.countAll<number>().as("n")).whereRef("c.bank_id", "=", "v.bank_id").as("versionCount"),
    )
    .where((eb) =>
      eb("v.version", "=", eb.selectFrom("bank_versions as m").select((m) => m.fn.max("m.version").as("max")).whereRef("m.bank_id", "=", "v.bank_id")),
    )
    .orderBy("b.slug")
    .execute();
  if (newest.length === 0) return [];
  const questions = await db
    .selectFrom("bank_questions")
    .select(["version_id", "type", "tags"])
    .where("version_id", "in", newest.map((v) => v.id))
    .execute();
  return newest.map((v) => ({
    bank: v.slug,
    title: v.title,
    version: v.version,
    regulation: v.regulation,
    source: v.source,
    description: v.description,
    versionId: v.id,
    versionCount: Number(v.versionCount),
    questionCount: v.question_count,
    importedAt: v.imported_at,
    ...summarize(questions.filter((q) => q.version_id === v.id)),
  }));
}

export type BankVersionInfo = BankMeta & {
  versionId: number;
  questionCount: number;
  contentHash: string;
  origin: BankOrigin;
  fileName: string | null;
  importedAt: string;
  importedBy: { name: string; employeeNo: string } | null;
};

function versionQuery(db: DB) {
  return db
    .selectFrom("bank_versions as v")
    .innerJoin("banks as b", "b.id", "v.bank_id")
    .leftJoin("users as u", "u.id", "v.imported_by")
    .select([
      "b.slug",
      "v.id",
      "v.version",
      "v.title",
      "v.regulation",
      "v.source",
      "v.description",
      "v.question_count",
      "v.content_hash",
      "v.origin",
      "v.file_name",
      "v.imported_at",
      "u.name as importerName",
      "u.employee_no as importerNo",
    ]);
}

function toVersionInfo(row: Awaited<ReturnType<ReturnType<typeof versionQuery>["executeTakeFirstOrThrow"]>>): BankVersionInfo {
  return {
    bank: row.slug,
    title: row.title,
    version: row.version,
    regulation: row.regulation,
    source: row.source,
    description: row.description,
    versionId: row.id,
    questionCount: row.question_count,
    contentHash: row.content_hash,
    origin: row.origin,
    fileName: row.file_name,
    importedAt: row.imported_at,
    importedBy: row.importerName && row.importerNo ? { name: row.importerName, employeeNo: row.importerNo } : null,
  };
}

export async function getBankVersion(db: DB, slug: string, version: number): Promise<BankVersionInfo | undefined> {
  const row = await versionQuery(db).where("b.slug", "=", slug).where("v.version", "=", version).executeTakeFirst();
  return row ? toVersionInfo(row) : undefined;
}

export type VersionHistoryEntry = BankVersionInfo & {
  /** Compared with the version before it; null for the first. */
  changes: { added: number; removed: number; changed: number } | null;
};

/** Every version of a bank, newest first, each with how it differs from the one before. */
export async function listBankVersions(db: DB, slug: string): Promise<VersionHistoryEntry[]> {
  const rows = await versionQuery(db).where("b.slug", "=", slug).orderBy("v.version", "desc").execute();
  if (rows.length === 0) return [];
  const hashes = await db
    .selectFrom("bank_questions")
    .select(["version_id", "question_key", "content_hash"])
    .where("version_id", "in", rows.map((r) => r.id))
    .execute();
  const byVersion = new Map<number, Map<string, string>>();
  for (const h of hashes) {
    const map = byVersion.get(h.version_id) ?? new Map<string, string>();
    map.set(h.question_key, h.content_hash);
    byVersion.set(h.version_id, map);
  }
  return rows.map((row, i) => {
    const older = rows[i + 1];
    let changes: VersionHistoryEntry["changes"] = null;
    if (older) {
      const now = byVersion.get(row.id) ?? new Map<string, string>();
      const before = byVersion.get(older.id) ?? new Map<string, string>();
      changes = { added: 0, removed: 0, changed: 0 };
      for (const [key, hash] of now) {
        const old = before.get(key);
        if (old === undefined) changes.added++;
        else if (old !== hash) changes.changed++;
      }
      for (const key of before.keys()) if (!now.has(key)) changes.removed++;
    }
    return { ...toVersionInfo(row), changes };
  });
}

export type QuestionFilter = { type?: QuestionType; tag?: string; difficulty?: number; q?: string };
export type StoredQuestion = { rowId: number; position: number; contentHash: string; question: BankQuestion };

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** One version's questions in file order, filtered by type, knowledge point, difficulty and text. */
export async function listVersionQuestions(db: DB, versionId: number, filter: QuestionFilter = {}): Promise<StoredQuestion[]> {
  let query = db.selectFrom("bank_questions").selectAll().where("version_id", "=", versionId);
  if (filter.type) query = query.where("type", "=", filter.type);
  if (filter.difficulty) query = query.where("difficulty", "=", filter.difficulty);
  // Tags are a JSON list of strings; a tag matches as its JSON text, quotes included.
  if (filter.tag) query = query.where(sql<boolean>`tags like ${likePattern(JSON.stringify(filter.tag))} escape '\\'`);
  if (filter.q) {
    const like = likePattern(filter.q);
    // LIKE … ESCAPE works the same on SQLite and PostgreSQL.
    query = query.where(
      sql<boolean>`(stem like ${like} escape '\\' or options like ${like} escape '\\' or explanation like ${like} escape '\\' or reference like ${like} escape '\\' or question_key = ${filter.q})`,
    );
  }
  const rows = await query.orderBy("position").execute();
  return rows.map((row) => ({ rowId: row.id, position: row.position, contentHash: row.content_hash, question: rowToQuestion(row) }));
}

/** Counts by type and the knowledge points of one version, for its filters. */
export async function summarizeVersion(db: DB, versionId: number) {
  const rows = await db.selectFrom("bank_questions").select(["type", "tags"]).where("version_id", "=", versionId).execute();
  return summarize(rows);
}

/** A stored version as a whole bank again (for export and diff). */
export async function loadBank(db: DB, slug: string, version: number): Promise<Bank | undefined> {
  const info = await getBankVersion(db, slug, version);
  if (!info) return undefined;
  const questions = await listVersionQuestions(db, info.versionId);
  return {
    bank: info.bank,
    title: info.title,
    version: info.version,
    regulation: info.regulation,
    source: info.source,
    description: info.description,
    questions: questions.map((q) => q.question),
  };
}

export type VersionDiff = { from: Bank; to: Bank; diff: BankDiff };

export async function diffBankVersions(db: DB, slug: string, from: number, to: number): Promise<VersionDiff | undefined> {
  const [a, b] = await Promise.all([loadBank(db, slug, from), loadBank(db, slug, to)]);
  if (!a || !b) return undefined;
  return { from: a, to: b, diff: diffBanks(a, b) };
}
