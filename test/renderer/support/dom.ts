// Mounting React in happy-dom for renderer tests, and acting on what is there the way a user
// would: by a button's text or label, a field's label.
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach } from 'vitest';
import { freshRenderer } from './fresh';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Mounted {
  container: HTMLElement;
  render(node: ReactNode): Promise<void>;
  button(text: string): HTMLButtonElement;
  click(text: string): Promise<void>;
  type(input: HTMLInputElement, value: string): Promise<void>;
  field(label: RegExp): HTMLInputElement;
}

/** A fresh container per test, after a fresh store and localStorage (then `arrange`: a test file's own state); the bridge is removed after. */
export function mountPerTest(arrange: () => void = () => {}): Mounted {
  let root: Root;
  const m: Mounted = {
    container: document.createElement('div'),
    async render(node) { await act(async () => { root.render(node); }); },
    button(text) {
      const b = [...m.container.querySelectorAll('button')].find((x) => x.textContent === text || x.getAttribute('aria-label') === text);
      if (!b) throw new Error(`no button ${text}`);
      return b;
    },
    async click(text) { const b = m.button(text); await act(async () => { b.click(); }); },
    async type(input, value) {
      await act(async () => {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    },
    field(label) {
      const l = [...m.container.querySelectorAll('label')].find((x) => label.test(x.textContent ?? ''));
      if (!l) throw new Error(`no field ${label}`);
      return l.querySelector('input')!;
    },
  };
  beforeEach(() => {
    freshRenderer();
    arrange();
    m.container = document.createElement('div');
    document.body.append(m.container);
    root = createRoot(m.container);
  });
  afterEach(() => {
    act(() => root.unmount());
    m.container.remove();
    delete window.keyviz;
  });
  return m;
}
