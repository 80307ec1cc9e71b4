import { z } from 'zod';
import type { Kit } from '../kit.js';
import { clientEventId, serverEventId } from './event-id.js';

/** DTMF keys: a telephone keypad press. */
const DTMF_KEYS = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '*',
  '#',
  'A',
  'B',
  'C',
  'D',
] as const;

/** `input_audio_buffer.*` and `output_audio_buffer.*` events of the GA dialect. */
export function audioBufferSchemas(k: Kit) {
  const ms = (description: string) => z.number().int().nonnegative().meta({ description });
  const itemId = (description: string) => z.string().meta({ description });
  const responseId = z
    .string()
    .meta({ description: 'The unique ID of the response that produced the audio.' });

  const clientEvents = {
    /** Appends audio to the input audio buffer (up to 15 MiB per event). The server sends no answer. */
    'input_audio_buffer.append': k.object({
      event_id: clientEventId(),
      type: z.literal('input_audio_buffer.append'),
      audio: k.audio.meta({
        description: 'Base64-encoded audio bytes in the session input audio format.',
      }),
    }),
    /**
     * Commits the input audio buffer as a user message item (an error when empty); does not create
     * a response. Answered by `input_audio_buffer.committed`.
     */
    'input_audio_buffer.commit': k.object({
      event_id: clientEventId(),
      type: z.literal('input_audio_buffer.commit'),
    }),
    /** Clears the input audio buffer; answered by `input_audio_buffer.cleared`. */
    'input_audio_buffer.clear': k.object({
      event_id: clientEventId(),
      type: z.literal('input_audio_buffer.clear'),
    }),
    /**
     * WebRTC/SIP only: cuts off the current audio response (send `response.cancel` first);
     * answered by `output_audio_buffer.cleared`.
     */
    'output_audio_buffer.clear': k.object({
      event_id: clientEventId(undefined),
      type: z.literal('output_audio_buffer.clear'),
    }),
  };

  const serverEvents = {
    /** The input audio buffer was committed (by the client or by server VAD). */
    'input_audio_buffer.committed': k.object({
      event_id: serverEventId(),
      type: z.literal('input_audio_buffer.committed'),
      previous_item_id: z
        .string()
        .nullable()
        .meta({ description: 'The item after which the new item is inserted; `null` for none.' })
        .optional(),
      item_id: itemId('The ID of the user message item that will be created.'),
    }),
    /** Answers `input_audio_buffer.clear`. */
    'input_audio_buffer.cleared': k.object({
      event_id: serverEventId(),
      type: z.literal('input_audio_buffer.cleared'),
    }),
    /** Server VAD detected the start of speech. */
    'input_audio_buffer.speech_started': k.object({
      event_id: serverEventId(),
      type: z.literal('input_audio_buffer.speech_started'),
      audio_start_ms: ms(
        'Milliseconds from the start of all audio written to the buffer when speech was first detected (includes `prefix_padding_ms`).',
      ),
      item_id: itemId('The ID of the user message item that will be created when speech stops.'),
    }),
    /** Server VAD detected the end of speech. */
    'input_audio_buffer.speech_stopped': k.object({
      event_id: serverEventId(),
      type: z.literal('input_audio_buffer.speech_stopped'),
      audio_end_ms: ms('Milliseconds since the session started when speech stopped.'),
      item_id: itemId('The ID of the user message item that will be created.'),
    }),
    /** The server VAD `idle_timeout_ms` elapsed without speech; the silence is committed and a response created. */
    'input_audio_buffer.timeout_triggered': k.object({
      event_id: serverEventId(),
      type: z.literal('input_audio_buffer.timeout_triggered'),
      audio_start_ms: ms(
        'Offset of the buffered audio after the playback end of the last response.',
      ),
      audio_end_ms: ms('Offset of the buffered audio when the timeout was triggered.'),
      item_id: itemId('The ID of the item associated with this segment.'),
    }),
    /**
     * SIP only: a DTMF keypad press was received.
     *
     * @note The spec and the SDK give this event no `event_id`; it is accepted but optional here.
     */
    'input_audio_buffer.dtmf_event_received': k.object({
      event_id: serverEventId().optional(),
      type: z.literal('input_audio_buffer.dtmf_event_received'),
      event: z
        .enum(DTMF_KEYS)
        .meta({ description: 'The telephone keypad key pressed: 0–9, `*`, `#`, A–D.' }),
      received_at: z
        .number()
        .int()
        .nonnegative()
        .meta({ description: 'UTC Unix timestamp when the server received the DTMF event.' }),
    }),
    /** WebRTC/SIP only: the server began streaming audio to the client. */
    'output_audio_buffer.started': k.object({
      event_id: serverEventId(),
      type: z.literal('output_audio_buffer.started'),
      response_id: responseId,
    }),
    /** WebRTC/SIP only: the output audio buffer drained after `response.done`. */
    'output_audio_buffer.stopped': k.object({
      event_id: serverEventId(),
      type: z.literal('output_audio_buffer.stopped'),
      response_id: responseId,
    }),
    /** WebRTC/SIP only: the output audio buffer was cleared (interruption or `output_audio_buffer.clear`). */
    'output_audio_buffer.cleared': k.object({
      event_id: serverEventId(),
      type: z.literal('output_audio_buffer.cleared'),
      response_id: responseId,
    }),
  };

  return { clientEvents, serverEvents };
}
