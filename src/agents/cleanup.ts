import { appendHeaderIfMissing, getHeader, parseMessage, prependHeader } from '../protocol/message/headers';
import { formatRfc5322Date } from '../protocol/message/date';
import { messageIdForQueueId } from '../protocol/message/ids';
import { receivedHeader, type WithProtocol } from '../protocol/message/received';
import type { Envelope, SessionFacts } from './smtp-server-session';

export interface CleanupInput {
  readonly data: string;
  readonly envelope: Envelope;
  readonly facts: SessionFacts;
  readonly hostname: string;
  readonly queueId: string;
  /** Virtual wall-clock ms. */
  readonly now: number;
  /**
   * RFC 6409 section 8: a submission server completes what the client left out. Postfix does this only
   * for local_header_rewrite_clients, so an MX receiving from the Internet leaves headers alone.
   */
  readonly addMissingHeaders: boolean;
}

export interface Cleaned {
  readonly raw: string;
  readonly messageId: string;
}

/** Postfix cleanup(8): the one place a message is completed before it enters the queue. */
export function cleanup(input: CleanupInput): Cleaned {
  let raw = withHeaderSeparator(input.data);
  if (input.addMissingHeaders) {
    raw = appendHeaderIfMissing(raw, 'Date', formatRfc5322Date(input.now));
    raw = appendHeaderIfMissing(raw, 'Message-ID', messageIdForQueueId(input.queueId, input.now, input.hostname));
  }
  const single = input.envelope.to.length === 1 ? input.envelope.to[0] : undefined;
  const received = receivedHeader({
    fromHelo: input.facts.helo,
    fromHost: input.facts.clientHost,
    fromIp: input.facts.clientIp,
    byHost: input.hostname,
    with: input.facts.protocol as WithProtocol,
    id: input.queueId,
    ...(single === undefined ? {} : { for: single }),
    dateMs: input.now,
    ...(input.facts.authUser === undefined ? {} : { authenticatedSender: input.facts.authUser }),
  });
  raw = prependHeader(raw, 'Received', received);
  return { raw, messageId: getHeader(parseMessage(raw).headers, 'Message-ID') ?? '' };
}

const FIELD_START = /^[!-9;-~]+:/;

/**
 * Someone typing in telnet often starts DATA with the body itself. Like Postfix's cleanup, treat the first
 * line that is not a header field as the start of the body, and give the message the empty line that
 * separates the two, so the headers the hops add cannot swallow it.
 */
export function withHeaderSeparator(data: string): string {
  const firstLine = data.slice(0, data.indexOf('\r\n') >= 0 ? data.indexOf('\r\n') : data.length);
  if (firstLine === '' || FIELD_START.test(firstLine)) return data;
  return `\r\n${data}`;
}
