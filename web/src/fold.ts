// Vietnamese folding for matching typed text: lower case, no tone marks,
// đ → d. "Dai hoi" matches "Đại hội". Same rule as the server's utf8::Fold.
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}

// fold() of each character, with map[i] = index in `text` of folded char i
// (and map[f.length] = text.length), so matches map back to the original
// text whether it came precomposed (NFC) or decomposed (NFD).
export function foldMap(text: string): { f: string; map: number[] } {
  let f = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    for (const c of fold(text[i])) { f += c; map.push(i); }
  }
  map.push(text.length);
  return { f, map };
}
