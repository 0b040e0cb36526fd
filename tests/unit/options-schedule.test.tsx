// @vitest-environment jsdom
/* eslint-disable @typescript-eslint/require-await -- async stand-ins for an async interface, and act() callbacks */
/** The options page's "Watch schedule" block (#settings): labelled fields in hours and days, limits, Save, Reset. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WATCH_SCHEDULE, type WatchSchedule } from '../../src/model/settings';
import { OptionsApp } from '../../src/ui/options/OptionsApp';
import { FakeBackground, fakePage } from './options-fixtures';
import { byTestId, click, typeInto, waitFor } from './options-dom';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let container: HTMLElement;

beforeEach(() => {
  location.hash = '#settings';
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(async () => {
  await act(async () => render(null, container));
  container.remove();
});

async function mount(background: FakeBackground): Promise<HTMLFormElement> {
  await act(async () => render(<OptionsApp client={fakePage(background)} />, container));
  return waitFor(() => byTestId<HTMLFormElement>(container, 'watch-schedule'), 'the watch schedule block');
}

function field(form: HTMLElement, key: keyof WatchSchedule): HTMLInputElement {
  const input = form.querySelector<HTMLInputElement>(`input[data-schedule="${key}"]`);
  if (!input) throw new Error(`no field ${key}`);
  return input;
}

/** The text of the label the input is named by (label[for]). */
function labelOf(form: HTMLElement, input: HTMLInputElement): string {
  return form.querySelector(`label[for="${input.id}"]`)?.textContent ?? '';
}

describe('the watch schedule in the settings', () => {
  it('shows the schedule in hours and days, each field labelled, with its limits', async () => {
    const form = await mount(new FakeBackground());
    expect(form.querySelector('legend')?.textContent).toBe('Watch schedule');
    const shown = Object.fromEntries(
      (['earlyIntervalMs', 'earlyPeriodMs', 'lateIntervalMs', 'windowMs', 'maxFetchesPerHour'] as const).map(
        (key) => {
          const input = field(form, key);
          return [key, { value: input.value, label: labelOf(form, input), min: input.min, max: input.max }];
        },
      ),
    );
    expect(shown).toEqual({
      earlyIntervalMs: {
        value: '3',
        label: 'While an article is new, re-read it every',
        min: '1',
        max: '24',
      },
      earlyPeriodMs: { value: '2', label: 'An article counts as new for', min: '0', max: '30' },
      lateIntervalMs: { value: '24', label: 'After that, re-read it every', min: '1', max: '168' },
      windowMs: { value: '14', label: 'Stop watching an article', min: '1', max: '90' },
      maxFetchesPerHour: { value: '30', label: 'Re-read at most', min: '1', max: '120' },
    });
    // Nothing to save or reset yet.
    expect(byTestId<HTMLButtonElement>(form, 'save-watch-schedule')!.disabled).toBe(true);
    expect(byTestId<HTMLButtonElement>(form, 'reset-watch-schedule')!.disabled).toBe(true);
    // Every control is a native, focusable form control: reachable and usable from the keyboard.
    for (const control of form.querySelectorAll<HTMLElement>('input, button'))
      expect(control.tabIndex, control.outerHTML).toBe(0);
  });

  it('saves what the reader typed, converted to the milliseconds the background counts in', async () => {
    const background = new FakeBackground();
    const form = await mount(background);
    await typeInto(field(form, 'earlyIntervalMs'), '1');
    await typeInto(field(form, 'lateIntervalMs'), '12');
    await typeInto(field(form, 'windowMs'), '30');
    await typeInto(field(form, 'maxFetchesPerHour'), '10');
    expect(byTestId<HTMLButtonElement>(form, 'save-watch-schedule')!.disabled).toBe(false);
    // What Enter in a field does: submit the form.
    await act(async () => form.requestSubmit());
    await waitFor(() => background.calls.setSettings?.length === 1, 'setSettings');
    expect(background.calls.setSettings).toEqual([
      {
        watch: {
          earlyIntervalMs: HOUR,
          earlyPeriodMs: 2 * DAY,
          lateIntervalMs: 12 * HOUR,
          windowMs: 30 * DAY,
          maxFetchesPerHour: 10,
        },
      },
    ]);
    await waitFor(() => container.querySelector('[role="status"]')?.textContent === 'Saved.', 'Saved.');
  });

  it('refuses a value outside its limits: the field says why and Save stays off', async () => {
    const background = new FakeBackground();
    const form = await mount(background);
    const early = field(form, 'earlyIntervalMs');
    for (const [text, min, max] of [
      ['0.5', '1', '24'],
      ['25', '1', '24'],
      ['', '1', '24'],
      ['-3', '1', '24'],
    ] as const) {
      await typeInto(early, text);
      expect(early.getAttribute('aria-invalid'), text).toBe('true');
      const error = form.querySelector(`#${early.getAttribute('aria-describedby')}`);
      expect(error?.textContent).toBe(`Enter a number from ${min} to ${max}.`);
      expect(byTestId<HTMLButtonElement>(form, 'save-watch-schedule')!.disabled).toBe(true);
    }
    await typeInto(early, '3');
    await typeInto(field(form, 'maxFetchesPerHour'), '2.5');
    expect(field(form, 'maxFetchesPerHour').getAttribute('aria-invalid')).toBe('true');
    await act(async () => form.requestSubmit());
    expect(background.calls.setSettings).toBeUndefined();
    // Fractions of an hour that stay in range are fine.
    await typeInto(field(form, 'maxFetchesPerHour'), '30');
    await typeInto(early, '1.5');
    expect(early.getAttribute('aria-invalid')).toBe('false');
    await click(byTestId(form, 'save-watch-schedule')!);
    await waitFor(() => background.calls.setSettings?.length === 1, 'setSettings');
    expect(background.calls.setSettings![0]!.watch!.earlyIntervalMs).toBe(1.5 * HOUR);
  });

  it('resets a changed schedule to the defaults in one click', async () => {
    const background = new FakeBackground();
    background.settings = {
      ...background.settings,
      watch: {
        earlyIntervalMs: HOUR,
        earlyPeriodMs: DAY,
        lateIntervalMs: 6 * HOUR,
        windowMs: 7 * DAY,
        maxFetchesPerHour: 5,
      },
    };
    const form = await mount(background);
    expect(field(form, 'lateIntervalMs').value).toBe('6');
    const reset = byTestId<HTMLButtonElement>(form, 'reset-watch-schedule')!;
    expect(reset.disabled).toBe(false);
    expect(reset.textContent).toBe('Reset to defaults');
    await click(reset);
    await waitFor(() => background.calls.setSettings?.length === 1, 'setSettings');
    expect(background.calls.setSettings).toEqual([{ watch: { ...DEFAULT_WATCH_SCHEDULE } }]);
    await waitFor(() => field(form, 'lateIntervalMs').value === '24', 'the defaults shown');
    await waitFor(() => reset.disabled, 'reset off at the defaults');
  });
});
