import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, type Preferences } from '../shared/preferences';
import { Backend, openDefaultProject } from './backend';
import { preferencesFileFor, PreferencesStore } from './preferences';
import { ok, refused, useTempDirs } from './test-support/fixtures';

const temp = useTempDirs();

describe('preferences in the data folder', () => {
  it('are kept in preferences.json beside the default project, and read again at the next launch', () => {
    const dataDir = temp.make();
    const first = openDefaultProject(dataDir);
    expect(ok<Preferences>(first.dispatch('getPreferences', {}))).toEqual(DEFAULT_PREFERENCES);
    ok(first.dispatch('setPreferences', { theme: 'dark', textSize: 120 }));
    ok(first.dispatch('setPreferences', { leftPaneWidth: 400, lastSourceId: 'source-1' }));
    first.close();

    // Only the file itself is left: the temporary one it was written through was renamed into place.
    expect(readdirSync(dataDir).filter((name) => name.startsWith('preferences'))).toEqual(['preferences.json']);
    const stored = JSON.parse(readFileSync(preferencesFileFor(dataDir), 'utf8')) as Record<string, unknown>;
    expect(stored).toEqual({ theme: 'dark', textSize: 120, leftPaneWidth: 400, lastSources: { [join(dataDir, 'Default.tiemark')]: 'source-1' } });

    const again = temp.track(openDefaultProject(dataDir));
    expect(ok<Preferences>(again.dispatch('getPreferences', {}))).toEqual({ theme: 'dark', textSize: 120, leftPaneWidth: 400, rightPaneWidth: 340, lastSourceId: 'source-1', lastTie: null });
  });

  it('remember the open source per project, and share the rest', () => {
    const dir = temp.make();
    const file = join(dir, 'preferences.json');
    const a = new PreferencesStore(file, join(dir, 'A.tiemark'));
    const b = new PreferencesStore(file, join(dir, 'B.tiemark'));
    a.set({ lastSourceId: 'in-a', theme: 'light' });
    b.set({ lastSourceId: 'in-b' });
    expect(a.get()).toMatchObject({ lastSourceId: 'in-a', theme: 'light' });
    expect(b.get()).toMatchObject({ lastSourceId: 'in-b', theme: 'light' });
    a.set({ lastSourceId: null });
    expect(a.get().lastSourceId).toBeNull();
    expect(b.get().lastSourceId).toBe('in-b');
  });

  it('remember the last tie per project, for "." after a restart, and refuse one that is not a tie', () => {
    const dir = temp.make();
    const file = join(dir, 'preferences.json');
    const a = new PreferencesStore(file, join(dir, 'A.tiemark'));
    const b = new PreferencesStore(file, join(dir, 'B.tiemark'));
    const tie = { sourceActorId: 'russia', relationTypeId: 'supplies', targetActorId: 'syria', stance: 'reported' as const, eventDate: '2016' };
    a.set({ lastTie: tie });
    expect(new PreferencesStore(file, join(dir, 'A.tiemark')).get().lastTie).toEqual(tie);
    expect(b.get().lastTie).toBeNull();

    const backend = temp.track(openDefaultProject(temp.make()));
    expect(refused(backend.dispatch('setPreferences', { lastTie: { ...tie, stance: 'rumoured' } })).code).toBe('invalid_argument');
    expect(refused(backend.dispatch('setPreferences', { lastTie: { sourceActorId: 'russia' } })).code).toBe('invalid_argument');
    ok(backend.dispatch('setPreferences', { lastTie: tie }));
    expect(ok<Preferences>(backend.dispatch('getPreferences', {})).lastTie).toEqual(tie);

    // A stored value a hand edit broke reads as none; the other projects' ties are kept.
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { lastTies: Record<string, unknown> };
    raw.lastTies[join(dir, 'B.tiemark')] = { sourceActorId: 42 };
    writeFileSync(file, JSON.stringify(raw));
    expect(b.get().lastTie).toBeNull();
    expect(a.get().lastTie).toEqual(tie);
  });

  it('read a damaged or hand-edited file as far as it is valid, keeping keys a newer version wrote', () => {
    const dir = temp.make();
    const file = join(dir, 'preferences.json');
    const store = new PreferencesStore(file, join(dir, 'P.tiemark'));
    writeFileSync(file, '{"theme": "dar');
    expect(store.get()).toEqual(DEFAULT_PREFERENCES);
    writeFileSync(file, JSON.stringify({ theme: 'sepia', textSize: 112, leftPaneWidth: 9000, rightPaneWidth: 300, fontFamily: 'serif' }));
    // An unknown theme and a width out of bounds are their defaults; a size between steps snaps to one.
    expect(store.get()).toEqual({ ...DEFAULT_PREFERENCES, textSize: 110, rightPaneWidth: 300 });
    store.set({ theme: 'dark' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ theme: 'dark', textSize: 112, leftPaneWidth: 9000, rightPaneWidth: 300, fontFamily: 'serif' });
  });

  it('say so in a sentence when the file cannot be written, and keep the old one', () => {
    const dir = temp.make();
    const file = join(dir, 'preferences.json');
    writeFileSync(file, JSON.stringify({ theme: 'light' }));
    // A folder where the temporary file would go: the write fails before the rename.
    mkdirSync(`${file}.${process.pid}.tmp`);
    const store = new PreferencesStore(file, join(dir, 'P.tiemark'));
    expect(() => store.set({ theme: 'dark' })).toThrow(/^Your preferences could not be saved in .*preferences\.json \(.*\); they apply until Tiemark closes\.$/);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ theme: 'light' });
    // A file in the way of the data folder: the preferences cannot even be read.
    const blocked = new PreferencesStore(join(file, 'preferences.json'), join(dir, 'P.tiemark'));
    expect(() => blocked.get()).toThrow(/^Your preferences could not be read from .* \(ENOTDIR.*\)\.$/);
  });

  it('without a file (a shell that names none) last the session', () => {
    const dir = temp.make();
    const backend = temp.track(Backend.open({ file: join(dir, 'Memory.tiemark'), backupDir: join(dir, 'backups'), create: true }));
    ok(backend.dispatch('setPreferences', { rightPaneWidth: 500 }));
    expect(ok<Preferences>(backend.dispatch('getPreferences', {})).rightPaneWidth).toBe(500);
    expect(refused(backend.dispatch('setPreferences', { textSize: 300 }))).toMatchObject({ code: 'invalid_argument', detail: { path: 'textSize' } });
    expect(readdirSync(dir).some((name) => name.startsWith('preferences'))).toBe(false);
  });
});
