import type { Locator } from 'playwright-core';

/**
 * The words broken over two lines inside the elements `at` finds: each word's text range, with
 * more than one line of boxes. A panel too narrow for its words shows them here.
 */
export function brokenWords(at: Locator): Promise<string[]> {
  return at.evaluateAll((elements) =>
    elements.flatMap((element) => {
      const words: string[] = [];
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const match of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
          if (lines.size > 1) words.push(match[0]);
        }
      }
      return words;
    }),
  );
}
