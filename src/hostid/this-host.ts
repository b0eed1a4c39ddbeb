// Host names in a HOST/SERVER line that mean "the machine reading this line",
// whatever its real name: FlexNet's `SERVER this_host HOSTID PORT` (any case)
// and `localhost`. A server started on the file serves it; a client on the same
// machine reads it as the loopback address. Kept free of imports: the client
// and the server's start-up both use it.

const THIS_MACHINE = new Set(['this_host', 'localhost']);

export function namesThisMachine(hostname: string): boolean {
  return THIS_MACHINE.has(hostname.trim().toLowerCase());
}
