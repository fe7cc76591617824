// The benchmark's organizer: a process of its own that downloads a report when told, so that
// reading the file competes with the server the way an organizer's browser would, on another
// machine, and not with the benchmark's own timing of the saves. One JSON request per line on
// stdin ({ port, path, headers }), one JSON answer per line on stdout ({ ms, bytes, status }).
import http from "node:http";
import readline from "node:readline";

for await (const line of readline.createInterface({ input: process.stdin })) {
  const target = JSON.parse(line);
  const answer = await new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request({ host: "127.0.0.1", port: target.port, method: "GET", path: target.path, headers: target.headers }, (res) => {
      let bytes = 0;
      res.on("data", (chunk) => (bytes += chunk.length));
      res.on("end", () => resolve({ ms: performance.now() - t0, bytes, status: res.statusCode ?? 0 }));
    });
    req.on("error", (error) => resolve({ ms: performance.now() - t0, bytes: 0, status: 0, error: String(error) }));
    req.end();
  });
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
