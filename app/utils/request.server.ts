/**
 * Reading request bodies. A malformed body (broken multipart, a body cut off by the size
 * limit in server.mjs) is the sender's fault: it answers 400 with a Chinese message, never
 * a 500 and a stack in the log.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("请求格式不正确，请刷新页面后重试", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}
