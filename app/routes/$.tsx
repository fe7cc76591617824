import type { LoaderFunctionArgs } from "@remix-run/node";

// Any address no other route matches: a Chinese 404 inside the layout (root's ErrorBoundary),
// with the header, since the root loader runs for this route like for any other.
export async function loader(_args: LoaderFunctionArgs) {
  throw new Response("没有找到这个页面，请检查地址是否正确。", { status: 404 });
}

export async function action(_args: LoaderFunctionArgs) {
  throw new Response("没有找到这个页面，请检查地址是否正确。", { status: 404 });
}

export default function NotFound() {
  return null;
}
