// A key as people read it: the user key and its kind when it is in one of elastickv's internal
// layouts (`!redis|str|hot:4` → `hot:4` · Redis string), the raw bytes one click away; other keys
// as text, or hex shortened when long. The copy button copies what is shown, whole, never the
// shortened preview.
import { useState } from 'react';
import { decodeInternalKeyB64, describeDecoded } from '../../../shared/elastickv/internal-key';
import { keyFull, keyPreview } from '../../../shared/keys';

export function Key({ b64, label, nullText = '(empty)' }: { b64: string | null; label: string; nullText?: string }): React.JSX.Element {
  const [raw, setRaw] = useState(false);
  const preview = b64 === null ? nullText : keyPreview(b64);
  const full = b64 === null || b64 === '' ? preview : keyFull(b64);
  const decoded = b64 === null ? null : decodeInternalKeyB64(b64);
  if (!decoded) {
    return (
      <>
        <code title={full}>{preview}</code>{' '}
        <button type="button" className="copy" aria-label={label} onClick={() => void navigator.clipboard?.writeText(full)}>copy</button>
      </>
    );
  }
  const d = describeDecoded(decoded, b64);
  const userFull = decoded.userKeyText ?? `0x${Array.from(decoded.userKey, (x) => x.toString(16).padStart(2, '0')).join('')}`;
  const shown = raw ? preview : d.text;
  return (
    <>
      <code title={raw ? full : `${userFull}\nraw: ${full}`} data-kind={decoded.kind}>{shown}</code>
      {!raw && <>{' '}<span className="pill kind">{d.kindLabel}</span></>}
      {!raw && d.detail && <span className="hint key-detail"> {d.detail}</span>}{' '}
      <button type="button" className="copy" aria-label={label} onClick={() => void navigator.clipboard?.writeText(raw ? full : userFull)}>copy</button>
      <button type="button" className="copy" aria-pressed={raw} title={raw ? 'show the user key' : "show elastickv's internal key bytes"}
        onClick={() => setRaw(!raw)}>{raw ? 'user key' : 'raw'}</button>
    </>
  );
}
