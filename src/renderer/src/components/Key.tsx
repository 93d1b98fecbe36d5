// A key as people read it (text, or hex shortened when long) with a copy button that copies the
// whole key, never the shortened preview.
import { keyFull, keyPreview } from '../../../shared/keys';

export function Key({ b64, label, nullText = '(empty)' }: { b64: string | null; label: string; nullText?: string }): React.JSX.Element {
  const preview = b64 === null ? nullText : keyPreview(b64);
  const full = b64 === null || b64 === '' ? preview : keyFull(b64);
  return (
    <>
      <code title={full}>{preview}</code>{' '}
      <button type="button" className="copy" aria-label={label} onClick={() => void navigator.clipboard?.writeText(full)}>copy</button>
    </>
  );
}
