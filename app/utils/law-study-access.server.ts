/**
 * Guards of the law-study pages. The regulation library is shared by the bureau like the
 * question banks: every manager reads it, bank editors (admins, bureau-level organizers)
 * import and correct it.
 */
import type { AppLoadContext } from "@remix-run/node";

import { canEditBanks, requireBankEditor, requireManager } from "./auth.server";

export async function requireLibraryReader(request: Request, context: AppLoadContext) {
  const managed = await requireManager(request, context);
  return { ...managed, canEdit: await canEditBanks(context, managed) };
}

export const requireLibraryEditor = requireBankEditor;
