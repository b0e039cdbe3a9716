/**
 * Runs `work` over `items` with at most `limit` calls in flight, and returns the
 * results in the items' order. For fan-outs of point reads and writes: Cosmos and
 * Teams both throttle a burst, and a sequence would be slow.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
