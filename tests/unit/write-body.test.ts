/**
 * server/remix-handler.mjs writeBody: a response body is read only as fast as the client
 * takes it, so a slow download never piles a whole report up in the server's memory, and a
 * client that leaves stops the producer.
 */
import { Writable } from "node:stream";

import { describe, expect, it } from "vitest";

import { writeBody } from "../../server/remix-handler.mjs";

const CHUNK = 16 * 1024;

/** A body of `count` chunks that counts how many were pulled and whether it was cancelled. */
function countingBody(count: number) {
  const seen = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.pulled === count) return controller.close();
        controller.enqueue(new Uint8Array(CHUNK).fill(seen.pulled % 251));
        seen.pulled++;
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, seen };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("writeBody", () => {
  it("stops reading while the client does not take the bytes, and cancels the body when it leaves", async () => {
    const { body, seen } = countingBody(200);
    // A client that never acknowledges: its first write never completes.
    const stalled = new Writable({ highWaterMark: 4 * CHUNK, write() {} });
    const writing = writeBody(body, stalled);
    await tick(100);
    // Without waiting for room it would have read all 200 chunks (3.2 MB) by now.
    expect(seen.pulled).toBeLessThanOrEqual(6);
    stalled.destroy();
    await writing;
    expect(seen.cancelled).toBe(true);
  });

  it("delivers every byte in order to a client that reads, then ends the response", async () => {
    const { body, seen } = countingBody(50);
    const received: number[] = [];
    let ended = false;
    const slow = new Writable({
      highWaterMark: CHUNK,
      write(chunk: Buffer, _encoding, done) {
        received.push(chunk[0]);
        setImmediate(done);
      },
      final(done) {
        ended = true;
        done();
      },
    });
    await writeBody(body, slow);
    await tick(10);
    expect(seen.pulled).toBe(50);
    expect(received).toEqual(Array.from({ length: 50 }, (_, i) => i % 251));
    expect(ended).toBe(true);
  });
});
