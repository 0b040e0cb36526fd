/* eslint-disable @typescript-eslint/require-await -- async stand-ins for an async interface, and act() callbacks */
/** Small DOM helpers for the options and comparison page tests (jsdom). */
import { act } from 'preact/test-utils';

/** Waits until `probe` returns a value (the pages load asynchronously through the client). */
export async function waitFor<T>(
  probe: () => T | null | undefined | false,
  what = 'condition',
  timeoutMs = 3000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | null | undefined | false = null;
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
    value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

export function byTestId<T extends HTMLElement = HTMLElement>(root: ParentNode, id: string): T | null {
  return root.querySelector<T>(`[data-testid="${id}"]`);
}

export async function click(element: Element): Promise<void> {
  await act(async () => {
    (element as HTMLElement).click();
  });
}

export async function typeInto(input: HTMLInputElement, value: string): Promise<void> {
  await act(async () => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function press(key: string): Promise<void> {
  await act(async () => {
    window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  });
}

export function rowIds(root: ParentNode): number[] {
  return [...root.querySelectorAll<HTMLElement>('li[data-article-id]')].map((row) =>
    Number(row.dataset.articleId),
  );
}
