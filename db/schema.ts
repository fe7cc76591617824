import type { Generated, Insertable, Selectable, Updateable } from "kysely";

/** Instants are ISO-8601 UTC strings (`2026-11-26T05:00:00.000Z`); booleans are 0/1. */
export type Instant = string;

export const ORG_KINDS = ["party_committee", "general_branch", "branch", "department"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const RANKS = ["division", "section", "staff", "worker"] as const;
export type Rank = (typeof RANKS)[number];

export const ROLES = ["cadre", "organizer", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface OrgTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  kind: OrgKind;
  /** Materialized path of ids, `/1/4/9/`: a subtree is `path LIKE '/1/4/%'`. */
  path: string;
  sort_order: number;
  created_at: Instant;
}

export interface UserTable {
  id: Generated<number>;
  employee_no: string;
  name: string;
  org_id: number;
  rank: Rank;
  is_leader: number;
  is_party_member: number;
  role: Role;
  /** The organization an organizer manages (with everything below it); null for others. */
  scope_org_id: number | null;
  password_hash: string;
  must_change_password: number;
  active: number;
  created_at: Instant;
  updated_at: Instant;
}

export interface SessionTable {
  /** SHA-256 of the cookie token, hex; the token itself is never stored. */
  id: string;
  user_id: number;
  created_at: Instant;
  last_seen_at: Instant;
  expires_at: Instant;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginFailureTable {
  id: Generated<number>;
  /** Normalized 工号 as typed (it may match no account). */
  employee_no: string;
  ip: string;
  at: Instant;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Instant;
  actor_id: number | null;
  action: string;
  target: string | null;
  /** JSON object with details; never a password or session id. */
  detail: string | null;
  ip: string | null;
}

export interface CredentialHandoutTable {
  id: string;
  created_by: number;
  /** AES-256-GCM ciphertext of the handed-out passwords; the key lives only in the link given to the organizer. */
  ciphertext: string;
  row_count: number;
  created_at: Instant;
  expires_at: Instant;
}

export interface Database {
  orgs: OrgTable;
  users: UserTable;
  sessions: SessionTable;
  login_failures: LoginFailureTable;
  audit_log: AuditLogTable;
  credential_handouts: CredentialHandoutTable;
}

export type Org = Selectable<OrgTable>;
export type NewOrg = Insertable<OrgTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type Session = Selectable<SessionTable>;
export type AuditEntry = Selectable<AuditLogTable>;
