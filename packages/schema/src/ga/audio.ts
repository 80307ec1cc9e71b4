import { z } from 'zod';
import { VOICES_2024 } from '../common/names.js';
import type { Kit } from '../kit.js';

/** Built-in voices of the GA dialect (the field is open: other names and `{ id }` pass). */
export const KNOWN_VOICES = [...VOICES_2024, 'marin', 'cedar'] as const;

/** Transcription models named by the spec (the field is open: any string passes). */
const KNOWN_TRANSCRIPTION_MODELS = [
  'whisper-1',
  'gpt-transcribe',
  'gpt-live-transcribe',
  'gpt-4o-mini-transcribe',
  'gpt-4o-mini-transcribe-2025-12-15',
  'gpt-4o-transcribe',
  'gpt-4o-transcribe-diarize',
  'gpt-realtime-whisper',
] as const;

const list = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(', ');

/**
 * Audio formats, voices, input transcription, noise reduction and turn detection of the GA
 * session (`audio.input` / `audio.output`), the response (`audio.output`) and transcription sessions.
 */
export function audioSchemas(k: Kit) {
  const AudioFormat = z
    .discriminatedUnion('type', [
      k
        .object({
          type: z
            .literal('audio/pcm')
            .meta({ description: 'The audio format. Always `audio/pcm`.' }),
          rate: z
            .literal(24000)
            .meta({ description: 'The sample rate of the audio. Always `24000`.' })
            .optional(),
        })
        .meta({
          description: 'PCM 16-bit little-endian mono. Only a 24kHz sample rate is supported.',
        }),
      k
        .object({ type: z.literal('audio/pcmu').meta({ description: 'Always `audio/pcmu`.' }) })
        .meta({ description: 'The G.711 μ-law format.' }),
      k
        .object({ type: z.literal('audio/pcma').meta({ description: 'Always `audio/pcma`.' }) })
        .meta({ description: 'The G.711 A-law format.' }),
    ])
    .meta({ description: 'An audio format, tagged by `type`.' });

  const Voice = z
    .union([
      z.string().meta({
        description: `A voice name. Built-in voices: ${list(KNOWN_VOICES)} (\`marin\` and \`cedar\` recommended).`,
      }),
      k
        .object({
          id: z.string().meta({ description: 'The custom voice ID, e.g. `voice_1234`.' }),
        })
        .meta({ description: 'A custom voice reference.' }),
    ])
    .meta({
      description:
        'The voice the model uses to respond: a built-in voice name or `{ "id": "voice_…" }`. Cannot be changed once the model has responded with audio.',
    });

  const InputAudioTranscription = k
    .object({
      model: z
        .string()
        .meta({
          description: `The transcription model. Known values: ${list(KNOWN_TRANSCRIPTION_MODELS)}.`,
        })
        .optional(),
      language: z
        .string()
        .meta({ description: 'The language of the input audio, in ISO-639-1 (e.g. `en`).' })
        .optional(),
      languages: z
        .array(z.string())
        .min(1)
        .meta({
          description:
            'Possible languages of the input audio, in ISO-639-1 (`gpt-transcribe`, `gpt-live-transcribe`).',
        })
        .optional(),
      keywords: z
        .array(z.string())
        .meta({
          description:
            'Words or phrases to guide transcription (`gpt-transcribe`, `gpt-live-transcribe`).',
        })
        .optional(),
      prompt: z
        .string()
        .meta({
          description:
            'Text to guide the model: a keyword list for `whisper-1`, free text for `gpt-4o-transcribe` models.',
        })
        .optional(),
      delay: z
        .enum(['minimal', 'low', 'medium', 'high', 'xhigh'])
        .meta({
          description:
            'How long the model waits before emitting text (`gpt-realtime-whisper` only).',
        })
        .optional(),
    })
    .meta({
      description:
        'Input audio transcription, off by default; `null` turns it off. Runs asynchronously on a separate ASR model and should be treated as guidance.',
    });

  const NoiseReduction = k
    .object({
      type: z
        .enum(['near_field', 'far_field'])
        .meta({
          description:
            '`near_field` for close-talking microphones such as headphones, `far_field` for laptop or conference room microphones.',
        })
        .optional(),
      strength: z
        .number()
        .meta({ description: 'Noise suppression strength; higher suppresses more. Defaults to 1.' })
        .optional(),
    })
    .meta({
      description:
        'Input audio noise reduction, applied before VAD and the model; `null` turns it off (the default).',
    });

  const createResponse = z
    .boolean()
    .meta({
      description:
        'Whether to generate a response automatically when a VAD stop event occurs. Default `true`.',
    })
    .optional();
  const interruptResponse = z
    .boolean()
    .meta({
      description:
        'Whether to cancel an ongoing response to the default conversation when a VAD start event occurs. Default `true`.',
    })
    .optional();
  const ms = (description: string) => z.number().int().nonnegative().meta({ description });

  const ServerVad = k
    .object({
      type: z
        .literal('server_vad')
        .meta({ description: '`server_vad`: detect speech by audio volume.' }),
      threshold: z
        .number()
        .min(0)
        .max(1)
        .meta({
          description: 'Activation threshold (0.0 to 1.0, default 0.5); higher needs louder audio.',
        })
        .optional(),
      prefix_padding_ms: ms(
        'Audio to include before detected speech, in milliseconds (default 300).',
      ).optional(),
      silence_duration_ms: ms(
        'Silence that ends speech, in milliseconds (default 500).',
      ).optional(),
      create_response: createResponse,
      interrupt_response: interruptResponse,
      idle_timeout_ms: z
        .number()
        .int()
        .min(5000)
        .max(30000)
        .nullable()
        .meta({
          description:
            'Timeout (5000–30000 ms) after the last response audio finished playing that triggers a response (`input_audio_buffer.timeout_triggered`); `null` for none.',
        })
        .optional(),
    })
    .meta({ description: 'Server VAD: speech start and end from audio volume.' });

  const SemanticVad = k
    .object({
      type: z.literal('semantic_vad').meta({
        description: '`semantic_vad`: a turn detection model estimates when the user is done.',
      }),
      eagerness: z
        .enum(['low', 'medium', 'high', 'auto'])
        .meta({
          description:
            'How eagerly the model responds: `low` (max 8 s), `medium` (4 s), `high` (2 s); `auto` = `medium`.',
        })
        .optional(),
      create_response: createResponse,
      interrupt_response: interruptResponse,
    })
    .meta({ description: 'Semantic VAD: a model scores whether the user has finished speaking.' });

  const TurnDetection = z.discriminatedUnion('type', [ServerVad, SemanticVad]).meta({
    description:
      'Turn detection, tagged by `type`. `null` turns it off: the client must then commit audio and create responses itself.',
  });

  const AudioInput = k
    .object({
      format: AudioFormat.optional(),
      transcription: InputAudioTranscription.nullable().optional(),
      noise_reduction: NoiseReduction.nullable().optional(),
      turn_detection: TurnDetection.nullable().optional(),
    })
    .meta({ description: 'Input audio configuration.' });

  const AudioOutput = k
    .object({
      format: AudioFormat.optional(),
      voice: Voice.optional(),
      speed: z
        .number()
        .min(0.25)
        .max(1.5)
        .meta({
          description:
            'Speed of the spoken response as a multiple of normal (0.25–1.5, default 1.0); only changes between turns.',
        })
        .optional(),
    })
    .meta({ description: 'Output audio configuration.' });

  return {
    objects: {
      AudioFormat,
      Voice,
      InputAudioTranscription,
      NoiseReduction,
      ServerVad,
      SemanticVad,
      TurnDetection,
      AudioInput,
      AudioOutput,
    },
  };
}
