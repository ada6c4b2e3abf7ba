// Per-area string tables (decision 62): each area of the app keeps its
// words in web/src/strings/<area>.ts as one Vietnamese and one English
// object of the same shape — the compiler refuses an English table with a
// key missing or of another kind. Views read the current language's table:
//   const s = consoleText();  …  h('h2', {}, s().upload)
// Vietnamese is the default; the switch in the top bar sets the language.
import { currentLang } from '../i18n';

export function table<T extends object>(vi: T, en: NoInfer<T>): () => T {
  return () => (currentLang() === 'en' ? en : vi);
}
