// Bounded HTTP for module downloads: a time limit per request, a size limit on the body, redirects
// followed by hand so that a token is sent only to the origin it belongs to (never across a redirect
// to another host), and the host allow-list checked on every hop.
export class FetchError extends Error {
  constructor(
    message: string,
    readonly limit = false,
  ) {
    super(message);
  }
}

export interface HttpOptions {
  /** A bearer token and the only origin it may be sent to. */
  auth?: { origin: string; token: string };
  maxBytes: number;
  timeoutMs: number;
  /** Throws when a host is not allowed. */
  checkHost: (url: URL) => void;
}

export interface HttpResponse {
  status: number;
  url: URL;
  headers: Headers;
  body: Buffer;
}

export async function httpGet(start: string | URL, o: HttpOptions): Promise<HttpResponse> {
  let url = new URL(start);
  const signal = AbortSignal.timeout(o.timeoutMs);
  for (let hop = 0; hop < 6; hop++) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new FetchError(`${url.protocol} URLs are not fetched`);
    o.checkHost(url);
    const headers: Record<string, string> = { 'user-agent': 'trustgate' };
    if (o.auth && url.origin === o.auth.origin) headers.authorization = `Bearer ${o.auth.token}`;
    let res: Response;
    try {
      res = await fetch(url, { headers, redirect: 'manual', signal });
    } catch (e) {
      const err = e as Error;
      if (err.name === 'TimeoutError' || err.name === 'AbortError') throw new FetchError(`${url.host} did not answer within ${o.timeoutMs} ms`, true);
      throw new FetchError(`cannot reach ${url.host}: ${(err.cause as Error | undefined)?.message ?? err.message}`);
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel();
      url = new URL(res.headers.get('location')!, url);
      continue;
    }
    const len = Number(res.headers.get('content-length') ?? 0);
    if (len > o.maxBytes) {
      await res.body?.cancel();
      throw new FetchError(`${url.host} sent ${len} bytes, over the ${o.maxBytes}-byte limit`, true);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    if (res.body) {
      try {
        for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) {
          total += c.length;
          if (total > o.maxBytes) throw new FetchError(`the download from ${url.host} is over the ${o.maxBytes}-byte limit`, true);
          chunks.push(Buffer.from(c));
        }
      } catch (e) {
        if (e instanceof FetchError) throw e;
        const err = e as Error;
        throw new FetchError(err.name === 'TimeoutError' || err.name === 'AbortError' ? `${url.host} did not finish within ${o.timeoutMs} ms` : `reading from ${url.host} failed: ${err.message}`, err.name === 'TimeoutError');
      }
    }
    return { status: res.status, url, headers: res.headers, body: Buffer.concat(chunks) };
  }
  throw new FetchError(`too many redirects from ${new URL(start).host}`);
}
