import { CstParser, type CstNode, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import * as T from './lexer';

/** Friendlier messages than Chevrotain's defaults, with a hint for upper-case keywords. */
const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${label(expected)} but found ${describe(actual, [expected])}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describe(firstRedundant, [T.Rule])}: expected 'rule'`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const starts = uniqueLabels(expectedPathsPerAlt.flat().map((path) => path[0]).filter(Boolean));
    const expected = starts.length > 6 ? describeRule(ruleName) : alternatives(starts);
    return `expected ${expected} but found ${describe(actual[0], expectedPathsPerAlt.flat().map((p) => p[0]))}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const starts = uniqueLabels(expectedIterationPaths.map((path) => path[0]).filter(Boolean));
    const expected = starts.length > 6 ? describeRule(ruleName) : alternatives(starts);
    return `expected ${expected} but found ${describe(actual[0], expectedIterationPaths.map((p) => p[0]))}`;
  },
};

function label(type: TokenType): string {
  return type.LABEL ?? type.name;
}

/** `'all' or 'first'`, `a, b or c`. */
function alternatives(labels: string[]): string {
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}` : labels.join('');
}

function uniqueLabels(types: TokenType[]): string[] {
  return [...new Set(types.map(label))];
}

function describeRule(ruleName: string): string {
  switch (ruleName) {
    case 'atom':
    case 'unary':
    case 'additive':
      return 'a value (a number, string, field name, list or parenthesised expression)';
    case 'predicateTail':
      return 'a comparison';
    default:
      return `a ${ruleName.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`;
  }
}

function describe(token: IToken, expected: TokenType[]): string {
  if (token.tokenType.name === 'EOF') return 'the end of the file';
  const image = JSON.stringify(token.image);
  // Upper-case hard keywords are fixed up by the lexer; this also catches soft ones (`PRIORITY 5`).
  const keyword = [...expected, ...T.softKeywords].find((t) => t && t.LABEL === `'${token.image.toLowerCase()}'` && token.image !== token.image.toLowerCase());
  return keyword ? `${image} (keywords are lower-case: write ${label(keyword)})` : image;
}

export class RulesParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: 'full', errorMessageProvider: errorMessages });
    this.performSelfAnalysis();
  }

  public file = this.RULE('file', () => {
    this.OPTION(() => this.SUBRULE(this.modeDecl));
    this.MANY(() => this.SUBRULE(this.ruleDecl));
  });

  private modeDecl = this.RULE('modeDecl', () => {
    this.CONSUME(T.Mode);
    this.OR([{ ALT: () => this.CONSUME(T.All) }, { ALT: () => this.CONSUME(T.First) }]);
  });

  private ruleDecl = this.RULE('ruleDecl', () => {
    this.CONSUME(T.Rule);
    this.CONSUME(T.StringLiteral, { LABEL: 'name' });
    this.MANY(() => this.SUBRULE(this.attribute));
    this.CONSUME(T.When);
    this.SUBRULE(this.orExpr, { LABEL: 'condition' });
    this.CONSUME(T.Then);
    this.MANY2(() => {
      this.SUBRULE(this.action);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.End);
  });

  private attribute = this.RULE('attribute', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.idAttr) },
      { ALT: () => this.SUBRULE(this.categoryAttr) },
      { ALT: () => this.SUBRULE(this.priorityAttr) },
      { ALT: () => this.SUBRULE(this.tagsAttr) },
      { ALT: () => this.SUBRULE(this.enabledAttr) },
      { ALT: () => this.SUBRULE(this.validAttr) },
      { ALT: () => this.SUBRULE(this.limitAttr) },
    ]);
  });

  private idAttr = this.RULE('idAttr', () => {
    this.CONSUME(T.Id);
    this.CONSUME(T.StringLiteral);
  });

  private categoryAttr = this.RULE('categoryAttr', () => {
    this.CONSUME(T.Category);
    this.CONSUME(T.Identifier);
  });

  private priorityAttr = this.RULE('priorityAttr', () => {
    this.CONSUME(T.Priority);
    this.OPTION(() => this.CONSUME(T.Minus));
    this.CONSUME(T.NumberLiteral);
  });

  private tagsAttr = this.RULE('tagsAttr', () => {
    this.CONSUME(T.Tags);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.StringLiteral) });
  });

  private enabledAttr = this.RULE('enabledAttr', () => {
    this.CONSUME(T.Enabled);
    this.OR([{ ALT: () => this.CONSUME(T.True) }, { ALT: () => this.CONSUME(T.False) }]);
  });

  private validAttr = this.RULE('validAttr', () => {
    this.CONSUME(T.Valid);
    this.OPTION(() => {
      this.CONSUME(T.From);
      this.SUBRULE(this.instant, { LABEL: 'from' });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Until);
      this.SUBRULE2(this.instant, { LABEL: 'until' });
    });
  });

  private instant = this.RULE('instant', () => {
    this.OR([{ ALT: () => this.CONSUME(T.DateLiteral) }, { ALT: () => this.CONSUME(T.DateTimeLiteral) }]);
  });

  private limitAttr = this.RULE('limitAttr', () => {
    this.CONSUME(T.Limit);
    this.CONSUME(T.NumberLiteral);
    this.CONSUME(T.Per);
    this.CONSUME(T.Identifier, { LABEL: 'unit' });
  });

  private action = this.RULE('action', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Stop) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: 'name' });
          this.CONSUME(T.LParen);
          this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.namedArg) });
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  private namedArg = this.RULE('namedArg', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.additive, { LABEL: 'value' });
  });

  private orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.andExpr, { LABEL: 'operands' });
    });
  });

  private andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.notExpr, { LABEL: 'operands' });
    });
  });

  private notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notExpr, { LABEL: 'operand' });
        },
      },
      { ALT: () => this.SUBRULE(this.quantifier) },
      { ALT: () => this.SUBRULE(this.predicate) },
    ]);
  });

  private quantifier = this.RULE('quantifier', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Any) }, { ALT: () => this.CONSUME(T.All) }, { ALT: () => this.CONSUME(T.None) }]);
    this.CONSUME(T.Identifier, { LABEL: 'variable' });
    this.CONSUME(T.In);
    this.SUBRULE(this.additive, { LABEL: 'list' });
    this.CONSUME(T.Where);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.orExpr, { LABEL: 'where' });
    this.CONSUME(T.RParen);
  });

  private predicate = this.RULE('predicate', () => {
    this.SUBRULE(this.additive, { LABEL: 'subject' });
    this.OPTION(() => this.SUBRULE(this.predicateTail));
  });

  private predicateTail = this.RULE('predicateTail', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.Equals, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.NotEquals, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.GreaterEq, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.LessEq, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Greater, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Less, { LABEL: 'op' }) },
          ]);
          this.SUBRULE(this.additive, { LABEL: 'right' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Between);
          this.SUBRULE2(this.additive, { LABEL: 'low' });
          this.CONSUME(T.And);
          this.SUBRULE3(this.additive, { LABEL: 'high' });
        },
      },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Not));
          this.CONSUME(T.In);
          this.SUBRULE4(this.additive, { LABEL: 'right' });
        },
      },
      {
        ALT: () => {
          this.OR3([
            { ALT: () => this.CONSUME(T.Contains, { LABEL: 'textOp' }) },
            {
              ALT: () => {
                this.CONSUME(T.Starts, { LABEL: 'textOp' });
                this.CONSUME(T.With);
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.Ends, { LABEL: 'textOp' });
                this.CONSUME2(T.With);
              },
            },
          ]);
          this.SUBRULE5(this.additive, { LABEL: 'right' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Is);
          this.OR4([{ ALT: () => this.CONSUME(T.Missing) }, { ALT: () => this.CONSUME(T.Present) }]);
        },
      },
    ]);
  });

  private additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus, { LABEL: 'ops' }) }, { ALT: () => this.CONSUME(T.Minus, { LABEL: 'ops' }) }]);
      this.SUBRULE2(this.multiplicative, { LABEL: 'operands' });
    });
  });

  private multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star, { LABEL: 'ops' }) }, { ALT: () => this.CONSUME(T.Slash, { LABEL: 'ops' }) }]);
      this.SUBRULE2(this.unary, { LABEL: 'operands' });
    });
  });

  private unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.SUBRULE(this.unary, { LABEL: 'operand' });
        },
      },
      { ALT: () => this.SUBRULE(this.atom) },
    ]);
  });

  private atom = this.RULE('atom', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.PercentLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.DateLiteral) },
      { ALT: () => this.CONSUME(T.DateTimeLiteral) },
      { ALT: () => this.CONSUME(T.DurationLiteral) },
      { ALT: () => this.CONSUME(T.Now) },
      { ALT: () => this.SUBRULE(this.listLiteral) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.orExpr, { LABEL: 'group' });
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.callOrPath) },
    ]);
  });

  private listLiteral = this.RULE('listLiteral', () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.additive, { LABEL: 'items' }) });
    this.CONSUME(T.RBracket);
  });

  private callOrPath = this.RULE('callOrPath', () => {
    this.CONSUME(T.Identifier, { LABEL: 'head' });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.additive, { LABEL: 'args' }) });
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () =>
          this.MANY(() => {
            this.CONSUME(T.Dot);
            this.CONSUME2(T.Identifier, { LABEL: 'segments' });
          }),
      },
    ]);
  });
}

/** One parser instance is reused: Chevrotain parsers are stateful but re-entrant per `input` assignment. */
export const rulesParser = new RulesParser();

export interface ParsedFile {
  cst: CstNode;
  errors: { token: IToken; message: string }[];
}

/**
 * Deeper nesting than any rule needs; a few hundred levels would overflow the stack of the
 * recursive-descent parser (a RangeError instead of a diagnostic).
 */
export const maxNesting = 64;

export function parseTokens(tokens: IToken[]): ParsedFile {
  let depth = 0;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === T.LParen || type === T.LBracket) depth++;
    else if ((type === T.RParen || type === T.RBracket) && depth > 0) depth--;
    if (depth > maxNesting) {
      const message = `parentheses and brackets are nested more than ${maxNesting} levels deep here: simplify the expression`;
      return { cst: { name: 'file', children: {} }, errors: [{ token, message }] };
    }
  }
  rulesParser.input = tokens;
  const cst = rulesParser.file();
  return { cst, errors: rulesParser.errors.map((e) => ({ token: e.token, message: e.message })) };
}
