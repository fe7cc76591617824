/**
 * The one place report numbers are rounded (percentages to 1 decimal, scores to 2), so the
 * page, the print view and every export print the same digits. Ratios are rounded from
 * their integer parts, half away from zero, so 1/8 is exactly 12.5% and never 12.4%.
 */

/** numerator / denominator rounded half away from zero to `decimals`; integer inputs give exact ties. */
export function roundRatio(numerator: number, denominator: number, decimals: number): number {
  const scaled = (numerator * 10 ** decimals) / denominator;
  const magnitude = Math.round(Math.abs(scaled)) / 10 ** decimals;
  return scaled < 0 ? -magnitude : magnitude;
}

/** part / whole as a percentage with 1 decimal (83.3 for 5 of 6); null when the whole is 0. */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : roundRatio(part * 100, whole, 1);
}

/** Scores are stored to 2 decimals; counting in hundredths keeps sums exact. */
export function toCents(score: number): number {
  return Math.round(score * 100);
}

export function fromCents(cents: number): number {
  return roundRatio(cents, 100, 2);
}

/** Any real number to 2 decimals, half away from zero (for the standard deviation). */
export function roundScore(value: number): number {
  const magnitude = Math.round(Math.abs(value) * 100) / 100;
  return value < 0 ? -magnitude : magnitude;
}
