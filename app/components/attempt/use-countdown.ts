import { useCallback, useEffect, useRef, useState } from "react";

/**
 * Counts down from the server's seconds-left using the browser's monotonic clock, so a
 * wrong or changed wall clock on the phone changes nothing; each save reply resyncs it.
 */
export function useCountdown(initialSecondsLeft: number | null) {
  const [left, setLeft] = useState(initialSecondsLeft);
  const anchor = useRef<{ at: number; seconds: number } | null>(null);

  useEffect(() => {
    if (initialSecondsLeft === null) return;
    anchor.current ??= { at: performance.now(), seconds: initialSecondsLeft };
    const tick = () => {
      const a = anchor.current!;
      setLeft(Math.max(0, Math.round(a.seconds - (performance.now() - a.at) / 1000)));
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [initialSecondsLeft]);

  const resync = useCallback((seconds: number) => {
    anchor.current = { at: performance.now(), seconds };
    setLeft(seconds);
  }, []);

  return { secondsLeft: left, resync };
}

export function formatClock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
