import { describe, expect, it } from 'vitest';
import { CommandRegistry, keyOf, searchCommands, type Command } from './commands';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) =>
  ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods }) as KeyboardEvent;

function registry(commands: Command[]) {
  const errors: unknown[] = [];
  const r = new CommandRegistry((e) => errors.push(e));
  r.setAll(commands);
  return { r, errors };
}

describe('the command registry', () => {
  it('names keys the same way for events and for labels', () => {
    expect(keyOf(key('h'))).toBe('H');
    expect(keyOf(key('.'))).toBe('.');
    expect(keyOf(key('?', { shiftKey: true }))).toBe('?');
    expect(keyOf(key('Delete'))).toBe('Delete');
    expect(keyOf(key('z', { ctrlKey: true }))).toBe('Mod+Z');
    expect(keyOf(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('Shift+Mod+Z');
    expect(keyOf(key('H', { shiftKey: true }))).toBe('Shift+H');
  });

  it('starts keeping typed-ahead keys when a field-opening command runs, however it was started', async () => {
    const order: string[] = [];
    const { r } = registry([
      { id: 'open-link', label: 'Open link…', group: 'Project', opensField: true, run: () => void order.push('run open-link') },
      { id: 'theme', label: 'Theme', group: 'View', run: () => void order.push('run theme') },
    ]);
    const unset = r.whenOpeningField(() => order.push('keep keys'));
    await r.run('open-link');
    await r.run('theme');
    expect(order).toEqual(['keep keys', 'run open-link', 'run theme']);
    unset();
    await r.run('open-link');
    expect(order.at(-1)).toBe('run open-link');
    expect(order.filter((o) => o === 'keep keys')).toHaveLength(1);
  });

  it('finds the command for a key only when it applies, and single keys never in a text field', () => {
    let selected = false;
    const { r } = registry([
      { id: 'delete', label: 'Delete', group: 'Annotate', keys: ['Delete'], when: () => selected, run: () => undefined },
      { id: 'palette', label: 'Palette', group: 'Help', keys: ['Mod+K'], inFields: true, run: () => undefined },
      { id: 'tie', label: 'Add a tie…', group: 'Annotate', keys: ['T'], run: () => undefined },
    ]);
    expect(r.forKey(key('Delete'), false)).toBeUndefined();
    selected = true;
    expect(r.forKey(key('Delete'), false)?.id).toBe('delete');
    expect(r.forKey(key('t'), true)).toBeUndefined();
    expect(r.forKey(key('t'), false)?.id).toBe('tie');
    expect(r.forKey(key('k', { ctrlKey: true }), true)?.id).toBe('palette');
    expect(r.forKey(key('x'), false)).toBeUndefined();
  });

  it('runs a command only when it applies, and every failure, thrown or rejected, is one message', async () => {
    const ran: string[] = [];
    const { r, errors } = registry([
      { id: 'ok', label: 'OK', group: 'Edit', run: () => void ran.push('ok') },
      { id: 'off', label: 'Off', group: 'Edit', when: () => false, run: () => void ran.push('off') },
      { id: 'throws', label: 'Throws', group: 'Edit', run: () => { throw new Error('thrown'); } },
      { id: 'rejects', label: 'Rejects', group: 'Edit', run: () => Promise.reject(new Error('rejected')) },
      { id: 'broken-when', label: 'Broken', group: 'Edit', when: () => { throw new Error('no state'); }, run: () => void ran.push('broken') },
    ]);
    expect(await r.run('ok')).toBe(true);
    expect(await r.run('off')).toBe(false);
    expect(await r.run('missing')).toBe(false);
    expect(await r.run('throws')).toBe(true);
    expect(await r.run('rejects')).toBe(true);
    expect(await r.run('broken-when')).toBe(false);
    expect(ran).toEqual(['ok']);
    expect(errors.map((e) => (e as Error).message)).toEqual(['thrown', 'rejected']);
  });

  it('tells subscribers when the set changes', () => {
    const { r } = registry([]);
    let calls = 0;
    const stop = r.subscribe(() => calls++);
    const before = r.snapshot();
    r.setAll([{ id: 'a', label: 'A', group: 'Edit', run: () => undefined }]);
    expect(calls).toBe(1);
    expect(r.snapshot()).not.toBe(before);
    stop();
    r.setAll([]);
    expect(calls).toBe(1);
  });

  it('ranks the palette’s matches: label start, then word start, then anywhere', () => {
    const c = (label: string): Command => ({ id: label, label, group: 'Edit', run: () => undefined });
    const all = [c('Show the ties'), c('Add a tie…'), c('Tie export'), c('Entities')];
    expect(searchCommands(all, 'tie').map((x) => x.label)).toEqual(['Tie export', 'Add a tie…', 'Show the ties', 'Entities']);
    expect(searchCommands(all, 'zzz')).toEqual([]);
    expect(searchCommands(all, '  ')).toHaveLength(4);
  });
});
