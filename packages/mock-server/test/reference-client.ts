// A well-behaved realtime client for scenario tests: it does what each `user` step asks, plays
// assistant audio (counting what it received as played), truncates on barge-in, answers function
// calls after `response.done`, and never races a response. `quirks` make it misbehave on purpose.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { UserAction } from '../src/index.js';

/** Beta server event names → GA names (only those the client reacts to). */
const GA_NAME: Record<string, string> = {
  'response.audio.delta': 'response.output_audio.delta',
  'conversation.item.created': 'conversation.item.added',
};

export interface ReferenceClientOptions {
  url: string;
  dialect: 'beta' | 'ga';
  /** Folder the scenario's audio paths are relative to. */
  scenarioDir: string;
  /** The scenario runs with server VAD off (the client commits and asks for responses). */
  manualTurns: boolean;
  /** `transcription`: open a transcription session (`?intent=transcription`) and configure it as one. */
  intent?: 'realtime' | 'transcription';
  /** After the first completed turn, ask for an out-of-band summary (`conversation: "none"`). */
  summarize?: boolean;
  /** Misbehaviours, for tests of the verdicts. */
  quirks?: {
    /** Send `response.create` twice per user text turn. */
    doubleCreate?: boolean;
    /** Send the function call follow-up `response.create` as soon as the arguments are done. */
    eagerFollowUp?: boolean;
    /** Never answer function calls. */
    ignoreCalls?: boolean;
    /** Truncate at this many ms beyond the audio received. */
    truncateBeyondMs?: number;
  };
}

type Event = Record<string, unknown> & { type: string };

export class ReferenceClient {
  readonly ws: WebSocket;
  readonly events: Event[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #options: ReferenceClientOptions;
  readonly #ready: Promise<void>;
  #received = new Map<string, number>();
  #lastAudioItem: string | undefined;
  #truncated = new Set<string>();
  #responseActive = false;
  #summarized = false;
  #n = 0;

  constructor(options: ReferenceClientOptions) {
    this.#options = options;
    const headers: Record<string, string> = { Authorization: 'Bearer sk-test' };
    if (options.dialect === 'beta') headers['OpenAI-Beta'] = 'realtime=v1';
    const transcription = options.intent === 'transcription';
    this.ws = new WebSocket(
      `${options.url}?${transcription ? 'intent=transcription' : 'model=gpt-realtime'}`,
      { headers },
    );
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    let created: () => void = () => {};
    this.#ready = new Promise((resolve) => {
      created = resolve;
    });
    this.ws.on('error', () => {});
    this.ws.on('open', () => {
      // A typical client configures the session first.
      const language = { model: 'gpt-4o-transcribe', language: 'en' };
      if (transcription && options.dialect === 'beta')
        this.#send({
          type: 'transcription_session.update',
          session: { input_audio_transcription: language },
        });
      else if (transcription)
        this.#send({
          type: 'session.update',
          session: { type: 'transcription', audio: { input: { transcription: language } } },
        });
      else
        this.#send({
          type: 'session.update',
          session:
            options.dialect === 'beta'
              ? { instructions: 'Be brief.' }
              : { type: 'realtime', instructions: 'Be brief.' },
        });
    });
    this.ws.on('message', (data) => {
      const event = JSON.parse(String(data)) as Event;
      this.events.push(event);
      if (event.type === 'session.created' || event.type === 'transcription_session.created')
        created();
      this.#on({ ...event, type: GA_NAME[event.type] ?? event.type });
    });
  }

  #send(event: Record<string, unknown>): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(JSON.stringify({ event_id: `evt_client_${++this.#n}`, ...event }));
  }

  /**
   * Does what a `user` step asks, once the client has received the first `afterFrames` server
   * frames (what the server had sent when the user acted).
   */
  async user(action: UserAction, afterFrames = 0): Promise<void> {
    await this.#ready;
    while (this.events.length < afterFrames && this.ws.readyState === WebSocket.OPEN) {
      await new Promise((resolve) => this.ws.once('message', resolve));
    }
    if ('text' in action) {
      this.#send({
        type: 'conversation.item.create',
        item: {
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: action.text }],
        },
      });
      this.#create();
      if (this.#options.quirks?.doubleCreate === true) this.#create();
    } else if ('audio' in action) {
      const bytes = readFileSync(join(this.#options.scenarioDir, action.audio));
      for (let i = 0; i < bytes.length; i += 4800) {
        this.#send({
          type: 'input_audio_buffer.append',
          audio: bytes.subarray(i, i + 4800).toString('base64'),
        });
      }
      if (this.#options.manualTurns) {
        this.#send({ type: 'input_audio_buffer.commit' });
        this.#create();
      }
    } else {
      // The user interrupts: stop the response, then cut what was not heard.
      if (this.#responseActive) this.#send({ type: 'response.cancel' });
      this.#truncate();
    }
  }

  #create(): void {
    this.#send({ type: 'response.create' });
  }

  #truncate(): void {
    const item = this.#lastAudioItem;
    if (item === undefined || this.#truncated.has(item)) return;
    const played = Math.floor(this.#received.get(item) ?? 0);
    if (played === 0) return; // rule truncate.zero-before-audio: nothing was heard
    this.#truncated.add(item);
    this.#send({
      type: 'conversation.item.truncate',
      item_id: item,
      content_index: 0,
      audio_end_ms: played + (this.#options.quirks?.truncateBeyondMs ?? 0),
    });
  }

  #on(event: Event): void {
    switch (event.type) {
      case 'response.created':
        this.#responseActive = true;
        break;
      case 'response.output_audio.delta': {
        const item = event.item_id as string;
        const ms = (Buffer.from(event.delta as string, 'base64').length / 48) | 0;
        this.#received.set(item, (this.#received.get(item) ?? 0) + ms);
        this.#lastAudioItem = item;
        break;
      }
      case 'input_audio_buffer.speech_started':
        // rule vad.client-barge-in: stop playback, cut the interrupted item.
        this.#truncate();
        break;
      case 'response.function_call_arguments.done':
        if (this.#options.quirks?.eagerFollowUp === true) this.#create();
        break;
      case 'response.done': {
        const response = event.response as {
          status: string;
          conversation_id?: string | null;
          output: { type: string; call_id?: string; name?: string }[];
        };
        if (response.conversation_id !== null) this.#responseActive = false;
        const calls = response.output.filter((o) => o.type === 'function_call');
        if (calls.length > 0 && response.status === 'completed') {
          if (this.#options.quirks?.ignoreCalls === true) break;
          for (const call of calls) {
            this.#send({
              type: 'conversation.item.create',
              item: {
                type: 'function_call_output',
                call_id: call.call_id,
                output: JSON.stringify({ ok: true, tool: call.name }),
              },
            });
          }
          if (this.#options.quirks?.eagerFollowUp !== true) this.#create();
          break;
        }
        if (
          this.#options.summarize === true &&
          !this.#summarized &&
          response.status === 'completed'
        ) {
          this.#summarized = true;
          this.#send({
            type: 'response.create',
            response: {
              conversation: 'none',
              metadata: { purpose: 'summary' },
              instructions: 'Summarise the conversation in one sentence.',
              ...(this.#options.dialect === 'beta'
                ? { modalities: ['text'] }
                : { output_modalities: ['text'] }),
            },
          });
        }
        break;
      }
      default:
    }
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
  }
}
