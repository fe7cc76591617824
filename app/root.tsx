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

export function ErrorBoundary() {
  const error = useRouteError();
  let title = "出错了";
  let message = "服务器遇到了意外错误，请稍后重试。";
  if (isRouteErrorResponse(error)) {
    if (error.status === 403) title = "没有权限";
    else if (error.status === 404) title = "未找到";
    else title = `错误 ${error.status}`;
    message = typeof error.data === "string" && error.data ? error.data : error.statusText;
  } else {
    console.error(error);
  }
  return (
    <main className="page">
      <div className="card error-card">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <Link to="/">返回首页</Link>
        </p>
      </div>
    </main>
  );
}
