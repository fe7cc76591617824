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
  /** 0 = deactivated: kept for history (results earned there), hidden from pickers. */
  active: Generated<number>;
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
  /** YYYY-MM-DD, optional (the pre-appointment open-book rule needs a cadre's age). */
  birth_date: string | null;
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

/** An address an account signed in from successfully (exempt from the account-wide failure ceiling). */
export interface LoginAddressTable {
  user_id: number;
  ip: string;
  last_success_at: Instant;
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

export const BANK_ORIGINS = ["bundled", "cli", "upload"] as const;
/** How a bank version arrived: the bundled files at start-up, `npm run banks:import`, or a page upload. */
export type BankOrigin = (typeof BANK_ORIGINS)[number];

export interface BankTable {
  id: Generated<number>;
  /** `senlinfa-2019`: the `bank` field of the file. */
  slug: string;
  created_at: Instant;
}

/** One imported version of a bank: written once, whole, never changed (invariant 1). */
export interface BankVersionTable {
  id: Generated<number>;
  bank_id: number;
  version: number;
  title: string;
  regulation: string;
  /** File stem of the official text for the reference check; null when none. */
  source: string | null;
  description: string;
  /** sha256 of the version's content (metadata and question hashes in order; not the number). */
  content_hash: string;
  question_count: number;
  origin: BankOrigin;
  file_name: string | null;
  /** The uploader; null for bundled and command-line imports. */
  imported_by: number | null;
  imported_at: Instant;
}

/** One question of one bank version. */
export interface BankQuestionTable {
  id: Generated<number>;
  version_id: number;
  /** The question's stable id within the bank (`id` in the file, e.g. q001): the same across versions. */
  question_key: string;
  /** 0-based order in the file. */
  position: number;
  type: "single" | "multiple" | "judge" | "fill" | "essay";
  stem: string;
  /** JSON string[] for single/multiple; null for the other types. */
  options: string | null;
  /** JSON answer as in the file after validation: "B", "ACD", true, [["3","三"]], {reference, keywords}. */
  answer: string;
  explanation: string;
  reference: string;
  /** JSON string[]. */
  tags: string;
  difficulty: number;
  /** sha256 of the normalized question (app/domain/banks/hash.ts). */
  content_hash: string;
}

export const EXAM_KINDS = ["quarterly", "pre_appointment", "knowledge_test", "law_study", "practice"] as const;
export type ExamKind = (typeof EXAM_KINDS)[number];
export const EXAM_STATUSES = ["draft", "published", "closed"] as const;
export type ExamStatus = (typeof EXAM_STATUSES)[number];
export const REVIEW_POLICIES = ["after_submit", "after_close", "never"] as const;
export type ReviewPolicy = (typeof REVIEW_POLICIES)[number];
export const MULTIPLE_POLICIES = ["all_or_nothing", "partial_half"] as const;
export type MultiplePolicyCode = (typeof MULTIPLE_POLICIES)[number];
export const ATTEMPT_STATUSES = ["in_progress", "submitted", "expired"] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export interface ExamTable {
  id: Generated<number>;
  kind: ExamKind;
  title: string;
  description: string | null;
  /** 2026-Q4 for quarterly exams; null otherwise. */
  period: string | null;
  /** The organization whose organizers own this exam (scope checks go through it). */
  owner_org_id: number;
  status: ExamStatus;
  opens_at: Instant;
  closes_at: Instant;
  /** null = untimed (practice): the window alone bounds an attempt. */
  duration_minutes: number | null;
  pass_mark: number;
  section_minimums: number;
  /** null = unlimited. */
  attempts_allowed: number | null;
  review_policy: ReviewPolicy;
  multiple_policy: MultiplePolicyCode;
  shuffle_questions: number;
  shuffle_options: number;
  grace_seconds: number;
  /** JSON AudienceSpec (app/domain/audience.ts); materialized into exam_audience at publish. */
  audience: string;
  /** JSON PaperSpec (app/domain/exams/types.ts). */
  paper_spec: string;
  created_by: number | null;
  created_at: Instant;
  updated_at: Instant;
  published_at: Instant | null;
  closed_at: Instant | null;
}

export interface ExamAudienceTable {
  exam_id: number;
  user_id: number;
  /** 延时: minutes added to this cadre's deadline. */
  extra_minutes: number;
  /** 补考: attempts added to the exam's allowance for this cadre. */
  extra_attempts: number;
  added_at: Instant;
  /** The cadre's organization when they were assigned: history stays where it was earned. */
  org_id: number;
  /** The latest reason given for an extension or makeup (the audit log keeps them all). */
  note: string | null;
  /** 1 = added by hand after publishing: kept whatever the audience rule says. */
  manual: Generated<number>;
}

export interface AttemptTable {
  id: Generated<number>;
  exam_id: number;
  user_id: number;
  attempt_no: number;
  status: AttemptStatus;
  /** The cadre's organization when the attempt started (a later transfer leaves it here). */
  org_id: number;
  started_at: Instant;
  deadline_at: Instant;
  finished_at: Instant | null;
  /** The newest save sequence number applied; older saves are refused with 409. */
  last_seq: number;
  /** The browser's id of that save: its retry (the reply was lost) is answered as saved, not stale. */
  last_save_id: string | null;
  left_page_count: number;
  score: number | null;
  max_score: number;
  passed: number | null;
  pending_manual: number;
  /** JSON of the grading result (sections and per-question status), for the result page. */
  grade_detail: string | null;
  graded_at: Instant | null;
}

/** What an attempt froze at start, written once and never changed (invariant 2); apart from the hot row. */
export interface AttemptPaperTable {
  attempt_id: number;
  /** JSON FrozenPaper. */
  paper: string;
  /** JSON GradingRules copied from the exam at start, so editing the exam never regrades. */
  grading_rules: string;
}

/**
 * The attempt page's copy of an open attempt's paper: JSON of cadreView(paper), written when
 * the paper is frozen, deleted when the attempt ends. Derived, never the source of truth.
 */
export interface AttemptViewTable {
  attempt_id: number;
  /** CADRE_VIEW_FORMAT when written; another value is ignored. */
  format: number;
  /** JSON CadreSectionView[]. */
  sections: string;
}

/** One graded question of a finished attempt, rewritten whenever the attempt is (re)graded. */
export interface AttemptItemTable {
  attempt_id: number;
  /** `${section}:${question}` on the frozen paper. */
  question_ref: string;
  section_index: number;
  /** The bank_questions row the question was drawn from (its tags, stem, options and key). */
  question_row_id: number;
  type: "single" | "multiple" | "judge" | "fill" | "essay";
  status: "correct" | "partial" | "wrong" | "unanswered" | "pending";
  points: number;
  max_points: number;
  /** JSON number[] of ORIGINAL option indexes chosen (judge: 0 = 正确, 1 = 错误); null for fill and essay. */
  chosen: string | null;
}

export interface AttemptResponseTable {
  attempt_id: number;
  /** `${section}:${question}` on the frozen paper. */
  question_ref: string;
  /** JSON Response. */
  response: string;
  seq: number;
  saved_at: Instant;
}

/** One manual grade of one essay answer; a change is a new row (the newest counts). */
export interface ManualGradeTable {
  id: Generated<number>;
  attempt_id: number;
  question_ref: string;
  points: number;
  comment: string | null;
  /** Required for a change of an existing grade. */
  reason: string | null;
  graded_by: number;
  graded_at: Instant;
}

export const CADRE_CHANGE_FIELDS = ["org", "rank", "is_leader", "is_party_member"] as const;
export type CadreChangeField = (typeof CADRE_CHANGE_FIELDS)[number];

/** One change of a cadre's standing (transfer, promotion, 领导干部 / 党员), with the date it took effect. */
export interface CadreChangeTable {
  id: Generated<number>;
  user_id: number;
  field: CadreChangeField;
  /** The stored value before and after: an org id, a rank code, or 0/1. */
  from_value: string | null;
  to_value: string | null;
  /** YYYY-MM-DD in the bureau's time zone. */
  effective_on: string;
  note: string | null;
  /** How it was made: the cadre page, or a roster import that updates existing cadres. */
  source: "edit" | "import";
  recorded_by: number | null;
  recorded_at: Instant;
}

/** An uploaded roster update waiting for confirmation (only its uploader can apply it, within an hour). */
export interface RosterPreviewTable {
  /** Random, 128 bits, hex. */
  id: string;
  created_by: number;
  file_name: string;
  /** JSON string[][]: the table as read from the file. */
  table_json: string;
  effective_on: string;
  /** sha256 of the plan shown; applying re-plans and refuses when it differs. */
  plan_hash: string;
  created_at: Instant;
  expires_at: Instant;
}

export const REGULATION_STATUSES = ["in_force", "revised", "repealed"] as const;
/** 现行有效 / 已修订 / 已废止. */
export type RegulationStatus = (typeof REGULATION_STATUSES)[number];
export const REGULATION_ORIGINS = ["bundled", "upload", "cli"] as const;
export type RegulationOrigin = (typeof REGULATION_ORIGINS)[number];

/** A law or regulation of the library (法规库); its texts are the versions below. */
export interface RegulationTable {
  id: Generated<number>;
  /** `senlinfa-2019`: the file stem of the official text, as a bank's `source` names it. */
  slug: string;
  title: string;
  issuer: string;
  /** YYYY-MM-DD, or null when unknown. */
  issued_on: string | null;
  effective_on: string | null;
  status: RegulationStatus;
  /** The regulation whose text replaced this one (已修订 / 已废止), when it is in the library. */
  replaced_by_id: number | null;
  created_at: Instant;
  updated_at: Instant;
}

/** One imported text of a regulation: written once, whole, never changed (like a bank version). */
export interface RegulationVersionTable {
  id: Generated<number>;
  regulation_id: number;
  version: number;
  /** sha256 of the recognised structure (app/domain/law-study/regulation-text.ts canonicalStructure). */
  content_hash: string;
  /** JSON string[]: lines before the first heading or article. */
  preamble: string;
  article_count: number;
  chapter_count: number;
  origin: RegulationOrigin;
  file_name: string | null;
  imported_by: number | null;
  imported_at: Instant;
}

export interface RegulationArticleTable {
  id: Generated<number>;
  version_id: number;
  /** 0-based order in the text. */
  position: number;
  /** 第十条, 第十条之一. */
  number: string;
  ordinal: number;
  sub: number;
  part: string | null;
  chapter: string | null;
  section: string | null;
  /** The article's paragraphs, joined with newlines (the first without its number). */
  body: string;
}

export const MEETING_TYPES = ["party_committee", "executive", "study_group"] as const;
/** 党委会议 / 常务会议 / 中心组学习. */
export type MeetingType = (typeof MEETING_TYPES)[number];

/** 学法模块: what one meeting studies. */
export interface LawModuleTable {
  id: Generated<number>;
  owner_org_id: number;
  title: string;
  regulation_id: number;
  /** The pinned text; null while the regulation's text is not in the library (key points only). */
  regulation_version_id: number | null;
  /** JSON string[] of article numbers to focus on; [] = the whole text. */
  focus_articles: string;
  /** JSON Array<{ text, articles: string[] }>: 学习要点, each citing its articles. */
  key_points: string;
  /** JSON ModuleQuiz (paper spec and pass mark), or null when the module has no quiz. */
  quiz: string | null;
  created_by: number | null;
  created_at: Instant;
}

export const MEETING_STATUSES = ["planned", "scheduled"] as const;
/** planned = an item of the annual plan; scheduled = attendees chosen (and the quiz published). */
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** A meeting that studies one module; also an item of its organization's annual plan (学法计划). */
export interface LawMeetingTable {
  id: Generated<number>;
  org_id: number;
  type: MeetingType;
  title: string;
  starts_at: Instant;
  /** 主讲人. */
  lecturer: string;
  module_id: number;
  status: MeetingStatus;
  /** JSON AudienceSpec the attendees were picked with; null while planned. */
  audience: string | null;
  /** The law_study exam of the module's quiz, published for the attendees; null without a quiz. */
  quiz_exam_id: number | null;
  created_by: number | null;
  created_at: Instant;
  scheduled_at: Instant | null;
}

export const ATTENDANCE = ["present", "absent"] as const;
export type Attendance = (typeof ATTENDANCE)[number];

/** One attendee of one meeting: their reading (as the server measured it) and attendance. */
export interface LawAttendeeTable {
  meeting_id: number;
  user_id: number;
  /** The attendee's organization when they were assigned. */
  org_id: number;
  added_at: Instant;
  opened_at: Instant | null;
  /** The last open or reading report: the server's clock caps the next report's time by it. */
  last_seen_at: Instant | null;
  /** Active reading time accepted so far (page visible, capped by the server's clock). */
  active_seconds: number;
  /** When the attendee reached the end of the focus articles (or pressed 已学完). */
  reached_end_at: Instant | null;
  attendance: Attendance | null;
  absence_reason: string | null;
  attendance_by: number | null;
  attendance_at: Instant | null;
}

export const PRACTICE_MODES = ["bank", "wrong_book"] as const;
/** Practice from a bank (optionally one knowledge point), or from the wrong-answer book. */
export type PracticeMode = (typeof PRACTICE_MODES)[number];

/** One practice answer (练习): never an attempt, never an exam result. */
export interface PracticeAnswerTable {
  id: Generated<number>;
  user_id: number;
  /** The cadre's organization when they answered. */
  org_id: number;
  /** The bank_questions row answered (its key, explanation and article). */
  question_row_id: number;
  /** The question's identity across bank versions: bank slug + question key. */
  bank_slug: string;
  question_key: string;
  mode: PracticeMode;
  /** JSON Response; options are the bank's own (original) indexes, as practice shows them unshuffled. */
  response: string;
  status: "correct" | "partial" | "wrong" | "unanswered";
  correct: number;
  answered_at: Instant;
}

export const APPOINTMENT_STATUSES = ["open", "completed", "deferred", "cancelled"] as const;
/** 进行中 (待承诺/待谈话/待考试, any order), 已完成, 暂缓任用, 已取消. */
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const APPOINTMENT_TEST_RESULTS = ["pending", "passed", "reused", "failed"] as const;
export type AppointmentTestResult = (typeof APPOINTMENT_TEST_RESULTS)[number];

/** A bureau's pre-appointment rules (one row per top-level organization; none = the defaults). */
export interface AppointmentSettingsTable {
  bureau_org_id: number;
  /** JSON AppointmentRules (app/domain/appointments/rules.ts). */
  rules: string;
  updated_by: number | null;
  updated_at: Instant;
}

/** One version of a bureau's 廉政承诺书: written once, never changed; a signature points at it. */
export interface AppointmentCommitmentTextTable {
  id: Generated<number>;
  bureau_org_id: number;
  version: number;
  title: string;
  body: string;
  created_by: number | null;
  created_at: Instant;
}

/** 任前事项: one newly appointed cadre's commitment, talk and test. */
export interface AppointmentCaseTable {
  id: Generated<number>;
  cadre_id: number;
  /** The cadre's organization when the case opened: the scope checks go through it. */
  org_id: number;
  bureau_org_id: number;
  /** 新任职务. */
  post: string;
  /** 任用文号, optional. */
  document_no: string | null;
  /** YYYY-MM-DD: the date the appointment was decided (age and validity are reckoned on it). */
  decided_on: string;
  /** The organizer responsible for the case. */
  organizer_id: number;
  status: AppointmentStatus;
  /** JSON AppointmentRules as they were when the case opened. */
  rules: string;
  open_book: number;
  commitment_text_id: number | null;
  commitment_signed_at: Instant | null;
  /** The full name the cadre typed. */
  commitment_signed_name: string | null;
  commitment_ip: string | null;
  commitment_user_agent: string | null;
  /** YYYY-MM-DD. */
  talk_on: string | null;
  /** JSON Array<{ name, post }>. */
  talk_by: string | null;
  talk_summary: string | null;
  talk_recorded_by: number | null;
  test_result: AppointmentTestResult;
  /** The pre_appointment exam made for this cadre; null when an earlier pass was reused. */
  exam_id: number | null;
  /** The earlier passed attempt reused instead of a new test. */
  reused_attempt_id: number | null;
  /** Failed attempts counted so far (the makeup is the second). */
  test_failures: number;
  test_score: number | null;
  test_passed_at: Instant | null;
  makeup_opened_at: Instant | null;
  /** What the responsible organizer must be told (a second fail), until they acknowledge it. */
  notice: string | null;
  /** Bumped by every change, so two concurrent changes cannot both apply. */
  revision: number;
  created_by: number | null;
  created_at: Instant;
  updated_at: Instant;
  closed_at: Instant | null;
}

/** One change of a case (who, when, why): the case's history, never edited. */
export interface AppointmentCaseEventTable {
  id: Generated<number>;
  case_id: number;
  at: Instant;
  /** null: the system (a graded attempt, the sweep). */
  actor_id: number | null;
  kind: string;
  from_status: AppointmentStatus | null;
  to_status: AppointmentStatus;
  /** Chinese, as the history shows it. */
  note: string;
  reason: string | null;
  ip: string | null;
}

export interface Database {
  orgs: OrgTable;
  users: UserTable;
  sessions: SessionTable;
  login_failures: LoginFailureTable;
  login_addresses: LoginAddressTable;
  audit_log: AuditLogTable;
  credential_handouts: CredentialHandoutTable;
  banks: BankTable;
  bank_versions: BankVersionTable;
  bank_questions: BankQuestionTable;
  exams: ExamTable;
  exam_audience: ExamAudienceTable;
  attempts: AttemptTable;
  attempt_papers: AttemptPaperTable;
  attempt_views: AttemptViewTable;
  attempt_items: AttemptItemTable;
  attempt_responses: AttemptResponseTable;
  manual_grades: ManualGradeTable;
  cadre_changes: CadreChangeTable;
  roster_previews: RosterPreviewTable;
  regulations: RegulationTable;
  regulation_versions: RegulationVersionTable;
  regulation_articles: RegulationArticleTable;
  law_modules: LawModuleTable;
  law_meetings: LawMeetingTable;
  law_attendees: LawAttendeeTable;
  practice_answers: PracticeAnswerTable;
  appointment_settings: AppointmentSettingsTable;
  appointment_commitment_texts: AppointmentCommitmentTextTable;
  appointment_cases: AppointmentCaseTable;
  appointment_case_events: AppointmentCaseEventTable;
}

export type Org = Selectable<OrgTable>;
export type NewOrg = Insertable<OrgTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type Session = Selectable<SessionTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type BankVersion = Selectable<BankVersionTable>;
export type BankQuestionRow = Selectable<BankQuestionTable>;
export type Exam = Selectable<ExamTable>;
export type Attempt = Selectable<AttemptTable>;
export type AttemptItem = Selectable<AttemptItemTable>;
export type CadreChange = Selectable<CadreChangeTable>;
export type Regulation = Selectable<RegulationTable>;
export type RegulationVersion = Selectable<RegulationVersionTable>;
export type LawModule = Selectable<LawModuleTable>;
export type LawMeeting = Selectable<LawMeetingTable>;
export type LawAttendee = Selectable<LawAttendeeTable>;
export type PracticeAnswer = Selectable<PracticeAnswerTable>;
export type AppointmentCase = Selectable<AppointmentCaseTable>;
export type AppointmentCaseEvent = Selectable<AppointmentCaseEventTable>;
