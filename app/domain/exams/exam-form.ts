/**
 * The exam editor's form as plain values, so the page works without JavaScript: every
 * button posts the whole form and the server re-renders it from these values. Field
 * names are flat and indexed (`sections[0].count`, `sections[0].bank.senlinfa-2019`,
 * `audience.orgIds`); `readExamForm` turns posted entries back into values, and
 * schemas/exam-form.server.ts validates them into an ExamDefinition. Browser-safe.
 */
import type { ExamDefinition } from "~/schemas/exams.server";

import type { AudienceSpec } from "../audience";
import { formatLocalDateTime } from "../local-datetime";
import type { PaperSpec, QuestionType, SectionSpec } from "./types";

export type SectionForm = {
  title: string;
  type: string;
  count: string;
  points: string;
  /** draw = 随机抽题 from banks; fixed = 指定试题. */
  source: "draw" | "fixed";
  /** Bank slug → pinned version as posted ("" = not used). */
  banks: Record<string, string>;
  tags: string[];
  difficulties: string[];
  minScore: string;
  /** Fixed questions, one `slug@version#key` a line. */
  fixed: string;
};

export type AudienceForm = {
  orgIds: string[];
  ranks: string[];
  leadersOnly: boolean;
  partyMembersOnly: boolean;
  userIds: string[];
};

export type ExamForm = {
  kind: string;
  title: string;
  description: string;
  period: string;
  opensAt: string;
  closesAt: string;
  durationMinutes: string;
  passMark: string;
  sectionMinimums: boolean;
  attemptsAllowed: string;
  reviewPolicy: string;
  multiplePolicy: string;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  graceSeconds: string;
  ownerOrgId: string;
  sections: SectionForm[];
  audience: AudienceForm;
};

export const SECTION_TITLES: Record<QuestionType, string> = {
  single: "单选题",
  multiple: "多选题",
  judge: "判断题",
  fill: "填空题",
  essay: "简答题",
};

const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** A new section: the first type not on the paper yet, every bank at its newest version. */
export function blankSection(index: number, usedTypes: string[], newestBanks: Array<{ slug: string; version: number }>): SectionForm {
  const type = (Object.keys(SECTION_TITLES) as QuestionType[]).find((t) => !usedTypes.includes(t)) ?? "single";
  return {
    title: `${NUMERALS[index] ?? index + 1}、${SECTION_TITLES[type]}`,
    type,
    count: "10",
    points: "2",
    source: "draw",
    banks: Object.fromEntries(newestBanks.map((b) => [b.slug, String(b.version)])),
    tags: [],
    difficulties: [],
    minScore: "",
    fixed: "",
  };
}

function emptySection(): SectionForm {
  return { title: "", type: "", count: "", points: "", source: "draw", banks: {}, tags: [], difficulties: [], minScore: "", fixed: "" };
}

const SECTION_FIELD = /^sections\[(\d{1,3})\]\.([a-zA-Z]+)(?:\.(.+))?$/;

/**
 * Posted entries → form values. Tolerant by design (a half-filled form must re-render as
 * it was typed); unknown names are ignored, section indexes are compacted in order.
 */
export function readExamForm(entries: Iterable<[string, FormDataEntryValue]>): ExamForm {
  const text = (v: FormDataEntryValue) => (typeof v === "string" ? v : "");
  const form: ExamForm = {
    kind: "",
    title: "",
    description: "",
    period: "",
    opensAt: "",
    closesAt: "",
    durationMinutes: "",
    passMark: "",
    sectionMinimums: false,
    attemptsAllowed: "",
    reviewPolicy: "",
    multiplePolicy: "",
    shuffleQuestions: false,
    shuffleOptions: false,
    graceSeconds: "",
    ownerOrgId: "",
    sections: [],
    audience: { orgIds: [], ranks: [], leadersOnly: false, partyMembersOnly: false, userIds: [] },
  };
  const sections = new Map<number, SectionForm>();
  const scalar = new Set(["kind", "title", "description", "period", "opensAt", "closesAt", "durationMinutes", "passMark", "attemptsAllowed", "reviewPolicy", "multiplePolicy", "graceSeconds", "ownerOrgId"]);
  for (const [name, raw] of entries) {
    const value = text(raw);
    if (scalar.has(name)) (form as unknown as Record<string, string>)[name] = value;
    else if (name === "sectionMinimums" || name === "shuffleQuestions" || name === "shuffleOptions") form[name] = value === "on" || value === "1";
    else if (name === "audience.orgIds") form.audience.orgIds.push(value);
    else if (name === "audience.ranks") form.audience.ranks.push(value);
    else if (name === "audience.userIds") {
      if (!form.audience.userIds.includes(value)) form.audience.userIds.push(value);
    } else if (name === "audience.leadersOnly") form.audience.leadersOnly = value === "on" || value === "1";
    else if (name === "audience.partyMembersOnly") form.audience.partyMembersOnly = value === "on" || value === "1";
    else {
      const match = SECTION_FIELD.exec(name);
      if (!match) continue;
      const index = Number(match[1]);
      const section = sections.get(index) ?? emptySection();
      sections.set(index, section);
      const [field, key] = [match[2], match[3]];
      if (field === "bank" && key) section.banks[key] = value;
      else if (field === "tags") section.tags.push(value);
      else if (field === "difficulties") section.difficulties.push(value);
      else if (field === "source") section.source = value === "fixed" ? "fixed" : "draw";
      else if (field === "title" || field === "type" || field === "count" || field === "points" || field === "minScore" || field === "fixed") section[field] = value;
    }
  }
  form.sections = [...sections.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
  return form;
}

export type SectionIntent =
  | { kind: "add-section" }
  | { kind: "remove-section"; index: number }
  | { kind: "move-up"; index: number }
  | { kind: "move-down"; index: number };

/** `remove-section:2` → { kind: "remove-section", index: 2 }; null for other intents. */
export function parseSectionIntent(intent: string): SectionIntent | null {
  if (intent === "add-section") return { kind: "add-section" };
  const match = /^(remove-section|move-up|move-down):(\d{1,3})$/.exec(intent);
  return match ? { kind: match[1] as "remove-section" | "move-up" | "move-down", index: Number(match[2]) } : null;
}

export function applySectionIntent(form: ExamForm, intent: SectionIntent, newestBanks: Array<{ slug: string; version: number }>): ExamForm {
  const sections = [...form.sections];
  switch (intent.kind) {
    case "add-section":
      sections.push(blankSection(sections.length, sections.map((s) => s.type), newestBanks));
      break;
    case "remove-section":
      if (intent.index < sections.length) sections.splice(intent.index, 1);
      break;
    case "move-up":
    case "move-down": {
      const to = intent.kind === "move-up" ? intent.index - 1 : intent.index + 1;
      if (intent.index < sections.length && to >= 0 && to < sections.length) {
        [sections[intent.index], sections[to]] = [sections[to], sections[intent.index]];
      }
      break;
    }
  }
  return { ...form, sections };
}

function sectionForm(section: SectionSpec): SectionForm {
  const source = section.source;
  return {
    title: section.title,
    type: section.type,
    count: String(section.count),
    points: String(section.points),
    source: source.kind,
    banks: source.kind === "draw" ? Object.fromEntries(source.banks.map((b) => [b.slug, String(b.version)])) : {},
    tags: source.kind === "draw" ? [...(source.tags ?? [])] : [],
    difficulties: source.kind === "draw" ? (source.difficulties ?? []).map(String) : [],
    minScore: section.minScore === undefined ? "" : String(section.minScore),
    fixed: source.kind === "fixed" ? source.questions.map((q) => `${q.slug}@${q.version}#${q.key}`).join("\n") : "",
  };
}

/** A stored definition → the form that edits it. */
export function formFromDefinition(definition: ExamDefinition, ownerOrgId: number, timeZone: string): ExamForm {
  const optional = (n: number | null) => (n === null ? "" : String(n));
  return {
    kind: definition.kind,
    title: definition.title,
    description: definition.description ?? "",
    period: definition.period ?? "",
    opensAt: formatLocalDateTime(definition.opensAt, timeZone),
    closesAt: formatLocalDateTime(definition.closesAt, timeZone),
    durationMinutes: optional(definition.durationMinutes),
    passMark: String(definition.passMark),
    sectionMinimums: definition.sectionMinimums,
    attemptsAllowed: optional(definition.attemptsAllowed),
    reviewPolicy: definition.reviewPolicy,
    multiplePolicy: definition.multiplePolicy,
    shuffleQuestions: definition.paper.shuffleQuestions,
    shuffleOptions: definition.paper.shuffleOptions,
    graceSeconds: String(definition.graceSeconds),
    ownerOrgId: String(ownerOrgId),
    sections: definition.paper.sections.map(sectionForm),
    audience: {
      orgIds: definition.audience.orgIds.map(String),
      ranks: [...definition.audience.ranks],
      leadersOnly: definition.audience.leadersOnly,
      partyMembersOnly: definition.audience.partyMembersOnly,
      userIds: definition.audience.userIds.map(String),
    },
  };
}

/** `slug@version#key` lines → fixed question refs; null for a line that is not one. */
export function parseFixedLine(line: string): { slug: string; version: number; key: string } | null {
  const match = /^\s*([a-z0-9][a-z0-9-]*)\s*@\s*(\d+)\s*#\s*(\S+)\s*$/i.exec(line);
  return match ? { slug: match[1], version: Number(match[2]), key: match[3] } : null;
}

const QUESTION_TYPE_CODES = Object.keys(SECTION_TITLES);

/**
 * The paper as far as it can be read from a half-filled form, for the live counts: a
 * count or score that is not a number counts as 0, an unused bank is left out, unreadable
 * fixed lines are skipped. Validation proper is schemas/exam-form.server.ts.
 */
export function previewPaperSpec(form: ExamForm): PaperSpec {
  const number = (s: string) => (s.trim() === "" || !Number.isFinite(Number(s)) ? 0 : Number(s));
  return {
    shuffleQuestions: form.shuffleQuestions,
    shuffleOptions: form.shuffleOptions,
    sections: form.sections.map((s): SectionSpec => {
      const type = (QUESTION_TYPE_CODES.includes(s.type) ? s.type : "single") as QuestionType;
      const common = { title: s.title, type, count: number(s.count), points: number(s.points) };
      if (s.source === "fixed") {
        const questions = s.fixed.split(/\r?\n/).map(parseFixedLine).filter((q) => q !== null);
        return { ...common, source: { kind: "fixed", questions } };
      }
      const banks = Object.entries(s.banks)
        .filter(([, v]) => /^\d+$/.test(v.trim()) && Number(v) > 0)
        .map(([slug, v]) => ({ slug, version: Number(v) }));
      const difficulties = s.difficulties.map(Number).filter((d) => Number.isInteger(d) && d >= 1 && d <= 5);
      return { ...common, source: { kind: "draw", banks, tags: s.tags.filter(Boolean), difficulties } };
    }),
  };
}

/** 总分: the sum of count × points over the sections that have both. */
export function paperTotals(spec: PaperSpec): { questions: number; score: number } {
  let questions = 0;
  let score = 0;
  for (const s of spec.sections) {
    if (!(Number.isInteger(s.count) && s.count > 0 && s.points > 0)) continue;
    questions += s.count;
    score += s.count * s.points;
  }
  return { questions, score: Math.round(score * 100) / 100 };
}

const RANK_CODES = ["division", "section", "staff", "worker"];

/** The audience as far as it can be read from the form, for the live count. */
export function previewAudience(audience: AudienceForm): AudienceSpec {
  const ids = (values: string[]) => values.filter((v) => /^\d{1,9}$/.test(v)).map(Number);
  return {
    orgIds: ids(audience.orgIds),
    ranks: audience.ranks.filter((r) => RANK_CODES.includes(r)) as AudienceSpec["ranks"],
    leadersOnly: audience.leadersOnly,
    partyMembersOnly: audience.partyMembersOnly,
    userIds: ids(audience.userIds),
  };
}
