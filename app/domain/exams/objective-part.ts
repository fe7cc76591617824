/**
 * While an essay waits for its grader the cadre sees the objective part only: its score and
 * its own maximum (not the paper's, which includes the essays).
 */
import { questionAt } from "./question-ref";
import type { FrozenPaper } from "./types";

export function objectivePart(paper: FrozenPaper, perQuestion: ReadonlyArray<{ ref: string; points: number }>): { score: number; maxScore: number; essayMax: number } {
  let maxScore = 0;
  let essayMax = 0;
  for (const section of paper.sections) {
    for (const q of section.questions) {
      if (q.type === "essay") essayMax += q.points;
      else maxScore += q.points;
    }
  }
  const score = perQuestion.reduce((sum, g) => (questionAt(paper, g.ref)?.type === "essay" ? sum : sum + g.points), 0);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { score: round(score), maxScore: round(maxScore), essayMax: round(essayMax) };
}
