import { Transform, type TransformCallback } from "node:stream";

/**
 * The destination React renders a page into. React writes a page in chunks of about 2 KB, and
 * each chunk passed on alone would cross the web stream of the Response and reach the socket
 * as a write of its own (about 40 for the attempt page). This stream keeps the chunks of one
 * batch and passes them on as one buffer when React says the batch is written (its `flush()`),
 * at the end, or on the next turn of the event loop, whichever comes first: the bytes and
 * their order are React's, only fewer and larger pieces.
 */
export class HtmlBody extends Transform {
  #chunks: Buffer[] = [];
  #scheduled: NodeJS.Immediate | null = null;
  #abandoned = false;

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback) {
    this.#chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    this.#scheduled ??= setImmediate(() => this.flush());
    callback();
  }

  override _flush(callback: TransformCallback) {
    this.flush();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void) {
    // Decided now: React ends the stream even after it was destroyed.
    this.#abandoned = !this.writableEnded;
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = null;
    this.#chunks = [];
    callback(error);
  }

  /**
   * Closed before React finished writing: the reader left mid-page (a phone losing its
   * network, a tab closed). React then aborts the render with "The destination stream closed
   * early", which is no fault of the server's.
   */
  get abandoned(): boolean {
    return this.#abandoned;
  }

  /** React calls this after each batch of writes (it is how compression middleware flushes too). */
  flush() {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = null;
    if (this.#chunks.length === 0 || this.destroyed) return;
    const chunks = this.#chunks;
    this.#chunks = [];
    this.push(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  }
}
