/**
 * Issue 13, point 4, on the real server: a report export of a large exam runs in the export
 * worker thread (not on the thread that answers saves and pages), at a lower scheduling
 * priority, as every thread but the main one runs, while the server keeps answering; and the
 * files it serves are the ones the in-process path (KAOXUE_EXPORT_WORKER=0) serves for the
 * same database. No browser: the organizer's downloads over HTTP.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import ExcelJS from "exceljs";

import { AppProcess, ownServerPort } from "./support/app-process";
import { expect, test } from "./support/fixtures";
import { root } from "./support/paths.mjs";

const GRADED = 2_000;

type ThreadStat = { tid: number; name: string; nice: number; cpuTicks: number };

/** Every thread of a process with its name, nice value and CPU time so far (Linux /proc). */
function threads(pid: number): ThreadStat[] {
  return fs.readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // After the name: state is field 3 of stat(5), utime 14, stime 15, nice 19.
      return [{ tid: Number(tid), name, nice: Number(fields[16]), cpuTicks: Number(fields[11]) + Number(fields[12]) }];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
}

async function download(server: AppProcess, url: string, cookie: string): Promise<Buffer> {
  const response = await fetch(`${server.baseURL}${url}`, { headers: { Cookie: cookie } });
  expect(response.status, url).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** Every sheet as its name and its rows of cell values: what an organizer sees in the file. */
async function sheetsOf(file: Buffer): Promise<Array<{ name: string; rows: unknown[][] }>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
    return { name: sheet.name, rows };
  });
}

test("a large export runs in the low-priority worker thread while the server answers, and gives the in-process files", async () => {
  test.setTimeout(300_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-export-"));
  const output = execFileSync(process.execPath, ["--import", "tsx", path.join(root, "tests/e2e/support/report-fixture.ts"), dir, String(GRADED)], { cwd: root, encoding: "utf8" });
  const fixture = JSON.parse(output.trim().split("\n").at(-1)!) as { file: string; gradedExamId: number; organizerCookie: string };
  const report = (format: string) => `/manage/exams/${fixture.gradedExamId}/report.${format}`;

  const withWorker = new AppProcess(ownServerPort(7), { KAOXUE_DEMO: "0" }, fixture.file);
  await withWorker.start();
  let workerFiles: { csv: Buffer; xlsx: Buffer };
  try {
    // The first export starts the worker thread; the second is measured.
    await download(withWorker, report("csv"), fixture.organizerCookie);
    const before = new Map(threads(withWorker.pid).map((t) => [t.tid, t.cpuTicks]));
    let exporting = true;
    let answered = 0;
    const pinging = (async () => {
      while (exporting) {
        const health = await fetch(`${withWorker.baseURL}/healthz`);
        expect(health.status).toBe(200);
        answered++;
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const xlsx = await download(withWorker, report("xlsx"), fixture.organizerCookie);
    exporting = false;
    await pinging;
    expect(answered, "health checks answered during the export").toBeGreaterThan(0);

    const after = threads(withWorker.pid);
    const used = (t: ThreadStat) => t.cpuTicks - (before.get(t.tid) ?? 0);
    const main = after.find((t) => t.tid === withWorker.pid)!;
    // The main thread alone keeps the normal priority: the export thread, V8's helpers (which
    // did the export isolate's compiling and collecting), libuv's pool and the checkpoint
    // thread all run at nice 10.
    expect(main.nice).toBe(0);
    expect(after.filter((t) => t.nice !== 10).map((t) => t.tid)).toEqual([withWorker.pid]);
    expect(after.length).toBeGreaterThanOrEqual(10);
    // The export's work was done on a lowered thread, not on the thread that answers saves and pages.
    const busiest = after.filter((t) => t.tid !== main.tid).sort((a, b) => used(b) - used(a))[0];
    expect(used(busiest)).toBeGreaterThan(used(main));

    workerFiles = { csv: await download(withWorker, report("csv"), fixture.organizerCookie), xlsx };
  } finally {
    await withWorker.kill();
  }

  const inProcess = new AppProcess(ownServerPort(8), { KAOXUE_DEMO: "0", KAOXUE_EXPORT_WORKER: "0" }, fixture.file);
  await inProcess.start();
  try {
    const csv = await download(inProcess, report("csv"), fixture.organizerCookie);
    const xlsx = await download(inProcess, report("xlsx"), fixture.organizerCookie);
    // Without the export thread the rest of the policy holds: only the main thread at nice 0.
    expect(threads(inProcess.pid).filter((t) => t.nice !== 10).map((t) => t.tid)).toEqual([inProcess.pid]);
    expect(csv.equals(workerFiles.csv)).toBe(true);
    const sheets = await sheetsOf(xlsx);
    expect(sheets.map((s) => s.name)).toHaveLength(4);
    // 成绩明细 holds a row per cadre (and the header).
    expect(sheets.some((s) => s.rows.length === GRADED + 1)).toBe(true);
    expect(await sheetsOf(workerFiles.xlsx)).toEqual(sheets);
  } finally {
    await inProcess.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
