// Beta audio buffers (INV §5.1 `input_audio_buffer.*`, `output_audio_buffer.clear`; §5.2 their
// server events) and INV §4.4: appended audio is base64 in the session format (pcm16: whole
// 16-bit samples), offsets are non-negative milliseconds, `previous_item_id` may be null.
import { describe, expect, it } from 'vitest';
import { beta, parseClientEvent, parseServerEvent } from '../src/index.js';

const pcm = (samples: number) => Buffer.alloc(samples * 2, 7).toString('base64');
const client = (event: Record<string, unknown>, audioFormat?: 'g711_ulaw') =>
  parseClientEvent(event, { dialect: 'beta', ...(audioFormat ? { audioFormat } : {}) });
const server = (event: Record<string, unknown>, strict = false) =>
  parseServerEvent({ event_id: 'event_1', ...event }, { dialect: 'beta', strict });

function problems(r: {
  success: boolean;
  error?: { issues: readonly { path: readonly unknown[]; code: string }[] };
}) {
  expect(r.success).toBe(false);
  return (r.error?.issues ?? []).map(({ path, code }) => ({ path, code }));
}

describe('input_audio_buffer client events', () => {
  it('append accepts 100 ms of pcm16 with or without event_id', () => {
    expect(client({ type: 'input_audio_buffer.append', audio: pcm(2400) }).success).toBe(true);
    expect(
      client({ type: 'input_audio_buffer.append', event_id: 'event_456', audio: pcm(2400) })
        .success,
    ).toBe(true);
  });

  it('append checks the audio: base64 structure, whole pcm16 samples, presence', () => {
    expect(
      problems(client({ type: 'input_audio_buffer.append', audio: 'Base64EncodedAudioData' })),
    ).toEqual([{ path: ['audio'], code: 'custom' }]);
    const odd = Buffer.alloc(5).toString('base64');
    expect(problems(client({ type: 'input_audio_buffer.append', audio: odd }))).toEqual([
      { path: ['audio'], code: 'custom' },
    ]);
    expect(client({ type: 'input_audio_buffer.append', audio: odd }, 'g711_ulaw').success).toBe(
      true,
    );
    expect(problems(client({ type: 'input_audio_buffer.append' }))).toEqual([
      { path: ['audio'], code: 'invalid_type' },
    ]);
  });

  it('the G.711 variant accepts odd byte counts in item audio too', () => {
    const g711 = beta.variant({ strictness: 'strict', base64: 'full', sampleWidth: 1 });
    const item = {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_audio', audio: Buffer.alloc(5).toString('base64') }],
    };
    expect(
      g711.clientEvents['conversation.item.create'].safeParse({
        type: 'conversation.item.create',
        item,
      }).success,
    ).toBe(true);
  });

  it.each(['input_audio_buffer.commit', 'input_audio_buffer.clear', 'output_audio_buffer.clear'])(
    '%s takes only event_id and type',
    (type) => {
      expect(client({ type }).success).toBe(true);
      expect(client({ type, event_id: 'evt_9' }).success).toBe(true);
      expect(problems(client({ type, audio: pcm(1) }))).toEqual([
        { path: [], code: 'unrecognized_keys' },
      ]);
    },
  );
});

describe('input_audio_buffer server events', () => {
  it('committed accepts previous_item_id as an id, null, or absent', () => {
    for (const previous of [{ previous_item_id: 'msg_001' }, { previous_item_id: null }, {}]) {
      const r = server(
        { type: 'input_audio_buffer.committed', item_id: 'msg_002', ...previous },
        true,
      );
      expect(r.success).toBe(true);
    }
    expect(
      problems(server({ type: 'input_audio_buffer.committed', previous_item_id: null })),
    ).toEqual([{ path: ['item_id'], code: 'invalid_type' }]);
  });

  it('speech_started / speech_stopped carry non-negative integer offsets', () => {
    expect(
      server(
        { type: 'input_audio_buffer.speech_started', audio_start_ms: 1000, item_id: 'msg_003' },
        true,
      ).success,
    ).toBe(true);
    expect(
      server(
        { type: 'input_audio_buffer.speech_stopped', audio_end_ms: 2000, item_id: 'msg_003' },
        true,
      ).success,
    ).toBe(true);
    expect(
      problems(
        server({ type: 'input_audio_buffer.speech_started', audio_start_ms: -5, item_id: 'i' }),
      ),
    ).toEqual([{ path: ['audio_start_ms'], code: 'too_small' }]);
    expect(
      problems(
        server({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: 12.5, item_id: 'i' }),
      ),
    ).toEqual([{ path: ['audio_end_ms'], code: 'invalid_type' }]);
    expect(
      problems(server({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: 1 })),
    ).toEqual([{ path: ['item_id'], code: 'invalid_type' }]);
  });

  it('cleared keeps unknown keys when lenient and rejects them when strict', () => {
    expect(server({ type: 'input_audio_buffer.cleared', extra: 1 }).data).toMatchObject({
      extra: 1,
    });
    expect(problems(server({ type: 'input_audio_buffer.cleared', extra: 1 }, true))).toEqual([
      { path: [], code: 'unrecognized_keys' },
    ]);
  });
});

describe('output_audio_buffer server events (WebRTC)', () => {
  it.each([
    'output_audio_buffer.started',
    'output_audio_buffer.stopped',
    'output_audio_buffer.cleared',
  ])('%s requires response_id', (type) => {
    expect(server({ type, response_id: 'resp_abc123' }, true).success).toBe(true);
    expect(problems(server({ type }))).toEqual([{ path: ['response_id'], code: 'invalid_type' }]);
  });
});
