import { answerSubmitRequest, endpointAction } from "~/utils/attempt-endpoints.server";

export async function loader() {
  throw new Response("只接受 POST", { status: 405 });
}

/** 交卷 from the page's script (JSON); server.mjs answers this path before Remix with the same function. */
export const action = endpointAction(answerSubmitRequest);
