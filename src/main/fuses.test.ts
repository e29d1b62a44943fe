import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';
import { applyFuses, TIEMARK_FUSES } from './fuses';

// The fuse wire as Electron builds it into its binary (the layout @electron/fuses reads): a
// sentinel, the wire's version and length, then one byte per fuse.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const WIRE_LENGTH = 9;
const temp = mkdtempSync(join(tmpdir(), 'tiemark-fuses-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A stand-in for an Electron executable: padding around a fuse wire with every fuse as given. */
function fakeElectron(name: string, state: FuseState): string {
  const file = join(temp, name);
  const wire = Buffer.from([1, WIRE_LENGTH, ...Array<number>(WIRE_LENGTH).fill(state)]);
  writeFileSync(file, Buffer.concat([Buffer.alloc(4096, 7), Buffer.from(SENTINEL), wire, Buffer.alloc(4096, 7)]));
  return file;
}

const EXPECTED: [FuseV1Options, boolean][] = [
  [FuseV1Options.RunAsNode, false],
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable, false],
  [FuseV1Options.EnableNodeCliInspectArguments, false],
  [FuseV1Options.EnableCookieEncryption, true],
  [FuseV1Options.OnlyLoadAppFromAsar, true],
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, false],
];

describe('Electron fuses', () => {
  it('configures each fuse the packaged app needs', () => {
    for (const [fuse, value] of EXPECTED) expect(TIEMARK_FUSES[fuse as keyof typeof TIEMARK_FUSES], FuseV1Options[fuse]).toBe(value);
    // Nothing else is set: the remaining fuses keep Electron's defaults.
    expect(Object.keys(TIEMARK_FUSES).sort()).toEqual(['version', ...EXPECTED.map(([fuse]) => String(fuse))].sort());
  });

  it('flips exactly those fuses in a binary and leaves the others as they were', async () => {
    const binary = fakeElectron('electron', FuseState.INHERIT);
    await applyFuses(binary, 'linux');
    const wire = await getCurrentFuseWire(binary);
    for (const [fuse, value] of EXPECTED) expect(wire[fuse], FuseV1Options[fuse]).toBe(value ? FuseState.ENABLE : FuseState.DISABLE);
    for (const fuse of [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot, FuseV1Options.GrantFileProtocolExtraPrivileges, FuseV1Options.WasmTrapHandlers]) {
      expect(wire[fuse], FuseV1Options[fuse]).toBe(FuseState.INHERIT);
    }
  });

  it('never touches the development runtime in node_modules', async () => {
    await expect(applyFuses(resolve('node_modules/electron/dist/electron'), 'linux')).rejects.toThrow(/development Electron in node_modules/);
  });

  it('is applied by the packaging hook script from the command line', async () => {
    const binary = fakeElectron('tiemark', FuseState.ENABLE);
    const script = resolve(__dirname, '../../scripts/package/after-pack.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, ['--no-warnings', script, binary]);
    expect(stdout).toContain(`Electron fuses set in ${binary}`);
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.ENABLE);
  });
});
