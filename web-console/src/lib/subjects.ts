// NATS subject syntax, as auth/'s Subjects has it (and nats-server's sublist.go): dot-separated tokens, never
// empty, without whitespace; `*` matches one token, `>` the rest and only last. Both are tested against one
// table of cases (auth/src/test/resources/io/tributary/auth/subject/subject-cases.json).

const WHITESPACE = /[ \t\n\r\f]/;

/** A subject with or without wildcards (what permissions, exports and imports accept). */
export function isValidSubject(subject: string): boolean {
  if (!subject) return false;
  let sawFullWildcard = false;
  for (const token of subject.split(".")) {
    if (token.length === 0 || sawFullWildcard || WHITESPACE.test(token)) return false;
    if (token === ">") sawFullWildcard = true;
  }
  return true;
}

/** A subject without wildcard tokens (what a publish names). */
export function isValidLiteral(subject: string): boolean {
  return isValidSubject(subject) && !subject.split(".").some((t) => t === "*" || t === ">");
}

/** Why `subject` is not valid, in words, or undefined when it is. */
export function subjectProblem(subject: string): string | undefined {
  if (!subject) return "a subject cannot be empty";
  if (WHITESPACE.test(subject)) return "a subject cannot contain spaces, tabs or line breaks";
  const tokens = subject.split(".");
  if (tokens.some((t) => t.length === 0)) return "tokens between dots cannot be empty (no leading, trailing or double dot)";
  const full = tokens.indexOf(">");
  if (full >= 0 && full < tokens.length - 1) return "'>' can only be the last token";
  return undefined;
}
