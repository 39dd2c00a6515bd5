package io.themisdb.engine.aql.ast;

import io.themisdb.engine.aql.AqlLexer;
import io.themisdb.engine.aql.AqlParser;
import io.themisdb.engine.aql.AqlSyntaxException;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/** Parses AQL text into a {@link Query}; the first syntax error is thrown as it is found. */
public final class QueryParser {
  private QueryParser() {}

  public static Query parse(String text) {
    if (text == null || text.isBlank()) {
      throw error(text == null ? "" : text, 1, 0, "the query is empty");
    }
    ThrowingListener listener = new ThrowingListener(text);
    AqlLexer lexer = new AqlLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    lexer.addErrorListener(listener);
    AqlParser parser = new AqlParser(new CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.addErrorListener(listener);
    try {
      return new AstBuilder(text).query(parser.query());
    } catch (StackOverflowError e) {
      // Recursive descent over absurdly nested input: report it, do not take the thread down.
      throw error(text, 1, 0, "the query nests too deeply");
    }
  }

  /** A syntax error at {@code column} (0-based) of {@code line} (1-based) with a caret snippet. */
  static AqlSyntaxException error(String text, int line, int column, String reason) {
    String[] lines = text.split("\r?\n", -1);
    String source = line - 1 < lines.length ? lines[line - 1] : "";
    String caret = " ".repeat(Math.max(0, Math.min(column, source.length()))) + "^";
    return new AqlSyntaxException(reason, line, column + 1, "  " + source + "\n  " + caret);
  }

  private static final class ThrowingListener extends BaseErrorListener {
    private final String text;

    ThrowingListener(String text) {
      this.text = text;
    }

    @Override
    public void syntaxError(
        Recognizer<?, ?> recognizer,
        Object offendingSymbol,
        int line,
        int column,
        String msg,
        RecognitionException e) {
      String reason = msg;
      if (offendingSymbol instanceof Token t) {
        reason =
            t.getType() == Token.EOF
                ? "unexpected end of query (" + msg + ")"
                : "unexpected '" + t.getText() + "' (" + msg + ")";
      }
      throw error(text, line, column, reason);
    }
  }
}
