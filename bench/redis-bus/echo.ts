/**
 * The other process of the redis-bus bench: answers every message on `<prefix>:ping` with the same payload on
 * `<prefix>:pong`, through a RedisEventBus, as a second API process would. Prints "ready" once subscribed.
 * Usage: node --import tsx bench/redis-bus/echo.ts <redis-url> <prefix>
 */
import { RedisEventBus } from "../../api/src/events/redis-event-bus.js";

const [url, prefix] = process.argv.slice(2);
if (!url || !prefix) throw new Error("usage: echo.ts <redis-url> <prefix>");
const bus = await RedisEventBus.connect(url);
const pings = bus.subscribe<unknown>(`${prefix}:ping`);
await pings.ready;
process.stdout.write("ready\n");
process.once("SIGTERM", () => void bus.close().then(() => process.exit(0)));
for await (const payload of pings) await bus.publish(`${prefix}:pong`, payload);
