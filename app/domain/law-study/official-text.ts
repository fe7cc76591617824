/**
 * What the first line of an official text says about it, as a starting point for the
 * library's record (the organizer can correct every field): the title before the first
 * bracket, the issuing body, the date of issue (the last date that is not the date in
 * force), the date in force (…起施行) and whether a note says a newer text replaced it.
 * Browser-safe, pure.
 */
import type { RegulationStatus } from "../../../db/schema";

export type RegulationFacts = {
  title: string;
  issuer: string;
  issuedOn: string | null;
  effectiveOn: string | null;
  status: RegulationStatus;
};

const DATE = /(\d{4})年(\d{1,2})月(\d{1,2})日(起施行)?/g;

const pad = (n: string) => n.padStart(2, "0");

function issuerOf(line: string, title: string): string {
  if (/全国人大常委会|全国人民代表大会常务委员会/.test(line)) return "全国人民代表大会常务委员会";
  if (/全国人民代表大会/.test(line)) return "全国人民代表大会";
  if (/党的.{1,4}大|全国代表大会/.test(line)) return "中国共产党全国代表大会";
  if (/中共中央|中央委员会|中央政治局/.test(line) || title.startsWith("中国共产党") || title.startsWith("关于新形势下党内")) return "中共中央";
  if (title.startsWith("中华人民共和国")) return "全国人民代表大会常务委员会";
  return "";
}

export function factsFromFirstLine(firstLine: string | null, fallbackTitle: string): RegulationFacts {
  const line = (firstLine ?? "").split("｜")[0].trim();
  const title = (line.split(/[（(]/)[0] || fallbackTitle).trim().slice(0, 120);
  let issuedOn: string | null = null;
  let effectiveOn: string | null = null;
  for (const m of line.matchAll(DATE)) {
    const date = `${m[1]}-${pad(m[2])}-${pad(m[3])}`;
    if (m[4]) effectiveOn = date;
    else issuedOn = date;
  }
  const replaced = /已被.*取代|已废止|非\d{4}年.*修改版/.test(line);
  return {
    title,
    issuer: issuerOf(line, title),
    issuedOn: issuedOn ?? effectiveOn,
    effectiveOn,
    status: /已废止/.test(line) ? "repealed" : replaced ? "revised" : "in_force",
  };
}

/** The regulation a text replaces: the same title, issued earlier (监察法 2018 → 2024). */
export function replacedTextIds<T extends { id: number; title: string; issuedOn: string | null }>(texts: readonly T[]): Map<number, number> {
  const replacedBy = new Map<number, number>();
  for (const older of texts) {
    const newer = texts
      .filter((t) => t.id !== older.id && t.title === older.title && t.issuedOn && older.issuedOn && t.issuedOn > older.issuedOn)
      .sort((a, b) => (a.issuedOn! < b.issuedOn! ? -1 : 1))[0];
    if (newer) replacedBy.set(older.id, newer.id);
  }
  return replacedBy;
}

export const REGULATION_STATUS_LABELS: Record<RegulationStatus, string> = {
  in_force: "现行有效",
  revised: "已修订",
  repealed: "已废止",
};
