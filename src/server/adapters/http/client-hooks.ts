// What the lease routes tell, and ask, the part of the server that knows the
// clients as people (the monitor's `client`, `msg`, `close`; the remote API's
// `list` and `message`): where a checkout came from, the messages waiting for
// its holder, and why an administrator closed it. Optional: a server without a
// monitor or remote API runs without them.

export interface ClientHooks {
  /** a checkout was granted to a client connected from `address` ("host:port" as the server saw it) */
  granted(handle: string, address: string): void;
  /** the messages waiting for this checkout's holder; they are handed over once */
  takeMessages(handle: string): string[];
  /** the text an administrator gave when closing this checkout, if any (handed over once) */
  closeReason(handle: string): string | undefined;
}
