// The machine's limit for a save, measured beside the app in the same run: node:http and one
// better-sqlite3 upsert per request, WAL and the app's own synchronous setting (FULL). No
// sign-in, no checks, no framework: what a save cannot beat on this machine.
import http from "node:http";

import SQLite from "better-sqlite3";

const [file, port] = [process.argv[2], Number(process.argv[3])];
const db = new SQLite(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.exec("create table if not exists answers (attempt_id integer not null, question_ref text not null, response text not null, seq integer not null, primary key (attempt_id, question_ref))");
const upsert = db.prepare(
  "insert into answers (attempt_id, question_ref, response, seq) values (?, ?, ?, ?) on conflict (attempt_id, question_ref) do update set response = excluded.response, seq = excluded.seq",
);

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const attemptId = Number(req.url.split("/")[2]);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const first = body.answers[0];
      upsert.run(attemptId, first.ref, JSON.stringify(first.response), body.seq);
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ kind: "saved", seq: body.seq }));
    });
  })
  .listen(port, "127.0.0.1", () => console.log("baseline listening"));
