import { startBackgroundCheckpoints } from "../db/checkpoints";
import { driverOf, migrateToLatest, openDatabase, type DB } from "../db/client";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDatabaseEmpty, seedDemoBureau } from "../db/seed";
import { seedDemoAppointments } from "../db/seed-appointments";
import { seedDemoExams } from "../db/seed-exams";
import { seedDemoLawStudy } from "../db/seed-law-study";
import { syncOpenCases } from "~/models/appointments.server";
import { finalizeExpiredAttempts } from "~/models/attempt-finalize.server";
import { backfillAttemptItems } from "~/models/attempt-storage.server";
import { importBundledBanks } from "~/models/bank-transfer.server";
import { importRegulationsDir, regulationsDir } from "~/models/regulation-transfer.server";
import { deleteExpiredHandouts } from "~/models/handouts.server";
import { pruneLoginFailures } from "~/models/login.server";
import { deleteExpiredSessions, sessionUserId } from "~/models/sessions.server";
import { sessionTokenFromCookieHeader } from "~/utils/session.server";
import { recordAuditAtMostEvery } from "~/models/audit.server";
import { type Env, getEnv } from "~/utils/env.server";
import { answerSaveRequest, answerSubmitRequest, type EndpointReply } from "~/utils/attempt-endpoints.server";

export type Runtime = {
  db: DB;
  timeZone: string;
  demo: { accounts: ReadonlyArray<{ employeeNo: string; role: string; name: string }>; password: string } | null;
  recordCrossSiteRefusal: (info: { path: string; method: string; origin: string | null; ip: string; cookie: string | null }) => void;
  /** POST /attempts/:id/save and /submit, answered by server.mjs without Remix (app/utils/attempt-endpoints.server.ts). */
  answerSave: (input: AttemptRequest) => Promise<EndpointReply>;
  answerSubmit: (input: AttemptRequest) => Promise<EndpointReply>;
  stop: () => Promise<void>;
};

type AttemptRequest = { cookieHeader: string | null; attemptIdParam: string | undefined; body: string; ip: string; path: string };

const SWEEP_EVERY_MS = 30 * 1000;

async function sweep(db: DB): Promise<void> {
  const now = new Date();
  // Time runs out with the browser closed: the attempt is finalized with what was saved.
  await finalizeExpiredAttempts(db, now);
  // Pre-appointment cases take in their tests' results (a makeup opens, a second fail is applied).
  await syncOpenCases(db, { now });
  await deleteExpiredSessions(db, now);
  await pruneLoginFailures(db, now);
  await deleteExpiredHandouts(db, now);
}

/**
 * Everything the server does once before it listens: open and migrate the database,
 * import the bundled question banks and the official texts of KAOXUE_REGULATIONS_DIR
 * (a bad file is logged, never fatal), seed the demo
 * bureau and its exams into an empty database (demo mode only), start the sweeps (expired
 * attempts, sessions, login failures, password handouts).
 */
export async function startApp(env: Env = getEnv()): Promise<Runtime> {
  const db = openDatabase(env.DATABASE_PATH);
  await migrateToLatest(db);
  await backfillAttemptItems(db);
  await importBundledBanks(db, env.KAOXUE_BANKS_DIR, new Date());
  const regulations = regulationsDir(env.KAOXUE_REGULATIONS_DIR);
  if (regulations) await importRegulationsDir(db, regulations, new Date());

  const demoMode = env.KAOXUE_DEMO === "1";
  if (demoMode && (await isDatabaseEmpty(db))) {
    const now = new Date();
    const bureau = await seedDemoBureau(db, now);
    await seedDemoExams(db, { now, timeZone: env.KAOXUE_TIME_ZONE, ownerOrgId: bureau.rootOrgId, organizerId: bureau.organizerId });
    await seedDemoLawStudy(db, { now, timeZone: env.KAOXUE_TIME_ZONE, ownerOrgId: bureau.rootOrgId, organizerId: bureau.organizerId });
    await seedDemoAppointments(db, { now, timeZone: env.KAOXUE_TIME_ZONE, organizerId: bureau.organizerId });
  }

  // Checkpoints of the write-ahead log in a thread of their own, not inside a cadre's save.
  const checkpoints = startBackgroundCheckpoints(driverOf(db).writer, env.DATABASE_PATH);

  const timer = setInterval(() => {
    sweep(db).catch((error) => console.error("后台清理失败", error));
  }, SWEEP_EVERY_MS);
  timer.unref();

  return {
    db,
    timeZone: env.KAOXUE_TIME_ZONE,
    demo: demoMode ? { accounts: DEMO_ACCOUNTS, password: DEMO_PASSWORD } : null,
    recordCrossSiteRefusal: (info) => {
      // Who sent it, when the browser sent a session along; a flood writes one row a minute per address and user.
      const now = new Date();
      const token = sessionTokenFromCookieHeader(info.cookie);
      (token ? sessionUserId(db, token, now) : Promise.resolve(null))
        .then((actorId) =>
          recordAuditAtMostEvery(
            db,
            { actorId, action: "request.cross_site", target: info.path, detail: { method: info.method, origin: info.origin }, ip: info.ip, now },
            { key: `request.cross_site|${info.ip}|${actorId ?? ""}`, everyMs: 60_000 },
          ),
        )
        .catch((error) => console.error("审计日志写入失败", error));
    },
    answerSave: (input) => answerSaveRequest(db, { ...input, timeZone: env.KAOXUE_TIME_ZONE, now: new Date() }),
    answerSubmit: (input) => answerSubmitRequest(db, { ...input, timeZone: env.KAOXUE_TIME_ZONE, now: new Date() }),
    stop: async () => {
      clearInterval(timer);
      await checkpoints.stop();
      await db.destroy();
    },
  };
}
