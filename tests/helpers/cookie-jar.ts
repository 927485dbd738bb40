/** A minimal cookie jar for one origin (name → value; paths ignored), good enough to act like a browser in tests. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  /** Applies every Set-Cookie header of a response (deletions included). */
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) this.storeLine(line);
  }

  /** Applies one Set-Cookie header value. */
  storeLine(line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((attr) => {
      const [key = '', val = ''] = attr.split('=').map((s) => s.trim());
      if (key.toLowerCase() === 'max-age') return Number(val) <= 0;
      if (key.toLowerCase() === 'expires') return Date.parse(val) <= Date.now();
      return false;
    });
    if (expired || value === '') this.#cookies.delete(name);
    else this.#cookies.set(name, value);
  }

  /** Sets a cookie directly (e.g. to tamper with one). */
  set(name: string, value: string): void {
    this.#cookies.set(name, value);
  }

  /** A cookie's value. */
  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  /** Names of all cookies held. */
  names(): string[] {
    return [...this.#cookies.keys()];
  }

  /** The Cookie request header. */
  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
