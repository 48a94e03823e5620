import { useSearchParams } from "react-router";

/** One query-string parameter as state ("" when absent); setting "" removes it. Replaces the history entry. */
export function useSearchParam(key: string): [string, (value: string) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const set = (value: string): void => {
    const next = new URLSearchParams(searchParams);
    if (value === "") next.delete(key);
    else next.set(key, value);
    setSearchParams(next, { replace: true });
  };
  return [searchParams.get(key) ?? "", set];
}
