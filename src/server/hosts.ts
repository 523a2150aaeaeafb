/** Whether an address only this machine can reach. Plain, so that checking options loads nothing heavy. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
