// What host detection reads from the operating system, as an interface so the
// detection itself stays pure and tests can describe any machine.

export interface NetworkAddress {
  address: string;
  /** 'IPv4' | 'IPv6' (older Node versions give 4 | 6) */
  family: string | number;
  /** `aa:bb:cc:dd:ee:ff` */
  mac: string;
  internal: boolean;
}

export interface HostIo {
  platform: NodeJS.Platform;
  arch: string;
  endianness: 'BE' | 'LE';
  env: Readonly<Record<string, string | undefined>>;
  hostname(): string;
  networkInterfaces(): Record<string, NetworkAddress[] | undefined>;
  /** the login name; may throw when the user has no passwd entry (containers) */
  userInfo(): { username: string };
  now(): Date;
  /** minutes west of UTC at that instant, as Date#getTimezoneOffset */
  timezoneOffsetMinutes(at: Date): number;
  /** a small text file, or null when it cannot be read */
  readFile(path: string): string | null;
  /** a small binary file, or null when it cannot be read */
  readBytes(path: string): Uint8Array | null;
  exists(path: string): boolean;
}
