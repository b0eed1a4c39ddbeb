// The logs as the remote API and the monitor change them: new settings are
// applied at once, and the one-shot options act and are then forgotten —
// file.rotate=now rotates the log file and leaves the earlier rotation rule in
// place; file=cut starts the file again.
import type { LogFile } from './log-file.js';
import type { LogHub } from './log-hub.js';
import { cloneSettings, type LogSettings } from './settings.js';

/** The parts of the configuration that can change on reload. */
export interface LogPolicy {
  /** com_log_lock */
  locked: boolean;
  /** com_log_us */
  microseconds: boolean;
}

/** The logs' side of the server control (monitor and remote API): a seam tests replace. */
export interface LogControl {
  readonly hub: LogHub;
  /** com_log_count */
  count(): number;
  /** com_log_lock: config_set may not change the logs */
  locked(): boolean;
  /** com_log_us */
  microseconds(): boolean;
  /** the log file of log_filename, when there is one */
  file(): LogFile | null;
  /** new settings; file.rotate=now and file=cut are acted on at once */
  apply(next: LogSettings): void;
}

export class LiveLogControl implements LogControl {
  constructor(
    readonly hub: LogHub,
    private readonly policy: LogPolicy,
    private readonly logFile: LogFile | null,
  ) {}

  count(): number {
    return this.hub.buffer.capacity;
  }

  locked(): boolean {
    return this.policy.locked;
  }

  microseconds(): boolean {
    return this.policy.microseconds;
  }

  file(): LogFile | null {
    return this.logFile;
  }

  apply(next: LogSettings): void {
    const prev = this.hub.settings;
    const s = cloneSettings(next);
    let rotateNow = false;
    if (s.rotate?.kind === 'now') {
      rotateNow = true;
      if (prev.rotate && prev.rotate.kind !== 'now') s.rotate = { ...prev.rotate };
      else delete s.rotate;
    }
    const cut = s.cut === true;
    delete s.cut;
    this.hub.settings = s;
    if (cut) this.logFile?.cut();
    if (rotateNow) this.logFile?.rotate();
  }
}
