// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { KeyBuffer } from './commands';

const isField = (el: Element) => el instanceof HTMLInputElement;
const press = (target: EventTarget, key: string) => target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('KeyBuffer (keys typed between a command and the field it opens)', () => {
  it('keeps a key that still reaches the field the command was given in, and gives it to the field that opens', () => {
    // The palette's field has focus when its Enter runs "Open link…"; the next key reaches it
    // before the palette is gone.
    const palette = document.createElement('input');
    document.body.append(palette);
    palette.focus();
    const buffer = new KeyBuffer();
    buffer.start(isField);
    expect(press(palette, 'h')).toBe(false); // kept: its default (typing into the palette) prevented
    palette.remove();
    press(document.body, 't');
    const link = document.createElement('input');
    document.body.append(link);
    link.focus();
    expect(link.value).toBe('ht');
    buffer.stop();
  });

  it('gives nothing to a field when no key was typed ahead, and stops at a command key', () => {
    const buffer = new KeyBuffer();
    buffer.start(isField);
    press(document.body, 'Escape');
    const field = document.createElement('input');
    document.body.append(field);
    field.focus();
    expect(field.value).toBe('');
  });
});
