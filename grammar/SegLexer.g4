// Tokens of the seg rule language. The parser is in SegParser.g4; docs/LANGUAGE.md is the
// reference a marketer reads. Units (days, weeks, ...) and type names (money, date, ...) are
// plain identifiers so that they stay usable as column names; the checker validates them.
lexer grammar SegLexer;

IMPORT    : 'import';
NEEDS     : 'needs';
TIMEZONE  : 'timezone';
INPUT     : 'input';
KEY       : 'key';
OF        : 'of';
BY        : 'by';
AT        : 'at';
EVENTS    : 'events';
FROM      : 'from';
PARAM     : 'param';
LET       : 'let';
TAG       : 'tag';
WHEN      : 'when';
SEGMENTS  : 'segments';
EXCLUSIVE : 'exclusive';
WITHIN    : 'within';
ELSE      : 'else';
SCORE     : 'score';
TEST      : 'test';
GIVEN     : 'given';
EXPECT    : 'expect';
SET       : 'set';
TAGGED    : 'tagged';
WHERE     : 'where';
DURING    : 'during';
LAST      : 'last';
THIS      : 'this';
BETWEEN   : 'between';
TO        : 'to';
AGO       : 'ago';
AND       : 'and';
OR        : 'or';
NOT       : 'not';
IN        : 'in';
LIKE      : 'like';
IS        : 'is';
MISSING   : 'missing';
IF        : 'if';
THEN      : 'then';
TRUE      : 'true';
FALSE     : 'false';

// Literals. A date must win over `2024 - 01 - 03`, which ANTLR's longest match guarantees.
TIMESTAMP : DIGIT4 '-' DIGIT2 '-' DIGIT2 'T' DIGIT2 ':' DIGIT2 (':' DIGIT2 ('.' [0-9]+)?)?
            ('Z' | [+-] DIGIT2 ':' DIGIT2)?;
DATE      : DIGIT4 '-' DIGIT2 '-' DIGIT2;
DECIMAL   : [0-9]+ '.' [0-9]+;
INT       : [0-9]+;
STRING    : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"';
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])*;

ID        : [a-zA-Z_] [a-zA-Z_0-9]*;

EQ        : '==';
NE        : '!=';
LE        : '<=';
GE        : '>=';
LT        : '<';
GT        : '>';
DEFAULT_OP: '??';
ASSIGN    : '=';
PLUS      : '+';
MINUS     : '-';
STAR      : '*';
SLASH     : '/';
PERCENT   : '%';
LPAREN    : '(';
RPAREN    : ')';
LBRACE    : '{';
RBRACE    : '}';
LBRACKET  : '[';
RBRACKET  : ']';
COMMA     : ',';
COLON     : ':';
SEMI      : ';';
DOT       : '.';

// Comments travel on their own channel so that `seg fmt` can keep them.
LINE_COMMENT  : '//' ~[\r\n]* -> channel(2);
BLOCK_COMMENT : '/*' .*? '*/' -> channel(2);
WS        : [ \t\r\n]+ -> channel(HIDDEN);

// Anything else is a single bad character; the parser turns it into a plain-language error.
BAD_CHAR  : .;

fragment DIGIT2 : [0-9] [0-9];
fragment DIGIT4 : [0-9] [0-9] [0-9] [0-9];
