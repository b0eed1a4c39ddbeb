// `stats` (seed 000 §6.5): the CPU load since the previous `stats`, in % of one
// core, and an instance id that changes when the process restarts. "Every time
// this message is received by server, statistics are reset", so the sampling
// period is the time between two calls, whoever made them. The CPU counter and
// the clock are injected.
import type { StatsReport } from '../control.js';

interface CpuUsage {
  /** microseconds of CPU time since the process started */
  user: number;
  system: number;
}

export class StatsSampler {
  private lastCpu: CpuUsage;
  private lastMono: number;
  private counters: Record<string, number> = {};

  constructor(
    private readonly cpuUsage: () => CpuUsage,
    private readonly monoMs: () => number,
    readonly instanceId: number,
  ) {
    this.lastCpu = cpuUsage();
    this.lastMono = monoMs();
  }

  /** Counts an event (checkout, denial, ...) into the current sample. */
  count(name: string): void {
    this.counters[name] = (this.counters[name] ?? 0) + 1;
  }

  /** The sample since the previous call; starts the next one. */
  sample(): StatsReport {
    const cpu = this.cpuUsage();
    const mono = this.monoMs();
    const elapsedUs = Math.max(1, (mono - this.lastMono) * 1000);
    const used = cpu.user - this.lastCpu.user + (cpu.system - this.lastCpu.system);
    const pct = Math.round(Math.max(0, (used / elapsedUs) * 100) * 100) / 100;
    const out: StatsReport = { cpu: { main: pct }, instance_id: this.instanceId, duration: Math.round(elapsedUs / 1000) / 1000, counters: this.counters };
    this.lastCpu = cpu;
    this.lastMono = mono;
    this.counters = {};
    return out;
  }
}
