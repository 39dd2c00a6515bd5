// AQL, the ArangoDB-style query language of ThemisDB (#4). Keywords are case-insensitive;
// AstBuilder turns the parse tree into the records of io.themisdb.engine.aql.ast.
grammar Aql;

options { caseInsensitive = true; }


// ---------------------------------------------------------------- queries

query : (WITH collectionName (',' collectionName)*)? operation+ EOF ;

// A subquery in parentheses; the same operations as a query.
subquery : operation+ ;

operation
  : forOp
  | filterOp
  | letOp
  | sortOp
  | limitOp
  | collectOp
  | returnOp
  | insertOp
  | updateOp
  | replaceOp
  | removeOp
  | upsertOp
  ;

forOp
  : FOR identifier IN expr opOptions?                                                # plainFor
  | FOR identifier (',' identifier (',' identifier)?)? IN traversalDepth? graphDirection expr
    edgeCollections pruneClause? opOptions?                                          # traversalFor
  | FOR identifier (',' identifier)? IN graphDirection SHORTEST_PATH expr TO expr
    edgeCollections opOptions?                                                       # shortestPathFor
  | FOR identifier IN graphDirection K_SHORTEST_PATHS expr TO expr
    edgeCollections opOptions?                                                       # kShortestPathsFor
  ;

// min..max, or one depth for both; numbers or bind parameters.
traversalDepth : depthValue ('..' depthValue)? ;

depthValue : NUMBER | BIND_PARAM ;

graphDirection : OUTBOUND | INBOUND | ANY ;

// Edge collections, each optionally with its own direction.
edgeCollections : edgeCollection (',' edgeCollection)* ;

edgeCollection : graphDirection? collectionRef ;

pruneClause : PRUNE expr ;

filterOp : FILTER expr ;

letOp : LET identifier '=' expr ;

sortOp : SORT sortItem (',' sortItem)* ;

sortItem : expr direction=(ASC | DESC)? ;

limitOp : LIMIT expr (',' expr)? ;

collectOp
  : COLLECT WITH COUNT INTO identifier opOptions?
  | COLLECT assignment (',' assignment)* collectTail opOptions?
  | COLLECT AGGREGATE assignment (',' assignment)* collectInto? opOptions?
  ;

collectTail : (AGGREGATE assignment (',' assignment)*)? collectInto? (WITH COUNT INTO identifier)? ;

collectInto : INTO identifier ('=' expr)? (KEEP identifier (',' identifier)*)? ;

assignment : identifier '=' expr ;

returnOp : RETURN DISTINCT? expr ;

insertOp : INSERT expr (INTO | IN) collectionRef opOptions? ;

updateOp : UPDATE expr (WITH expr)? (IN | INTO) collectionRef opOptions? ;

replaceOp : REPLACE expr (WITH expr)? (IN | INTO) collectionRef opOptions? ;

removeOp : REMOVE expr (IN | INTO) collectionRef opOptions? ;

upsertOp : UPSERT expr INSERT expr kind=(UPDATE | REPLACE) expr (IN | INTO) collectionRef opOptions? ;

opOptions : OPTIONS objectLiteral ;

collectionRef : collectionName | BIND_COLLECTION ;

collectionName : identifier ;

// ---------------------------------------------------------------- expressions
// Alternatives are listed from the tightest binding to the loosest.

expr
  : primary                                                              # primaryExpr
  | expr '.' anyName                                                     # attributeExpr
  | expr '.' BIND_PARAM                                                  # boundAttributeExpr
  | expr '[' expr ']'                                                    # indexExpr
  | expr '[' stars=starList (FILTER expr)? (LIMIT expr (',' expr)?)? (RETURN expr)? ']' # expansionExpr
  | op=('+' | '-' | '!' | NOT) expr                                      # unaryExpr
  | expr op=('*' | '/' | '%') expr                                       # multiplicativeExpr
  | expr op=('+' | '-') expr                                             # additiveExpr
  | expr '..' expr                                                       # rangeExpr
  | expr quantifier? op=('<' | '<=' | '>' | '>=') expr                   # relationalExpr
  | expr quantifier? NOT? IN expr                                        # inExpr
  | expr quantifier? op=('==' | '!=') expr                               # equalityExpr
  | expr NOT? LIKE expr                                                  # likeExpr
  | expr op=('=~' | '!~') expr                                           # regexExpr
  | expr op=('&&' | AND) expr                                            # andExpr
  | expr op=('||' | OR) expr                                             # orExpr
  | <assoc = right> expr '?' expr? ':' expr                              # ternaryExpr
  ;

starList : '*'+ ;

quantifier : ALL | ANY | NONE ;

primary
  : literal                                                   # literalPrimary
  | arrayLiteral                                              # arrayPrimary
  | objectLiteral                                             # objectPrimary
  | functionName '(' (expr (',' expr)*)? ')' window?          # callPrimary
  | '(' subquery ')'                                          # subqueryPrimary
  | '(' expr ')'                                              # parenPrimary
  | BIND_PARAM                                                # bindPrimary
  | BIND_COLLECTION                                           # bindCollectionPrimary
  | identifier                                                # variablePrimary
  ;

// FN(...) OVER (PARTITION BY ... ORDER BY ... ROWS BETWEEN ... AND ...)
window : OVER '(' (PARTITION BY expr (',' expr)*)? (ORDER BY sortItem (',' sortItem)*)? frame? ')' ;

frame
  : ROWS BETWEEN frameBound AND frameBound
  | ROWS frameBound
  ;

frameBound
  : UNBOUNDED PRECEDING                     # unboundedPreceding
  | UNBOUNDED FOLLOWING                     # unboundedFollowing
  | CURRENT ROW                             # currentRow
  | (NUMBER | BIND_PARAM) PRECEDING         # offsetPreceding
  | (NUMBER | BIND_PARAM) FOLLOWING         # offsetFollowing
  ;

literal
  : NUMBER
  | STRING
  | NULL
  | TRUE
  | FALSE
  ;

arrayLiteral : '[' (expr (',' expr)* ','?)? ']' ;

objectLiteral : '{' (objectEntry (',' objectEntry)* ','?)? '}' ;

objectEntry
  : anyName ':' expr                        # namedEntry
  | STRING ':' expr                         # quotedEntry
  | BIND_PARAM ':' expr                     # boundEntry
  | '[' expr ']' ':' expr                   # computedEntry
  | identifier                              # shorthandEntry
  ;

functionName : identifier (NAMESPACE_SEP identifier)* | LIKE | KEEP | REMOVE | UPDATE | REPLACE | INSERT ;

// Words that are keywords in some places but may name variables, collections and functions.
identifier
  : IDENTIFIER
  | QUOTED_IDENTIFIER
  | COUNT | OPTIONS | OVER | PARTITION | BY | ORDER | ROWS | BETWEEN | UNBOUNDED | PRECEDING
  | FOLLOWING | CURRENT | ROW | TO
  ;

// Any word may name an attribute after a dot or as an object key.
anyName
  : identifier
  | FOR | IN | FILTER | LET | SORT | ASC | DESC | LIMIT | RETURN | DISTINCT | COLLECT | AGGREGATE
  | INTO | KEEP | WITH | INSERT | UPDATE | REPLACE | REMOVE | UPSERT | NOT | AND | OR | LIKE
  | NULL | TRUE | FALSE | ALL | ANY | NONE
  | OUTBOUND | INBOUND | SHORTEST_PATH | K_SHORTEST_PATHS | PRUNE
  ;

// ---------------------------------------------------------------- lexer

FOR : 'FOR' ;
IN : 'IN' ;
FILTER : 'FILTER' ;
LET : 'LET' ;
SORT : 'SORT' ;
ASC : 'ASC' ;
DESC : 'DESC' ;
LIMIT : 'LIMIT' ;
RETURN : 'RETURN' ;
DISTINCT : 'DISTINCT' ;
COLLECT : 'COLLECT' ;
AGGREGATE : 'AGGREGATE' ;
INTO : 'INTO' ;
KEEP : 'KEEP' ;
WITH : 'WITH' ;
COUNT : 'COUNT' ;
INSERT : 'INSERT' ;
UPDATE : 'UPDATE' ;
REPLACE : 'REPLACE' ;
REMOVE : 'REMOVE' ;
UPSERT : 'UPSERT' ;
OPTIONS : 'OPTIONS' ;
NOT : 'NOT' ;
AND : 'AND' ;
OR : 'OR' ;
LIKE : 'LIKE' ;
NULL : 'NULL' ;
TRUE : 'TRUE' ;
FALSE : 'FALSE' ;
ALL : 'ALL' ;
ANY : 'ANY' ;
NONE : 'NONE' ;
OVER : 'OVER' ;
PARTITION : 'PARTITION' ;
BY : 'BY' ;
ORDER : 'ORDER' ;
ROWS : 'ROWS' ;
BETWEEN : 'BETWEEN' ;
UNBOUNDED : 'UNBOUNDED' ;
PRECEDING : 'PRECEDING' ;
FOLLOWING : 'FOLLOWING' ;
CURRENT : 'CURRENT' ;
ROW : 'ROW' ;
OUTBOUND : 'OUTBOUND' ;
INBOUND : 'INBOUND' ;
SHORTEST_PATH : 'SHORTEST_PATH' ;
K_SHORTEST_PATHS : 'K_SHORTEST_PATHS' ;
PRUNE : 'PRUNE' ;
TO : 'TO' ;

NAMESPACE_SEP : '::' ;

NUMBER
  : '0x' [0-9a-f]+
  | '0b' [01]+
  | DIGITS ('.' DIGITS)? EXPONENT?
  | '.' DIGITS EXPONENT?
  ;

fragment DIGITS : [0-9]+ ;
fragment EXPONENT : 'e' [+-]? DIGITS ;

STRING
  : '"' ('\\' . | ~["\\])* '"'
  | '\'' ('\\' . | ~['\\])* '\''
  ;

BIND_COLLECTION : '@@' [a-z0-9_]+ ;
BIND_PARAM : '@' [a-z0-9_]+ ;

IDENTIFIER : [a-z_$] [a-z0-9_]* ;
QUOTED_IDENTIFIER
  : '`' ('\\' . | ~[`\\])+ '`'
  | '\u00b4' ('\\' . | ~[\u00b4\\])+ '\u00b4'
  ;

LINE_COMMENT : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS : [ \t\r\n]+ -> skip ;

// Anything else reaches the parser as one bad token, so the error names it.
UNKNOWN_CHAR : . ;
