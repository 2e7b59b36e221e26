// Syntax of the seg rule language. Every alternative carries a label so that each maps onto one
// AST node in compiler/parse/ast_builder.cc; there are no embedded actions.
parser grammar SegParser;
options { tokenVocab = SegLexer; }

program : topDecl* EOF ;

// seg parses one top-level declaration at a time (see compiler/parse/parser.cc), so that one
// mistake gives one error and the declarations around it are still checked.
singleDecl : topDecl EOF ;

topDecl
  : IMPORT qualifiedName                                                   # ImportDecl
  | NEEDS EVENTS name=ID neededBlock                                       # NeedsDecl
  | TIMEZONE STRING                                                        # TimezoneDecl
  | INPUT name=ID KEY keyCol=ID columnBlock                                # EntityInputDecl
  | INPUT name=ID OF parent=ID BY byCol=ID AT atCol=ID columnBlock?        # EventInputDecl
  | EVENTS name=ID ASSIGN source=ID (WHERE expr)? derivedBlock?            # EventsDecl
  | PARAM name=ID COLON typeName=ID (ASSIGN expr)?                         # ParamDecl
  | LET name=ID ASSIGN expr                                                # LetDecl
  | TAG name=ID WHEN expr                                                  # TagDecl
  | SEGMENTS name=ID EXCLUSIVE? (WITHIN parentClass=ID DOT parentBucket=STRING)?
      LBRACE segmentRule* elseRule? RBRACE                                 # SegmentsDecl
  | SCORE name=ID ASSIGN expr                                              # ScoreDecl
  | TEST title=STRING LBRACE testStmt* RBRACE                              # TestDecl
  ;

qualifiedName : ID (DOT ID)* ;

columnBlock   : LBRACE (columnDecl (SEMI | COMMA)?)* RBRACE ;
columnDecl    : name=ID COLON typeName=ID ;

// What a module needs from the program that imports it: `needs events orders { ts: timestamp or date }`.
neededBlock   : LBRACE (neededColumn (SEMI | COMMA)?)* RBRACE ;
neededColumn  : name=ID COLON typeName=ID (OR alternatives+=ID)* ;

derivedBlock  : LBRACE (derivedColumn (SEMI | COMMA)?)* RBRACE ;
derivedColumn : name=ID ASSIGN expr ;

segmentRule   : label=STRING WHEN expr ;
elseRule      : ELSE label=STRING ;

testStmt
  : SET name=ID ASSIGN expr                                                # TestSet
  | GIVEN table=ID givenRow (times=ID count=INT)?                          # TestGiven
  | EXPECT customer=STRING NOT? IN classification=ID DOT bucket=STRING    # ExpectInBucket
  | EXPECT customer=STRING NOT? TAGGED tagName=ID                          # ExpectTagged
  | EXPECT metric=ID OF customer=STRING IS NOT? MISSING                    # ExpectMissing
  | EXPECT metric=ID OF customer=STRING compareOp expr                     # ExpectValue
  ;
givenRow   : LBRACE (fieldInit (COMMA fieldInit)* COMMA?)? RBRACE ;
fieldInit  : name=ID COLON expr ;
compareOp  : EQ | NE | LT | LE | GT | GE ;

// Precedence runs from the first alternative (binds tightest) to the last.
expr
  : primary                                                                # PrimaryExpr
  | expr DOT (member=ID | bucket=STRING)                                   # MemberExpr
  | MINUS expr                                                             # NegateExpr
  | expr op=(STAR | SLASH | PERCENT) expr                                  # MulExpr
  | expr op=(PLUS | MINUS) expr                                            # AddExpr
  | expr DEFAULT_OP expr                                                   # DefaultExpr
  | expr compareOp expr                                                    # CompareExpr
  | expr NOT? IN expr                                                      # InExpr
  | expr NOT? LIKE expr                                                    # LikeExpr
  | expr IS NOT? MISSING                                                   # IsMissingExpr
  | expr WITHIN window                                                     # WithinExpr
  | NOT expr                                                               # NotExpr
  | expr AND expr                                                          # AndExpr
  | expr OR expr                                                           # OrExpr
  | IF expr THEN expr ELSE expr                                            # IfExpr
  ;

primary
  : INT                                                                    # IntLiteral
  | DECIMAL                                                                # DecimalLiteral
  | (INT | DECIMAL) unit=ID                                                # DurationLiteral
  | STRING                                                                 # StringLiteral
  | DATE                                                                   # DateLiteral
  | TIMESTAMP                                                              # TimestampLiteral
  | (TRUE | FALSE)                                                         # BoolLiteral
  | MISSING                                                                # MissingLiteral
  | LBRACKET (expr (COMMA expr)* COMMA?)? RBRACKET                         # ListLiteral
  | callee=(ID | LAST) LPAREN (callArg (COMMA callArg)*)? RPAREN           # CallExpr
  | ID                                                                     # NameExpr
  | LPAREN expr RPAREN                                                     # ParenExpr
  ;

// In an aggregate, `where` filters the events and `during` keeps those inside a time window:
// count(orders where discounted during last 30 days).
callArg : (argName=ID COLON)? expr (WHERE filter=expr)? (DURING window)? sequenceStep* ;

// A sequence of events, each step later than the one before: in count, sequence and time_to,
// `cart_adds then not paid within 3 days` (docs/LANGUAGE.md, "Sequences"). The limit is a
// `primary` so that `within 3 days` is never read as the `within WINDOW` operator.
sequenceStep : THEN NOT? expr (WHERE filter=expr)? (DURING window)? (WITHIN limit=primary)? ;

window
  : LAST count=INT unit=ID                                                 # RollingWindow
  | LAST unit=ID                                                           # PreviousPeriodWindow
  | THIS unit=ID                                                           # CurrentPeriodWindow
  | from=INT TO to=INT unit=ID AGO                                         # AgoWindow
  | BETWEEN lo=windowBound AND hi=windowBound                              # BetweenWindow
  ;
// A bound cannot be a full expression: its `and` would swallow the window's own `and`.
windowBound : primary ((PLUS | MINUS) primary)* ;
