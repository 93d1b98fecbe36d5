// A toolbar menu: a <details> that closes the way an operator expects a menu to, on a choice, a
// click anywhere outside it, or Escape (which then does nothing else: the pinned cell stays).
import { type ReactNode, useEffect, useRef } from 'react';

export function Menu({ label, role = 'menu', children }: { label: string; role?: 'menu' | 'group'; children: ReactNode }): React.JSX.Element {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const menu = ref.current;
    if (!menu) return undefined;
    const close = (): void => menu.removeAttribute('open');
    const outside = (e: PointerEvent): void => {
      if (menu.open && e.target instanceof Node && !menu.contains(e.target)) close();
    };
    // Capture phase, ahead of the app's shortcuts: this Escape is the menu's.
    const escape = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || !menu.open) return;
      e.stopPropagation();
      e.preventDefault();
      close();
      menu.querySelector('summary')?.focus();
    };
    const chosen = (e: MouseEvent): void => {
      if (e.target instanceof Element && e.target.closest('[role=menuitem]')) close();
    };
    document.addEventListener('pointerdown', outside, true);
    window.addEventListener('keydown', escape, true);
    menu.addEventListener('click', chosen);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      window.removeEventListener('keydown', escape, true);
      menu.removeEventListener('click', chosen);
    };
  }, []);
  return (
    <details className="menu" ref={ref}>
      <summary>{label}</summary>
      <div role={role} aria-label={label}>{children}</div>
    </details>
  );
}
