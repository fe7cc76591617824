/** Taking exams through the real models in integration tests, and reading spreadsheets back. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type { DB } from "../../db/client";
import type { User } from "../../db/schema";
import { displayedAnswer } from "~/domain/exams/option-order";
import { paperRefs, questionAt } from "~/domain/exams/question-ref";
import type { FrozenPaper, Response as Answer } from "~/domain/exams/types";
import { loadPaper } from "~/models/attempt-storage.server";
import { saveResponses, startAttempt, submitAttempt } from "~/models/attempts.server";

export type Answers = Array<{ ref: string; response: Answer }>;

/** The right response to every objective question of a paper (displayed positions); `only` limits it to some sections. */
export function rightAnswers(paper: FrozenPaper, only?: number[]): Answers {
  return paperRefs(paper).flatMap((ref) => {
    if (only && !only.includes(Number(ref.split(":")[0]))) return [];
    const q = questionAt(paper, ref)!;
    switch (q.answer.kind) {
      case "single":
        return [{ ref, response: { kind: "single", option: displayedAnswer(q)[0] } as Answer }];
      case "multiple":
        return [{ ref, response: { kind: "multiple", options: displayedAnswer(q) } as Answer }];
      case "judge":
        return [{ ref, response: { kind: "judge", value: q.answer.value } as Answer }];
      case "fill":
        return [{ ref, response: { kind: "fill", blanks: q.answer.blanks.map((b) => b[0]) } as Answer }];
      default:
        return [];
    }
  });
}

/** A wrong response to every objective question (the option after the right one, the opposite judgement, a wrong blank). */
export function wrongAnswers(paper: FrozenPaper): Answers {
  return paperRefs(paper).flatMap((ref) => {
    const q = questionAt(paper, ref)!;
    switch (q.answer.kind) {
      case "single":
        return [{ ref, response: { kind: "single", option: (displayedAnswer(q)[0] + 1) % q.options.length } as Answer }];
      case "multiple": {
        const right = new Set(displayedAnswer(q));
        return [{ ref, response: { kind: "multiple", options: q.options.map((_, i) => i).filter((i) => !right.has(i)) } as Answer }];
      }
      case "judge":
        return [{ ref, response: { kind: "judge", value: !q.answer.value } as Answer }];
      case "fill":
        return [{ ref, response: { kind: "fill", blanks: q.answer.blanks.map(() => "不知道") } as Answer }];
      default:
        return [];
    }
  });
}

let seed = 1000;

/** One attempt through the real models: start, save `answers(paper)`, and (unless `open`) submit, at `now`. */
export async function takeExam(
  db: DB,
  examId: number,
  user: Pick<User, "id">,
  answers: (paper: FrozenPaper) => Answers,
  options: { open?: boolean; now?: Date } = {},
): Promise<{ attemptId: number; paper: FrozenPaper }> {
  const now = options.now ?? new Date();
  const started = await startAttempt(db, { examId, userId: user.id, now, seed: seed++ });
  if (started.kind === "blocked") throw new Error(started.reasons.join("; "));
  const paper = await loadPaper(db, started.attemptId);
  const given = answers(paper);
  if (given.length > 0) await saveResponses(db, { attemptId: started.attemptId, userId: user.id, answers: given, seq: 1, now: new Date(now.getTime() + 60_000) });
  if (!options.open) await submitAttempt(db, { attemptId: started.attemptId, userId: user.id, now: new Date(now.getTime() + 120_000) });
  return { attemptId: started.attemptId, paper };
}

export const PYTHON = "/usr/bin/python3";

export function hasOpenpyxl(): boolean {
  try {
    execFileSync(PYTHON, ["-c", "import openpyxl"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Every sheet of an .xlsx as read by an independent reader (openpyxl): values as Python
 * sees them (numbers as numbers), plus the cells' data types, so tests can check that no
 * cell is a formula.
 */
export function readWithOpenpyxl(bytes: ArrayBuffer): { sheets: Record<string, unknown[][]>; order: string[]; formulas: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-xlsx-"));
  const file = path.join(dir, "file.xlsx");
  fs.writeFileSync(file, Buffer.from(bytes));
  const script = [
    "import json, sys, openpyxl",
    "wb = openpyxl.load_workbook(sys.argv[1])",
    "out = {'order': wb.sheetnames, 'sheets': {}, 'formulas': 0}",
    "for ws in wb.worksheets:",
    "    out['sheets'][ws.title] = [[c.value for c in row] for row in ws.iter_rows()]",
    "    out['formulas'] += sum(1 for row in ws.iter_rows() for c in row if c.data_type == 'f')",
    "print(json.dumps(out, ensure_ascii=False))",
  ].join("\n");
  try {
    return JSON.parse(execFileSync(PYTHON, ["-c", script, file], { encoding: "utf8", env: { ...process.env, PYTHONIOENCODING: "utf-8" } }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
