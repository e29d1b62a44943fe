import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ApiError } from '../shared/errors';
import { DEFAULT_PREFERENCES, nearestTextSize, PREFERENCE_FIELDS, type Preferences, type PreferencesPatch } from '../shared/preferences';
import type { Schema } from '../shared/schema';

export const PREFERENCES_FILE = 'preferences.json';

/** Where the preferences live: beside the projects in the data folder, shared by both shells. */
export const preferencesFileFor = (dataDir: string): string => join(dataDir, PREFERENCES_FILE);

/** The open source is remembered for this many projects, the most recently used. */
const MAX_PROJECTS = 50;

const GLOBAL_KEYS = ['theme', 'textSize', 'leftPaneWidth', 'rightPaneWidth'] as const;

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The preferences file: the global keys at the top level, and the source last open in each
 * project under `lastSources` and the last tie saved under `lastTies`, keyed by the project file's absolute path (so it needs no write to
 * the project, which may be open read-only). Keys this version does not know (a newer Tiemark
 * wrote them) are kept; a value out of bounds is read as its default.
 *
 * Every write reads the file again and changes only the keys it was given, so the desktop app
 * and the browser host keep each other's changes, and goes through a temporary file renamed into
 * place, so a crash never leaves half a file. Without a file (a shell that did not name one) the
 * preferences live in memory for the session.
 */
export class PreferencesStore {
  private memory: Raw = {};
  private readonly projectKey: string;

  constructor(
    private readonly file: string | null,
    projectFile: string,
  ) {
    this.projectKey = resolve(projectFile);
  }

  get(): Preferences {
    return this.view(this.read());
  }

  set(patch: PreferencesPatch): Preferences {
    const raw = this.read();
    for (const key of GLOBAL_KEYS) if (patch[key] !== undefined) raw[key] = patch[key];
    if (patch.lastSourceId !== undefined) raw.lastSources = this.perProject(raw.lastSources, patch.lastSourceId);
    if (patch.lastTie !== undefined) raw.lastTies = this.perProject(raw.lastTies, patch.lastTie);
    this.write(raw);
    return this.view(raw);
  }

  /** A per-project map with this project's value set (null: removed), the most recent last, at most MAX_PROJECTS. */
  private perProject(stored: unknown, value: unknown): Raw {
    const map: Raw = isRecord(stored) ? { ...stored } : {};
    // Re-inserted last, so the oldest projects are the first dropped.
    delete map[this.projectKey];
    if (value !== null) map[this.projectKey] = value;
    const keys = Object.keys(map);
    for (const key of keys.slice(0, Math.max(0, keys.length - MAX_PROJECTS))) delete map[key];
    return map;
  }

  /** The stored values as this project sees them, each unreadable one as its default. */
  private view(raw: Raw): Preferences {
    const valid = <T>(schema: Schema<T>, value: unknown): T | undefined => {
      try {
        return schema.parse(value);
      } catch {
        return undefined;
      }
    };
    const textSize = valid(PREFERENCE_FIELDS.textSize, raw.textSize);
    const lastSource = isRecord(raw.lastSources) ? valid(PREFERENCE_FIELDS.lastSourceId, raw.lastSources[this.projectKey]) : null;
    const lastTie = isRecord(raw.lastTies) ? valid(PREFERENCE_FIELDS.lastTie, raw.lastTies[this.projectKey]) : null;
    return {
      theme: valid(PREFERENCE_FIELDS.theme, raw.theme) ?? DEFAULT_PREFERENCES.theme,
      textSize: textSize === undefined ? DEFAULT_PREFERENCES.textSize : nearestTextSize(textSize),
      leftPaneWidth: valid(PREFERENCE_FIELDS.leftPaneWidth, raw.leftPaneWidth) ?? DEFAULT_PREFERENCES.leftPaneWidth,
      rightPaneWidth: valid(PREFERENCE_FIELDS.rightPaneWidth, raw.rightPaneWidth) ?? DEFAULT_PREFERENCES.rightPaneWidth,
      lastSourceId: lastSource ?? null,
      lastTie: lastTie ?? null,
    };
  }

  private read(): Raw {
    if (!this.file) return structuredClone(this.memory);
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new ApiError('storage_failed', `Your preferences could not be read from ${this.file} (${(error as Error).message}).`);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      return isRecord(parsed) ? parsed : {};
    } catch {
      return {}; // a damaged file holds nothing usable; the next write replaces it
    }
  }

  private write(raw: Raw): void {
    if (!this.file) {
      this.memory = structuredClone(raw);
      return;
    }
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const fd = openSync(temp, 'w');
      try {
        writeSync(fd, `${JSON.stringify(raw, null, 2)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.file);
    } catch (error) {
      try {
        rmSync(temp, { force: true });
      } catch {
        // not a file this write made (a folder of that name): left alone
      }
      throw new ApiError(
        'storage_failed',
        `Your preferences could not be saved in ${this.file} (${(error as Error).message}); they apply until Tiemark closes.`,
      );
    }
  }
}
