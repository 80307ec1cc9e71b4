// Runs the CLI in-process for tests: captured stdout/stderr and a `stop` standing in for Ctrl-C.

/** An io for `main(argv, io)` that records what the command prints. */
export function capture() {
  let out = '';
  let err = '';
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  return {
    io: { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), stopped },
    out: () => out,
    err: () => err,
    stop,
  };
}

/** The first line a long-running command printed (its URL), within 2 s. */
export async function firstLine(c: ReturnType<typeof capture>): Promise<string> {
  for (let i = 0; i < 200 && !c.out().includes('\n'); i++)
    await new Promise((r) => setTimeout(r, 10));
  return c.out().split('\n')[0] as string;
}
