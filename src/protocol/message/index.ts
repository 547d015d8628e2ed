/** RFC 5322 message format, trace fields and delivery status notifications: the public surface. */
export {
  decodeWords,
  encodeWords,
  formatMailbox,
  formatMailboxList,
  type Mailbox,
  parseMailbox,
  parseMailboxList,
} from './address-list';
export { formatMailDate, formatRfc5322Date, type ParsedDate, parseRfc5322Date } from './date';
export {
  dotStuff,
  dotUnstuff,
  isDataTerminator,
  normalizeLineEndings,
  splitLines,
  dotStuffLine,
  toDataLines,
  dotUnstuffLine,
} from './dot-stuffing';
export {
  buildDsn,
  type DsnAction,
  type DsnInput,
  type DsnRecipient,
  lineWrap,
  type ParsedDsn,
  type ParsedDsnRecipient,
  parseDsn,
} from './dsn';
export {
  appendHeaderIfMissing,
  getHeader,
  getHeaders,
  type Header,
  MAX_LINE_LENGTH,
  PREFERRED_LINE_LENGTH,
  type ParsedMessage,
  parseHeaders,
  parseMessage,
  prependHeader,
  serializeHeader,
} from './headers';
export { messageId, messageIdForQueueId, queueId, type RandomSource } from './ids';
export {
  MAIL_NAME,
  type ParsedReceived,
  parseReceived,
  type ReceivedInput,
  receivedHeader,
  returnPathHeader,
  type SessionTraits,
  type TlsInfo,
  type WithProtocol,
  withProtocol,
} from './received';
