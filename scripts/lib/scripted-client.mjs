// What the scripts that drive the mock share (the README's main job, the fixture transcript
// generator): the session set-up of each dialect, a user message, and an inbox of the server events
// a WebSocket client has received with a way to wait for one.

/** The function tool both scripts give the session. */
export const weather = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/** A user text message. */
export const userText = (text) => ({
  type: 'conversation.item.create',
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
});

/**
 * Per dialect: the handshake headers, the `session.update` that sets the session up (brief
 * instructions, no turn detection, the weather tool) and the `response` overrides of a text-only
 * response.
 */
export const dialectScripts = {
  ga: {
    headers: {},
    setup: {
      type: 'session.update',
      session: {
        type: 'realtime',
        instructions: 'Be brief.',
        audio: { input: { turn_detection: null } },
        tools: [weather],
      },
    },
    textOnly: { output_modalities: ['text'] },
  },
  beta: {
    headers: { 'OpenAI-Beta': 'realtime=v1' },
    setup: {
      type: 'session.update',
      session: { instructions: 'Be brief.', turn_detection: null, tools: [weather] },
    },
    textOnly: { modalities: ['text'] },
  },
};

/**
 * Collects every JSON message of `ws` (calling `onEvent` with each, e.g. to validate it) and
 * returns `events` (all so far), `next(test, label)` (the first event, past or future, that
 * passes `test`; rejects after 10 s naming `label`) and `send(event)`.
 */
export function eventInbox(ws, onEvent = () => {}) {
  const events = [];
  const waiters = [];
  ws.on('message', (data) => {
    const event = JSON.parse(String(data));
    events.push(event);
    onEvent(event);
    for (const w of [...waiters]) {
      if (w.test(event)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(event);
      }
    }
  });
  const next = (test, label) =>
    new Promise((resolve, reject) => {
      const found = events.find(test);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${label}`)), 10_000);
      waiters.push({
        test,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      });
    });
  const send = (event) => ws.send(JSON.stringify(event));
  return { events, next, send };
}
