/**
 * Exam report exports off the event loop (issue 13): a long-lived worker thread with a
 * read-only connection of its own computes the report and writes the file, and streams the
 * bytes back to the main thread, which answers the download. Saves and pages keep the main
 * thread; an export costs them only the chunks it hands over.
 *
 * Both ends are here: `serveReportJobs` runs in the worker (server/report-worker.mjs calls
 * it through the build's entry module), `createReportExporter` runs in the server
 * (server.mjs) and is handed to the loaders as `context.exportReport`.
 *
 * Flow control: the worker sends chunks of CHUNK_BYTES and stops when WINDOW chunks are not
 * yet acknowledged; the main thread acknowledges a chunk once the response stream has
 * room for it (its queue below QUEUE_BYTES), so a slow client holds the worker back
 * instead of making either side buffer the whole file. Chunks are fresh buffers of the
 * worker's own, transferred (never a view into a pooled buffer, which transferring would
 * detach under someone else).
 *
 * Failures: anything that goes wrong before the first message with the counts rejects the
 * export (the loader answers 500 with a Chinese message); after it, the response stream
 * errors, so the download is cut off rather than ending as a short file that looks whole.
 * A worker that dies fails its jobs the same way and is started again for the next one.
 */

import type { DB } from "../db/client";
import { openDatabase } from "../db/client";
import { getEnv } from "~/utils/env.server";
import { type ExamExportJob, type ExamReportFile, examReportFile, type ExportReport } from "~/utils/report-downloads.server";

export const CHUNK_BYTES = 64 * 1024;
/** Unacknowledged chunks the worker may have in flight for one job. */
export const WINDOW = 4;
/** What the main thread keeps queued for the response before it stops acknowledging. */
export const QUEUE_BYTES = 256 * 1024;

export type ToWorker = { kind: "job"; id: number; job: ExamExportJob } | { kind: "ack"; id: number } | { kind: "cancel"; id: number };

export type FromWorker =
  | { kind: "head"; id: number; rows: number; absentees: number }
  | { kind: "chunk"; id: number; bytes: Uint8Array }
  | { kind: "end"; id: number }
  | { kind: "error"; id: number; message: string };

/** A worker_threads MessagePort or Worker, as far as the two ends use it. */
export type Endpoint = {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  // The payload's shape is the protocol's (ToWorker / FromWorker), checked where it is read.
  on(event: string, listener: (value: any) => void): unknown;
};

// --- the worker's end --------------------------------------------------------------------

type RunningJob = { unacked: number; cancelled: boolean; wake: (() => void) | null };

/**
 * Answers export jobs posted to `port`, each as head, chunks and end (or error). `open` gives
 * the worker's database handle (read-only); jobs run concurrently, each held back by its own
 * window.
 */
export function serveReportJobs(port: Endpoint, open: () => DB): void {
  const running = new Map<number, RunningJob>();
  const post = (message: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

  async function send(id: number, job: RunningJob, bytes: Uint8Array) {
    post({ kind: "chunk", id, bytes }, [bytes.buffer as ArrayBuffer]);
    job.unacked++;
    while (job.unacked >= WINDOW && !job.cancelled) await new Promise<void>((resolve) => (job.wake = resolve));
  }

  async function run(id: number, exportJob: ExamExportJob) {
    const job: RunningJob = { unacked: 0, cancelled: false, wake: null };
    running.set(id, job);
    try {
      const file: ExamReportFile = await examReportFile(open(), exportJob);
      if (job.cancelled) {
        await file.body.cancel();
        return;
      }
      post({ kind: "head", id, rows: file.rows, absentees: file.absentees });
      const reader = file.body.getReader();
      let chunk = new Uint8Array(CHUNK_BYTES);
      let filled = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (job.cancelled) {
          await reader.cancel();
          return;
        }
        if (done) break;
        // Copied into a buffer of our own: `value` may share its ArrayBuffer with other data.
        for (let offset = 0; offset < value.byteLength; ) {
          const n = Math.min(CHUNK_BYTES - filled, value.byteLength - offset);
          chunk.set(value.subarray(offset, offset + n), filled);
          filled += n;
          offset += n;
          if (filled === CHUNK_BYTES) {
            await send(id, job, chunk);
            if (job.cancelled) {
              await reader.cancel();
              return;
            }
            chunk = new Uint8Array(CHUNK_BYTES);
            filled = 0;
          }
        }
      }
      if (filled > 0) await send(id, job, chunk.slice(0, filled));
      post({ kind: "end", id });
    } catch (error) {
      console.error("report export failed in the worker", error);
      post({ kind: "error", id, message: error instanceof Error ? error.message : String(error) });
    } finally {
      running.delete(id);
    }
  }

  port.on("message", (message: ToWorker) => {
    if (message.kind === "job") {
      void run(message.id, message.job);
      return;
    }
    const job = running.get(message.id);
    if (!job) return;
    if (message.kind === "ack") job.unacked--;
    else job.cancelled = true;
    job.wake?.();
    job.wake = null;
  });
}

/**
 * The worker's entry (server/report-worker.mjs, which has already lowered the thread's
 * priority): jobs on `port`, the database of the environment opened read-only once.
 */
export function startReportWorker(port: Endpoint): void {
  let db: DB | null = null;
  serveReportJobs(port, () => (db ??= openDatabase(getEnv().DATABASE_PATH, { readonly: true })));
}

// --- the server's end --------------------------------------------------------------------

/** A worker_threads Worker, as far as the exporter uses it. */
export type WorkerLike = Endpoint & {
  /** Also "exit" (code) and "error" (Error), as a Worker emits them. */
  terminate(): Promise<number>;
  unref?(): void;
};

export type ExporterOptions = {
  /** Jobs the worker runs at once; later ones wait in order. */
  concurrency?: number;
  /** A worker without jobs for this long is stopped (its memory returned); the next export starts one. */
  idleMs?: number;
  /**
   * Keep a worker ready (the server does): one starts with the exporter, and a fresh one
   * replaces a worker that idled out, so an export never waits for a thread to load the
   * build (three quarters of a cold CSV of 10,000 attempts). A worker that died is started
   * again only for the next export, so a broken one cannot loop.
   */
  ready?: boolean;
};

class ExportFailedError extends Error {}

type Job = {
  id: number;
  job: ExamExportJob;
  resolve: (file: ExamReportFile) => void;
  reject: (error: Error) => void;
  controller: ReadableStreamDefaultController<Uint8Array> | null;
  /** Chunks received but not yet acknowledged (the response's queue was full). */
  owed: number;
  done: boolean;
  signal?: AbortSignal;
  onAbort?: () => void;
};

/**
 * The export function of the server: jobs go to one worker from `spawn` (started on the first
 * export, again after it died or idled out), at most `concurrency` at once.
 */
export function createReportExporter(spawn: () => WorkerLike, options: ExporterOptions = {}): ExportReport {
  const concurrency = options.concurrency ?? 2;
  const idleMs = options.idleMs ?? 60_000;
  let worker: WorkerLike | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  let nextId = 1;
  const active = new Map<number, Job>();
  const waiting: Job[] = [];

  const post = (message: ToWorker) => worker?.postMessage(message);

  function finish(job: Job) {
    if (job.done) return;
    job.done = true;
    active.delete(job.id);
    if (job.onAbort) job.signal?.removeEventListener("abort", job.onAbort);
    pump();
  }

  function fail(job: Job, error: Error) {
    if (job.done) return;
    if (job.controller) job.controller.error(error);
    else job.reject(error);
    finish(job);
  }

  function startWorker(): WorkerLike {
    const started = spawn();
    started.unref?.();
    started.on("message", (message: FromWorker) => {
      const job = active.get(message.id);
      if (!job || job.done) return;
      if (message.kind === "head") {
        const body = new ReadableStream<Uint8Array>(
          {
            start(controller) {
              job.controller = controller;
            },
            pull() {
              for (; job.owed > 0; job.owed--) post({ kind: "ack", id: job.id });
            },
            cancel() {
              post({ kind: "cancel", id: job.id });
              finish(job);
            },
          },
          { highWaterMark: QUEUE_BYTES, size: (chunk) => chunk.byteLength },
        );
        job.resolve({ rows: message.rows, absentees: message.absentees, body });
      } else if (message.kind === "chunk") {
        const controller = job.controller!;
        controller.enqueue(message.bytes);
        if ((controller.desiredSize ?? 0) > 0) post({ kind: "ack", id: job.id });
        else job.owed++;
      } else if (message.kind === "end") {
        job.controller?.close();
        finish(job);
      } else {
        fail(job, new ExportFailedError(`报表导出失败：${message.message}`));
      }
    });
    started.on("error", (error: Error) => console.error("report export worker failed", error));
    started.on("exit", (code: number) => {
      if (worker === started) worker = null;
      for (const job of [...active.values()]) fail(job, new ExportFailedError(`报表导出进程意外退出（${code}）`));
      pump();
    });
    return started;
  }

  function pump() {
    while (active.size < concurrency && waiting.length > 0) {
      const job = waiting.shift()!;
      if (job.signal?.aborted) {
        job.reject(new ExportFailedError("下载已取消"));
        continue;
      }
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;
      worker ??= startWorker();
      active.set(job.id, job);
      post({ kind: "job", id: job.id, job: job.job });
    }
    if (active.size === 0 && waiting.length === 0 && worker && !idleTimer) {
      idleTimer = setTimeout(() => {
        idleTimer = null;
        if (active.size === 0 && worker) {
          const idle = worker;
          worker = null;
          void idle.terminate();
          if (options.ready) worker = startWorker();
        }
      }, idleMs);
      idleTimer.unref?.();
    }
  }

  if (options.ready) worker = startWorker();

  return (exportJob, signal) =>
    new Promise<ExamReportFile>((resolve, reject) => {
      const job: Job = { id: nextId++, job: exportJob, resolve, reject, controller: null, owed: 0, done: false, signal };
      if (signal) {
        // The client went away: the worker stops, whether it is computing or sending.
        job.onAbort = () => {
          if (active.has(job.id)) post({ kind: "cancel", id: job.id });
          fail(job, new ExportFailedError("下载已取消"));
        };
        signal.addEventListener("abort", job.onAbort, { once: true });
      }
      waiting.push(job);
      pump();
    });
}
