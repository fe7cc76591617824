import type { LoaderFunctionArgs } from "@remix-run/node";

import { exportBankFile } from "~/models/bank-transfer.server";
import { BankSlugSchema, BankVersionParamSchema } from "~/schemas/banks.server";

import { requireManager, requireNoOpenAttemptOn } from "./auth.server";
import { attachment } from "./roster-files.server";

/** The loader of both export routes: a stored version as a YAML or .xlsx download (audited). */
export function bankExportLoader(format: "yaml" | "xlsx") {
  return async ({ request, context, params }: LoaderFunctionArgs) => {
    const { user } = await requireManager(request, context);
    const slug = BankSlugSchema.safeParse(params.slug);
    const version = BankVersionParamSchema.safeParse(params.version);
    if (slug.success) await requireNoOpenAttemptOn(request, context, user, [slug.data]);
    const file =
      slug.success && version.success
        ? await exportBankFile(context.db, { slug: slug.data, version: version.data, format, actorId: user.id, ip: context.clientAddress, now: new Date() })
        : undefined;
    if (!file) throw new Response("没有这个题库版本", { status: 404 });
    return new Response(file.body, {
      headers: { "Content-Type": file.contentType, "Content-Disposition": attachment(file.fileName), "Cache-Control": "no-store" },
    });
  };
}
