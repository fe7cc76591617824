import type { DB } from "../../db/client";
import { loader as uploadLoader } from "~/routes/manage.banks.upload";
import { loader as banksLoader } from "~/routes/manage.banks._index";

import { callRoute, sessionCookieFor } from "../support/route-calls";
import { createTestDatabase, makeOrg, makeUser } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

test("banks are bureau-wide: a branch organizer may read them but not add versions", async () => {
  const bureau = await makeOrg(db, "题库权限测试党委", null, "party_committee");
  const branch = await makeOrg(db, "题库权限测试党支部", bureau.id);
  const branchOrganizer = await makeUser(db, { orgId: branch.id, role: "organizer", scopeOrgId: branch.id });
  const bureauOrganizer = await makeUser(db, { orgId: bureau.id, role: "organizer", scopeOrgId: bureau.id });
  const admin = await makeUser(db, { orgId: branch.id, role: "admin" });

  const asBranch = await sessionCookieFor(db, branchOrganizer.id);
  const list = await callRoute(banksLoader, { db, cookie: asBranch, path: "/manage/banks" });
  expect(list.status).toBe(200);
  expect(list.data).toMatchObject({ mayUpload: false });
  expect((await callRoute(uploadLoader, { db, cookie: asBranch, path: "/manage/banks/upload" })).status).toBe(403);
  for (const user of [bureauOrganizer, admin]) {
    const cookie = await sessionCookieFor(db, user.id);
    expect((await callRoute(uploadLoader, { db, cookie, path: "/manage/banks/upload" })).status).toBe(200);
    expect((await callRoute(banksLoader, { db, cookie, path: "/manage/banks" })).data).toMatchObject({ mayUpload: true });
  }
});
