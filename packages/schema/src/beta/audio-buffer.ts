import { z } from 'zod';
import type { Kit } from '../kit.js';
import { clientEvent, doc, ms, serverEvent } from './fields.js';

/**
 * `input_audio_buffer.*` and `output_audio_buffer.*` events of the beta dialect. The output audio
 * buffer events exist on WebRTC connections only.
 */
export function audioBufferSchemas(k: Kit) {
  const itemId = (description: string) => doc(z.string(), description);
  const responseId = doc(z.string(), 'The unique ID of the response that produced the audio.');

  const clientEvents = {
    'input_audio_buffer.append': clientEvent(
      k,
      'input_audio_buffer.append',
      'Appends audio bytes to the input audio buffer (up to 15 MiB per event). The server does not acknowledge it.',
      {
        audio: k.audio.meta({
          description:
            'Base64-encoded audio bytes in the format of the session `input_audio_format`.',
        }),
      },
    ),
    'input_audio_buffer.commit': clientEvent(
      k,
      'input_audio_buffer.commit',
      'Commits the input audio buffer into a new user message item; an error if the buffer is empty. Creates no response.',
      {},
    ),
    'input_audio_buffer.clear': clientEvent(
      k,
      'input_audio_buffer.clear',
      'Clears the audio bytes in the input audio buffer.',
      {},
    ),
    'output_audio_buffer.clear': clientEvent(
      k,
      'output_audio_buffer.clear',
      'WebRTC only: cuts off the current audio response; should be preceded by `response.cancel`.',
      {},
    ),
  };

  const serverEvents = {
    'input_audio_buffer.committed': serverEvent(
      k,
      'input_audio_buffer.committed',
      'Returned when the input audio buffer is committed, by the client or by server VAD.',
      {
        previous_item_id: doc(
          z.string().nullable(),
          'The ID of the preceding item after which the new item will be inserted (null for the first item).',
        ).optional(),
        item_id: itemId('The ID of the user message item that will be created.'),
      },
    ),
    'input_audio_buffer.cleared': serverEvent(
      k,
      'input_audio_buffer.cleared',
      'Returned when the input audio buffer is cleared by `input_audio_buffer.clear`.',
      {},
    ),
    'input_audio_buffer.speech_started': serverEvent(
      k,
      'input_audio_buffer.speech_started',
      'Server VAD detected the start of speech in the input audio buffer.',
      {
        audio_start_ms: ms(
          'Milliseconds from the start of all audio written to the buffer during the session when speech was first detected (includes `prefix_padding_ms`).',
        ),
        item_id: itemId('The ID of the user message item that will be created when speech stops.'),
      },
    ),
    'input_audio_buffer.speech_stopped': serverEvent(
      k,
      'input_audio_buffer.speech_stopped',
      'Server VAD detected the end of speech in the input audio buffer.',
      {
        audio_end_ms: ms(
          'Milliseconds from the start of all audio written to the buffer during the session when speech stopped.',
        ),
        item_id: itemId('The ID of the user message item that will be created.'),
      },
    ),
    'output_audio_buffer.started': serverEvent(
      k,
      'output_audio_buffer.started',
      'WebRTC only: the server began streaming audio to the client.',
      { response_id: responseId },
    ),
    'output_audio_buffer.stopped': serverEvent(
      k,
      'output_audio_buffer.stopped',
      'WebRTC only: the output audio buffer is drained; no more audio is coming.',
      { response_id: responseId },
    ),
    'output_audio_buffer.cleared': serverEvent(
      k,
      'output_audio_buffer.cleared',
      'WebRTC only: the output audio buffer was cleared (user interruption or `output_audio_buffer.clear`).',
      { response_id: responseId },
    ),
  };
  return { clientEvents, serverEvents };
}
