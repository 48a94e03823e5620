import { useNavigate } from "react-router";
import { ignore } from "./reload";

/**
 * Waits for a create mutation and opens the page of what it made (`pathOf` its result); a failure is left to the
 * mutation's own `error`, which the form shows.
 */
export function useOpenCreated(): <T>(created: Promise<{ data?: T | undefined }>, pathOf: (data: T) => string) => void {
  const navigate = useNavigate();
  return (created, pathOf) => {
    void created
      .then(({ data }) => {
        if (data) void navigate(pathOf(data));
      })
      .catch(ignore);
  };
}
