/**
 * Tab completion at the console, as a shell does it: a unique match is completed, several matches are
 * completed to their common prefix and listed. Verbs come from the connected protocol (SMTP or LMTP);
 * after MAIL FROM: and RCPT TO: the scenario's addresses; after HELO/EHLO/LHLO the client's own name.
 */
export interface CompletionContext {
  readonly verbs: readonly string[];
  readonly addresses: readonly string[];
  /** The client machine's name, for HELO/EHLO/LHLO. */
  readonly clientHost: string;
}

export interface Completion {
  /** The input after completion (unchanged when nothing matched). */
  readonly text: string;
  /** Every match, when there were several. */
  readonly candidates: readonly string[];
}

const AFTER_VERB: Readonly<Record<string, string>> = { MAIL: 'MAIL FROM:<', RCPT: 'RCPT TO:<' };
const NO_ARGUMENT = new Set(['DATA', 'QUIT', 'RSET', 'NOOP', 'STARTTLS']);
const GREETINGS = new Set(['HELO', 'EHLO', 'LHLO']);
const MECHANISMS = ['PLAIN', 'LOGIN'] as const;

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0]!;
  for (const w of words) {
    let i = 0;
    while (i < prefix.length && i < w.length && prefix[i]!.toLowerCase() === w[i]!.toLowerCase()) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

/** Picks among `options` those starting with `typed`; completes `head + match + tail` when unique. */
function pick(input: string, head: string, typed: string, options: readonly string[], finish: (match: string) => string): Completion {
  const matches = options.filter((o) => o.toLowerCase().startsWith(typed.toLowerCase()));
  if (matches.length === 1) return { text: head + finish(matches[0]!), candidates: [] };
  if (matches.length === 0) return { text: input, candidates: [] };
  const prefix = commonPrefix(matches);
  return { text: prefix.length > typed.length ? head + prefix : input, candidates: matches };
}

export function complete(input: string, ctx: CompletionContext): Completion {
  // The verb itself.
  const verbOnly = /^(\S*)$/.exec(input);
  if (verbOnly) {
    return pick(input, '', verbOnly[1]!, ctx.verbs, (verb) => AFTER_VERB[verb] ?? (NO_ARGUMENT.has(verb) ? verb : `${verb} `));
  }
  // MAIL and RCPT: their keyword, then an address.
  const keyword = /^(MAIL|RCPT)\s+([A-Za-z]{0,4}):?$/i.exec(input);
  if (keyword) {
    const verb = keyword[1]!.toUpperCase();
    const full = AFTER_VERB[verb]!;
    const word = full.slice(5, -2);
    if (word.toLowerCase().startsWith(keyword[2]!.toLowerCase())) return { text: full, candidates: [] };
    return { text: input, candidates: [] };
  }
  const path = /^((?:MAIL\s+FROM|RCPT\s+TO)\s*:\s*<?)([^<>\s]*)$/i.exec(input);
  if (path) {
    const head = path[1]!.endsWith('<') ? path[1]! : `${path[1]}<`;
    return pick(input, head, path[2]!, ctx.addresses, (address) => `${address}>`);
  }
  // AUTH and its mechanism.
  const auth = /^(AUTH\s+)(\S*)$/i.exec(input);
  if (auth) return pick(input, auth[1]!, auth[2]!, MECHANISMS, (m) => `${m} `);
  // HELO, EHLO, LHLO: the client's own name.
  const greet = /^(\S+\s+)(\S*)$/.exec(input);
  if (greet && GREETINGS.has(greet[1]!.trim().toUpperCase())) return pick(input, greet[1]!, greet[2]!, [ctx.clientHost], (h) => h);
  return { text: input, candidates: [] };
}
