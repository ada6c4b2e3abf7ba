// Small line icons drawn inline as SVG in the text colour. Emoji (the
// speech balloon U+1F4AC, memo, film projector, magnifier) need an emoji
// font, which headless Chromium and some phones lack: they show an empty box
// there (tests/web/glyphs_check.mjs keeps them out). These draw on every
// device. Decorative: hidden from screen readers, the text beside an icon
// says what it means.
const SVG = 'http://www.w3.org/2000/svg';

// 24×24 strokes (lines, no fill).
const PATHS = {
  comment: ['M4 4h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H10l-5 4v-4H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1z', 'M7 9h10', 'M7 12h6'],
  note: ['M14 3H6a1 1 0 0 0-1 1v16a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V8z', 'M14 3v5h5', 'M8 13h8', 'M8 17h5'],
  screen: ['M3 4h18v12H3z', 'M12 16v4', 'M8 20h8'],
  search: ['M16 10a6 6 0 1 1-12 0a6 6 0 1 1 12 0z', 'M14.5 14.5L20 20'],
} as const;
export type IconName = keyof typeof PATHS;

export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of PATHS[name]) {
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', d);
    svg.append(p);
  }
  return svg;
}
