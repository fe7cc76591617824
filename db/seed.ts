import type { Rank } from "./schema";
import type { DB } from "./client";
import { seededRandom, pick } from "../app/domain/random";
import { createOrg } from "../app/models/orgs.server";
import { hashPassword } from "../app/utils/password.server";

export const DEMO_PASSWORD = "kaoxue-demo";

export const DEMO_ACCOUNTS = [
  { employeeNo: "A0001", role: "管理员", name: "周建国" },
  { employeeNo: "B0001", role: "组织者（全局）", name: "李秀英" },
  { employeeNo: "C0001", role: "干部（东方红林场党支部）", name: "王林" },
] as const;

const ROOT = "林业局党委";
const FARMS = [
  "东方红林场", "青山林场", "红星林场", "白桦林场", "松涛林场", "鹿鸣林场",
  "金沟林场", "兴安林场", "卧龙林场", "柳河林场", "清泉林场", "杨岭林场",
];
const OTHER_BRANCHES = [
  "机关第一党支部", "机关第二党支部", "机关第三党支部", "森林消防大队党支部", "营林中心党支部",
  "种苗站党支部", "林业科学研究所党支部", "职工医院党支部", "离退休党支部",
];
const INDUSTRY = { name: "林产工业党总支", branches: ["木材加工厂党支部", "林下经济公司党支部"] };

const SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文".split("");
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志林森松柏桦杉海波宁成辉鹏飞红梅春雪东北兴旺德才永福庆丰立新文武学军晓光丹凤振宇思远".split("");

function demoName(random: () => number): string {
  const given = random() < 0.55 ? pick(random, GIVEN) + pick(random, GIVEN) : pick(random, GIVEN);
  return pick(random, SURNAMES) + given;
}

export async function isDatabaseEmpty(db: DB): Promise<boolean> {
  const row = await db.selectFrom("orgs").select("id").limit(1).executeTakeFirst();
  return !row;
}

type Person = { employeeNo: string; name: string; orgId: number; rank: Rank; isLeader: boolean; isPartyMember: boolean };

/**
 * The demo bureau: a 林业局党委 with 25 grassroots organizations and about 300 cadres with
 * realistic ranks. Deterministic (seeded), so every demo looks the same.
 */
export async function seedDemoBureau(db: DB, now: Date): Promise<{ rootOrgId: number; organizerId: number }> {
  const random = seededRandom(20261126);
  const root = await createOrg(db, { name: ROOT, kind: "party_committee", parentId: null, now });
  const orgIds: Record<string, number> = {};
  let order = 0;
  for (const name of OTHER_BRANCHES.slice(0, 3)) {
    orgIds[name] = (await createOrg(db, { name, kind: "branch", parentId: root.id, sortOrder: order++, now })).id;
  }
  for (const farm of FARMS) {
    const name = `${farm}党支部`;
    orgIds[name] = (await createOrg(db, { name, kind: "branch", parentId: root.id, sortOrder: order++, now })).id;
  }
  const industry = await createOrg(db, { name: INDUSTRY.name, kind: "general_branch", parentId: root.id, sortOrder: order++, now });
  orgIds[INDUSTRY.name] = industry.id;
  for (const name of INDUSTRY.branches) {
    orgIds[name] = (await createOrg(db, { name, kind: "branch", parentId: industry.id, sortOrder: order++, now })).id;
  }
  for (const name of OTHER_BRANCHES.slice(3)) {
    orgIds[name] = (await createOrg(db, { name, kind: "branch", parentId: root.id, sortOrder: order++, now })).id;
  }

  const people: Person[] = [];
  let serial = 1;
  const nextNo = () => `L${String(serial++).padStart(4, "0")}`;
  const add = (orgName: string, rank: Rank, isLeader: boolean) =>
    people.push({
      employeeNo: nextNo(),
      name: demoName(random),
      orgId: orgIds[orgName],
      rank,
      isLeader,
      isPartyMember: rank === "division" || rank === "section" || random() < 0.8,
    });

  // Bureau leadership sits in the first 机关 branch.
  for (let i = 0; i < 8; i++) add("机关第一党支部", "division", true);
  for (const orgName of Object.keys(orgIds)) {
    if (orgName === INDUSTRY.name) continue;
    const isFarm = orgName.includes("林场");
    const isOffice = orgName.startsWith("机关");
    // A unit's 书记 and 场长/主任 are section-level leaders; offices have more staff, farms more workers.
    add(orgName, "section", true);
    add(orgName, "section", true);
    if (isOffice) for (let i = 0; i < 4; i++) add(orgName, "section", random() < 0.3);
    const staff = isOffice ? 9 : isFarm ? 4 : 3 + Math.floor(random() * 3);
    const workers = isOffice ? 0 : isFarm ? 7 + Math.floor(random() * 3) : 3 + Math.floor(random() * 3);
    for (let i = 0; i < staff; i++) add(orgName, "staff", false);
    if (orgName !== "离退休党支部") for (let i = 0; i < workers; i++) add(orgName, "worker", false);
  }

  const demoHash = await hashPassword(DEMO_PASSWORD);
  const stamp = now.toISOString();
  const row = (p: Person, extra: { role?: "cadre" | "organizer" | "admin"; scope?: number | null; mustChange?: boolean } = {}) => ({
    employee_no: p.employeeNo,
    name: p.name,
    org_id: p.orgId,
    rank: p.rank,
    is_leader: p.isLeader ? 1 : 0,
    is_party_member: p.isPartyMember ? 1 : 0,
    role: extra.role ?? ("cadre" as const),
    scope_org_id: extra.scope ?? null,
    // The demo's other cadres share the demo password and must change it at first login.
    password_hash: demoHash,
    must_change_password: (extra.mustChange ?? true) ? 1 : 0,
    active: 1,
    created_at: stamp,
    updated_at: stamp,
  });

  const organizerId = await db.transaction().execute(async (trx) => {
    const office = orgIds["机关第一党支部"];
    const [admin, organizer, cadre] = DEMO_ACCOUNTS;
    await trx
      .insertInto("users")
      .values([
        row({ employeeNo: admin.employeeNo, name: admin.name, orgId: office, rank: "section", isLeader: false, isPartyMember: true }, { role: "admin", mustChange: false }),
        row({ employeeNo: organizer.employeeNo, name: organizer.name, orgId: orgIds["机关第二党支部"], rank: "section", isLeader: false, isPartyMember: true }, { role: "organizer", scope: root.id, mustChange: false }),
        row({ employeeNo: cadre.employeeNo, name: cadre.name, orgId: orgIds["东方红林场党支部"], rank: "staff", isLeader: false, isPartyMember: true }, { mustChange: false }),
      ])
      .execute();
    for (let i = 0; i < people.length; i += 100) {
      await trx.insertInto("users").values(people.slice(i, i + 100).map((p) => row(p))).execute();
    }
    const b = await trx.selectFrom("users").select("id").where("employee_no", "=", organizer.employeeNo).executeTakeFirstOrThrow();
    return b.id;
  });
  return { rootOrgId: root.id, organizerId };
}
