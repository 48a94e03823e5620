import { useRef, useState } from "react";

/** A secret the API returns only once (a new API token, a webhook's signing secret), with a copy button. */
export function SecretOnce({
  label,
  value,
  note = "Copy it now: it is shown only this once.",
  onDismiss,
}: {
  label: string;
  value: string;
  note?: string;
  onDismiss: () => void;
}) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const codeRef = useRef<HTMLElement>(null);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // No clipboard permission (or not a secure context): select it for Ctrl+C instead.
      const selection = window.getSelection();
      if (selection !== null && codeRef.current !== null) selection.selectAllChildren(codeRef.current);
      setCopied("failed");
    }
  };
  return (
    <div className="secret-once" role="status" data-testid="secret-once">
      <strong>{label}</strong>
      <span className="muted">{note}</span>
      <div className="secret-once__value">
        <code ref={codeRef} data-testid="secret-value">
          {value}
        </code>
        <button type="button" className="button button--small" onClick={() => void copy()} data-testid="copy-secret">
          {copied === "yes" ? "Copied" : "Copy"}
        </button>
        <button type="button" className="button button--small" onClick={onDismiss}>
          Done
        </button>
      </div>
      {copied === "failed" && (
        <span className="muted">Could not use the clipboard: the text is selected, press Ctrl+C.</span>
      )}
    </div>
  );
}
