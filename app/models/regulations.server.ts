/**
 * The regulation library (法规库): regulations, their imported text versions and articles.
 * A version is written once, whole, and never changed: importing the same text again is a
 * no-op, a changed text becomes the next version (modules pin the one they study).
 */
import crypto from "node:crypto";

import type { DB } from "../../db/client";
import type { RegulationOrigin, RegulationStatus } from "../../db/schema";
import type { RegulationFacts } from "~/domain/law-study/official-text";
import { canonicalStructure, type RegulationStructure, summarizeStructure, type StructureSummary } from "~/domain/law-study/regulation-text";

import { recordAudit } from "./audit.server";

export class RegulationNotFoundError extends Error {}

export type RegulationImportOutcome = {
  status: "created" | "unchanged";
  regulationId: number;
  slug: string;
  title: string;
  version: number;
  previousVersion: number | null;
  summary: StructureSummary;
};

const hashOf = (structure: RegulationStructure) => crypto.createHash("sha256").update(canonicalStructure(structure), "utf8").digest("hex");

/**
 * Saves a recognised text as the regulation's next version (creating the regulation with
 * `facts` when the slug is new; `updateFacts` also rewrites an existing one's facts).
 * All or nothing: the version and every article in one transaction.
 */
export async function saveRegulationText(
  db: DB,
  input: {
    slug: string;
    facts: RegulationFacts;
    updateFacts: boolean;
    structure: RegulationStructure;
    fileName: string | null;
    origin: RegulationOrigin;
    actorId: number | null;
    ip: string | null;
    now: Date;
  },
): Promise<RegulationImportOutcome> {
  const stamp = input.now.toISOString();
  const hash = hashOf(input.structure);
  const summary = summarizeStructure(input.structure);
  const outcome = await db.transaction().execute(async (trx) => {
    let regulation = await trx.selectFrom("regulations").selectAll().where("slug", "=", input.slug).executeTakeFirst();
    const factColumns = {
      title: input.facts.title,
      issuer: input.facts.issuer,
      issued_on: input.facts.issuedOn,
      effective_on: input.facts.effectiveOn,
      status: input.facts.status,
    };
    if (!regulation) {
      regulation = await trx
        .insertInto("regulations")
        .values({ slug: input.slug, ...factColumns, replaced_by_id: null, created_at: stamp, updated_at: stamp })
        .returningAll()
        .executeTakeFirstOrThrow();
    } else if (input.updateFacts) {
      await trx.updateTable("regulations").set({ ...factColumns, updated_at: stamp }).where("id", "=", regulation.id).execute();
    }
    const newest = await trx
      .selectFrom("regulation_versions")
      .select(["version", "content_hash"])
      .where("regulation_id", "=", regulation.id)
      .orderBy("version", "desc")
      .executeTakeFirst();
    const base = { regulationId: regulation.id, slug: input.slug, title: input.facts.title, summary };
    if (newest && newest.content_hash === hash) {
      return { ...base, title: input.updateFacts ? input.facts.title : regulation.title, status: "unchanged" as const, version: newest.version, previousVersion: null };
    }
    const version = (newest?.version ?? 0) + 1;
    const row = await trx
      .insertInto("regulation_versions")
      .values({
        regulation_id: regulation.id,
        version,
        content_hash: hash,
        preamble: JSON.stringify(input.structure.preamble),
        article_count: summary.articles,
        chapter_count: summary.chapters,
        origin: input.origin,
        file_name: input.fileName,
        imported_by: input.actorId,
        imported_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const articles = input.structure.articles.map((a, position) => ({
      version_id: row.id,
      position,
      number: a.number,
      ordinal: a.ordinal,
      sub: a.sub,
      part: a.part,
      chapter: a.chapter,
      section: a.section,
      body: a.paragraphs.join("\n"),
    }));
    for (let i = 0; i < articles.length; i += 100) await trx.insertInto("regulation_articles").values(articles.slice(i, i + 100)).execute();
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "regulation.import",
      target: `regulation:${input.slug}@${version}`,
      detail: { origin: input.origin, file: input.fileName, articles: summary.articles, chapters: summary.chapters },
      ip: input.ip,
      now: input.now,
    });
    return { ...base, title: input.updateFacts || !newest ? input.facts.title : regulation.title, status: "created" as const, version, previousVersion: newest?.version ?? null };
  });
  return outcome;
}

/** A regulation known by its facts only (no text yet): the demo's modules without KAOXUE_REGULATIONS_DIR. */
export async function ensureRegulation(db: DB, input: { slug: string; facts: RegulationFacts; now: Date }): Promise<number> {
  const existing = await db.selectFrom("regulations").select("id").where("slug", "=", input.slug).executeTakeFirst();
  if (existing) return existing.id;
  const stamp = input.now.toISOString();
  const row = await db
    .insertInto("regulations")
    .values({
      slug: input.slug,
      title: input.facts.title,
      issuer: input.facts.issuer,
      issued_on: input.facts.issuedOn,
      effective_on: input.facts.effectiveOn,
      status: input.facts.status,
      replaced_by_id: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every regulation with its newest version (if any), newest issue first. */
export async function listRegulations(db: DB) {
  const regulations = await db.selectFrom("regulations").selectAll().orderBy("issued_on", "desc").orderBy("id", "asc").execute();
  const versions = await db
    .selectFrom("regulation_versions")
    .select(["id", "regulation_id", "version", "article_count", "chapter_count", "imported_at"])
    .orderBy("version", "desc")
    .execute();
  const byId = new Map(regulations.map((r) => [r.id, r]));
  return regulations.map((r) => {
    const newest = versions.find((v) => v.regulation_id === r.id) ?? null;
    return {
      ...r,
      newest,
      versionCount: versions.filter((v) => v.regulation_id === r.id).length,
      replacedBy: r.replaced_by_id ? (byId.get(r.replaced_by_id) ?? null) : null,
    };
  });
}

export async function getRegulation(db: DB, slug: string) {
  return db.selectFrom("regulations").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export async function getRegulationById(db: DB, id: number) {
  return db.selectFrom("regulations").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listRegulationVersions(db: DB, regulationId: number) {
  return db
    .selectFrom("regulation_versions")
    .leftJoin("users", "users.id", "regulation_versions.imported_by")
    .selectAll("regulation_versions")
    .select("users.name as importedByName")
    .where("regulation_id", "=", regulationId)
    .orderBy("version", "desc")
    .execute();
}

export async function getRegulationVersion(db: DB, versionId: number) {
  return db
    .selectFrom("regulation_versions")
    .innerJoin("regulations", "regulations.id", "regulation_versions.regulation_id")
    .selectAll("regulation_versions")
    .select(["regulations.slug", "regulations.title", "regulations.status as regulationStatus", "regulations.replaced_by_id"])
    .where("regulation_versions.id", "=", versionId)
    .executeTakeFirst();
}

export type StoredArticle = { number: string; ordinal: number; sub: number; part: string | null; chapter: string | null; section: string | null; body: string };

export async function loadArticles(db: DB, versionId: number): Promise<StoredArticle[]> {
  return db
    .selectFrom("regulation_articles")
    .select(["number", "ordinal", "sub", "part", "chapter", "section", "body"])
    .where("version_id", "=", versionId)
    .orderBy("position")
    .execute();
}

/** The newest version of each regulation, for the module form's choice of text. */
export async function listVersionChoices(db: DB) {
  return db
    .selectFrom("regulation_versions")
    .innerJoin("regulations", "regulations.id", "regulation_versions.regulation_id")
    .select([
      "regulation_versions.id",
      "regulation_versions.version",
      "regulation_versions.article_count",
      "regulations.id as regulationId",
      "regulations.title",
      "regulations.slug",
      "regulations.status",
    ])
    .orderBy("regulations.title")
    .orderBy("regulation_versions.version", "desc")
    .execute();
}

export async function updateRegulationFacts(
  db: DB,
  input: { regulationId: number; facts: RegulationFacts; replacedById: number | null; actorId: number; ip: string | null; now: Date },
): Promise<void> {
  const { facts } = input;
  await db
    .updateTable("regulations")
    .set({
      title: facts.title,
      issuer: facts.issuer,
      issued_on: facts.issuedOn,
      effective_on: facts.effectiveOn,
      status: facts.status,
      replaced_by_id: facts.status === "in_force" ? null : input.replacedById,
      updated_at: input.now.toISOString(),
    })
    .where("id", "=", input.regulationId)
    .execute();
  await recordAudit(db, {
    actorId: input.actorId,
    action: "regulation.update",
    target: `regulation:${input.regulationId}`,
    detail: { title: facts.title, status: facts.status, replacedBy: input.replacedById },
    ip: input.ip,
    now: input.now,
  });
}

/** Marks older texts of the same title as 已修订 and links them to the newer one, where nobody has set a link yet. */
export async function linkReplacedTexts(db: DB, replacedBy: ReadonlyMap<number, number>, now: Date): Promise<void> {
  for (const [older, newer] of replacedBy) {
    await db
      .updateTable("regulations")
      .set({ status: "revised" as RegulationStatus, replaced_by_id: newer, updated_at: now.toISOString() })
      .where("id", "=", older)
      .where("replaced_by_id", "is", null)
      .execute();
  }
}
