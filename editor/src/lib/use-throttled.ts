import { useEffect, useRef } from "react";

/**
 * A stable function that runs `fn` at most once per `ms`: the first call schedules it `ms` later, calls meanwhile
 * join that one. The latest `fn` runs; nothing runs after unmount.
 */
export function useThrottled(fn: () => void, ms: number): () => void {
  const latest = useRef(fn);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    latest.current = fn;
  });
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  const scheduled = useRef(() => {
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, ms);
  });
  return scheduled.current;
}
