/**
 * Hands a request to Remix: like @remix-run/express's handler, but the body is the one
 * limitedBody already read (req.rawBody), never the socket itself.
 */
import { createRequestHandler } from "@remix-run/node";

function remixHeaders(nodeHeaders) {
  const headers = new Headers();
  for (const [key, values] of Object.entries(nodeHeaders)) {
    if (values === undefined) continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(key, value);
  }
  return headers;
}

function remixRequest(req, res) {
  // req.hostname and req.protocol follow the "trust proxy" setting; the port comes from the host header.
  const port = (req.get("x-forwarded-host") ?? req.get("host") ?? "").split(":")[1];
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const controller = new AbortController();
  // Abort loaders and actions when the answer can no longer be written.
  let finished = false;
  res.on("finish", () => (finished = true));
  res.on("close", () => {
    if (!finished) controller.abort();
  });
  const init = { method: req.method, headers: remixHeaders(req.headers), signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = req.rawBody ?? Buffer.alloc(0);
  }
  return new Request(url.href, init);
}

/** Resolves when `res` can take more (drain) or will take nothing more (close). */
function roomOrGone(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/**
 * Writes a web stream to the response, reading the next chunk only when the response has
 * room for it. @remix-run/node's writeReadableStreamToWritable writes without waiting, so a
 * download to a slow phone would pile the whole file up in this process's memory (and an
 * export worker, never held back, would hand it over at full speed). A client that goes
 * away cancels the stream, which stops whatever produces it.
 */
export async function writeBody(body, res) {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // The client left (while we waited for room or for the next chunk): stop the producer.
      if (res.destroyed) {
        await reader.cancel();
        return;
      }
      const hasRoom = res.write(value);
      // compression's res.flush: streamed HTML reaches the browser as it is rendered.
      if (typeof res.flush === "function") res.flush();
      if (!hasRoom) await roomOrGone(res);
    }
    res.end();
  } catch (error) {
    res.destroy(error);
    throw error;
  }
}

async function sendResponse(res, response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.body) await writeBody(response.body, res);
  else res.end();
}

export function remixHandler({ build, getLoadContext }) {
  const handle = createRequestHandler(build, process.env.NODE_ENV);
  return async (req, res, next) => {
    try {
      const response = await handle(remixRequest(req, res), getLoadContext(req, res));
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

