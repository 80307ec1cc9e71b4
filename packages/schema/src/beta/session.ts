import { z } from 'zod';
import { tracingSchema } from '../common/tracing.js';
import type { Kit } from '../kit.js';
import {
  audioFormat,
  clientEvent,
  doc,
  maxOutputTokens,
  modalities,
  model,
  ms,
  serverEvent,
  temperature,
  voice,
} from './fields.js';
import type { toolSchemas } from './tools.js';

/** Session configuration pieces shared by realtime and transcription sessions (beta). */
export function sessionPartSchemas(k: Kit) {
  const AudioFormat = audioFormat();
  const Voice = voice();
  const Modalities = modalities();

  /** `input_audio_transcription`: off by default; `null` turns it off again. */
  const InputAudioTranscription = k
    .object({
      model: doc(
        z.string(),
        'The transcription model: `whisper-1`, `gpt-4o-transcribe`, `gpt-4o-mini-transcribe` (Azure: a transcription deployment name).',
      ).optional(),
      language: doc(
        z.string().nullable(),
        'The language of the input audio in ISO-639-1 format (e.g. `en`); improves accuracy and latency.',
      ).optional(),
      prompt: doc(
        z.string().nullable(),
        'Text to guide the transcription: a keyword list for `whisper-1`, free text for `gpt-4o-transcribe` models.',
      ).optional(),
    })
    .meta({
      description:
        'Configuration for input audio transcription, which runs asynchronously on a separate ASR model and should be treated as guidance. null turns it off.',
    });

  /** `input_audio_noise_reduction`: `null` (default) is off. */
  const NoiseReduction = k
    .object({
      type: doc(
        z.enum(['near_field', 'far_field']),
        '`near_field` for close-talking microphones such as headphones, `far_field` for laptop or conference room microphones.',
      ).optional(),
    })
    .meta({
      description:
        'Noise reduction applied to input audio before VAD and the model. null (default) turns it off.',
    });

  const vadCommon = {
    create_response: doc(
      z.boolean(),
      'Whether to generate a response automatically when a VAD stop event occurs. Default true.',
    ).optional(),
    interrupt_response: doc(
      z.boolean(),
      'Whether to interrupt an ongoing response in the default conversation when a VAD start event occurs. Default true.',
    ).optional(),
  };

  /** Server VAD: detects speech by audio volume. `type` may be omitted (it is the default). */
  const ServerVad = k
    .object({
      type: doc(
        z.literal('server_vad'),
        'Type of turn detection; `server_vad` is the default when omitted.',
      ).optional(),
      threshold: doc(
        z.number().min(0).max(1),
        'Activation threshold for VAD (0.0 to 1.0), default 0.5. Higher needs louder audio.',
      ).optional(),
      prefix_padding_ms: ms(
        'Audio to include before the VAD detected speech, in milliseconds. Default 300.',
      ).optional(),
      silence_duration_ms: ms(
        'Duration of silence to detect speech stop, in milliseconds. Default 500 (servers send 200).',
      ).optional(),
      ...vadCommon,
    })
    .meta({ description: 'Server VAD: turns are detected from audio volume.' });

  /** Semantic VAD: a turn detection model estimates whether the user has finished speaking. */
  const SemanticVad = k
    .object({
      type: doc(z.literal('semantic_vad'), 'Type of turn detection.'),
      eagerness: doc(
        z.enum(['low', 'medium', 'high', 'auto']),
        'How eager the model is to respond: `low` waits longer, `high` responds sooner; `auto` (default) is `medium`.',
      ).optional(),
      ...vadCommon,
    })
    .meta({ description: 'Semantic VAD: turns are detected from the words spoken.' });

  const TurnDetection = z
    .discriminatedUnion('type', [ServerVad, SemanticVad], {
      error: (issue) =>
        issue.code === 'invalid_union'
          ? 'Invalid turn detection type: expected "server_vad" (the default) or "semantic_vad"'
          : undefined,
    })
    .meta({
      description:
        'Turn detection: server VAD or semantic VAD, tagged by `type`. null turns it off (the client then triggers responses).',
    });

  /** The ephemeral key of a session created over REST. */
  const ClientSecret = k
    .object({
      value: doc(z.string(), 'Ephemeral key usable in client environments to authenticate.'),
      expires_at: doc(z.number().int(), 'When the key expires (Unix seconds).'),
    })
    .meta({ description: 'Ephemeral key returned by the API.' });

  /** `expires_after` of a client secret request. */
  const ExpiresAfter = k
    .object({
      anchor: doc(z.literal('created_at'), 'The anchor of the expiration: only `created_at`.'),
      seconds: doc(
        z.number().int().min(10).max(7200),
        'Seconds from the anchor to the expiration, from 10 to 7200.',
      ).optional(),
    })
    .meta({ description: 'Configuration for the ephemeral token expiration.' });

  /** `client_secret` configuration of a session request (REST `POST /v1/realtime/sessions`). */
  const ClientSecretConfig = k
    .object({ expires_after: ExpiresAfter.optional() })
    .meta({ description: 'Configuration options for the generated client secret.' });

  return {
    AudioFormat,
    Voice,
    Modalities,
    InputAudioTranscription,
    NoiseReduction,
    ServerVad,
    SemanticVad,
    TurnDetection,
    ClientSecret,
    ExpiresAfter,
    ClientSecretConfig,
  };
}

type Parts = ReturnType<typeof sessionPartSchemas>;
type Tools = ReturnType<typeof toolSchemas>;

/** The realtime session (`session.update`, `session.created`, `session.updated`) of the beta dialect. */
export function sessionSchemas(k: Kit, p: Parts, t: Tools) {
  const Tracing = tracingSchema(k);
  const configShape = {
    modalities: p.Modalities.optional(),
    model: model().optional(),
    instructions: doc(
      z.string(),
      'The default system instructions prepended to model calls. An empty string clears them.',
    ).optional(),
    voice: p.Voice.optional(),
    input_audio_format: p.AudioFormat.optional(),
    output_audio_format: p.AudioFormat.optional(),
    input_audio_transcription: p.InputAudioTranscription.nullable().optional(),
    turn_detection: p.TurnDetection.nullable().optional(),
    input_audio_noise_reduction: p.NoiseReduction.nullable().optional(),
    tools: doc(z.array(t.Tool), 'Tools (functions) available to the model.').optional(),
    tool_choice: t.ToolChoice.optional(),
    temperature: temperature().optional(),
    max_response_output_tokens: maxOutputTokens().optional(),
    speed: doc(
      z.number().min(0.25).max(1.5),
      'The speed of the spoken response, 0.25 to 1.5 (default 1.0). Changed only between turns.',
    ).optional(),
    tracing: Tracing.nullable().optional(),
  };

  /** `session.update.session` (and the body of `POST /v1/realtime/sessions`): every field optional. */
  const SessionConfig = k
    .object({ ...configShape, client_secret: p.ClientSecretConfig.optional() })
    .meta({ description: 'Realtime session configuration; only the fields present are updated.' });

  const sessionShape = {
    id: doc(
      z.string(),
      'Unique identifier of the session, like `sess_1234567890abcdef`.',
    ).optional(),
    object: doc(z.literal('realtime.session'), 'Always `realtime.session`.').optional(),
    expires_at: doc(z.number().int(), 'When the session expires (Unix seconds).').optional(),
    ...configShape,
    include: doc(
      z.array(z.string()).nullable(),
      'Additional fields to include in server outputs.',
    ).optional(),
  };

  /** The session object of `session.created` / `session.updated`: the full effective configuration. */
  const Session = k
    .object({ ...sessionShape, client_secret: p.ClientSecret.nullable().optional() })
    .meta({ description: 'Realtime session object: the full, effective configuration.' });

  /** The response of `POST /v1/realtime/sessions`: the session plus its ephemeral key. */
  const SessionCreateResponse = k.object({ ...sessionShape, client_secret: p.ClientSecret }).meta({
    description: 'A new realtime session with an ephemeral key (default TTL one minute).',
  });

  const clientEvents = {
    'session.update': clientEvent(
      k,
      'session.update',
      "Updates the session's default configuration. Only the fields present are updated; `model` cannot change, `voice` only before the first audio output.",
      { session: SessionConfig },
    ),
  };
  const serverEvents = {
    'session.created': serverEvent(
      k,
      'session.created',
      'The first server event of a connection, with the default session configuration.',
      { session: Session },
    ),
    'session.updated': serverEvent(
      k,
      'session.updated',
      'Returned when a session is updated with `session.update`, with the full effective configuration.',
      { session: Session },
    ),
  };
  const objects = { SessionConfig, Session, SessionCreateResponse, Tracing };
  return { objects, clientEvents, serverEvents };
}
