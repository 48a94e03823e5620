import type { ReactNode } from "react";
import { BackLink } from "../../ui/BackLink";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { Loading } from "../../ui/Loading";
import { Page } from "../../ui/Page";

/**
 * The page of one item: its view once loaded; until then loading, or, when it could not be loaded, a back link,
 * the `heading` and the error with a retry. `what` names the item ("the experiment").
 */
export function DetailPage<T>({
  titleId,
  title,
  back,
  heading,
  what,
  item,
  error,
  onRetry,
  children,
}: {
  titleId: string;
  /** The browser tab's title. */
  title: string;
  back: { to: string; label: string };
  heading: string;
  what: string;
  item: T | undefined;
  error: unknown;
  onRetry: () => void;
  children: (item: T) => ReactNode;
}) {
  return (
    <Page titleId={titleId} title={title}>
      {item !== undefined ? (
        children(item)
      ) : error ? (
        <>
          <BackLink to={back.to} label={back.label} />
          <h1 id={titleId}>{heading}</h1>
          <ErrorPanel title={`Could not load ${what}`} error={error} onRetry={onRetry} />
        </>
      ) : (
        <Loading>{`Loading ${what}…`}</Loading>
      )}
    </Page>
  );
}
