import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';

/**
 * Tokens of the CreatorFlow rules language.
 *
 * Hard keywords can never be field names. Soft keywords (rule attributes, `mode`,
 * `first`) belong to the Identifier category, so `priority` and `tags` remain usable
 * as fact fields and action parameter names.
 */
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'a name' });

function hard(word: string): TokenType {
  return createToken({ name: keywordTokenName(word), pattern: new RegExp(word), longer_alt: Identifier, label: `'${word}'` });
}

function soft(word: string): TokenType {
  return createToken({
    name: keywordTokenName(word),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Identifier],
    label: `'${word}'`,
  });
}

function keywordTokenName(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: 'Comment', pattern: /(?:#|\/\/)[^\n\r]*/, group: 'comments' });

export const DateTimeLiteral = createToken({
  name: 'DateTimeLiteral',
  pattern: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})/,
  label: 'a date-time',
});
export const DateLiteral = createToken({ name: 'DateLiteral', pattern: /\d{4}-\d{2}-\d{2}(?![\dT])/, label: 'a date' });
export const DurationLiteral = createToken({
  name: 'DurationLiteral',
  pattern: /\d+(?:\.\d+)?(?:ms|s|m|h|d)(?![A-Za-z0-9_])/,
  label: 'a duration',
});
export const PercentLiteral = createToken({ name: 'PercentLiteral', pattern: /\d+(?:\.\d+)?%/, label: 'a percentage' });
// The lookahead also refuses digits and dots, so that the regex cannot back off to a shorter
// number inside `55x` or `1.5x`; those become one MalformedNumber instead.
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![A-Za-z_\d.])/,
  label: 'a number',
});
/** Digits run into letters (`10min`, `55x`): reported by the lexer stage, then parsed as a number. */
export const MalformedNumber = createToken({ name: 'MalformedNumber', pattern: /\d[\w.]*/, label: 'a number', categories: [NumberLiteral] });
/** A date-time without `Z` or an offset: reported by the lexer stage, then parsed as a date-time. */
export const ZonelessDateTime = createToken({
  name: 'ZonelessDateTime',
  pattern: /\d{4}-\d{2}-\d{2}T[\d:.]*/,
  label: 'a date-time',
  categories: [DateTimeLiteral],
});
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/, label: 'a string' });
/** A string cut off by the end of the line; reported by the lexer stage, then parsed as a string. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/,
  label: 'a string',
  categories: [StringLiteral],
});

export const Rule = hard('rule');
export const When = hard('when');
export const Then = hard('then');
export const End = hard('end');
export const And = hard('and');
export const Or = hard('or');
export const Not = hard('not');
export const Between = hard('between');
export const In = hard('in');
export const Contains = hard('contains');
export const Starts = hard('starts');
export const Ends = hard('ends');
export const With = hard('with');
export const Is = hard('is');
export const Missing = hard('missing');
export const Present = hard('present');
export const Any = hard('any');
export const All = hard('all');
export const None = hard('none');
export const Where = hard('where');
export const True = hard('true');
export const False = hard('false');
export const Now = hard('now');
export const Stop = hard('stop');

export const Mode = soft('mode');
export const First = soft('first');
export const Id = soft('id');
export const Category = soft('category');
export const Priority = soft('priority');
export const Tags = soft('tags');
export const Enabled = soft('enabled');
export const Valid = soft('valid');
export const From = soft('from');
export const Until = soft('until');
export const Limit = soft('limit');
export const Per = soft('per');

export const Equals = createToken({ name: 'Equals', pattern: /==?/, label: "'='" });
export const NotEquals = createToken({ name: 'NotEquals', pattern: /!=/, label: "'!='" });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: />=/, label: "'>='" });
export const LessEq = createToken({ name: 'LessEq', pattern: /<=/, label: "'<='" });
export const Greater = createToken({ name: 'Greater', pattern: />/, label: "'>'" });
export const Less = createToken({ name: 'Less', pattern: /</, label: "'<'" });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: /-/, label: "'-'" });
export const Star = createToken({ name: 'Star', pattern: /\*/, label: "'*'" });
export const Slash = createToken({ name: 'Slash', pattern: /\//, label: "'/'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: /]/, label: "']'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const Dot = createToken({ name: 'Dot', pattern: /\./, label: "'.'" });

export const hardKeywords = [Rule, When, Then, End, And, Or, Not, Between, In, Contains, Starts, Ends, With, Is, Missing, Present, Any, All, None, Where, True, False, Now, Stop];
export const softKeywords = [Mode, First, Id, Category, Priority, Tags, Enabled, Valid, From, Until, Limit, Per];

/** Order matters: longer and more specific patterns first. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  DateTimeLiteral,
  ZonelessDateTime,
  DateLiteral,
  DurationLiteral,
  PercentLiteral,
  NumberLiteral,
  MalformedNumber,
  StringLiteral,
  UnterminatedString,
  // Longest keyword first, so `ends` is not read as `end` followed by a name.
  ...[...hardKeywords, ...softKeywords].sort((a, b) => String(b.PATTERN).length - String(a.PATTERN).length),
  Identifier,
  Equals,
  NotEquals,
  GreaterEq,
  LessEq,
  Greater,
  Less,
  Plus,
  Minus,
  Star,
  Slash,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Dot,
];

/** Tokens that match only malformed literals, with the message each gets. */
const malformed = new Map<TokenType, (image: string) => string>([
  [UnterminatedString, () => 'unterminated string: add the closing "'],
  [MalformedNumber, (image) => `'${image}' is not a number or a duration: write numbers like 40 or 2.5, durations like 30s, 15m, 2h or 1d`],
  [ZonelessDateTime, (image) => `the date-time ${image} needs a time zone: end it with Z (UTC) or an offset such as +02:00`],
]);

const keywordsByWord = new Map(hardKeywords.map((t) => [String(t.PATTERN).slice(1, -1), t]));

export const rulesLexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });

export interface LexedSource {
  tokens: IToken[];
  comments: IToken[];
  errors: { line: number; column: number; length: number; message: string }[];
}

export function lex(source: string): LexedSource {
  const result = rulesLexer.tokenize(source);
  const errors = result.errors.map((e) => ({
    line: e.line ?? 1,
    column: e.column ?? 1,
    length: e.length,
    message: `unexpected character ${JSON.stringify(source.slice(e.offset, e.offset + Math.max(1, e.length)).slice(0, 20))}`,
  }));
  for (const token of result.tokens) {
    const keyword = token.tokenType === Identifier ? keywordsByWord.get(token.image.toLowerCase()) : undefined;
    if (keyword) {
      // `WHEN` for `when`: report it once here and read it as the keyword, so parsing recovers cleanly.
      errors.push({ line: token.startLine ?? 1, column: token.startColumn ?? 1, length: token.image.length, message: `keywords are lower-case: write '${token.image.toLowerCase()}' instead of '${token.image}'` });
      token.tokenType = keyword;
      token.tokenTypeIdx = keyword.tokenTypeIdx!;
    }
    const problem = malformed.get(token.tokenType);
    if (problem) errors.push({ line: token.startLine ?? 1, column: token.startColumn ?? 1, length: token.image.length, message: problem(token.image) });
  }
  return { tokens: result.tokens, comments: (result.groups.comments as IToken[] | undefined) ?? [], errors };
}
