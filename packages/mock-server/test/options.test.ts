// The entry points check their options before anything starts: an unknown option lists the valid
// ones, a bad value names the option, what it expects and what arrived, and an API key's value is
// never shown. (JavaScript callers and options read from config files get no type checking.)
import { describe, expect, it } from 'vitest';
import { createMemoryPair, createMockServer } from '../src/index.js';
import { realtimeHandler } from '../src/transport/msw.js';

/** Calls createMockServer with options that are not typed (as from JavaScript). */
function start(options: unknown) {
  return createMockServer(options as Parameters<typeof createMockServer>[0]);
}

describe('createMockServer checks its options', () => {
  it.each([
    [{ pace: 'slow' }, `expected pace to be 'fast' or 'realtime' but got "slow".`],
    [{ dialect: 'v2' }, `expected dialect to be 'auto', 'ga' or 'beta' but got "v2".`],
    [{ port: '8080' }, 'expected port to be a whole number from 0 to 65535 but got "8080".'],
    [{ port: 70_000 }, 'expected port to be a whole number from 0 to 65535 but got 70000.'],
    [{ seed: Number.NaN }, 'expected seed to be a finite number but got NaN.'],
    [{ betaRetired: 'yes' }, 'expected betaRetired to be true or false but got "yes".'],
    [{ onClose: 'log' }, 'expected onClose to be a function but got "log".'],
    [
      { tls: { cert: 'PEM' } },
      'expected tls to be true, false or { cert, key, ca? } (PEM strings) but got an object.',
    ],
    [
      { server: { listen() {} } },
      'expected server to be an http.Server or https.Server but got an object.',
    ],
    [
      { scenario: 42 },
      'expected scenario to be a scenario name, a file path or a parsed scenario but got 42.',
    ],
    ['ws://127.0.0.1:8080', 'expected an options object but got "ws://127.0.0.1:8080".'],
  ])('%j', async (options, message) => {
    await expect(start(options)).rejects.toThrow(`createMockServer: ${message}`);
  });

  it('names an unknown option and lists the valid ones', async () => {
    const error = await start({ prot: 8080 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(
      /^createMockServer: unknown option "prot" \(the options are: dialect, apiKeys, pace, seed, .*port.*\)\.$/,
    );
  });

  it('never shows an API key, and names the element that is wrong', async () => {
    // A string where an array belongs would have been read as a set of one-character keys.
    const secret = 'sk-live-do-not-print-me';
    const asString = await start({ apiKeys: secret }).catch((e: Error) => e.message);
    expect(asString).toBe(
      'createMockServer: expected apiKeys to be an array of API keys (strings) but got a string.',
    );
    const mixed = await start({ apiKeys: [secret, 7] }).catch((e: Error) => e.message);
    expect(mixed).toBe(
      'createMockServer: expected apiKeys to be an array of API keys (strings) but apiKeys[1] is a number.',
    );
    for (const message of [asString, mixed]) expect(message).not.toContain(secret);
  });

  it('starts with every option well formed', async () => {
    const server = await start({
      host: '127.0.0.1',
      port: 0,
      dialect: 'ga',
      pace: 'fast',
      seed: 3,
      apiKeys: ['sk-test'],
      betaRetired: false,
      tls: false,
      startTime: 1_767_225_600,
      clock: () => 0,
      onFrame: () => {},
      onClose: () => {},
      scenario: undefined,
    });
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);
    await server.close();
  });
});

describe('realtimeHandler and createMemoryPair check theirs', () => {
  it('realtimeHandler', () => {
    const handler = (options: unknown) =>
      realtimeHandler(options as Parameters<typeof realtimeHandler>[0]);
    expect(() => handler({ url: 443 })).toThrow(
      'realtimeHandler: expected url to be a WebSocket URL but got 443.',
    );
    expect(() => handler({ port: 0 })).toThrow(
      /^realtimeHandler: unknown option "port" \(the options are: .*url.*\)\.$/,
    );
    expect(() => handler({ dialect: 'beta', pace: 'realtime', seed: 1 })).not.toThrow();
  });

  it('createMemoryPair', () => {
    const pair = (options: unknown) =>
      createMemoryPair(options as Parameters<typeof createMemoryPair>[0]);
    // The memory pair has no handshake to tell the dialect from: `auto` is not one of its dialects.
    expect(() => pair({ dialect: 'auto' })).toThrow(
      `createMemoryPair: expected dialect to be 'ga' or 'beta' but got "auto".`,
    );
    expect(() => pair({ model: 4 })).toThrow(
      'createMemoryPair: expected model to be a model name but got 4.',
    );
    expect(() => pair({ sed: 1 })).toThrow(
      'createMemoryPair: unknown option "sed" (the options are: dialect, seed, pace, model, intent, scenario, onFrame).',
    );
    expect(
      pair({ dialect: 'beta', seed: 2, model: 'gpt-4o-realtime-preview' }).client,
    ).toBeDefined();
  });
});
