// Rules response.lifecycle.order, response.ids-consistent, response.done.always,
// response.single-active, response.create-serialised, response.beta-item-before-content,
// tools.call-item-shape, tools.call-id.required, truncate.bounded-by-audio,
// truncate.zero-before-audio, truncate.unknown-item, events.event-id-on-every-server-event:
// the stream checks on exact event sequences, no file and no socket.
import { describe, expect, it } from 'vitest';
import {
  dialectShownBy,
  StreamChecker,
  type StreamProblem,
  schemaProblems,
} from '../src/rules/index.js';

type Frame = ['client' | 'server', Record<string, unknown>];

let n = 0;
/** A server event with a fresh event_id. */
const s = (type: string, fields: Record<string, unknown> = {}): Frame => [
  'server',
  { type, event_id: `event_${++n}`, ...fields },
];
const c = (type: string, fields: Record<string, unknown> = {}): Frame => [
  'client',
  { type, ...fields },
];

/** Runs frames (line = index + 1) and end(); returns [line, rule, severity] of each problem. */
function run(frames: Frame[], dialect: 'beta' | 'ga' = 'ga'): [number, string, string][] {
  const checker = new StreamChecker({ dialect });
  const problems: StreamProblem[] = [];
  frames.forEach(([direction, event], i) => {
    problems.push(...checker.push(direction, event, i + 1));
  });
  problems.push(...checker.end());
  return problems.map((p) => [p.line, p.rule, p.severity]);
}

const ids = (response: string, item: string, content = 0) => ({
  response_id: response,
  item_id: item,
  output_index: 0,
  content_index: content,
});
const created = (id: string, extra: Record<string, unknown> = {}) =>
  s('response.created', { response: { id, conversation_id: 'conv_1', ...extra } });
const done = (id: string, output: unknown[] = [], extra: Record<string, unknown> = {}) =>
  s('response.done', { response: { id, output, conversation_id: 'conv_1', ...extra } });

/** A complete GA text response with the given deltas and done text. */
function textResponse(id: string, item: string, deltas: string[], text = deltas.join('')): Frame[] {
  return [
    created(id),
    s('response.output_item.added', { response_id: id, output_index: 0, item: { id: item } }),
    s('response.content_part.added', ids(id, item)),
    ...deltas.map((delta) => s('response.output_text.delta', { ...ids(id, item), delta })),
    s('response.output_text.done', { ...ids(id, item), text }),
    s('response.content_part.done', ids(id, item)),
    s('response.output_item.done', { response_id: id, output_index: 0, item: { id: item } }),
    done(id),
  ];
}

/** An audio response of `chunks` deltas of `bytes` bytes each for item `item` (GA or beta names). */
function audioResponse(
  id: string,
  item: string,
  chunks: number,
  bytes: number,
  extra = {},
  dialect: 'beta' | 'ga' = 'ga',
): Frame[] {
  const delta = Buffer.alloc(bytes).toString('base64');
  const name = dialect === 'ga' ? 'response.output_audio' : 'response.audio';
  return [
    created(id, extra),
    s('response.output_item.added', { response_id: id, output_index: 0, item: { id: item } }),
    s(dialect === 'ga' ? 'conversation.item.added' : 'conversation.item.created', {
      item: { id: item },
    }),
    s('response.content_part.added', ids(id, item)),
    ...Array.from({ length: chunks }, () => s(`${name}.delta`, { ...ids(id, item), delta })),
    s(`${name}.done`, ids(id, item)),
    s('response.content_part.done', ids(id, item)),
    s('response.output_item.done', { response_id: id, output_index: 0, item: { id: item } }),
    done(id),
  ];
}

describe('StreamChecker: response lifecycle and ids', () => {
  it('accepts a complete response, and its text in any number of deltas', () => {
    expect(run(textResponse('resp_1', 'item_1', ['Hel', 'lo', ' world']))).toEqual([]);
    expect(run(textResponse('resp_1', 'item_1', []))).toEqual([]);
  });

  it('reports a done text that is not the concatenation of the deltas', () => {
    expect(run(textResponse('resp_1', 'item_1', ['Hel', 'lo'], 'Help'))).toEqual([
      [6, 'response.lifecycle.order', 'error'],
    ]);
  });

  it('reports events before their response, item or part, and after their done', () => {
    const frames = textResponse('resp_1', 'item_1', ['a']);
    // item added before response.created
    const early0 = s('response.output_item.added', {
      response_id: 'resp_1',
      output_index: 0,
      item: { id: 'item_0' },
    });
    expect(run([early0, ...frames])).toEqual([[1, 'response.lifecycle.order', 'error']]);
    // delta before content_part.added
    const early: Frame[] = [
      frames[0],
      frames[1],
      frames[3],
      frames[2],
      ...frames.slice(4),
    ] as Frame[];
    expect(run(early)).toContainEqual([3, 'response.lifecycle.order', 'error']);
    // a delta after the response.done
    expect(
      run([...frames, s('response.output_text.delta', { ...ids('resp_1', 'item_1'), delta: 'x' })]),
    ).toEqual([[frames.length + 1, 'response.lifecycle.order', 'error']]);
    // a delta after the text.done
    const late = [...frames];
    late.splice(5, 0, s('response.output_text.delta', { ...ids('resp_1', 'item_1'), delta: 'x' }));
    expect(run(late)).toEqual([[6, 'response.lifecycle.order', 'error']]);
  });

  it('reports part.done before the stream done, item.done before part.done, response.done before item.done', () => {
    const frames = textResponse('resp_1', 'item_1', ['a']);
    const noTextDone = frames.filter((_, i) => i !== 4);
    expect(run(noTextDone)).toEqual([[5, 'response.lifecycle.order', 'error']]);
    const noPartDone = frames.filter((_, i) => i !== 5);
    expect(run(noPartDone)).toEqual([[6, 'response.lifecycle.order', 'error']]);
    const noItemDone = frames.filter((_, i) => i !== 6);
    expect(run(noItemDone)).toEqual([[7, 'response.done.always', 'error']]);
  });

  it('warns at the end about a response that never got its response.done', () => {
    const frames = textResponse('resp_1', 'item_1', ['a']).slice(0, -1);
    expect(run(frames)).toEqual([[1, 'response.done.always', 'warning']]);
  });

  it('reports ids that disagree with the added events', () => {
    const frames = textResponse('resp_1', 'item_1', ['a']);
    const wrongResponse = [...frames];
    wrongResponse[3] = s('response.output_text.delta', {
      ...ids('resp_1', 'item_1'),
      response_id: 'resp_1',
      output_index: 2,
      delta: 'a',
    });
    expect(run(wrongResponse)).toEqual([[4, 'response.ids-consistent', 'error']]);
    const secondPart = [...frames];
    secondPart.splice(3, 0, s('response.content_part.added', ids('resp_1', 'item_1', 5)));
    expect(run(secondPart)).toContainEqual([4, 'response.ids-consistent', 'error']);
  });

  it('maps beta names and checks that beta items reach the conversation before their content', () => {
    const item = { id: 'item_1' };
    const beta: Frame[] = [
      created('resp_1'),
      s('response.output_item.added', { response_id: 'resp_1', output_index: 0, item }),
      s('conversation.item.created', { previous_item_id: null, item }),
      s('response.content_part.added', ids('resp_1', 'item_1')),
      s('response.text.delta', { ...ids('resp_1', 'item_1'), delta: 'Hi' }),
      s('response.text.done', { ...ids('resp_1', 'item_1'), text: 'Hi!' }),
      s('response.content_part.done', ids('resp_1', 'item_1')),
      s('response.output_item.done', { response_id: 'resp_1', output_index: 0, item }),
      done('resp_1'),
    ];
    expect(run(beta, 'beta')).toEqual([[6, 'response.lifecycle.order', 'error']]);
    const swapped = [beta[0], beta[1], beta[3], beta[2], ...beta.slice(4)] as Frame[];
    expect(run(swapped, 'beta')).toContainEqual([3, 'response.beta-item-before-content', 'error']);
    // The same order is fine in GA, and out-of-band beta items never reach the conversation.
    const outOfBand = beta.filter((_, i) => i !== 2);
    outOfBand[0] = created('resp_1', { conversation_id: null });
    expect(run(outOfBand, 'beta')).toEqual([[5, 'response.lifecycle.order', 'error']]);
  });
});

describe('StreamChecker: function calls', () => {
  const call = (args: string[], doneArgs = args.join(''), callId = 'call_1'): Frame[] => [
    created('resp_1'),
    s('response.output_item.added', {
      response_id: 'resp_1',
      output_index: 0,
      item: { id: 'item_1', type: 'function_call', call_id: 'call_1' },
    }),
    ...args.map((delta) =>
      s('response.function_call_arguments.delta', {
        response_id: 'resp_1',
        item_id: 'item_1',
        output_index: 0,
        call_id: callId,
        delta,
      }),
    ),
    s('response.function_call_arguments.done', {
      response_id: 'resp_1',
      item_id: 'item_1',
      output_index: 0,
      call_id: 'call_1',
      arguments: doneArgs,
    }),
    s('response.output_item.done', {
      response_id: 'resp_1',
      output_index: 0,
      item: { id: 'item_1', type: 'function_call', call_id: 'call_1', arguments: args.join('') },
    }),
    done('resp_1'),
  ];
  const output = (callId: string) =>
    c('conversation.item.create', {
      item: { type: 'function_call_output', call_id: callId, output: '{}' },
    });

  it('accepts arguments in deltas and an output for the call', () => {
    expect(run([...call(['{"a":', '1}']), output('call_1')])).toEqual([]);
  });

  it('reports arguments that do not concatenate, and a call_id that is not the item’s', () => {
    expect(run(call(['{"a":', '1}'], '{"a":2}'))).toEqual([[5, 'tools.call-item-shape', 'error']]);
    expect(run(call(['{"a":', '1}'], '{"a":1}', 'call_2'))).toEqual([
      [3, 'response.ids-consistent', 'error'],
      [4, 'response.ids-consistent', 'error'],
    ]);
  });

  it('reports a function_call_output whose call_id matches no function_call', () => {
    expect(run([output('call_1')])).toEqual([[1, 'tools.call-id.required', 'error']]);
    expect(run([...call(['{}']), output('call_2')])).toEqual([
      [7, 'tools.call-id.required', 'error'],
    ]);
    // A function_call item the client adds itself (history replay) counts; a deleted one does not.
    const history = c('conversation.item.create', {
      item: { id: 'item_h', type: 'function_call', call_id: 'call_h', name: 'f', arguments: '{}' },
    });
    expect(run([history, output('call_h')])).toEqual([]);
    const deleted = [
      ...call(['{}']),
      s('conversation.item.deleted', { item_id: 'item_1' }),
      output('call_1'),
    ];
    expect(run(deleted)).toEqual([[8, 'tools.call-id.required', 'error']]);
  });
});

describe('StreamChecker: truncate within the audio sent', () => {
  const truncate = (item: string, ms: number) =>
    c('conversation.item.truncate', { item_id: item, content_index: 0, audio_end_ms: ms });

  it('counts pcm16 at 24 kHz by default (48 bytes per ms)', () => {
    const frames = audioResponse('resp_1', 'item_1', 2, 4800); // 200 ms
    expect(run([...frames, truncate('item_1', 200)])).toEqual([]);
    expect(run([...frames, truncate('item_1', 201)])).toEqual([
      [frames.length + 1, 'truncate.bounded-by-audio', 'error'],
    ]);
  });

  it('counts G.711 at 8 kHz once session.updated declares it (beta and GA spellings)', () => {
    const frames = audioResponse('resp_1', 'item_1', 2, 800); // 200 ms of G.711
    const ga = s('session.updated', {
      session: { audio: { output: { format: { type: 'audio/pcmu' } } } },
    });
    expect(run([ga, ...frames, truncate('item_1', 200)])).toEqual([]);
    expect(run([ga, ...frames, truncate('item_1', 201)])).toHaveLength(1);
    const beta = s('session.updated', { session: { output_audio_format: 'g711_alaw' } });
    const betaFrames = audioResponse('resp_1', 'item_1', 2, 800, {}, 'beta');
    expect(run([beta, ...betaFrames, truncate('item_1', 200)], 'beta')).toEqual([]);
    expect(run([beta, ...betaFrames, truncate('item_1', 201)], 'beta')).toHaveLength(1);
    // Without it, the same bytes are 33 ms of pcm16.
    expect(run([...frames, truncate('item_1', 200)])).toHaveLength(1);
  });

  it('uses the format of the response when it overrides the session', () => {
    const frames = audioResponse('resp_1', 'item_1', 1, 800, {
      audio: { output: { format: { type: 'audio/pcma' } } },
    });
    expect(run([...frames, truncate('item_1', 100)])).toEqual([]);
  });

  it('bounds a second truncate by the first, and reports zero and unknown items', () => {
    const frames = audioResponse('resp_1', 'item_1', 2, 4800);
    const truncated = s('conversation.item.truncated', {
      item_id: 'item_1',
      content_index: 0,
      audio_end_ms: 50,
    });
    expect(run([...frames, truncate('item_1', 50), truncated, truncate('item_1', 60)])).toEqual([
      [frames.length + 3, 'truncate.bounded-by-audio', 'error'],
    ]);
    const user = s('conversation.item.added', {
      item: { id: 'item_u', type: 'message', role: 'user' },
    });
    expect(run([user, truncate('item_u', 0)])).toEqual([
      [2, 'truncate.zero-before-audio', 'error'],
    ]);
    expect(run([user, truncate('item_u', 10)])).toEqual([
      [2, 'truncate.bounded-by-audio', 'error'],
    ]);
    expect(run([truncate('item_x', 10)])).toEqual([[1, 'truncate.unknown-item', 'warning']]);
  });
});

describe('StreamChecker: one active response, unique event ids', () => {
  it('reports a second default-conversation response before response.done, not an out-of-band one', () => {
    const first = textResponse('resp_1', 'item_1', ['a']);
    const second = created('resp_2');
    const overlapping = [first[0], second, ...first.slice(1)] as Frame[];
    expect(run(overlapping)).toEqual([
      [2, 'response.single-active', 'error'],
      [2, 'response.done.always', 'warning'],
    ]);
    const outOfBand = [
      first[0],
      created('resp_2', { conversation_id: null }),
      done('resp_2', [], { conversation_id: null }),
      ...first.slice(1),
    ] as Frame[];
    expect(run(outOfBand)).toEqual([]);
    // After response.done the next one is fine.
    expect(run([...first, ...textResponse('resp_2', 'item_2', ['b'])])).toEqual([]);
  });

  it('warns about a client response.create while a default response runs', () => {
    const first = textResponse('resp_1', 'item_1', ['a']);
    const frames = [
      first[0],
      c('response.create'),
      c('response.create', { response: { conversation: 'none' } }),
      ...first.slice(1),
    ] as Frame[];
    expect(run(frames)).toEqual([[2, 'response.create-serialised', 'warning']]);
  });

  it('reports a server event_id used twice, never client ones', () => {
    const a: Frame = [
      'server',
      { type: 'rate_limits.updated', event_id: 'event_x', rate_limits: [] },
    ];
    expect(run([a, a])).toEqual([[2, 'events.event-id-on-every-server-event', 'error']]);
    const ca = c('input_audio_buffer.clear', { event_id: 'mine' });
    expect(run([ca, ca])).toEqual([]);
  });
});

describe('schema problems and dialect detection', () => {
  it('cites the rule a schema problem breaks', () => {
    const rules = (direction: 'client' | 'server', event: unknown, dialect: 'beta' | 'ga' = 'ga') =>
      schemaProblems(direction, event, 1, { dialect }).map((p) => [p.rule, p.severity, p.path]);
    expect(rules('client', { type: 'ping' })).toEqual([['events.unknown-type', 'error', '$.type']]);
    expect(rules('client', { event_id: 'x' })).toEqual([
      ['events.type-required', 'error', '$.type'],
    ]);
    expect(rules('client', { type: 'session.update', session: { modalities: ['text'] } })).toEqual([
      ['session.type-required', 'error', '$.session.type'],
    ]);
    expect(
      rules('client', {
        type: 'session.update',
        session: { type: 'realtime', modalities: ['text'] },
      }),
    ).toEqual([['session.no-foreign-fields', 'error', '$.session']]);
    expect(
      rules('client', { type: 'session.update', session: { modalities: ['audio'] } }, 'beta'),
    ).toEqual([['session.modalities.allowed', 'error', '$.session.modalities']]);
    expect(
      rules('client', { type: 'conversation.item.truncate', item_id: 'i', audio_end_ms: 1 }),
    ).toEqual([['truncate.required-fields', 'error', '$.content_index']]);
    expect(rules('server', { type: 'response.text.delta', event_id: 'e' })).toEqual([
      ['response.event-names', 'error', '$.type'],
    ]);
    expect(rules('server', { type: 'response.brand_new', event_id: 'e' })).toEqual([
      ['events.tolerate-unknown', 'warning', '$.type'],
    ]);
    expect(rules('server', { type: 'input_audio_buffer.cleared' })).toEqual([
      ['events.event-id-on-every-server-event', 'error', '$.event_id'],
    ]);
  });

  it('tells the dialect from names and shapes', () => {
    expect(dialectShownBy({ type: 'response.audio.delta' })).toBe('beta');
    expect(dialectShownBy({ type: 'conversation.item.added' })).toBe('ga');
    expect(dialectShownBy({ type: 'session.created', session: { type: 'realtime' } })).toBe('ga');
    expect(dialectShownBy({ type: 'session.created', session: { modalities: ['text'] } })).toBe(
      'beta',
    );
    expect(
      dialectShownBy({ type: 'response.create', response: { output_modalities: ['text'] } }),
    ).toBe('ga');
    expect(dialectShownBy({ type: 'conversation.item.created', item: {} })).toBeUndefined();
    expect(dialectShownBy({ type: 'input_audio_buffer.append', audio: '' })).toBeUndefined();
  });
});
