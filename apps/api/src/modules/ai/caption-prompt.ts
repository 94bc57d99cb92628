import type { CaptionFinding, Platform } from '@mwr/domain';
import type { CaptionRules } from '@mwr/publishers';

import { AiProviderError } from './ai.errors.js';
import type { ChatMessage } from './caption-suggester.js';

/** What the prompt says about one platform: its caption rules and the workspace's best captions there. */
export interface PlatformBrief {
  platform: Platform;
  displayName: string;
  rules: Pick<CaptionRules, 'maxLength' | 'counting' | 'maxHashtags' | 'maxMentions'>;
  /** The workspace's best-performing captions on this platform (views at 24 h), best first. */
  examples: readonly { caption: string; views: number }[];
}

export interface CaptionPromptInput {
  title: string;
  draft: string;
  platforms: readonly PlatformBrief[];
  /** Variants asked for per platform. */
  count: number;
}

const COUNTED: Record<CaptionRules['counting'], string> = {
  utf16_units: 'UTF-16 code units',
  characters: 'characters',
  x_weighted: 'weighted characters (URLs count 23, emoji and CJK count 2)',
};

/** Each example caption is cut so that a long one does not crowd out the rest of the prompt. */
const EXAMPLE_CHARS = 400;

/**
 * The prompt (issue 24): the video's title, the draft, each platform's rules and the workspace's
 * best captions there, asking for `count` variants per platform as JSON. This is everything the
 * provider receives: no account handles, tokens, ids or figures other than the example's views.
 */
export function captionPrompt(input: CaptionPromptInput): ChatMessage[] {
  const keys = input.platforms.map((p) => `"${p.platform}"`).join(', ');
  const system = [
    'You write social media video captions for a marketing team.',
    'Answer with one JSON object and nothing else: {"suggestions": {"<platform>": ["caption", ...]}}',
    `with the keys ${keys}, ${input.count} different captions for each.`,
    'Every caption must follow its platform rules below; a caption that breaks one is thrown away.',
    'Keep the draft’s meaning and language; do not invent facts, prices, dates or links.',
  ].join(' ');
  const platforms = input.platforms.map((p) => {
    const rules = [
      `at most ${p.rules.maxLength} ${COUNTED[p.rules.counting]}`,
      ...(p.rules.maxHashtags !== undefined ? [`at most ${p.rules.maxHashtags} hashtags`] : []),
      ...(p.rules.maxMentions !== undefined ? [`at most ${p.rules.maxMentions} @mentions`] : []),
    ];
    const examples = p.examples.length
      ? p.examples.map((e, i) => `  ${i + 1}. (${Math.round(e.views)} views at 24 h) ${JSON.stringify(e.caption.slice(0, EXAMPLE_CHARS))}`).join('\n')
      : '  (none yet)';
    return `Platform "${p.platform}" (${p.displayName}): ${rules.join('; ')}.\nThis team's best captions there so far:\n${examples}`;
  });
  const user = [
    `Video title: ${JSON.stringify(input.title)}`,
    `Draft caption: ${JSON.stringify(input.draft)}`,
    '',
    ...platforms,
    '',
    `Write ${input.count} caption variants per platform as the JSON object described.`,
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** The JSON object in a model's text: the whole text, or inside a ``` fence, or from the first { to the last }. */
function jsonOf(text: string): unknown {
  const candidates = [text.trim()];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fenced?.[1]) candidates.push(fenced[1].trim());
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // the next reading
    }
  }
  throw new AiProviderError('bad_answer', 'The AI provider’s answer holds no JSON object');
}

/**
 * The captions per platform in the model's answer. Accepts `{"suggestions": {"tiktok": [...]}}`,
 * the same without the wrapper, and `{"suggestions": [{"platform", "caption"}]}`; ignores
 * platforms that were not asked for, non-strings, blanks and repeats. No caption at all → bad_answer.
 */
export function parseSuggestions(text: string, asked: readonly Platform[]): Map<Platform, string[]> {
  const root = jsonOf(text) as Record<string, unknown> | null;
  const body = root && typeof root === 'object' && 'suggestions' in root ? root.suggestions : root;
  const out = new Map<Platform, string[]>(asked.map((p) => [p, []]));
  const add = (platform: unknown, caption: unknown) => {
    const list = typeof platform === 'string' ? out.get(platform as Platform) : undefined;
    if (!list || typeof caption !== 'string') return;
    const trimmed = caption.trim();
    if (trimmed && !list.includes(trimmed)) list.push(trimmed);
  };
  if (Array.isArray(body)) for (const entry of body) add((entry as { platform?: unknown })?.platform, (entry as { caption?: unknown })?.caption);
  else if (body && typeof body === 'object')
    for (const [platform, captions] of Object.entries(body)) if (Array.isArray(captions)) for (const c of captions) add(platform, c);
  if ([...out.values()].every((l) => l.length === 0))
    throw new AiProviderError('bad_answer', 'The AI provider’s answer holds no caption for the platforms asked');
  return out;
}

export interface CheckedSuggestion {
  platform: Platform;
  caption: string;
  /** Empty when the caption passes the platform's rules; else why it is refused. */
  findings: CaptionFinding[];
}

/** Every suggestion checked against its platform's rules (the registry's `caption.check`). */
export function checkSuggestions(found: Map<Platform, string[]>, checkOf: (platform: Platform) => (caption: string) => CaptionFinding[]): CheckedSuggestion[] {
  return [...found].flatMap(([platform, captions]) => captions.map((caption) => ({ platform, caption, findings: checkOf(platform)(caption) })));
}
