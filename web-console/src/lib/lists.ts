// Lists typed into one field: names separated by commas (or, where said, line breaks and spaces).

/** The non-empty items of `text` split at `separators`, trimmed. */
export function listOf(text: string, separators: RegExp = /,/): string[] {
  return text
    .split(separators)
    .map((s) => s.trim())
    .filter(Boolean);
}
