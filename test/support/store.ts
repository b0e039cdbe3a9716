import { openStore, Store } from '../../src/store/cosmos';

/** A fresh embedded Cosmos server and database for one test file. */
export async function openTestStore(): Promise<Store> {
  return openStore({ mode: 'embedded', database: `test-${process.pid}-${Date.now()}` });
}
