/**
 * Content hashes: sha256 of canonical JSON (keys sorted, no whitespace) of the validated,
 * normalized question. Key order, YAML layout and surrounding whitespace never change a
 * hash; any change to what a cadre sees or is graded on does.
 */
import crypto from "node:crypto";

import type { Bank, BankQuestion } from "./types";

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

function sha256(text: string): string {
  return crypto.createHash("sha256").update(text, "utf8").digest("hex");
}

/** The fields that make a question what it is; nothing else (no position, no version). */
export function questionContent(q: BankQuestion): Record<string, unknown> {
  const content: Record<string, unknown> = {
    id: q.id,
    type: q.type,
    stem: q.stem,
    answer: q.answer,
    explanation: q.explanation,
    reference: q.reference,
    tags: q.tags,
    difficulty: q.difficulty,
  };
  if (q.type === "single" || q.type === "multiple") content.options = q.options;
  return content;
}

export function questionHash(q: BankQuestion): string {
  return sha256(canonicalJson(questionContent(q)));
}

/**
 * The hash of a version's content: its metadata and its questions in order. The version
 * number is not part of it, so "same content" can be recognised under any number.
 */
export function versionHash(bank: Omit<Bank, "version">): string {
  return sha256(
    canonicalJson({
      bank: bank.bank,
      title: bank.title,
      regulation: bank.regulation,
      source: bank.source,
      description: bank.description,
      questions: bank.questions.map(questionHash),
    }),
  );
}
