/**
 * The storage contract: one suite, run against every adapter, so they cannot drift apart.
 */
import { afterAll, beforeAll, describe } from "vitest";
import type { Stores } from "../../api/src/store/ports.js";
import { entityContract } from "./entity.contract.js";
import { filterContract } from "./filters.contract.js";
import { leaseContract } from "./leases.contract.js";
import { listingContract } from "./listing.contract.js";
import { rowsContract } from "./rows.contract.js";
import { runPartsContract } from "./run-parts.contract.js";
import { runContract } from "./runs.contract.js";
import { statsContract } from "./stats.contract.js";
import { trackingContract } from "./tracking.contract.js";
import type { ContractTarget } from "./support/contract-target.js";

/** Registers the whole contract for `target` under one describe block that opens and disposes it. */
export function storeContract(target: ContractTarget): void {
  describe(`store contract (${target.kind})`, () => {
    let stores: Stores | undefined;
    const ref = (): Stores => {
      if (stores === undefined) throw new Error("stores are not open (beforeAll failed?)");
      return stores;
    };

    beforeAll(async () => {
      stores = await target.open();
    });
    afterAll(async () => {
      await stores?.close();
      await target.dispose();
    });

    entityContract(ref);
    listingContract(ref);
    filterContract(ref);
    runContract(ref);
    runPartsContract(ref, target);
    leaseContract(ref);
    rowsContract(ref, target);
    statsContract(ref, target);
    trackingContract(ref);
  });
}
