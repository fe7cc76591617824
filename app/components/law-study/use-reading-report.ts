/**
 * Reports honest reading time: only seconds while the page is visible count, sent every
 * 15 s, when the reader reaches the end marker and when the page is hidden or left. The
 * server caps whatever it receives by its own clock; this hook only keeps the claim honest.
 */
import { useEffect, useRef, useState } from "react";

const REPORT_EVERY_MS = 15_000;

export type ReadingTotals = { activeSeconds: number; finished: boolean };

export function useReadingReport(url: string, endMarker: React.RefObject<HTMLElement | null>, initial: ReadingTotals) {
  const [totals, setTotals] = useState(initial);
  const state = useRef({ visibleSince: null as number | null, pendingMs: 0, reachedEnd: initial.finished, sentEnd: initial.finished });

  useEffect(() => {
    const s = state.current;
    const now = () => performance.now();
    const flushVisible = () => {
      if (s.visibleSince !== null) {
        s.pendingMs += now() - s.visibleSince;
        s.visibleSince = document.visibilityState === "visible" ? now() : null;
      }
    };
    const send = (keepalive = false) => {
      flushVisible();
      const seconds = Math.floor(s.pendingMs / 1000);
      const endNews = s.reachedEnd && !s.sentEnd;
      if (seconds === 0 && !endNews) return;
      s.pendingMs -= seconds * 1000;
      if (endNews) s.sentEnd = true;
      const body = new URLSearchParams({ seconds: String(seconds), reachedEnd: s.reachedEnd ? "1" : "0" });
      fetch(url, { method: "POST", body, keepalive, headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? r.json() : null))
        .then((json: { activeSeconds: number; reachedEndAt: string | null } | null) => {
          if (json) setTotals({ activeSeconds: json.activeSeconds, finished: json.reachedEndAt !== null });
        })
        .catch(() => {
          // Offline: the seconds are kept for the next report.
          s.pendingMs += seconds * 1000;
          if (endNews) s.sentEnd = false;
        });
    };
    if (document.visibilityState === "visible") s.visibleSince = now();
    const onVisibility = () => {
      if (document.visibilityState === "visible") s.visibleSince = now();
      else send(true);
    };
    const onHide = () => send(true);
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", onHide);
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") send();
    }, REPORT_EVERY_MS);
    let observer: IntersectionObserver | null = null;
    if (endMarker.current && "IntersectionObserver" in window) {
      observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting) && !s.reachedEnd) {
          s.reachedEnd = true;
          send();
        }
      });
      observer.observe(endMarker.current);
    }
    return () => {
      send(true);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", onHide);
      window.clearInterval(timer);
      observer?.disconnect();
    };
  }, [url, endMarker]);

  return totals;
}
