// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { shortcutFor } from '../../../src/ui/controls/shortcuts';

function key(k: string, target: EventTarget | null, extra: Partial<{ ctrlKey: boolean; defaultPrevented: boolean }> = {}) {
  return { key: k, target, defaultPrevented: false, ctrlKey: false, metaKey: false, altKey: false, ...extra };
}

describe('playback shortcuts', () => {
  it('space plays and pauses, the arrows step', () => {
    expect(shortcutFor(key(' ', document.body))).toBe('toggle');
    expect(shortcutFor(key('ArrowRight', document.body))).toBe('step');
    expect(shortcutFor(key('ArrowLeft', document.body))).toBe('back');
    expect(shortcutFor(key('a', document.body))).toBeUndefined();
  });

  it('never fires while typing in a field', () => {
    document.body.innerHTML = '<input id="i"><textarea id="t"></textarea><select id="s"></select><div contenteditable="true" id="c"><span id="in">x</span></div>';
    for (const id of ['i', 't', 's', 'in']) {
      const el = document.getElementById(id);
      expect(shortcutFor(key(' ', el)), id).toBeUndefined();
      expect(shortcutFor(key('ArrowLeft', el)), id).toBeUndefined();
    }
  });

  it('leaves space to buttons and arrows to tabs and lists, but steps from a focused button', () => {
    document.body.innerHTML = '<button id="b">Step</button><div role="tablist"><button role="tab" id="tab">Events</button></div><div role="listbox" id="l"></div>';
    expect(shortcutFor(key(' ', document.getElementById('b')))).toBeUndefined();
    expect(shortcutFor(key('ArrowRight', document.getElementById('b')))).toBe('step');
    expect(shortcutFor(key('ArrowRight', document.getElementById('tab')))).toBeUndefined();
    expect(shortcutFor(key('ArrowLeft', document.getElementById('l')))).toBeUndefined();
  });

  it('ignores keys with modifiers, or already handled', () => {
    expect(shortcutFor(key('ArrowRight', document.body, { ctrlKey: true }))).toBeUndefined();
    expect(shortcutFor(key(' ', document.body, { defaultPrevented: true }))).toBeUndefined();
  });
});
