/**
 * Sorts a cadre's exams for 我的考试: what is open now (soonest deadline first), what is
 * coming, what is done, and practice apart. Pure: takes `now`.
 */
import { examWindowState } from "./exams/attempt-time";

export type MyExamInput = {
  id: number;
  title: string;
  kind: string;
  status: "draft" | "published" | "closed";
  opensAt: string;
  closesAt: string;
  attempts: Array<{ status: string; score: number | null; maxScore: number; passed: number | null; pending: boolean }>;
  attemptsAllowed: number | null;
};

export type MyExam = {
  id: number;
  title: string;
  kind: string;
  opensAt: string;
  closesAt: string;
  state: "not_started" | "in_progress" | "done" | "missed";
  best: { score: number; maxScore: number; passed: boolean | null; pending: boolean } | null;
  attemptsLeft: number | null;
};

export function sortMyExams(exams: MyExamInput[], now: Date) {
  const groups = { open: [] as MyExam[], coming: [] as MyExam[], done: [] as MyExam[], practice: [] as MyExam[] };
  for (const exam of exams) {
    const finished = exam.attempts.filter((a) => a.status !== "in_progress");
    const bestAttempt = [...finished].sort((a, b) => (b.score ?? -1) - (a.score ?? -1))[0];
    const attemptsLeft = exam.attemptsAllowed === null ? null : Math.max(0, exam.attemptsAllowed - exam.attempts.length);
    const inProgress = exam.attempts.some((a) => a.status === "in_progress");
    const window = exam.status === "closed" ? "closed" : examWindowState(now, new Date(exam.opensAt), new Date(exam.closesAt));
    const view: MyExam = {
      id: exam.id,
      title: exam.title,
      kind: exam.kind,
      opensAt: exam.opensAt,
      closesAt: exam.closesAt,
      state: inProgress ? "in_progress" : finished.length > 0 ? "done" : window === "closed" ? "missed" : "not_started",
      best: bestAttempt
        ? { score: bestAttempt.score ?? 0, maxScore: bestAttempt.maxScore, passed: bestAttempt.passed === null ? null : Boolean(bestAttempt.passed), pending: bestAttempt.pending }
        : null,
      attemptsLeft,
    };
    if (exam.kind === "practice" && window === "open") groups.practice.push(view);
    else if (window === "not_open") groups.coming.push(view);
    // An attempt in progress is always open to its cadre, even one reopened after the exam closed.
    else if (inProgress || (window === "open" && (attemptsLeft === null || attemptsLeft > 0))) groups.open.push(view);
    else groups.done.push(view);
  }
  groups.open.sort((a, b) => a.closesAt.localeCompare(b.closesAt));
  groups.coming.sort((a, b) => a.opensAt.localeCompare(b.opensAt));
  groups.done.sort((a, b) => b.closesAt.localeCompare(a.closesAt));
  return groups;
}
