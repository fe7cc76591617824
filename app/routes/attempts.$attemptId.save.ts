import { answerSaveRequest, endpointAction } from "~/utils/attempt-endpoints.server";

export async function loader() {
  throw new Response("只接受 POST", { status: 405 });
}

/** Autosave (JSON); server.mjs answers this path before Remix with the same function. */
export const action = endpointAction(answerSaveRequest);
