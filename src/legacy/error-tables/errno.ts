// The system error after the colon in a FlexNet code ("-15,570:115"): the
// operating system's errno on the machine that printed it. Numbers of 10000
// and above are Windows Sockets errors; below that the number depends on the
// system (115 is EINPROGRESS on Linux, 36 on macOS), so every reading is
// listed and the quoted text FlexNet prints after the code picks the one meant.

export interface SystemError {
  number: number;
  name: string;
  /** the system's own wording (strerror / FormatMessage) */
  text: string;
  platform: 'Linux' | 'macOS/BSD' | 'Solaris' | 'Windows';
  /** what it says about the license server connection */
  advice: string;
}

const REFUSED = 'The host answered, but nothing listens on that port: lmgrd or the vendor daemon is not running there, the port is wrong, or a firewall rejects it.';
const TIMEOUT = 'No answer came back: a firewall drops the packets, the host is off, or the address is wrong. Open the lmgrd and vendor daemon ports.';
const UNREACHABLE = 'The network has no route to that host: check the address the name resolves to and the routing or VPN.';
const RESET = 'The other side cut the connection: the daemon restarted or crashed, or a firewall or security product reset it.';
const INPROGRESS = 'The connection was still being set up when FlexNet gave up (a non-blocking connect that never completed): usually a firewall silently dropping the port, or a host that is down.';
const NOTFOUND = 'The host name does not resolve: check the spelling, DNS and the hosts file, or use the address.';
const ADDRINUSE = 'The port is already taken by another process (another lmgrd or vendor daemon?).';
const RESOURCES = 'The process ran out of a system resource (file descriptors, buffers, memory).';
const ACCESS = 'The system refused the operation for this user or by policy.';
const INTERRUPTED = 'The call was interrupted; retrying usually works.';

function e(number: number, name: string, text: string, platform: SystemError['platform'], advice: string): SystemError {
  return { number, name, text, platform, advice };
}

const SYSTEM_ERRORS: SystemError[] = [
  // Numbers shared by Linux, macOS/BSD and Solaris.
  ...(['Linux', 'macOS/BSD', 'Solaris'] as const).flatMap((p) => [
    e(1, 'EPERM', 'Operation not permitted', p, ACCESS),
    e(2, 'ENOENT', 'No such file or directory', p, 'A file (license file, daemon binary, lock file) is missing.'),
    e(4, 'EINTR', 'Interrupted system call', p, INTERRUPTED),
    e(5, 'EIO', 'Input/output error', p, 'A disk or device error.'),
    e(9, 'EBADF', 'Bad file descriptor', p, 'An internal error with a socket or file.'),
    e(12, 'ENOMEM', 'Cannot allocate memory', p, RESOURCES),
    e(13, 'EACCES', 'Permission denied', p, ACCESS),
    e(22, 'EINVAL', 'Invalid argument', p, 'An invalid value was passed to the system.'),
    e(23, 'ENFILE', 'Too many open files in system', p, RESOURCES),
    e(24, 'EMFILE', 'Too many open files', p, RESOURCES),
    e(28, 'ENOSPC', 'No space left on device', p, 'A disk is full (debug log, report log, temporary files).'),
    e(32, 'EPIPE', 'Broken pipe', p, RESET),
  ]),
  e(11, 'EAGAIN', 'Resource temporarily unavailable', 'Linux', 'A temporary shortage; retry.'),
  e(11, 'EAGAIN', 'Resource temporarily unavailable', 'Solaris', 'A temporary shortage; retry.'),
  e(11, 'EDEADLK', 'Resource deadlock avoided', 'macOS/BSD', 'A lock could not be taken.'),
  // Linux numbers that other systems use for network errors
  e(60, 'ENOSTR', 'Device not a stream', 'Linux', 'Not a network error on Linux: the number probably comes from another system.'),
  e(61, 'ENODATA', 'No data available', 'Linux', 'Not a network error on Linux: the number probably comes from another system.'),
  // Linux network errors
  e(97, 'EAFNOSUPPORT', 'Address family not supported by protocol', 'Linux', 'IPv6/IPv4 mismatch between client and server addresses.'),
  e(98, 'EADDRINUSE', 'Address already in use', 'Linux', ADDRINUSE),
  e(99, 'EADDRNOTAVAIL', 'Cannot assign requested address', 'Linux', 'The address is not one of this machine\'s (wrong host name on the SERVER line?).'),
  e(100, 'ENETDOWN', 'Network is down', 'Linux', UNREACHABLE),
  e(101, 'ENETUNREACH', 'Network is unreachable', 'Linux', UNREACHABLE),
  e(103, 'ECONNABORTED', 'Software caused connection abort', 'Linux', RESET),
  e(104, 'ECONNRESET', 'Connection reset by peer', 'Linux', RESET),
  e(105, 'ENOBUFS', 'No buffer space available', 'Linux', RESOURCES),
  e(107, 'ENOTCONN', 'Transport endpoint is not connected', 'Linux', RESET),
  e(110, 'ETIMEDOUT', 'Connection timed out', 'Linux', TIMEOUT),
  e(111, 'ECONNREFUSED', 'Connection refused', 'Linux', REFUSED),
  e(112, 'EHOSTDOWN', 'Host is down', 'Linux', TIMEOUT),
  e(113, 'EHOSTUNREACH', 'No route to host', 'Linux', UNREACHABLE),
  e(114, 'EALREADY', 'Operation already in progress', 'Linux', INPROGRESS),
  e(115, 'EINPROGRESS', 'Operation now in progress', 'Linux', INPROGRESS),
  // macOS and the BSDs
  e(35, 'EAGAIN', 'Resource temporarily unavailable', 'macOS/BSD', 'A temporary shortage; retry.'),
  e(36, 'EINPROGRESS', 'Operation now in progress', 'macOS/BSD', INPROGRESS),
  e(37, 'EALREADY', 'Operation already in progress', 'macOS/BSD', INPROGRESS),
  e(48, 'EADDRINUSE', 'Address already in use', 'macOS/BSD', ADDRINUSE),
  e(49, 'EADDRNOTAVAIL', "Can't assign requested address", 'macOS/BSD', 'The address is not one of this machine\'s.'),
  e(50, 'ENETDOWN', 'Network is down', 'macOS/BSD', UNREACHABLE),
  e(51, 'ENETUNREACH', 'Network is unreachable', 'macOS/BSD', UNREACHABLE),
  e(53, 'ECONNABORTED', 'Software caused connection abort', 'macOS/BSD', RESET),
  e(54, 'ECONNRESET', 'Connection reset by peer', 'macOS/BSD', RESET),
  e(55, 'ENOBUFS', 'No buffer space available', 'macOS/BSD', RESOURCES),
  e(57, 'ENOTCONN', 'Socket is not connected', 'macOS/BSD', RESET),
  e(60, 'ETIMEDOUT', 'Operation timed out', 'macOS/BSD', TIMEOUT),
  e(61, 'ECONNREFUSED', 'Connection refused', 'macOS/BSD', REFUSED),
  e(64, 'EHOSTDOWN', 'Host is down', 'macOS/BSD', TIMEOUT),
  e(65, 'EHOSTUNREACH', 'No route to host', 'macOS/BSD', UNREACHABLE),
  // Solaris
  e(125, 'EADDRINUSE', 'Address already in use', 'Solaris', ADDRINUSE),
  e(128, 'ENETUNREACH', 'Network is unreachable', 'Solaris', UNREACHABLE),
  e(130, 'ECONNABORTED', 'Software caused connection abort', 'Solaris', RESET),
  e(131, 'ECONNRESET', 'Connection reset by peer', 'Solaris', RESET),
  e(145, 'ETIMEDOUT', 'Connection timed out', 'Solaris', TIMEOUT),
  e(146, 'ECONNREFUSED', 'Connection refused', 'Solaris', REFUSED),
  e(148, 'EHOSTUNREACH', 'No route to host', 'Solaris', UNREACHABLE),
  e(150, 'EINPROGRESS', 'Operation now in progress', 'Solaris', INPROGRESS),
  // Windows Sockets
  e(10004, 'WSAEINTR', 'Interrupted function call', 'Windows', INTERRUPTED),
  e(10013, 'WSAEACCES', 'Permission denied', 'Windows', ACCESS),
  e(10024, 'WSAEMFILE', 'Too many open files', 'Windows', RESOURCES),
  e(10035, 'WSAEWOULDBLOCK', 'Resource temporarily unavailable', 'Windows', 'A temporary condition; retry.'),
  e(10036, 'WSAEINPROGRESS', 'Operation now in progress', 'Windows', INPROGRESS),
  e(10037, 'WSAEALREADY', 'Operation already in progress', 'Windows', INPROGRESS),
  e(10038, 'WSAENOTSOCK', 'Socket operation on nonsocket', 'Windows', 'An internal socket error.'),
  e(10048, 'WSAEADDRINUSE', 'Address already in use', 'Windows', ADDRINUSE),
  e(10049, 'WSAEADDRNOTAVAIL', 'Cannot assign requested address', 'Windows', "The address is not one of this machine's."),
  e(10050, 'WSAENETDOWN', 'Network is down', 'Windows', UNREACHABLE),
  e(10051, 'WSAENETUNREACH', 'Network is unreachable', 'Windows', UNREACHABLE),
  e(10052, 'WSAENETRESET', 'Network dropped connection on reset', 'Windows', RESET),
  e(10053, 'WSAECONNABORTED', 'Software caused connection abort', 'Windows', RESET),
  e(10054, 'WSAECONNRESET', 'Connection reset by peer', 'Windows', RESET),
  e(10055, 'WSAENOBUFS', 'No buffer space available', 'Windows', RESOURCES),
  e(10057, 'WSAENOTCONN', 'Socket is not connected', 'Windows', RESET),
  e(10058, 'WSAESHUTDOWN', 'Cannot send after socket shutdown', 'Windows', RESET),
  e(10060, 'WSAETIMEDOUT', 'Connection timed out', 'Windows', TIMEOUT),
  e(10061, 'WSAECONNREFUSED', 'Connection refused', 'Windows', REFUSED),
  e(10064, 'WSAEHOSTDOWN', 'Host is down', 'Windows', TIMEOUT),
  e(10065, 'WSAEHOSTUNREACH', 'No route to host', 'Windows', UNREACHABLE),
  e(10091, 'WSASYSNOTREADY', 'Network subsystem is unavailable', 'Windows', 'The Windows network stack is not ready.'),
  e(10093, 'WSANOTINITIALISED', 'Successful WSAStartup not yet performed', 'Windows', 'An internal error of the application.'),
  e(11001, 'WSAHOST_NOT_FOUND', 'Host not found', 'Windows', NOTFOUND),
  e(11002, 'WSATRY_AGAIN', 'Nonauthoritative host not found', 'Windows', 'DNS did not answer in time; retry, check the DNS servers.'),
  e(11003, 'WSANO_RECOVERY', 'This is a nonrecoverable error', 'Windows', 'DNS failed; check the DNS configuration.'),
  e(11004, 'WSANO_DATA', 'Valid name, no data record of requested type', 'Windows', 'The name exists but has no address of the kind asked (IPv4/IPv6).'),
];

/**
 * Every reading of a system error number, the one whose text matches what the
 * tool printed first (FlexNet quotes strerror after the code).
 */
export function systemErrors(number: number, printedText?: string): SystemError[] {
  const all = SYSTEM_ERRORS.filter((s) => s.number === number);
  if (printedText === undefined) return all;
  const t = printedText.toLowerCase();
  const matches = (s: SystemError) => t.includes(s.text.toLowerCase()) || t.includes(s.name.toLowerCase());
  return [...all.filter(matches), ...all.filter((s) => !matches(s))];
}
