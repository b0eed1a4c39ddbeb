// The log file of log_filename and log_options (seed 000 §5.2): time formats,
// headers, rotation by size, by count and on demand, file=cut, append.
import { describe, expect, it } from 'vitest';
import { LiveLogControl } from '../../../../src/server/adapters/logging/log-control.js';
import { formatLogLine, formatLogTime, rotatedName } from '../../../../src/server/adapters/logging/log-format.js';
import { LogFile, type LogFileIo } from '../../../../src/server/adapters/logging/log-file.js';
import { LogHub, streamSink } from '../../../../src/server/adapters/logging/log-hub.js';
import { defaultSettings, type LogSettings } from '../../../../src/server/adapters/logging/settings.js';
import { LogBuffer, type LogEntry } from '../../../../src/server/adapters/logging/log-buffer.js';

// 2026-06-15T12:34:56.789012Z
const T = Date.UTC(2026, 5, 15, 12, 34, 56, 789) * 1000 + 12;
const e = (text: string, level: LogEntry['level'] = 'info'): LogEntry => ({ idx: 0, timestampUs: T, layer: 'license', level, data: [text] });

class MemFs implements LogFileIo {
  files = new Map<string, string>();
  fail = false;
  private fds = new Map<number, string>();
  private n = 0;
  open(file: string, append: boolean): number {
    if (this.fail) throw new Error('EACCES');
    if (!append || !this.files.has(file)) this.files.set(file, '');
    this.fds.set(++this.n, file);
    return this.n;
  }
  write(fd: number, text: string): void {
    if (this.fail) throw new Error('ENOSPC');
    const f = this.fds.get(fd) as string;
    this.files.set(f, (this.files.get(f) ?? '') + text);
  }
  sync(): void {}
  close(fd: number): void {
    this.fds.delete(fd);
  }
  rename(from: string, to: string): void {
    this.files.set(to, this.files.get(from) ?? '');
    this.files.delete(from);
  }
  exists(file: string): boolean {
    return this.files.has(file);
  }
  size(fd: number): number {
    return (this.files.get(this.fds.get(fd) as string) ?? '').length;
  }
}

function logFile(fs: MemFs, settings: LogSettings, errors: string[] = []) {
  return new LogFile({
    file: '/var/log/license.log',
    io: fs,
    settings: () => settings,
    headers: () => ['licutil test', 'started now'],
    wallMs: () => Date.UTC(2026, 5, 15, 13, 0, 0),
    startUs: T - 2_500_000,
    tzOffsetMinutes: 0,
    sync: false,
    onError: (m) => errors.push(m),
  });
}

describe('log_options time= (seed 000 §5.2)', () => {
  it('"time=[sec|short|full] ... seconds, time only or full date and time (default = time only)"; time.us=1', () => {
    expect(formatLogTime(T, {layers: {}}, 0, 0)).toBe('12:34:56.789');
    expect(formatLogTime(T, { layers: {}, time: 'full' }, 0, 0)).toBe('2026-06-15 12:34:56.789');
    expect(formatLogTime(T, { layers: {}, time: 'sec' }, T - 2_500_000, 0)).toBe('2.500');
    expect(formatLogTime(T, { layers: {}, timeUs: true }, 0, 0)).toBe('12:34:56.789012');
    // local time: minutes west of UTC
    expect(formatLogTime(T, { layers: {} }, 0, -120)).toBe('14:34:56.789');
  });

  it('writes TIME [LAYER] LEVEL text, further lines indented', () => {
    expect(formatLogLine({ ...e('a'), data: ['a', 'b'], dir: 'UL' }, { layers: {} }, 0, 0)).toBe('12:34:56.789 [LICENSE] INFO UL a\n    b\n');
    expect(rotatedName('license.log', Date.UTC(2026, 0, 2, 3, 4, 5), 0)).toBe('license.log.20260102-030405');
  });
});

describe('LogFile', () => {
  it('starts with the headers and truncates unless append=1', () => {
    const fs = new MemFs();
    fs.files.set('/var/log/license.log', 'old\n');
    logFile(fs, { layers: {} }).write(e('one'));
    expect(fs.files.get('/var/log/license.log')).toBe('# licutil test\n# started now\n12:34:56.789 [LICENSE] INFO one\n');
    const fs2 = new MemFs();
    fs2.files.set('/var/log/license.log', 'old\n');
    logFile(fs2, { layers: {}, append: true }).write(e('two'));
    expect(fs2.files.get('/var/log/license.log')).toBe('old\n12:34:56.789 [LICENSE] INFO two\n');
  });

  it('"file.rotate=#count": a new file every count logs, headers kept; into file.path when set', () => {
    const fs = new MemFs();
    const f = logFile(fs, { layers: {}, rotate: { kind: 'count', count: 2 }, path: '/archive' });
    for (const t of ['1', '2', '3']) f.write(e(t));
    expect(fs.files.get('/archive/license.log.20260615-130000')).toMatch(/^# licutil test\n# started now\n.* 1\n.* 2\n$/);
    expect(fs.files.get('/var/log/license.log')).toMatch(/^# licutil test\n# started now\n.* 3\n$/);
    f.rotate();
    expect(fs.files.has('/archive/license.log.20260615-130000.1')).toBe(true);
  });

  it('"file.rotate=size": rotates when the file reaches size bytes; file=cut starts it again', () => {
    const fs = new MemFs();
    const f = logFile(fs, { layers: {}, rotate: { kind: 'size', bytes: 60 } });
    f.write(e('a'));
    expect(fs.files.has('/var/log/license.log.20260615-130000')).toBe(false);
    f.write(e('b'));
    expect(fs.files.has('/var/log/license.log.20260615-130000')).toBe(true);
    f.write(e('c'));
    f.cut();
    expect(fs.files.get('/var/log/license.log')).toBe('# licutil test\n# started now\n');
  });

  it('a failing disk is reported once and does not throw', () => {
    const fs = new MemFs();
    const errors: string[] = [];
    const f = logFile(fs, { layers: {} }, errors);
    fs.fail = true;
    f.write(e('a'));
    f.write(e('b'));
    expect(errors).toEqual(['log file /var/log/license.log: ENOSPC']);
    fs.fail = false;
    f.write(e('c'));
    expect(errors[1]).toMatch(/writes again/);
  });
});

describe('LogHub and LiveLogControl', () => {
  it('keeps and writes only what the layer level lets through; the level changes live', () => {
    const lines: string[] = [];
    const hub = new LogHub({ buffer: new LogBuffer(10), settings: defaultSettings('info'), nowUs: () => T, sinks: [streamSink((l) => lines.push(l))] });
    hub.debug('hidden');
    hub.warn('shown\nsecond');
    expect(lines).toEqual(['2026-06-15T12:34:56.789Z warn  shown | second\n']);
    expect(hub.buffer.length).toBe(1);
    const control = new LiveLogControl(hub, { locked: false, microseconds: false }, null);
    control.apply({ layers: { license: { level: 'debug' } } });
    hub.debug('now shown');
    expect(hub.buffer.length).toBe(2);
    control.apply({ layers: { license: { level: 'none' } } });
    hub.error('not even errors');
    expect(hub.buffer.length).toBe(2);
  });

  it('file.rotate=now acts once and keeps the earlier rotation rule', () => {
    const fs = new MemFs();
    const settings: LogSettings = { layers: {}, rotate: { kind: 'size', bytes: 1_000_000 } };
    const hub = new LogHub({ buffer: new LogBuffer(10), settings, nowUs: () => T });
    const file = logFile(fs, hub.settings);
    const control = new LiveLogControl(hub, { locked: false, microseconds: false }, file);
    control.apply({ ...hub.settings, rotate: { kind: 'now' } });
    expect(fs.files.has('/var/log/license.log.20260615-130000')).toBe(true);
    expect(hub.settings.rotate).toEqual({ kind: 'size', bytes: 1_000_000 });
  });
});
