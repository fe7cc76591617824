import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { readFormData } from "~/utils/request.server";
import { formatClock, useCountdown } from "~/components/attempt/use-countdown";
import { QuestionCard } from "~/components/attempt/question-card";
import { type SaveState, useAutosave } from "~/components/attempt/use-autosave";
import { answersFromForm } from "~/domain/attempt-form";
import { cadreView, type CadreSectionView, unansweredNumbers } from "~/domain/attempt-view";
import { secondsLeft } from "~/domain/exams/attempt-time";
import { attemptWording } from "~/domain/exams/wording";
import type { Response } from "~/domain/exams/types";
import { isAnswered } from "~/domain/exams/validate-response";
import { finalizeIfExpired } from "~/models/attempt-finalize.server";
import { loadCadreViewJson, loadPaper, loadResponses, loadResponsesJson } from "~/models/attempt-storage.server";
import { saveResponses, submitAttempt } from "~/models/attempts.server";
import { requireOwnAttempt } from "~/utils/attempt-access.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime, formatDateTimeSeconds } from "~/utils/time";

async function loadOpenAttempt(args: LoaderFunctionArgs) {
  const { request, context, params } = args;
  const user = await requireUser(request, context);
  const attempt = await requireOwnAttempt(request, context, user, params.attemptId);
  const current = await finalizeIfExpired(context.db, attempt, new Date());
  if (current.status !== "in_progress") throw redirect(`/attempts/${attempt.id}/result`);
  return { user, attempt };
}

export async function loader(args: LoaderFunctionArgs) {
  const { attempt } = await loadOpenAttempt(args);
  const { context } = args;
  const now = new Date();
  const saved = await loadResponsesJson(context.db, attempt.id);
  return {
    // An untimed attempt (practice) shows no countdown: only when the window ends.
    timed: attempt.durationMinutes !== null,
    wording: attemptWording(attempt.examKind),
    attemptId: attempt.id,
    examId: attempt.exam_id,
    examTitle: attempt.examTitle,
    // As one JSON string, stored when the paper was frozen: the page's largest value (60
    // questions) costs the server one read and the phone one JSON.parse.
    sectionsJson: await loadCadreViewJson(context.db, attempt.id),
    // Like the paper, one JSON string: the phone parses it once.
    responsesJson: saved.json,
    lastSeq: attempt.last_seq,
    secondsLeft: secondsLeft(now, new Date(attempt.deadline_at)),
    deadline: formatDateTime(attempt.deadline_at, context.timeZone),
    lastSavedAt: saved.lastSavedAt ? formatDateTimeSeconds(saved.lastSavedAt, context.timeZone).slice(11) : null,
    timeZone: context.timeZone,
  };
}

type ActionResult =
  | { kind: "confirm"; unanswered: number[] }
  | { kind: "error"; message: string };

/** The form path: works without JavaScript (保存答案 / 交卷), and is how the script submits too. */
export async function action(args: ActionFunctionArgs) {
  const { user, attempt } = await loadOpenAttempt(args);
  const { request, context } = args;
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "save");
  const expectedSeq = Number(form.get("lastSeq"));
  const paper = await loadPaper(context.db, attempt.id);
  const answers = answersFromForm(form, cadreView(paper));
  const now = new Date();

  if (answers.length > 0) {
    if (!Number.isInteger(expectedSeq) || expectedSeq < 0) return data<ActionResult>({ kind: "error", message: "请求无效，请刷新页面" }, { status: 400 });
    const saved = await saveResponses(context.db, { attemptId: attempt.id, userId: user.id, answers, seq: expectedSeq + 1, now });
    if (saved.kind === "closed") throw redirect(`/attempts/${attempt.id}/result`);
    if (saved.kind === "conflict") return data<ActionResult>({ kind: "error", message: `${saved.message}，请核对后再保存。` }, { status: 409 });
    if (saved.kind !== "saved") return data<ActionResult>({ kind: "error", message: "message" in saved ? saved.message : "保存失败" }, { status: 400 });
  }

  // Post/Redirect/Get: reloading the page afterwards must not post the form again.
  if (intent === "save") throw redirect(`/attempts/${attempt.id}`);

  if (intent === "submit") {
    const { responses } = await loadResponses(context.db, attempt.id);
    const unanswered = unansweredNumbers(paper, responses, isAnswered);
    if (unanswered.length > 0) return data<ActionResult>({ kind: "confirm", unanswered });
  }
  if (intent === "submit" || intent === "submit-confirmed") {
    await submitAttempt(context.db, { attemptId: attempt.id, userId: user.id, now });
    throw redirect(`/attempts/${attempt.id}/result`);
  }
  return data<ActionResult>({ kind: "error", message: "未知操作" }, { status: 400 });
}

function SaveIndicator({ state, pendingCount, lastSavedAt, timeZone }: { state: SaveState; pendingCount: number; lastSavedAt: string | null; timeZone: string }) {
  const time = (iso: string) => new Intl.DateTimeFormat("zh-CN", { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(new Date(iso));
  let text: string;
  let tone = "";
  switch (state.kind) {
    case "idle":
      text = lastSavedAt ? `已保存 ${lastSavedAt}` : "作答会自动保存";
      break;
    case "saving":
      text = "正在保存…";
      break;
    case "saved":
      text = pendingCount > 0 ? "正在保存…" : `已保存 ${time(state.at)}`;
      tone = "ok";
      break;
    case "retrying":
      text = `${state.message}（${pendingCount} 题待保存）`;
      tone = "warn";
      break;
    case "offline":
      text = `网络已断开：${pendingCount} 题答案已存在本机，恢复网络后自动保存`;
      tone = "warn";
      break;
    case "conflict":
    case "error":
    case "closed":
      text = state.message;
      tone = "bad";
      break;
    case "signed_out":
      text = `登录已失效：${pendingCount} 题答案保存在本机，请重新登录后继续，答案会自动提交`;
      tone = "bad";
      break;
  }
  return (
    <p className={`save-state ${tone}`} role="status" aria-live="polite" data-testid="save-state">
      {text}
    </p>
  );
}

export default function AttemptPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const savedResponses = useMemo(() => JSON.parse(loaded.responsesJson) as Record<string, Response>, [loaded.responsesJson]);
  const [answers, setAnswers] = useState<Record<string, Response>>(savedResponses);
  const [confirming, setConfirming] = useState<number[] | null>(null);
  const [hydrated, setHydrated] = useState(false);
  const [blockedMessage, setBlockedMessage] = useState<string | null>(null);
  const countdown = useCountdown(loaded.secondsLeft);
  const autoSubmitted = useRef(false);

  useEffect(() => setHydrated(true), []);
  // A no-JS style save re-renders with fresh loader data: take it.
  useEffect(() => setAnswers((current) => ({ ...savedResponses, ...current })), [savedResponses]);

  const autosave = useAutosave({
    attemptId: loaded.attemptId,
    initialSeq: loaded.lastSeq,
    onSecondsLeft: countdown.resync,
    onServerAnswers: setAnswers,
    onRestore: (restored) => setAnswers((current) => ({ ...current, ...restored })),
    onClosed: () => navigate(`/attempts/${loaded.attemptId}/result`),
  });

  // Stable while the cadre answers, so only the card whose answer changed re-renders.
  const queueSave = autosave.queue;
  const onChange = useCallback(
    (ref: string, response: Response) => {
      setAnswers((current) => ({ ...current, [ref]: response }));
      queueSave(ref, response);
    },
    [queueSave],
  );

  const sections = useMemo(() => JSON.parse(loaded.sectionsJson) as CadreSectionView[], [loaded.sectionsJson]);
  const questions = useMemo(() => sections.flatMap((s) => s.questions), [sections]);
  const answered = questions.map((q) => isAnswered(answers[q.ref]));
  const unanswered = questions.filter((_, i) => !answered[i]).map((q) => q.number);

  // 交卷 happens once every answer is on the server: when the cadre confirms, or when time
  // runs out. Offline at that moment, it waits: as soon as the pending answers are saved
  // (the network is back, within the grace period) the attempt is submitted.
  const wantsSubmit = useRef(false);
  const submitting = useRef(false);
  const trySubmit = useCallback(async () => {
    if (!wantsSubmit.current || submitting.current) return;
    await autosave.flush();
    if (autosave.hasPending()) {
      setBlockedMessage("还有答案没有保存到服务器（网络不通）。恢复网络后会自动保存并交卷；答案已保存在本机，不会丢失。");
      return;
    }
    submitting.current = true;
    setBlockedMessage(null);
    try {
      // The JSON endpoint grades and commits before it answers; then the result page opens.
      const response = await fetch(`/attempts/${loaded.attemptId}/submit`, { method: "POST", headers: { Accept: "application/json" }, cache: "no-store" });
      const reply = (await response.json().catch(() => null)) as { kind?: string; resultUrl?: string; message?: string } | null;
      if (response.ok && reply?.kind === "finished" && reply.resultUrl) {
        navigate(reply.resultUrl);
        return;
      }
      if (response.status === 401) setBlockedMessage("登录已失效，答案都已保存在服务器。请重新登录后交卷。");
      else setBlockedMessage(reply?.message ?? "交卷未完成，正在重试；答案都已保存。");
    } catch {
      setBlockedMessage("网络不通，恢复网络后将自动交卷；答案都已保存。");
    }
    // Not finished: the retry timer (and the browser coming back online) tries again.
    submitting.current = false;
  }, [autosave, loaded.attemptId, navigate]);

  const finalSubmit = useCallback(() => {
    wantsSubmit.current = true;
    void trySubmit();
  }, [trySubmit]);

  useEffect(() => {
    if (countdown.secondsLeft === 0 && !autoSubmitted.current) {
      autoSubmitted.current = true;
      finalSubmit();
    }
  }, [countdown.secondsLeft, finalSubmit]);

  // Waiting to submit: try again when the pending answers are saved, when the browser is back online, and every few seconds.
  useEffect(() => {
    if (autosave.state.kind === "saved" && autosave.pendingCount === 0) void trySubmit();
  }, [autosave.state, autosave.pendingCount, trySubmit]);
  useEffect(() => {
    const again = () => void trySubmit();
    window.addEventListener("online", again);
    const timer = setInterval(again, 5_000);
    return () => {
      window.removeEventListener("online", again);
      clearInterval(timer);
    };
  }, [trySubmit]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === "hidden") navigator.sendBeacon?.(`/attempts/${loaded.attemptId}/leave`);
    };
    document.addEventListener("visibilitychange", onHide);
    return () => document.removeEventListener("visibilitychange", onHide);
  }, [loaded.attemptId]);

  const confirmList = confirming ?? (actionData?.kind === "confirm" ? actionData.unanswered : null);
  const busy = navigation.state !== "idle";
  const lowTime = countdown.secondsLeft !== null && countdown.secondsLeft <= 300;

  return (
    <div className="attempt">
      <div className="attempt-bar">
        <strong className="attempt-title">{loaded.examTitle}</strong>
        {loaded.timed ? (
          <span className={`countdown ${lowTime ? "low" : ""}`} aria-label="剩余时间" data-testid="countdown">
            剩余 {formatClock(countdown.secondsLeft ?? 0)}
          </span>
        ) : (
          <span className="muted" data-testid="window-end">
            不限时 · 开放至 {loaded.deadline}
          </span>
        )}
        <SaveIndicator state={autosave.state} pendingCount={autosave.pendingCount} lastSavedAt={loaded.lastSavedAt} timeZone={loaded.timeZone} />
      </div>
      {loaded.timed ? <p className="muted">截止时间 {loaded.deadline}（以服务器时间为准），超时系统自动按已保存的答案交卷。</p> : null}
      {actionData?.kind === "error" ? (
        <p className="alert error" role="alert">
          {actionData.message}
        </p>
      ) : null}
      {autosave.state.kind === "signed_out" ? (
        <p className="alert error" role="alert">
          登录已失效，答案仍保存在本机。<a href={`/login?redirectTo=${encodeURIComponent(`/attempts/${loaded.attemptId}`)}`}>重新登录</a>后回到本页，答案会自动提交。
        </p>
      ) : null}
      {blockedMessage ? (
        <p className="alert warning" role="alert">
          {blockedMessage}
        </p>
      ) : null}

      <nav className="answer-card card" aria-label="答题卡">
        <h2>答题卡</h2>
        <p className="muted">
          已答 {questions.length - unanswered.length} / {questions.length} 题
        </p>
        <ol>
          {questions.map((q, i) => (
            <li key={q.ref}>
              <a href={`#question-${q.number}`} className={answered[i] ? "done" : ""} aria-label={`第 ${q.number} 题${answered[i] ? "已答" : "未答"}`}>
                {q.number}
              </a>
            </li>
          ))}
        </ol>
      </nav>

      <Form
        method="post"
        onSubmit={(event) => {
          if (!hydrated) return;
          // With JavaScript every change is already being saved; buttons only flush or submit.
          event.preventDefault();
          const intent = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value");
          if (intent === "submit") setConfirming(unanswered);
          else void autosave.flush();
        }}
      >
        <input type="hidden" name="lastSeq" value={loaded.lastSeq} />
        {sections.map((section) => (
          <section key={section.title} className="paper-section">
            <h2>
              {section.title}
              <span className="muted">（共 {section.questions.length} 题，每题 {section.points} 分）</span>
            </h2>
            {section.questions.map((q) => (
              <QuestionCard key={q.ref} question={q} response={answers[q.ref]} disabled={busy} onChange={onChange} />
            ))}
          </section>
        ))}
        <div className="actions sticky-actions">
          <button type="submit" name="intent" value="save" className="button secondary">
            保存答案
          </button>
          <button type="submit" name="intent" value="submit" className="button">
            {loaded.wording.submit}
          </button>
        </div>
      </Form>

      {confirmList ? (
        <div className="confirm card" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
          <h2 id="confirm-title">{loaded.wording.confirmTitle}</h2>
          {confirmList.length > 0 ? (
            <p className="alert warning">
              还有 {confirmList.length} 题未作答：第 {confirmList.join("、")} 题。
            </p>
          ) : (
            <p>所有题目都已作答。</p>
          )}
          <p>{loaded.wording.afterSubmit}</p>
          <Form
            method="post"
            className="actions"
            onSubmit={(event) => {
              if (!hydrated) return;
              event.preventDefault();
              finalSubmit();
            }}
          >
            <input type="hidden" name="lastSeq" value={loaded.lastSeq} />
            <button type="submit" name="intent" value="submit-confirmed" className="button" disabled={busy}>
              {loaded.wording.confirmButton}
            </button>
            <a
              href={`/attempts/${loaded.attemptId}`}
              className="button secondary"
              onClick={(event) => {
                event.preventDefault();
                setConfirming(null);
                if (actionData?.kind === "confirm") navigate(".", { replace: true });
              }}
            >
              继续作答
            </a>
          </Form>
        </div>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "作答 · 考学" }];
