import { useCallback, useEffect, useRef, useState } from "react";

import type { Response } from "~/domain/exams/types";

export type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: string }
  | { kind: "retrying"; message: string }
  | { kind: "offline" }
  | { kind: "conflict"; message: string }
  | { kind: "error"; message: string }
  | { kind: "closed"; message: string }
  | { kind: "signed_out" };

type Entry = { response: Response; version: number };

/** The save being sent: frozen, so a retry after a lost reply is the very same request. */
type InFlight = { saveId: string; seq: number; entries: Array<[string, Entry]> };

type SaveReply =
  | { kind: "saved"; seq: number; savedAt: string; secondsLeft: number }
  | { kind: "conflict"; lastSeq: number; responses: Record<string, Response>; message: string }
  | { kind: "closed" | "invalid" | "rate_limited" | "unauthenticated" | "busy" | "error"; message: string };

/** 128 random bits as hex (getRandomValues works on plain http too, unlike randomUUID). */
function newSaveId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

const storageKey = (attemptId: number) => `kaoxue.attempt.${attemptId}.pending`;

function readStored(attemptId: number): Record<string, Response> {
  try {
    const raw = window.localStorage.getItem(storageKey(attemptId));
    return raw ? (JSON.parse(raw) as Record<string, Response>) : {};
  } catch {
    return {};
  }
}

/**
 * Saves every change at once, in order, one request at a time. Unacknowledged answers are
 * kept in localStorage, so a lost network or a reload loses nothing: they are sent when the
 * network returns. Each request carries the next sequence number and an id of its own; the
 * server refuses an older sequence (409: another tab saved since) and the page adopts the
 * server's answers. A request whose reply never came is sent again exactly as it was (same
 * sequence, same id, same answers), so the server can tell "already applied" from "stale";
 * answers changed meanwhile wait for the next request.
 */
export function useAutosave(options: {
  attemptId: number;
  initialSeq: number;
  onSecondsLeft: (seconds: number) => void;
  /** The server's answers replace the page's (after a 409). */
  onServerAnswers: (responses: Record<string, Response>) => void;
  /** Answers restored from this browser's storage are laid over the page's. */
  onRestore: (responses: Record<string, Response>) => void;
  onClosed: () => void;
}) {
  const { attemptId } = options;
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const [pendingCount, setPendingCount] = useState(0);
  const pending = useRef(new Map<string, Entry>());
  const seq = useRef(options.initialSeq);
  const version = useRef(0);
  const inFlight = useRef<Promise<void> | null>(null);
  const inFlightBatch = useRef<InFlight | null>(null);
  const failures = useRef(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const callbacks = useRef(options);
  callbacks.current = options;

  const persist = useCallback(() => {
    const plain: Record<string, Response> = {};
    for (const [ref, entry] of pending.current) plain[ref] = entry.response;
    try {
      if (pending.current.size === 0) window.localStorage.removeItem(storageKey(attemptId));
      else window.localStorage.setItem(storageKey(attemptId), JSON.stringify(plain));
    } catch {
      // Storage full or disabled: the in-memory queue still retries.
    }
    setPendingCount(pending.current.size);
  }, [attemptId]);

  const sendOnce = useCallback(async (): Promise<"again" | "done" | "retry"> => {
    if (!inFlightBatch.current) {
      if (pending.current.size === 0) return "done";
      inFlightBatch.current = { saveId: newSaveId(), seq: seq.current + 1, entries: [...pending.current.entries()] };
    }
    const batch = inFlightBatch.current;
    setState({ kind: "saving" });
    let reply: SaveReply;
    let status: number;
    try {
      const response = await fetch(`/attempts/${attemptId}/save`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ seq: batch.seq, saveId: batch.saveId, answers: batch.entries.map(([ref, e]) => ({ ref, response: e.response })) }),
      });
      status = response.status;
      reply = (await response.json()) as SaveReply;
    } catch {
      // No reply: the save may or may not have been applied. It is sent again as it is.
      setState(navigator.onLine ? { kind: "retrying", message: "保存失败，正在重试" } : { kind: "offline" });
      return "retry";
    }
    if (reply.kind === "saved") {
      inFlightBatch.current = null;
      seq.current = reply.seq;
      failures.current = 0;
      for (const [ref, entry] of batch.entries) {
        if (pending.current.get(ref)?.version === entry.version) pending.current.delete(ref);
      }
      persist();
      setState({ kind: "saved", at: reply.savedAt });
      callbacks.current.onSecondsLeft(reply.secondsLeft);
      return pending.current.size > 0 ? "again" : "done";
    }
    if (reply.kind === "rate_limited" || status >= 500) {
      setState({ kind: "retrying", message: "保存失败，正在重试" });
      return "retry";
    }
    inFlightBatch.current = null;
    if (reply.kind === "conflict") {
      // The server holds newer answers saved from another tab: adopt them.
      seq.current = reply.lastSeq;
      pending.current.clear();
      persist();
      callbacks.current.onServerAnswers(reply.responses);
      setState({ kind: "conflict", message: `${reply.message}。如在其他页面作答，请关闭多余页面并刷新。` });
      return "done";
    }
    if (reply.kind === "closed") {
      pending.current.clear();
      persist();
      setState({ kind: "closed", message: reply.message });
      callbacks.current.onClosed();
      return "done";
    }
    if (reply.kind === "unauthenticated") {
      // Signed out (session ended elsewhere): keep every answer in this browser until they sign in again.
      setState({ kind: "signed_out" });
      return "done";
    }
    // Refused input cannot succeed by retrying; drop it and say so.
    for (const [ref] of batch.entries) pending.current.delete(ref);
    persist();
    setState({ kind: "error", message: `未保存：${reply.message}` });
    return "done";
  }, [attemptId, persist]);

  const flush = useCallback((): Promise<void> => {
    if (inFlight.current) return inFlight.current;
    if (retryTimer.current) {
      clearTimeout(retryTimer.current);
      retryTimer.current = null;
    }
    const run = (async () => {
      for (;;) {
        const outcome = await sendOnce();
        if (outcome === "again") continue;
        if (outcome === "retry") {
          failures.current += 1;
          const delay = Math.min(30_000, 1000 * 2 ** Math.min(failures.current - 1, 5));
          retryTimer.current = setTimeout(() => void flush(), delay);
        }
        return;
      }
    })().finally(() => {
      inFlight.current = null;
    });
    inFlight.current = run;
    return run;
  }, [sendOnce]);

  const queue = useCallback(
    (ref: string, response: Response) => {
      version.current += 1;
      pending.current.set(ref, { response, version: version.current });
      persist();
      if (inFlight.current) void inFlight.current.then(() => flush());
      else void flush();
    },
    [flush, persist],
  );

  useEffect(() => {
    // Answers left unsent by an earlier visit (offline, closed tab) are shown and sent now.
    const stored = readStored(attemptId);
    const refs = Object.keys(stored);
    if (refs.length > 0) {
      for (const ref of refs) {
        version.current += 1;
        pending.current.set(ref, { response: stored[ref], version: version.current });
      }
      setPendingCount(refs.length);
      callbacks.current.onRestore(stored);
      void flush();
    }
    const online = () => void flush();
    const offline = () => setState({ kind: "offline" });
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      if (retryTimer.current) clearTimeout(retryTimer.current);
    };
  }, [attemptId, flush]);

  return { state, pendingCount, queue, flush, hasPending: () => pending.current.size > 0 };
}
