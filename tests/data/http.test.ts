import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicAddressesOnly, type AddressPolicy } from "../../api/src/steps/impl/address-policy.js";
import type { ResolvedAddress } from "../../api/src/steps/impl/http-fetch.js";
import { openHarness, stepError, type Harness } from "./support/harness.js";

let h: Harness;
let server: http.Server;
let base: string;
const hits: Array<{ url: string; host: string }> = [];

const CSV = "city,temp\nOslo,3.5\nRome,18\nCairo,31.25\n";
// Tests may reach the local server on 127.0.0.1; everything else follows the default policy.
const allowLocalServer: AddressPolicy = (address) => (address === "127.0.0.1" ? null : publicAddressesOnly(address));

beforeAll(async () => {
  h = await openHarness();
  server = http.createServer((req, res) => {
    hits.push({ url: req.url ?? "", host: req.headers.host ?? "" });
    const port = (server.address() as AddressInfo).port;
    switch (req.url) {
      case "/data.csv":
        res.writeHead(200, { "content-type": "text/csv" }).end(CSV);
        return;
      case "/hop":
        res.writeHead(302, { location: "/data.csv" }).end();
        return;
      case "/to-metadata":
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
        return;
      case "/to-mapped":
        res.writeHead(307, { location: `http://[::ffff:7f00:1]:${port}/data.csv` }).end();
        return;
      case "/loop":
        res.writeHead(301, { location: "/loop" }).end();
        return;
      case "/big":
        res.writeHead(200);
        res.write("a\n");
        for (let i = 0; i < 200; i++) res.write(`${"1".repeat(1000)}\n`);
        res.end();
        return;
      case "/slow":
        res.writeHead(200);
        res.write("a\n");
        return; // never ends
      case "/missing":
        res.writeHead(404).end("no");
        return;
      default:
        res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});

const fetchStep = (
  config: Record<string, unknown>,
  http: { addressPolicy?: AddressPolicy; resolve?: (host: string) => Promise<ResolvedAddress[]> } = {},
  runId = "web",
) => h.step("extract_http", config, [], { runId, deps: { http } });

describe("extract_http", () => {
  it("downloads and reads a CSV, following a redirect", async () => {
    const r = await fetchStep({ url: `${base}/hop` }, { addressPolicy: allowLocalServer }, "web-ok");
    expect(await h.rows(r.output)).toEqual([
      { city: "Oslo", temp: 3.5 },
      { city: "Rome", temp: 18 },
      { city: "Cairo", temp: 31.25 },
    ]);
    expect(r.details).toEqual({ url: `${base}/data.csv`, downloadedBytes: CSV.length });
    expect(r.logs[0]!.message).toContain("after 1 redirect(s)");
    expect((await h.runFiles("web-ok")).filter((f) => !f.endsWith(".parquet"))).toEqual([]);
  });

  it("connects to the address it vetted, not a second resolution of the name", async () => {
    const resolved: string[] = [];
    const port = (server.address() as AddressInfo).port;
    const resolve = (host: string): Promise<ResolvedAddress[]> => {
      resolved.push(host);
      return Promise.resolve([{ address: "127.0.0.1", family: 4 }]);
    };
    const r = await fetchStep(
      { url: `http://data.invalid:${port}/data.csv` },
      { addressPolicy: allowLocalServer, resolve },
    );
    expect(r.rowsOut).toBe(3);
    expect(resolved).toEqual(["data.invalid"]);
    expect(hits.at(-1)).toEqual({ url: "/data.csv", host: `data.invalid:${port}` });
  });

  it.each([
    [
      "the cloud metadata address",
      "http://169.254.169.254/latest/meta-data/",
      /169\.254\.169\.254, which is not a public address \(link-local\)/,
    ],
    [
      "an IPv4-mapped loopback",
      "http://[::ffff:7f00:1]/",
      /::ffff:7f00:1, which is not a public address \(IPv4-mapped loopback\)/,
    ],
    ["IPv6 loopback", "http://[::1]:8080/", /::1, which is not a public address \(loopback\)/],
    ["a private address", "https://10.1.2.3/x.csv", /10\.1\.2\.3, which is not a public address \(private\)/],
    ["a decimal-encoded loopback", "http://2130706433/", /127\.0\.0\.1, which is not a public address \(loopback\)/],
  ])("refuses %s", async (_name, url, message) => {
    const before = hits.length;
    const error = await stepError(fetchStep({ url }));
    expect(error.message).toMatch(message);
    expect(error.options.retryable).toBe(false);
    expect(hits.length).toBe(before);
  });

  it("refuses the local server under the default policy, and localhost", async () => {
    const before = hits.length;
    const direct = await stepError(fetchStep({ url: `${base}/data.csv` }));
    expect(direct.message).toContain("127.0.0.1, which is not a public address (loopback)");
    const byName = await stepError(
      fetchStep({ url: `http://localhost:${(server.address() as AddressInfo).port}/data.csv` }),
    );
    expect(byName.message).toMatch(
      /"localhost" resolves to (127\.0\.0\.1|::1), which is not a public address \(loopback\)/,
    );
    expect(hits.length).toBe(before);
  });

  it("refuses a name when any of its addresses is private", async () => {
    const resolve = (): Promise<ResolvedAddress[]> =>
      Promise.resolve([
        { address: "93.184.215.14", family: 4 },
        { address: "127.0.0.1", family: 4 },
      ]);
    const error = await stepError(fetchStep({ url: "http://rebind.example/data.csv" }, { resolve }));
    expect(error.message).toContain('"rebind.example" resolves to 127.0.0.1, which is not a public address (loopback)');
  });

  it("checks every redirect hop", async () => {
    const toMetadata = await stepError(
      fetchStep({ url: `${base}/to-metadata` }, { addressPolicy: allowLocalServer }, "web-r1"),
    );
    expect(toMetadata.message).toContain("refused to fetch http://169.254.169.254/latest/meta-data/");
    const toMapped = await stepError(
      fetchStep({ url: `${base}/to-mapped` }, { addressPolicy: allowLocalServer }, "web-r2"),
    );
    expect(toMapped.message).toContain("IPv4-mapped loopback");
    const loop = await stepError(fetchStep({ url: `${base}/loop` }, { addressPolicy: allowLocalServer }, "web-r3"));
    expect(loop.message).toContain("too many redirects (more than 5)");
    for (const run of ["web-r1", "web-r2", "web-r3"]) expect(await h.runFiles(run)).toEqual([]);
  });

  it("enforces maxBytes while streaming and timeoutMs, leaving nothing behind", async () => {
    const big = await stepError(
      fetchStep({ url: `${base}/big`, maxBytes: 50_000 }, { addressPolicy: allowLocalServer }, "web-big"),
    );
    expect(big.message).toContain("larger than the 50000-byte cap");
    expect(await h.runFiles("web-big")).toEqual([]);
    const started = Date.now();
    const slow = await stepError(
      fetchStep({ url: `${base}/slow`, timeoutMs: 300 }, { addressPolicy: allowLocalServer }, "web-slow"),
    );
    expect(slow.message).toContain("timed out after 300 ms");
    expect(slow.options.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await h.runFiles("web-slow")).toEqual([]);
    const missing = await stepError(fetchStep({ url: `${base}/missing` }, { addressPolicy: allowLocalServer }));
    expect(missing.message).toContain("answered HTTP 404");
    expect(missing.options.retryable).toBe(false);
  });

  it("refuses other schemes", async () => {
    const error = await stepError(fetchStep({ url: "file:///etc/passwd" }));
    expect(error.message).toContain("only http and https URLs can be fetched, not file");
  });
});

describe("default address policy", () => {
  it.each([
    ["8.8.8.8", null],
    ["93.184.215.14", null],
    ["2606:4700:4700::1111", null],
    ["127.0.0.1", "loopback"],
    ["10.0.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", null],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.128.0.1", null],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["::ffff:7f00:1", "IPv4-mapped loopback"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["::ffff:169.254.169.254", "IPv4-mapped link-local"],
    ["::ffff:8.8.8.8", null],
    ["::127.0.0.1", "IPv4-compatible (deprecated)"],
    ["64:ff9b::a9fe:a9fe", "NAT64 link-local"],
    ["2002:7f00:1::1", "6to4 loopback"],
    ["fc00::1", "unique-local"],
    ["fd12:3456::1", "unique-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["not-an-ip", "not an IP address"],
  ])("%s → %s", (address, reason) => {
    expect(publicAddressesOnly(address)).toBe(reason);
  });
});
