import { describe, expect, it } from 'vitest';
import {
  COMMAND_LINE_MAX,
  DEFAULT_MESSAGE_SIZE_LIMIT,
  DEFAULT_RECIPIENT_LIMIT,
  octetLength,
  TEXT_LINE_MAX,
} from '../../src/protocol/limits';

describe('limits', () => {
  it('are RFC 5321 4.5.3.1 and the Postfix defaults', () => {
    expect([COMMAND_LINE_MAX, TEXT_LINE_MAX, DEFAULT_MESSAGE_SIZE_LIMIT, DEFAULT_RECIPIENT_LIMIT]).toEqual([512, 1000, 10240000, 1000]);
  });

  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['€', 3],
    ['😀', 4],
    ['\ud800', 3],
  ])('octetLength(%j) is %i, as UTF-8 counts it', (text, n) => {
    expect(octetLength(text)).toBe(n);
  });
});
