// The console's subject validation against the table auth/'s Subjects is tested with: the same rules in both.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isValidLiteral, isValidSubject, subjectProblem } from "../src/lib/subjects";

// npm runs the tests from web-console/.
const table = JSON.parse(readFileSync("../auth/src/test/resources/io/tributary/auth/subject/subject-cases.json", "utf8")) as { cases: { subject: string; valid: boolean; literal: boolean }[] };

test("the shared table has cases", () => assert.ok(table.cases.length > 20));

for (const c of table.cases) {
  test(`subject ${JSON.stringify(c.subject)}: valid ${c.valid}, literal ${c.literal}`, () => {
    assert.equal(isValidSubject(c.subject), c.valid);
    assert.equal(isValidLiteral(c.subject), c.literal);
    assert.equal(subjectProblem(c.subject) === undefined, c.valid, "a reason exactly when invalid");
  });
}
