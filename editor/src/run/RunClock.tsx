import { useEffect, useState } from "react";
import { formatDuration } from "../ui/format-number";

/** How long a run has taken: fixed once it finished, ticking while it runs. */
export function RunClock({ startedAt, finishedAt }: { startedAt: string; finishedAt: string | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (finishedAt !== null) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [finishedAt]);
  const end = finishedAt !== null ? Date.parse(finishedAt) : now;
  return <span className="muted">{formatDuration(Math.max(0, end - Date.parse(startedAt)))}</span>;
}
