/**
 * 参考人员: org subtrees, 职级, 领导干部 only, 党员 only and named cadres (found by 工号 or
 * 姓名), with the number of cadres the choice selects. Named cadres are added whatever the
 * filters say.
 */
import { RANKS } from "../../../db/schema";
import type { AudienceForm } from "~/domain/exams/exam-form";
import { RANK_LABELS } from "~/domain/labels";

import { FieldError } from "./form-field";

type Cadre = { id: number; employeeNo: string; name: string; orgName: string };

type Props = {
  audience: AudienceForm;
  orgs: Array<{ id: number; name: string; depth: number }>;
  named: Cadre[];
  search: string;
  searchResults: Cadre[] | null;
  count: number | null;
  error?: string;
  problem?: string;
  readOnly: boolean;
};

export function AudiencePicker({ audience, orgs, named, search, searchResults, count, error, problem, readOnly }: Props) {
  return (
    <section className="card" aria-labelledby="audience-picker">
      <h2 id="audience-picker">参考人员</h2>
      <p className="paper-total" role="status" aria-live="polite" data-testid="audience-count">
        {count === null ? "—" : `已选 ${count} 人`}
      </p>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <FieldError name="audience" error={error} />
      <fieldset className="plain">
        <legend>组织（含下级；不选为本考试所属组织的全部）</legend>
        <div className="check-list tree-list">
          {orgs.map((o) => (
            <label key={o.id} className="check" style={{ paddingLeft: `${o.depth * 1.2}rem` }}>
              <input type="checkbox" name="audience.orgIds" value={o.id} defaultChecked={audience.orgIds.includes(String(o.id))} /> {o.name}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="plain">
        <legend>职级（不选为全部）</legend>
        <div className="check-list">
          {RANKS.map((r) => (
            <label key={r} className="check">
              <input type="checkbox" name="audience.ranks" value={r} defaultChecked={audience.ranks.includes(r)} /> {RANK_LABELS[r]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="check-row">
        <label className="check">
          <input type="checkbox" name="audience.leadersOnly" defaultChecked={audience.leadersOnly} /> 仅领导干部
        </label>
        <label className="check">
          <input type="checkbox" name="audience.partyMembersOnly" defaultChecked={audience.partyMembersOnly} /> 仅党员
        </label>
      </div>
      <fieldset className="plain">
        <legend>指定干部（不受以上条件限制）</legend>
        {named.length > 0 ? (
          <div className="check-list">
            {named.map((c) => (
              <label key={c.id} className="check">
                <input type="checkbox" name="audience.userIds" value={c.id} defaultChecked /> {c.name}（{c.employeeNo}，{c.orgName}）
              </label>
            ))}
          </div>
        ) : (
          <p className="muted">未指定。</p>
        )}
        {readOnly ? null : (
          <div className="search-row">
            <label htmlFor="cadreSearch">按工号或姓名查找</label>
            <input id="cadreSearch" name="cadreSearch" type="search" defaultValue={search} maxLength={40} />
            <button type="submit" name="intent" value="search-cadres" className="button secondary">
              查找
            </button>
          </div>
        )}
        {searchResults ? (
          searchResults.length > 0 ? (
            <div className="check-list" aria-label="查找结果">
              {searchResults.map((c) => (
                <label key={c.id} className="check">
                  <input type="checkbox" name="audience.userIds" value={c.id} /> 加入：{c.name}（{c.employeeNo}，{c.orgName}）
                </label>
              ))}
            </div>
          ) : (
            <p className="muted">没有找到“{search}”。</p>
          )
        ) : null}
      </fieldset>
    </section>
  );
}
