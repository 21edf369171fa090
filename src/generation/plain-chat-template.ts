/**
 * A chat format for models trained without one (GPT-2, llama2.c's stories, any base model): the
 * conversation as a plain transcript, the way the GPT-2 paper prompted its model with dialogue
 * ("User: …" / "Assistant: …"), ending with "Assistant:" for the model to continue. A base model
 * was never taught to stop after its turn, so generation also stops where it starts writing the
 * user's next line.
 *
 *   system text
 *
 *   User: Hello
 *   Assistant: Hi there.
 *   User: How are you?
 *   Assistant:
 *
 * It holds no special tokens: the tokenizer adds its own (e.g. Llama's BOS), as for a `run` prompt.
 */
export const PLAIN_CHAT_TEMPLATE =
  "{% for m in messages %}" +
  "{% if m.role == 'system' %}{{ m.content }}\n\n" +
  "{% elif m.role == 'user' %}User: {{ m.content }}\n" +
  "{% else %}Assistant: {{ m.content }}\n{% endif %}" +
  "{% endfor %}" +
  "{% if add_generation_prompt %}Assistant:{% endif %}";

/** Where a reply in the plain format ends: the model starting the next speaker's line. */
export const PLAIN_CHAT_STOP_STRINGS = ["\nUser:", "\nAssistant:"];
