import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";

import { useNonce } from "~/components/nonce";
import { getOptionalUser } from "~/utils/auth.server";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.ico" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request, context);
  return {
    user: user && !user.must_change_password ? { name: user.name, employeeNo: user.employee_no, role: user.role } : null,
  };
}

function Header({ user }: { user: { name: string; employeeNo: string; role: string } | null }) {
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        考学
      </Link>
      {user ? (
        <nav className="site-nav" aria-label="主导航">
          <NavLink to="/" end>
            首页
          </NavLink>
          <NavLink to="/history">成绩档案</NavLink>
          <NavLink to="/practice">练习</NavLink>
          <NavLink to="/law-study">学法</NavLink>
          {user.role !== "cadre" ? (
            <>
              <NavLink to="/manage/exams">考试</NavLink>
              <NavLink to="/manage/orgs">组织</NavLink>
              <NavLink to="/manage/cadres">干部</NavLink>
              <NavLink to="/manage/appointments">任前</NavLink>
              <NavLink to="/manage/banks">题库</NavLink>
              <NavLink to="/manage/statistics">统计</NavLink>
              <NavLink to="/manage/law-study">学法计划</NavLink>
            </>
          ) : null}
          {user.role === "admin" ? <NavLink to="/admin/audit">审计日志</NavLink> : null}
          <span className="whoami">
            {user.name}（{user.employeeNo}）
          </span>
          <Form method="post" action="/logout">
            <button type="submit" className="link-button">
              退出
            </button>
          </Form>
        </nav>
      ) : null}
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <>
      <Header user={user} />
      <main className="page">
        <Outlet />
      </main>
    </>
  );
}

const ERROR_TITLES: Record<number, string> = { 400: "请求无效", 403: "没有权限", 404: "页面不存在", 405: "不支持的操作", 409: "操作冲突", 413: "文件太大" };

/** Every error page is in Chinese and inside the layout, with the site header (signed in or not). */
export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData<typeof loader>("root");
  let title = "出错了";
  let message = "服务器遇到了意外错误，请稍后重试。";
  if (isRouteErrorResponse(error)) {
    title = ERROR_TITLES[error.status] ?? `错误 ${error.status}`;
    // Remix's own English texts ("No route matches URL …") never reach the page.
    const own = typeof error.data === "string" && /[\u4e00-\u9fff]/.test(error.data) ? error.data : null;
    message = own ?? (error.status === 404 ? "没有找到这个页面，请检查地址是否正确。" : "请求未能完成，请返回重试。");
  } else {
    console.error(error);
  }
  return (
    <>
      <Header user={root?.user ?? null} />
      <main className="page">
        <div className="card error-card" role="alert">
          <h1>{title}</h1>
          <p>{message}</p>
          <p>
            <Link to="/">返回首页</Link>
          </p>
        </div>
      </main>
    </>
  );
}
