/**
 * Downloads a URL to a file without letting a pipeline reach internal services (SSRF): the host name is resolved
 * here, every address it resolves to must pass the address policy, the connection goes to the address that was
 * checked (no second DNS resolution in the HTTP client), and redirects are followed by hand, each hop checked the
 * same way. Size and time are capped while streaming.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { createWriteStream } from "node:fs";
import http from "node:http";
import https from "node:https";
import net, { type LookupFunction } from "node:net";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { StepError } from "../../engine/step-runtime.js";
import { publicAddressesOnly, type AddressPolicy } from "./address-policy.js";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface HttpFetchPolicy {
  addressPolicy: AddressPolicy;
  /** Every address a host name resolves to (default: the OS resolver, like any client would use). */
  resolve(hostname: string): Promise<ResolvedAddress[]>;
  maxRedirects: number;
  userAgent: string;
}

export const DEFAULT_HTTP_POLICY: HttpFetchPolicy = {
  addressPolicy: publicAddressesOnly,
  resolve: async (hostname) => {
    const found = await dnsLookup(hostname, { all: true, verbatim: true });
    return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  },
  maxRedirects: 5,
  userAgent: "Millrace-ETL/0.1",
};

export interface DownloadRequest {
  url: string;
  file: string;
  maxBytes: number;
  timeoutMs: number;
  signal: AbortSignal;
  policy: HttpFetchPolicy;
  onBytes?: (bytes: number) => void;
}

export interface DownloadResult {
  bytes: number;
  finalUrl: string;
  contentType: string | null;
  redirects: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Streams `url` into `file` (created or truncated). Refusals and client errors are non-retryable StepErrors. */
export async function download(request: DownloadRequest): Promise<DownloadResult> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = AbortSignal.any([request.signal, timeout]);
  let url = parseUrl(request.url);
  try {
    for (let redirects = 0; ; redirects++) {
      const target = await untilAborted(vet(url, request.policy), signal);
      const response = await get(url, target, request.policy.userAgent, signal);
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.resume();
        const location = response.headers.location;
        if (!location) throw refusal(`${url.href} answered ${status} without a Location header`);
        if (redirects >= request.policy.maxRedirects)
          throw refusal(`too many redirects (more than ${request.policy.maxRedirects}) from ${request.url}`);
        url = parseUrl(new URL(location, url).href, `redirect from ${url.href}`);
        continue;
      }
      if (status < 200 || status > 299) {
        response.resume();
        const retryable = status >= 500 || status === 408 || status === 429;
        throw new StepError(
          `${url.href} answered HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ""}`,
          { retryable },
        );
      }
      const declared = Number(response.headers["content-length"] ?? NaN);
      if (Number.isFinite(declared) && declared > request.maxBytes) {
        response.destroy();
        throw refusal(`${url.href} is ${declared} bytes, more than the ${request.maxBytes}-byte cap (maxBytes)`);
      }
      const bytes = await save(response, request, url.href);
      return { bytes, finalUrl: url.href, contentType: response.headers["content-type"] ?? null, redirects };
    }
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason ?? error;
    if (timeout.aborted)
      throw new StepError(`download of ${request.url} timed out after ${request.timeoutMs} ms (timeoutMs)`, {
        retryable: true,
      });
    if (error instanceof StepError) throw error;
    throw new StepError(`download of ${url.href} failed: ${error instanceof Error ? error.message : String(error)}`, {
      retryable: true,
    });
  }
}

function parseUrl(text: string, context?: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refusal(`"${text}" is not a valid URL${context ? ` (${context})` : ""}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw refusal(
      `only http and https URLs can be fetched, not ${url.protocol.replace(/:$/, "")}${context ? ` (${context})` : ""}`,
    );
  }
  if (url.username || url.password) throw refusal("URLs with credentials are not fetched (they would end up in logs)");
  return url;
}

/** Resolves the URL's host and checks every address; returns the one to connect to. */
async function vet(url: URL, policy: HttpFetchPolicy): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const family = net.isIP(host);
  let addresses: ResolvedAddress[];
  if (family === 4 || family === 6) addresses = [{ address: host, family }];
  else {
    try {
      addresses = await policy.resolve(host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const permanent = code === "ENOTFOUND" || code === "ENODATA";
      throw new StepError(`cannot resolve host "${host}"${code ? ` (${code})` : ""}`, { retryable: !permanent });
    }
  }
  if (addresses.length === 0) throw refusal(`host "${host}" has no address`);
  // Every address is checked, not just the first: a name that also resolves to 127.0.0.1 is refused outright.
  for (const { address } of addresses) {
    const reason = policy.addressPolicy(address);
    if (reason !== null) {
      const what = host === address ? address : `"${host}" resolves to ${address}`;
      throw refusal(`refused to fetch ${url.href}: ${what}, which is not a public address (${reason})`);
    }
  }
  return addresses[0]!;
}

function get(url: URL, target: ResolvedAddress, userAgent: string, signal: AbortSignal): Promise<http.IncomingMessage> {
  return send(url, target, { method: "GET", headers: { "user-agent": userAgent, accept: "*/*" } }, null, signal);
}

function send(
  url: URL,
  target: ResolvedAddress,
  options: { method: string; headers: Record<string, string> },
  body: string | null,
  signal: AbortSignal,
): Promise<http.IncomingMessage> {
  // The client must connect to the vetted address, not resolve the name again (DNS rebinding).
  const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { ...options, lookup, signal, agent: false }, resolve);
    req.on("error", reject);
    req.end(body ?? undefined);
  });
}

export interface PostResult {
  status: number;
  /** The first KiB of the answer, for delivery logs. */
  body: string;
}

/**
 * POSTs a JSON body to a URL checked like downloads are (every resolved address vetted, the connection pinned to
 * it). Redirects are not followed: a webhook receiver answers where it was configured. Throws StepError on
 * refusal or network failure (retryable when it may pass).
 */
export async function postJson(
  target: string,
  body: string,
  headers: Record<string, string>,
  options: { policy: HttpFetchPolicy; timeoutMs: number; signal?: AbortSignal },
): Promise<PostResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const url = parseUrl(target);
  try {
    const address = await untilAborted(vet(url, options.policy), signal);
    const response = await send(
      url,
      address,
      {
        method: "POST",
        headers: {
          "user-agent": options.policy.userAgent,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          ...headers,
        },
      },
      body,
      signal,
    );
    let text = "";
    for await (const chunk of response as AsyncIterable<Buffer>) if (text.length < 1024) text += chunk.toString("utf8");
    return { status: response.statusCode ?? 0, body: text.slice(0, 1024) };
  } catch (error) {
    if (timeout.aborted)
      throw new StepError(`POST to ${url.href} timed out after ${options.timeoutMs} ms`, { retryable: true });
    if (error instanceof StepError) throw error;
    throw new StepError(`POST to ${url.href} failed: ${error instanceof Error ? error.message : String(error)}`, {
      retryable: true,
    });
  }
}

async function save(response: http.IncomingMessage, request: DownloadRequest, href: string): Promise<number> {
  let bytes = 0;
  let lastReport = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > request.maxBytes) {
        callback(refusal(`${href} is larger than the ${request.maxBytes}-byte cap (maxBytes)`));
        return;
      }
      if (request.onBytes && bytes - lastReport >= 1 << 20) {
        lastReport = bytes;
        request.onBytes(bytes);
      }
      callback(null, chunk);
    },
  });
  await pipeline(response, cap, createWriteStream(request.file));
  return bytes;
}

// DNS lookups cannot be aborted; the download stops waiting for one when the signal fires.
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function refusal(message: string): StepError {
  return new StepError(message, { retryable: false });
}
