// licutil's own error codes (src/protocol/errors.ts) explained the way the
// vendor codes are: why they happen and what to check. The table of codes
// itself stays in errors.ts; codes added there without an entry here are still
// explained from their summary.

export interface LicutilNotes {
  causes: string[];
  checks: string[];
}

const STAT = '`licutil stat -c port@host` shows what the server serves and who holds it.';
const ENV = '`licutil env` shows which license sources were found and where they came from.';
const NET = 'Test the server port from this machine; `licutil stat -c port@host` says whether a licutil server answers.';

export const LICUTIL_NOTES: Record<string, LicutilNotes> = {
  LICUTIL_E_USAGE: { causes: ['an unknown option, a missing argument'], checks: ['`licutil COMMAND --help` lists the options.'] },
  LICUTIL_E_BAD_REQUEST: { causes: ['a client and server of different licutil versions', 'a hand-made request'], checks: ['Compare `licutil --version` on client and server.'] },
  LICUTIL_E_LICENSE_SYNTAX: { causes: ['a hand-edited or re-wrapped license file'], checks: ['The message names file, line and column; `licutil stat -i` lists every problem.'] },
  LICUTIL_E_NO_SOURCE: { causes: ['no -c, no RLM_LICENSE / LM_LICENSE_FILE / <ISV>_LICENSE, no *.lic beside the program or in this directory'], checks: [ENV, 'Name a source with -c port@host or -c FILE.'] },
  LICUTIL_E_FILE: { causes: ['a missing file or a permission problem'], checks: ['Check the path and its permissions.'] },
  LICUTIL_E_NO_SUCH_PRODUCT: { causes: ['the product name differs from the license', 'the server has no pool for it, or it needs a password or tag'], checks: [STAT] },
  LICUTIL_E_VERSION_TOO_HIGH: { causes: ['the application is newer than its license'], checks: [STAT, 'Install a license for the version asked for.'] },
  LICUTIL_E_EXPIRED: { causes: ['the license was not renewed', 'a wrong clock'], checks: ['`licutil stat -i` shows expiry dates; install the renewed license and reread.'] },
  LICUTIL_E_NOT_STARTED: { causes: ['a start= date in the future', 'a wrong clock'], checks: ['Check start= and the machine date.'] },
  LICUTIL_E_WRONG_HOST: { causes: ['a license issued for another machine', 'a changed network card or a moved virtual machine'], checks: ['`licutil hostid` lists this machine\'s hostids.'] },
  LICUTIL_E_BAD_SIGNATURE: { causes: ['a signed field was edited', 'the wrong public key'], checks: ['`licutil sign --verify FILE` says which line fails.'] },
  LICUTIL_E_KEY: { causes: ['the signing key file is missing or unreadable'], checks: ['`licutil sign keygen` makes a key; check the key path.'] },
  LICUTIL_E_EXISTS: { causes: ['the output file already exists'], checks: ['Choose another output or remove the file first.'] },
  LICUTIL_E_NOT_USABLE: { causes: ['hostid, platform, dates or signature rule the license out here'], checks: ['`licutil lmdiag FEATURE` says why for each license.'] },
  LICUTIL_E_ALL_IN_USE: { causes: ['every seat is checked out', 'held seats (hold, min_checkout) not yet back'], checks: [STAT, 'Wait in the queue: `licutil checkout --wait SECONDS`.'] },
  LICUTIL_E_COUNT_TOO_HIGH: { causes: ['checkout -n asked for more seats than the largest license has'], checks: [STAT, 'Ask for at most the count of the license.'] },
  LICUTIL_E_BAD_PASSWORD: { causes: ['the license has _password and the request gave none or a wrong one'], checks: ['Give the password in the license source (password=) or the request.'] },
  LICUTIL_E_WRONG_TAG: { causes: ['the pool was loaded with a tag and the request has another'], checks: ['Ask with the tag the server configuration gives the pool.'] },
  LICUTIL_E_TIMED_OUT: { causes: ['no seat was returned within the wait'], checks: [STAT, 'Wait longer, or free seats.'] },
  LICUTIL_E_REMOVE_REFUSED: { causes: ['the checkout is younger than min_remove'], checks: ['Wait until min_remove seconds have passed.'] },
  LICUTIL_E_REMOVE_DISABLED: { causes: ['the license has min_remove=-1'], checks: ['Ask the holder to check in; a lapsed lease frees the seat by itself.'] },
  LICUTIL_E_JOURNAL: { causes: ["the server's state directory is full or read-only"], checks: ["Free space in the server's state directory; the server log says more."] },
  LICUTIL_E_TOO_MANY_FAILURES: { causes: ['several wrong license passwords (or remote API answers) came from this address', 'someone on this address is guessing them'], checks: ['Wait the seconds the answer names (Retry-After), then give the right password; the server log names the address.'] },
  LICUTIL_E_NOT_ADMIN: { causes: ['an administration request from another host without the admin token'], checks: ['Run it on the server (loopback) or give the admin token.'] },
  LICUTIL_E_UNAVAILABLE: { causes: ['the server is not running, or port@host is wrong', 'a firewall blocks the port'], checks: [NET, ENV] },
  LICUTIL_E_HOST_UNKNOWN: { causes: ['a typo in the host name', 'DNS does not know the name'], checks: ['Resolve the name from this machine, or use the address.'] },
  LICUTIL_E_REFUSED: { causes: ['no server listens on that port'], checks: [NET] },
  LICUTIL_E_CONNECT_TIMEOUT: { causes: ['a firewall dropping the port', 'the host is off'], checks: [NET] },
  LICUTIL_E_UNREACHABLE: { causes: ['no route to the host (VPN, routing)'], checks: [NET] },
  LICUTIL_E_NOT_LICUTIL: { causes: ['the port belongs to a FlexNet or RLM server'], checks: ['Use lmutil/rlmutil there, or `licutil stat` with the vendor tools installed.'] },
  LICUTIL_E_CONFIG: { causes: ['an error in the server configuration file'], checks: ['The message names the file and line.'] },
  LICUTIL_E_SHUTTING_DOWN: { causes: ['an administrator stopped the server'], checks: ['Retry when the server is back.'] },
  LICUTIL_E_NO_SUCH_HANDLE: { causes: ['the checkout was already returned, removed or reclaimed', 'the server restarted without its journal'], checks: [STAT] },
  LICUTIL_E_NOT_HOLDER: { causes: ['a heartbeat or checkin naming a checkout by the public id `stat` shows, not by the handle its holder got', 'not an administrator'], checks: ['Use the handle the checkout answered with (`checkout --detach` printed it); an administrator may `licutil remove ID` instead.'] },
  LICUTIL_E_REMOVED: { causes: ['an administrator removed the checkout'], checks: ['Check out again.'] },
  LICUTIL_E_LEASE_LAPSED: { causes: ['the client stopped heartbeating (suspended, network loss)'], checks: ['Check out again; keep the client connected.'] },
  LICUTIL_E_UNKNOWN_CODE: { causes: ['a typo in the code', 'a code of another vendor or version'], checks: ['`licutil explain` names the nearest known codes.'] },
  LICUTIL_E_INTERNAL: { causes: ['a bug in licutil'], checks: ['Report it with the command you ran (LICUTIL_DEBUG=1 prints the stack).'] },
};

/** Names in errors.ts that RLM's headers spell differently (errors.ts may name the concept, not the constant). */
export const RLM_NAME_ALIASES: Record<string, string> = {
  RLM_EH_BADLICLINE: 'RLM_EH_BAD_LIC_LINE',
  RLM_EH_NO_LICENSE_FILE: 'RLM_EH_READ_NOLICENSE',
  RLM_EL_WRONG_HOST: 'RLM_EL_NOTTHISHOST',
  RLM_EH_NOAUTH: 'RLM_EH_OP_NOT_ALLOWED',
  RLM_EH_CANTCONNECT: 'RLM_EH_CONN_REFUSED',
};
