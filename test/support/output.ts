/**
 * Records what reaches this process's stdout and stderr (still printing it), for tests
 * that prove a library's console output is kept off them.
 */
export function captureProcessOutput(): { text(): string; restore(): void } {
  const printed: string[] = [];
  const restores = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      printed.push(String(chunk));
      return (write as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof stream.write;
    return () => (stream.write = write);
  });
  return { text: () => printed.join(''), restore: () => restores.forEach((restore) => restore()) };
}
