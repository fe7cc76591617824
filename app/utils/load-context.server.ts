import type { DB } from "../../db/client";

import type { ExportReport } from "./report-downloads.server";

/** What the HTTP server hands every loader and action (see server.mjs and app/startup.server.ts). */
export type AppContext = {
  db: DB;
  /** The client's address as the server sees it (after the trusted proxy, if any). */
  clientAddress: string;
  timeZone: string;
  /** The Content-Security-Policy nonce of this response (server.mjs); absent outside the HTTP server. */
  cspNonce?: string;
  /** Exam report exports in the export worker (server.mjs); absent in tests and tools, which export in-process. */
  exportReport?: ExportReport;
};

declare module "@remix-run/node" {
  interface AppLoadContext extends AppContext {}
}
