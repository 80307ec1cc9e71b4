// The public types of @soundcheck/mock-server as a TypeScript user meets them: what the entry
// points return, which option values compile, what callbacks receive. Checked by the type checker
// (vitest typecheck and `pnpm lint`); nothing here runs. A `@ts-expect-error` line fails the check
// when the code below it compiles, so each one proves that a wrong call is refused.
import type { Server } from 'node:http';
import { setupServer } from 'msw/node';
import { describe, expectTypeOf, test } from 'vitest';
import {
  createMemoryPair,
  createMockServer,
  type MemoryClient,
  type MockServer,
  type MockServerOptions,
  type MockSession,
  parseScenario,
  type ReceivedEvent,
  type Scenario,
  type ScenarioReport,
  type UserAction,
} from '../src/index.js';
import { type RealtimeHandlerOptions, realtimeHandler } from '../src/transport/msw.js';

describe('createMockServer', () => {
  test('resolves to a MockServer whose URLs are strings', () => {
    expectTypeOf(createMockServer).returns.resolves.toEqualTypeOf<MockServer>();
    expectTypeOf<MockServer['url']>().toEqualTypeOf<string>();
    expectTypeOf<MockServer['baseURL']>().toEqualTypeOf<string>();
    expectTypeOf<MockServer['close']>().returns.resolves.toBeVoid();
  });

  test('option values are the documented unions; unknown options do not compile', () => {
    expectTypeOf<MockServerOptions['pace']>().toEqualTypeOf<'fast' | 'realtime' | undefined>();
    expectTypeOf<MockServerOptions['dialect']>().toEqualTypeOf<
      'auto' | 'ga' | 'beta' | undefined
    >();
    // @ts-expect-error: 'slow' is not a pace
    void createMockServer({ pace: 'slow' });
    // @ts-expect-error: a misspelt option is refused
    void createMockServer({ prot: 0 });
    // @ts-expect-error: API keys are an array, not one string
    void createMockServer({ apiKeys: 'sk-test' });
  });

  test('mounts on an HTTP server of yours', () => {
    expectTypeOf<Server>().toExtend<NonNullable<MockServerOptions['server']>>();
  });

  test('a session says which kind it opened and why it was refused', () => {
    expectTypeOf<MockSession['type']>().toEqualTypeOf<'realtime' | 'transcription'>();
    expectTypeOf<MockSession['dialect']>().toEqualTypeOf<'beta' | 'ga'>();
    expectTypeOf<MockSession['outcome']>().toEqualTypeOf<
      'open' | 'invalid_api_key' | 'beta_api_shape_disabled' | 'invalid_parameter' | 'invalid_value'
    >();
  });

  test('callbacks receive the session and typed details', () => {
    void createMockServer({
      onUser: (session, action, step) => {
        expectTypeOf(session).toEqualTypeOf<MockSession>();
        expectTypeOf(action).toEqualTypeOf<UserAction>();
        expectTypeOf(step).toEqualTypeOf<number>();
      },
      onScenarioEnd: (_session, report) => {
        expectTypeOf(report).toEqualTypeOf<ScenarioReport>();
        expectTypeOf(report.verdict).toEqualTypeOf<
          'PASSED' | 'NON-STRICT' | 'FAILED' | 'INCOMPLETE'
        >();
      },
      onClose: (_session, close) => {
        expectTypeOf(close.by).toEqualTypeOf<'client' | 'server'>();
        expectTypeOf(close.code).toEqualTypeOf<number>();
      },
    });
  });
});

describe('realtimeHandler (msw)', () => {
  test('is a handler that setupServer takes', () => {
    expectTypeOf(realtimeHandler()).toExtend<Parameters<typeof setupServer>[number]>();
    setupServer(realtimeHandler({ dialect: 'ga', seed: 1 }));
  });

  test('takes a parsed scenario, not a name (a browser has no files)', () => {
    expectTypeOf<RealtimeHandlerOptions['scenario']>().toEqualTypeOf<Scenario | undefined>();
    // @ts-expect-error: a scenario name needs a file system
    realtimeHandler({ scenario: 'barge-in-truncate' });
  });
});

describe('createMemoryPair', () => {
  test('the client reads parsed events', () => {
    const { client } = createMemoryPair({ dialect: 'beta', intent: 'transcription' });
    expectTypeOf(client).toEqualTypeOf<MemoryClient>();
    expectTypeOf(client.next).returns.resolves.toEqualTypeOf<ReceivedEvent>();
    expectTypeOf<ReceivedEvent['type']>().toEqualTypeOf<string>();
  });

  test('intent is realtime or transcription', () => {
    // @ts-expect-error: not an intent
    createMemoryPair({ intent: 'dictation' });
  });
});

describe('scenarios', () => {
  test('parseScenario gives the typed scenario, connection intent included', () => {
    expectTypeOf(parseScenario).returns.toEqualTypeOf<Scenario>();
    expectTypeOf<NonNullable<Scenario['connection']>['intent']>().toEqualTypeOf<
      'realtime' | 'transcription' | undefined
    >();
    expectTypeOf<Scenario['dialects'][number]>().toEqualTypeOf<'beta' | 'ga'>();
  });
});
