package grafmuvi.api;

import java.util.List;

/**
 * A graph file was refused: one {@code <file>:<line>: <reason>} line per problem (all of them, up
 * to a cap). Like a settings refusal it carries no stack trace: the lines are the whole story.
 */
public final class GraphFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public GraphFileException(List<String> problems) {
    super(String.join("\n", problems), null, false, false);
    this.problems = List.copyOf(problems);
  }

  /** One line per problem, e.g. {@code my.graph:9: similar names unknown movie tt9999999}. */
  public List<String> problems() {
    return problems;
  }

  @Override
  public String toString() {
    return getMessage();
  }
}
