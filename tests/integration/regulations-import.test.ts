import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import JSZip from "jszip";

import type { DB } from "../../db/client";
import { importRegulationsDir, previewRegulationFile } from "~/models/regulation-transfer.server";
import { getRegulation, listRegulationVersions, loadArticles, saveRegulationText } from "~/models/regulations.server";
import { action as importAction } from "~/routes/manage.regulations.import";

import { hasOfficialTexts, OFFICIAL_TEXTS as REGULATIONS, officialTextsNote } from "../support/official-texts";
import { callRoute, sessionCookieFor } from "../support/route-calls";
import { createTestDatabase, makeOrg, makeUser } from "../support/test-db";


const LINES = [
  "某某林业局护林防火办法",
  "第一章 总则",
  "第一条 为了保护森林资源，制定本办法。",
  "第二条 本办法适用于本局经营范围内的林地。",
  "护林员应当每日巡山。",
  "第二条之一 防火期为每年三月至六月。",
  "第二章 责任",
  "第三条 各林场场长是本场防火第一责任人。",
];

async function docxOf(lines: string[]): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: lines.map((text) =>
          /^第.章/.test(text) ? new Paragraph({ text, heading: HeadingLevel.HEADING_2 }) : new Paragraph({ text }),
        ),
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

const txtOf = (lines: string[]) => new TextEncoder().encode(lines.join("\n"));

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(async () => cleanup());

async function save(slug: string, fileName: string, bytes: Uint8Array) {
  const preview = await previewRegulationFile(fileName, bytes);
  if (!preview.ok) throw new Error(preview.problems.join());
  return saveRegulationText(db, { slug, facts: preview.facts, updateFacts: false, structure: preview.structure, fileName, origin: "upload", actorId: null, ip: null, now: new Date() });
}

describe("importing an official text", () => {
  test("a .docx written by a real Word writer and the same text as .txt give the same articles", async () => {
    const fromDocx = await previewRegulationFile("huling.docx", await docxOf(LINES));
    const fromTxt = await previewRegulationFile("huling.txt", txtOf(LINES));
    if (!fromDocx.ok || !fromTxt.ok) throw new Error("not recognised");
    expect(fromDocx.structure.articles).toHaveLength(4);
    expect(fromDocx.structure.articles.map(({ line: _line, ...a }) => a)).toEqual(fromTxt.structure.articles.map(({ line: _line, ...a }) => a));
    expect(fromDocx.structure.articles[1]).toMatchObject({ number: "第二条", chapter: "第一章 总则", paragraphs: ["本办法适用于本局经营范围内的林地。", "护林员应当每日巡山。"] });
    expect(fromDocx.summary.chapters).toBe(2);

    const first = await save("huling-banfa", "huling.docx", await docxOf(LINES));
    expect(first).toMatchObject({ status: "created", version: 1 });
    // The same text as .txt is the same version: nothing new.
    const again = await save("huling-banfa", "huling.txt", txtOf(LINES));
    expect(again).toMatchObject({ status: "unchanged", version: 1 });
    const regulation = await getRegulation(db, "huling-banfa");
    const versions = await listRegulationVersions(db, regulation!.id);
    expect(versions).toHaveLength(1);
    expect((await loadArticles(db, versions[0].id)).map((a) => a.number)).toEqual(["第一条", "第二条", "第二条之一", "第三条"]);
  });

  test("re-importing makes a new version only when the text changed, and the old version stays as it was", async () => {
    await save("fanghuo-guiding", "fanghuo.txt", txtOf(LINES));
    const unchanged = await save("fanghuo-guiding", "fanghuo.txt", txtOf([...LINES]));
    expect(unchanged.status).toBe("unchanged");
    const changed = [...LINES.slice(0, -1), "第三条 各林场场长和党支部书记是本场防火第一责任人。"];
    const second = await save("fanghuo-guiding", "fanghuo.txt", txtOf(changed));
    expect(second).toMatchObject({ status: "created", version: 2, previousVersion: 1 });
    const regulation = await getRegulation(db, "fanghuo-guiding");
    const versions = await listRegulationVersions(db, regulation!.id);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const oldText = await loadArticles(db, versions[1].id);
    expect(oldText[3].body).toBe("各林场场长是本场防火第一责任人。");
    const newText = await loadArticles(db, versions[0].id);
    expect(newText[3].body).toBe("各林场场长和党支部书记是本场防火第一责任人。");
  });

  test.skipIf(!hasOfficialTexts)(`the folder of official texts is imported at start-up once: a second run changes nothing${officialTextsNote}`, async () => {
    const log = { log: () => {}, error: () => {} };
    const first = await importRegulationsDir(db, REGULATIONS, new Date(), log);
    const created = first.filter((o) => o.outcome?.status === "created");
    expect(created.length).toBeGreaterThanOrEqual(10);
    // 关于新形势下党内政治生活的若干准则 is written in numbered parts, not articles: refused, with the reason.
    const refused = first.find((o) => o.file.startsWith("dangnei"));
    expect(refused?.outcome).toBeNull();
    expect(refused?.problems[0]).toMatch(/没有找到任何条文/);
    const before = await db.selectFrom("regulation_versions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const second = await importRegulationsDir(db, REGULATIONS, new Date(), log);
    expect(second.every((o) => o.outcome === null || o.outcome.status === "unchanged")).toBe(true);
    const after = await db.selectFrom("regulation_versions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    const forestry = await getRegulation(db, "senlinfa-2019");
    expect(forestry).toMatchObject({ title: "中华人民共和国森林法", issued_on: "2019-12-28", effective_on: "2020-07-01", status: "in_force" });
    // The 2018 监察法 is linked to the 2024 text that replaced it.
    const old = await getRegulation(db, "jianchafa-2018");
    const current = await getRegulation(db, "jianchafa-2024");
    expect(old).toMatchObject({ status: "revised", replaced_by_id: current!.id });
    expect(current?.status).toBe("in_force");
  });
});

describe("the import page refuses bad files and changes nothing", () => {
  async function upload(cookie: string, name: string, bytes: Uint8Array) {
    const form = new FormData();
    form.set("intent", "preview");
    form.set("file", new File([bytes as BlobPart], name));
    const request = new Request("http://localhost/manage/regulations/import", { method: "POST", body: form, headers: { Cookie: cookie } });
    return callRoute(() => importAction({ request, params: {}, context: { db, clientAddress: "127.0.0.1", timeZone: "Asia/Shanghai" } } as never), { db, cookie, path: "/manage/regulations/import" });
  }

  test("a file that is not text or .docx, a .docx without articles, and a text with a duplicated article", async () => {
    const root = await makeOrg(db, "导入测试党委");
    const organizer = await makeUser(db, { orgId: root.id, role: "organizer", scopeOrgId: root.id });
    const cookie = await sessionCookieFor(db, organizer.id);
    const countVersions = async () => Number((await db.selectFrom("regulation_versions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const before = await countVersions();

    const pdf = await upload(cookie, "scan.pdf", new Uint8Array([0x25, 0x50, 0x44, 0x46]));
    expect(pdf.status).toBe(422);
    expect(JSON.stringify(pdf.data)).toContain("只能导入纯文本（.txt）、Markdown（.md）或 Word（.docx）");

    const renamed = await upload(cookie, "fake.txt", await docxOf(["第一条 甲"]));
    expect(JSON.stringify(renamed.data)).toContain("文件不是文本");

    const noArticles = await upload(cookie, "notice.docx", await docxOf(["关于开展学法活动的通知", "一、总体要求", "二、工作安排"]));
    expect(noArticles.status).toBe(422);
    expect(JSON.stringify(noArticles.data)).toContain("没有找到任何条文");

    const duplicated = await upload(cookie, "dup.txt", txtOf(["第一条 甲。", "第二条 乙。", "第二条 丙。"]));
    expect(JSON.stringify(duplicated.data)).toContain("第二条出现了两次");

    expect(await countVersions()).toBe(before);
    const refusals = await db.selectFrom("audit_log").select(["target"]).where("action", "=", "regulation.refused").where("actor_id", "=", organizer.id).execute();
    expect(refusals.map((r) => r.target).sort()).toEqual(["dup.txt", "fake.txt", "notice.docx", "scan.pdf"]);
  });

  test("a .docx that expands past the upload bound (a zip bomb) is refused before Word reads it, with a Chinese reason", async () => {
    const root = await makeOrg(db, "压缩炸弹测试党委");
    const organizer = await makeUser(db, { orgId: root.id, role: "organizer", scopeOrgId: root.id });
    const cookie = await sessionCookieFor(db, organizer.id);
    const countVersions = async () => Number((await db.selectFrom("regulation_versions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const before = await countVersions();
    // A real, readable .docx with articles, plus a part of 80 MB of zeros: a few hundred KB once compressed.
    const zip = await JSZip.loadAsync(await docxOf(LINES));
    zip.file("word/media/padding.bin", Buffer.alloc(80 * 1024 * 1024));
    const bomb = new Uint8Array(await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } }));
    expect(bomb.byteLength).toBeLessThan(5 * 1024 * 1024);

    const result = await upload(cookie, "bomb.docx", bomb);
    expect(result.status).toBe(422);
    expect(JSON.stringify(result.data)).toContain("无法读取这个 Word 文档：文件解压后超过 64 MB，已拒绝");
    expect(await countVersions()).toBe(before);
    const refusals = await db.selectFrom("audit_log").select(["target"]).where("action", "=", "regulation.refused").where("actor_id", "=", organizer.id).execute();
    expect(refusals.map((r) => r.target)).toEqual(["bomb.docx"]);
  }, 60_000);

  test("a branch organizer may not import", async () => {
    const root = await makeOrg(db, "权限测试党委");
    const branch = await makeOrg(db, "权限测试支部", root.id);
    const organizer = await makeUser(db, { orgId: branch.id, role: "organizer", scopeOrgId: branch.id });
    const result = await upload(await sessionCookieFor(db, organizer.id), "a.txt", txtOf(["第一条 甲。"]));
    expect(result.status).toBe(403);
  });
});

describe("the import page previews, then saves what the organizer confirmed", () => {
  async function post(cookie: string, form: FormData) {
    const request = new Request("http://localhost/manage/regulations/import", { method: "POST", body: form, headers: { Cookie: cookie } });
    return callRoute(() => importAction({ request, params: {}, context: { db, clientAddress: "127.0.0.1", timeZone: "Asia/Shanghai" } } as never), { db, cookie, path: "/manage/regulations/import" });
  }

  test("the preview counts chapters and articles and names the first and last; nothing is saved until confirmed", async () => {
    const root = await makeOrg(db, "预览测试党委");
    const organizer = await makeUser(db, { orgId: root.id, role: "organizer", scopeOrgId: root.id });
    const cookie = await sessionCookieFor(db, organizer.id);
    const form = new FormData();
    form.set("intent", "preview");
    form.set("file", new File([(await docxOf(LINES)) as BlobPart], "yulan-banfa.docx"));
    const preview = await post(cookie, form);
    expect(preview.status).toBe(200);
    const shown = preview.data as { step: string; slug: string; text: string; summary: { chapters: number; articles: number; firstArticle: { number: string }; lastArticle: { number: string } } };
    expect(shown).toMatchObject({ step: "preview", slug: "yulan-banfa", summary: { chapters: 2, articles: 4, firstArticle: { number: "第一条" }, lastArticle: { number: "第三条" } } });
    expect(await getRegulation(db, "yulan-banfa")).toBeUndefined();

    const tampered = new FormData();
    for (const [k, v] of Object.entries({ intent: "save", slug: "yulan-banfa", title: "预览办法", issuer: "某某林业局", status: "in_force", fileName: "yulan-banfa.docx", text: "没有条文的文字" })) tampered.set(k, v);
    const refused = await post(cookie, tampered);
    expect(refused.status).toBe(422);
    expect(await getRegulation(db, "yulan-banfa")).toBeUndefined();

    const confirm = new FormData();
    for (const [k, v] of Object.entries({ intent: "save", slug: "yulan-banfa", title: "预览办法", issuer: "某某林业局", issuedOn: "2026-03-01", effectiveOn: "", status: "in_force", fileName: "yulan-banfa.docx", text: shown.text })) confirm.set(k, v);
    const saved = await post(cookie, confirm);
    expect(saved.status).toBe(302);
    expect(await getRegulation(db, "yulan-banfa")).toMatchObject({ title: "预览办法", issuer: "某某林业局", issued_on: "2026-03-01", effective_on: null });
  });
});
