// What the open view is, in the toolbar and the window's title. A saved profile's view says so
// unmistakably (prod from staging at a glance): its name on a badge of its colour, a band of that
// colour along the window's top edge, and the name in the window title: text, not colour alone.
import { useEffect } from 'react';
import { useAppStore } from '../store';

const APP_TITLE = 'KeyViz Inspector';

/** sRGB relative luminance (WCAG 2) of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Black or white, whichever reads better on `hex` (the larger WCAG contrast ratio). */
export function textOn(hex: string): '#000000' | '#ffffff' {
  const l = luminance(hex);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

export function ConnectionLabel(): React.JSX.Element | null {
  const label = useAppStore((s) => s.connection?.label ?? null);
  const profile = useAppStore((s) => (s.connection?.profile && !s.connection.profile.demo ? s.connection.profile : null));
  const color = profile?.color ?? null;
  useEffect(() => {
    const html = document.documentElement;
    document.title = label ? `${label} — ${APP_TITLE}` : APP_TITLE;
    if (color) { html.dataset.profile = 'shown'; html.style.setProperty('--profile-color', color); }
    return () => {
      document.title = APP_TITLE;
      delete html.dataset.profile;
      html.style.removeProperty('--profile-color');
    };
  }, [label, color]);
  if (label === null) return null;
  if (!profile) return <strong className="connection-label">{label}</strong>;
  return (
    <strong className="connection-label profile-badge" title={`saved profile "${profile.name}" (key ${profile.accessKey})`}
      style={{ background: profile.color, color: textOn(profile.color) }}>{label}</strong>
  );
}
