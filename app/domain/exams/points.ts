/**
 * Points are kept to 2 decimals and added in hundredths, so that half of 3 points is
 * 1.5, a third of 2 points is 0.67, and a sum of many section scores never shows
 * floating-point noise (0.1 + 0.2) in a report.
 */

export function roundPoints(value: number): number {
  return Math.round(value * 100) / 100;
}

export function sumPoints(values: readonly number[]): number {
  return values.reduce((cents, v) => cents + Math.round(v * 100), 0) / 100;
}
