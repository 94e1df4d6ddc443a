/**
 * SDL descriptions from descriptor text (domain teams write it, so it may hold
 * anything): a block string whose own `"""` is escaped, so a description can
 * never end the string early and inject SDL.
 */

/** `text` as an SDL block-string description followed by a newline, indented; '' when there is none. */
export function sdlDescription(text: string | undefined, indent = ''): string {
  if (!text) return '';
  return `${indent}"""${text.replaceAll('"""', '\\"""')}"""\n`;
}
