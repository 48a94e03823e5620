import { describe, expect, it } from "vitest";
import { createStore } from "../lib/store";
import { nextSocketState, onConnected, type SocketEvent, type SocketState } from "./socket-state";

const run = (events: SocketEvent[], from: SocketState = "idle"): SocketState => events.reduce(nextSocketState, from);

describe("nextSocketState", () => {
  it("connects lazily and goes idle when graphql-ws closes the idle socket itself", () => {
    expect(run([{ type: "connecting" }])).toBe("connecting");
    expect(run([{ type: "connecting" }, { type: "connected" }])).toBe("connected");
    expect(run([{ type: "closed", code: 1000 }], "connected")).toBe("idle");
  });

  it("reports a drop as reconnecting through every retry until a connection succeeds", () => {
    const dropped = run([{ type: "closed", code: 1006 }], "connected");
    expect(dropped).toBe("reconnecting");
    expect(run([{ type: "connecting" }, { type: "closed", code: 1006 }, { type: "connecting" }], dropped)).toBe(
      "reconnecting",
    );
    expect(run([{ type: "connecting" }, { type: "connected" }], dropped)).toBe("connected");
  });

  it("reconnects quietly after the API closed the socket for an expired token, and reports a second refusal", () => {
    const expired = run([{ type: "closed", code: 4403 }], "connected");
    expect(expired).toBe("reauthenticating");
    expect(run([{ type: "connecting" }], expired)).toBe("reauthenticating");
    expect(run([{ type: "connecting" }, { type: "connected" }], expired)).toBe("connected");
    expect(run([{ type: "connecting" }, { type: "closed", code: 4403 }], expired)).toBe("reconnecting");
  });
});

describe("onConnected", () => {
  it("signals the first connection and every reconnection, nothing else, until unsubscribed", () => {
    const socket = createStore(nextSocketState, "idle");
    let calls = 0;
    const stop = onConnected(socket, () => (calls += 1));
    socket.dispatch({ type: "connecting" });
    expect(calls).toBe(0);
    socket.dispatch({ type: "connected" });
    expect(calls).toBe(1);
    socket.dispatch({ type: "connected" });
    expect(calls).toBe(1);
    for (const event of [{ type: "closed", code: 1006 }, { type: "connecting" }, { type: "connected" }] as const)
      socket.dispatch(event);
    expect(calls).toBe(2);
    socket.dispatch({ type: "closed", code: 1000 });
    stop();
    socket.dispatch({ type: "connecting" });
    socket.dispatch({ type: "connected" });
    expect(calls).toBe(2);
  });
});
