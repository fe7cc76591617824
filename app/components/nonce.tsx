import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of the page being rendered: the server sets it (see
 * server.mjs and entry.server.tsx) so the page's inline scripts may run. In the browser it
 * is empty: browsers hide nonces from the DOM, and scripts added later come from files.
 */
const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
