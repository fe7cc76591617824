/**
 * How report numbers print, on the page and in the exports alike. The numbers are already
 * rounded by the statistics (rounding.ts); these only add the unit, so nothing rounds twice.
 * Browser-safe.
 */
import { formatDuration } from "../exam-labels";

export const NO_VALUE = "—";

/** 83.3% (always 1 decimal: 100.0%, 0.0%). */
export function formatPercent(value: number | null): string {
  return value === null ? NO_VALUE : `${value.toFixed(1)}%`;
}

/** 85.5, 90, 72.25: a score as stored, without trailing zeros. */
export function formatScore(value: number | null): string {
  return value === null ? NO_VALUE : String(value);
}

/** 0.33, -0.10: the discrimination index, always 2 decimals. */
export function formatIndex(value: number | null): string {
  return value === null ? NO_VALUE : value.toFixed(2);
}

/** 32 分 5 秒. */
export function formatSeconds(seconds: number | null): string {
  return seconds === null ? NO_VALUE : formatDuration(seconds);
}

export type CellKind = "text" | "count" | "score" | "percent" | "index";
export type Cell = string | number | null;

/** A cell as text (the page, CSV): numbers get their unit, null prints as —. */
export function formatCell(kind: CellKind, value: Cell): string {
  if (value === null) return NO_VALUE;
  if (typeof value === "string") return value;
  switch (kind) {
    case "percent":
      return formatPercent(value);
    case "index":
      return formatIndex(value);
    default:
      return String(value);
  }
}
