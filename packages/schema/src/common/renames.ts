/**
 * Server and client event names the beta dialect spells differently from GA (beta → GA).
 * Used only to explain an unknown event type ("this is the beta name; GA calls it ...").
 */
export const betaToGaEventNames: Readonly<Record<string, string>> = {
  'response.text.delta': 'response.output_text.delta',
  'response.text.done': 'response.output_text.done',
  'response.audio.delta': 'response.output_audio.delta',
  'response.audio.done': 'response.output_audio.done',
  'response.audio_transcript.delta': 'response.output_audio_transcript.delta',
  'response.audio_transcript.done': 'response.output_audio_transcript.done',
  'conversation.item.created': 'conversation.item.added',
  'transcription_session.update': 'session.update',
  'transcription_session.updated': 'session.updated',
  'transcription_session.created': 'session.created',
};

/** The inverse of {@link betaToGaEventNames} (GA → beta), first beta name wins. */
export const gaToBetaEventNames: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(betaToGaEventNames)
    .reverse()
    .map(([beta, ga]) => [ga, beta]),
);
