import { Link, useSearchParams } from "@remix-run/react";

/** 上一页 / 下一页 links that keep the page's other search parameters (its filters). */
export function Pager({ page, hasMore }: { page: number; hasMore: boolean }) {
  const [params] = useSearchParams();
  const linkTo = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next}`;
  };
  return (
    <nav className="pager" aria-label="分页">
      {page > 1 ? <Link to={linkTo(page - 1)}>上一页</Link> : null}
      <span>第 {page} 页</span>
      {hasMore ? <Link to={linkTo(page + 1)}>下一页</Link> : null}
    </nav>
  );
}
