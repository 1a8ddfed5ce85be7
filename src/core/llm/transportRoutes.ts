/** Which requests the direct node:http path may take (see HttpTransport). */

/** localhost, 127.0.0.0/8 and ::1: no proxy applies to them, and VS Code leaves an extension's own agent in place there. */
export function isLoopbackUrl(url: URL): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

// The Fetch standard's "bad ports": the global fetch refuses them before connecting ('bad port'), and errorMapping
// reports that as final. Requests to them stay with the global fetch, so they keep failing the same way.
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115,
  117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587,
  601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679,
  6697, 10080,
]);

export function isPortFetchRefuses(url: URL): boolean {
  return url.port !== '' && BAD_PORTS.has(Number(url.port));
}
