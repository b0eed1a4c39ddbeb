// What this machine is, as the hostid matcher and the license model need it.
// Detection (src/hostid/detect.ts) fills it from the OS; tests build it by hand.
export interface HostFacts {
  hostname: string;
  /** lower-case hex without separators, e.g. `0090f5df5600` */
  ethernet: string[];
  /** IPv4 and IPv6 addresses, without loopback */
  ip: string[];
  /** login name of the current user */
  user: string;
  /** RLM platform name without the revision, e.g. `x64_l`, `arm64_m`, `x64_w` */
  platform: string;
  /** minutes west of UTC, as Date#getTimezoneOffset gives it */
  timezoneOffsetMinutes: number;
  /** true/false when known; null when it could not be told */
  virtualMachine: boolean | null;
  /** what told us it is (or is not) a VM, for lmdiag */
  virtualMachineEvidence: string | null;
  /** Windows Terminal Server / RDP session */
  terminalServer: boolean;
  /** disk serial numbers when known (FlexLM DISK_SERIAL_NUM=) */
  diskSerials: string[];
  /**
   * minutes west of UTC outside daylight saving time; the zone the machine is
   * "set to" for timezone= (PST is 8 hours west all year). Absent: timezoneOffsetMinutes.
   */
  standardTimezoneOffsetMinutes?: number;
  /** 32-bit hostid (gethostid, e.g. from /etc/hostid) as 8 lower-case hex digits, when known */
  hostid32?: string | null;
  /** the container runtime we run in (docker, podman, kubernetes, lxc), when one is detected */
  container?: string | null;
}

export interface HostidMatch {
  matches: boolean;
  /** the hostid of the list that matched, or a sentence saying why none did */
  detail: string;
  /**
   * false when the answer rests on something this machine cannot check (a dongle,
   * a BIOS uuid, an unknown form, a VM check that could not tell), so lmdiag can
   * say "cannot be verified here" instead of "wrong host"
   */
  verifiable?: boolean;
  /** the form of the hostid that matched (`ethernet`, `ip`, `any`, ...) */
  form?: string;
}
