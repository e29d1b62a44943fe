import { describe, expect, it } from 'vitest';
import { MAX_MESSAGES, Messages, NOTICE_MS } from './messages';

/** A clock the test moves by hand. */
function clock() {
  const pending: Array<{ at: number; run: () => void }> = [];
  let now = 0;
  return {
    timers: { setTimeout: ((run: () => void, ms: number) => pending.push({ at: now + ms, run })) as unknown as typeof setTimeout },
    advance(ms: number) {
      now += ms;
      for (const t of pending.splice(0).sort((a, b) => a.at - b.at)) {
        if (t.at <= now) t.run();
        else pending.push(t);
      }
    },
  };
}

describe('messages', () => {
  it('notices dismiss themselves; errors stay until dismissed', () => {
    const c = clock();
    const m = new Messages([], c.timers);
    m.say('info', 'Highlight deleted.');
    const error = m.say('error', 'The disk is full.');
    expect(m.snapshot().map((t) => t.text)).toEqual(['Highlight deleted.', 'The disk is full.']);
    c.advance(NOTICE_MS);
    expect(m.snapshot().map((t) => t.text)).toEqual(['The disk is full.']);
    c.advance(NOTICE_MS * 10);
    expect(m.snapshot()).toHaveLength(1);
    m.dismiss(error);
    expect(m.snapshot()).toEqual([]);
  });

  it('keeps the newest few, shows a repeated message once, and tells subscribers', () => {
    const m = new Messages([], clock().timers);
    let changes = 0;
    m.subscribe(() => changes++);
    for (let i = 0; i < MAX_MESSAGES + 3; i++) m.say('error', `Error ${i}`);
    expect(m.snapshot().map((t) => t.text)).toEqual(Array.from({ length: MAX_MESSAGES }, (_, i) => `Error ${i + 3}`));
    const before = m.snapshot().length;
    m.say('error', `Error ${MAX_MESSAGES + 2}`);
    expect(m.snapshot()).toHaveLength(before);
    expect(changes).toBeGreaterThan(MAX_MESSAGES);
  });

  it('starts with the messages carried over a reload', () => {
    const m = new Messages([{ kind: 'info', text: 'Restored the backup.' }], clock().timers);
    expect(m.snapshot().map((t) => t.text)).toEqual(['Restored the backup.']);
  });
});
